/**
 * `rego-ts parse` against `opa parse` on a sample of the conformance suite's modules: the
 * tree and the JSON output (also with locations and their texts) are byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOpa, findSuite, SKIP_NO_OPA, SKIP_NO_SUITE } from '../../../test-support/peers.js';
import { loadSuiteCases } from '../../rego-parser/test/suite-cases.js';
import { HAVE_BIN, SKIP_NO_BIN, runBinary } from './run-cli.js';

/** The CLI run in-process (its `main` with captured streams): no Node start-up per module. */
async function runInProcess(args: string[]): Promise<{ code: number; stdout: string }> {
  const { main } = (await import('../dist/main.js')) as { main(a: string[], io: unknown): Promise<number> };
  let stdout = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: () => undefined, readStdin: () => '', color: false, stdoutColor: false, cwd: process.cwd() };
  const code = await main(args, io);
  return { code, stdout };
}

const opa = findOpa();
const suite = findSuite();
const skip = !opa ? SKIP_NO_OPA : !suite ? SKIP_NO_SUITE : !HAVE_BIN ? SKIP_NO_BIN : '';

describe('rego-ts parse vs opa parse', () => {
  it.skipIf(skip !== '')(`prints the same tree and JSON for sampled suite modules${skip ? ` (${skip})` : ''}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-suite-'));
    const mismatches: string[] = [];
    let n = 0;
    for (const [i, c] of loadSuiteCases(suite!).entries()) {
      // Every 50th case (both versions) keeps the run to a few dozen process pairs.
      if (i % 50 !== 0 || c.modules.length === 0) continue;
      const file = join(dir, `m${i}.rego`);
      writeFileSync(file, c.modules[0]!);
      const v = c.version === 'v0' ? ['--v0-compatible'] : [];
      for (const format of [['pretty'], ['json'], ['json', '--json-include', 'locations']]) {
        const args = ['parse', ...v, '--format', ...format, file];
        const ours = await runInProcess(args);
        const theirs = runBinary(opa!, args);
        if (ours.stdout !== theirs.stdout || ours.code !== theirs.code) mismatches.push(`${c.file} ${c.note} (${format.join(' ')})`);
      }
      n++;
    }
    expect(n).toBeGreaterThan(40);
    expect(mismatches).toEqual([]);
  });
});
