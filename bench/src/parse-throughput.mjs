// Parse throughput: rego-ts's parser vs `opa check` on the same files, in the same run.
// Usage: node bench/src/parse-throughput.mjs [--iterations N]   (also run by `pnpm bench`)
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseModule } from '@rego-ts/rego-parser';
import { suiteModules } from './suite-modules.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Times whole passes of parseModule over every module of OPA's conformance suite, and
 * `opa check` (one process per version folder: start-up and compile checks included, which is
 * what a user of `opa check` pays) over the same files. Times in ms.
 */
export function runParseThroughput(opa, iterations = 5) {
  const modules = suiteModules();
  const byVersion = { v0: modules.filter((m) => m.version === 'v0'), v1: modules.filter((m) => m.version === 'v1') };
  const bytes = modules.reduce((n, m) => n + Buffer.byteLength(m.source), 0);

  for (const m of modules) parseModule(m.source, { regoVersion: m.version });
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    for (const m of modules) parseModule(m.source, { regoVersion: m.version, file: m.file });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const result = { modules: modules.length, bytes, oursMs: median(times) };
  if (!opa) return result;

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
  result.opaMs = median(opaTimes);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const iterations = Number(process.argv[process.argv.indexOf('--iterations') + 1]) || 5;
  const { findOpa } = await import('./peers/opa.mjs');
  const r = runParseThroughput(findOpa(), iterations);
  const mb = r.bytes / 1e6;
  console.log(`parse throughput — ${r.modules} modules, ${mb.toFixed(2)} MB, ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  console.log(`| system | median ms | MB/s |`);
  console.log(`|---|---|---|`);
  console.log(`| rego-ts parseModule | ${r.oursMs.toFixed(1)} | ${(mb / (r.oursMs / 1000)).toFixed(2)} |`);
  if (r.opaMs !== undefined) {
    console.log(`| opa check (2 processes) | ${r.opaMs.toFixed(1)} | ${(mb / (r.opaMs / 1000)).toFixed(2)} |`);
    console.log(`ratio rego-ts/opa (time, lower is better): ${(r.oursMs / r.opaMs).toFixed(3)}`);
  }
}
