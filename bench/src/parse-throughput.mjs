// Parse throughput: rego-ts's parser vs `opa check` on the same files, in the same run.
// Usage: node bench/src/parse-throughput.mjs [--iterations N]
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseModule } from '@rego-ts/rego-parser';
import { suiteModules } from './suite-modules.mjs';

const iterations = Number(process.argv[process.argv.indexOf('--iterations') + 1]) || 5;
const opa = process.env.OPA_BIN || join(execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim(), 'bin', 'opa');

const modules = suiteModules();
const byVersion = { v0: modules.filter((m) => m.version === 'v0'), v1: modules.filter((m) => m.version === 'v1') };
const bytes = modules.reduce((n, m) => n + Buffer.byteLength(m.source), 0);

// Our parser: warm up, then time whole passes over every module.
for (const m of modules) parseModule(m.source, { regoVersion: m.version });
const times = [];
for (let i = 0; i < iterations; i++) {
  const t0 = process.hrtime.bigint();
  for (const m of modules) parseModule(m.source, { regoVersion: m.version, file: m.file });
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
times.sort((a, b) => a - b);
const ours = times[Math.floor(times.length / 2)];

// opa check: one process per version folder over the same files (includes process start-up
// and compile checks, which is what a user of `opa check` pays).
const dir = mkdtempSync(join(tmpdir(), 'rego-ts-parse-bench-'));
const opaTimes = [];
try {
  for (const v of ['v0', 'v1']) {
    mkdirSync(join(dir, v));
    byVersion[v].forEach((m, i) => writeFileSync(join(dir, v, `m${i}.rego`), m.source));
  }
  for (let i = 0; i < Math.min(iterations, 3); i++) {
    const t0 = process.hrtime.bigint();
    for (const v of ['v0', 'v1']) {
      try {
        execFileSync(opa, ['check', ...(v === 'v0' ? ['--v0-compatible'] : []), '--max-errors', '-1', join(dir, v)], { stdio: 'ignore' });
      } catch {
        /* some suite modules are meant to fail; timing still counts */
      }
    }
    opaTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
opaTimes.sort((a, b) => a - b);
const theirs = opaTimes[Math.floor(opaTimes.length / 2)];

const mb = bytes / 1e6;
console.log(`parse throughput — ${modules.length} modules, ${mb.toFixed(2)} MB, ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
console.log(`| system | median ms | MB/s |`);
console.log(`|---|---|---|`);
console.log(`| rego-ts parseModule | ${ours.toFixed(1)} | ${(mb / (ours / 1000)).toFixed(2)} |`);
console.log(`| opa check (v1.17.1, 2 processes) | ${theirs.toFixed(1)} | ${(mb / (theirs / 1000)).toFixed(2)} |`);
console.log(`ratio rego-ts/opa (time, lower is better): ${(ours / theirs).toFixed(3)}`);
