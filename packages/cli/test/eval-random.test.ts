/**
 * Random JSON inputs (fast-check, fixed seeds) through every `eval` output format, compared
 * byte for byte with opa: string escaping, number spellings, key order, table widths.
 * Needs opa (skipped otherwise).
 */
import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOpa, SKIP_NO_OPA } from '../../../test-support/peers.js';
import { HAVE_BIN, runBinary, runCli } from './run-cli.js';

const opa = findOpa();
let dir = '';

const QUERIES: Array<[string, string]> = [
  ['json', 'input'],
  ['values', 'input'],
  ['raw', 'x := input[_]'],
  ['bindings', 'x := input[i]'],
  ['pretty', 'x := input[i]'],
  ['pretty', 'input[i]; x := i'],
];

describe.skipIf(!opa || !HAVE_BIN)(`random inputs match opa eval${opa ? '' : ` (${SKIP_NO_OPA})`}`, () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rego-ts-eval-random-'));
  });
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}`, () => {
      const values = fc.sample(fc.jsonValue({ maxDepth: 3 }), { seed, numRuns: 15 });
      const file = join(dir, `in-${seed}.json`);
      writeFileSync(file, JSON.stringify(values));
      for (const [format, query] of QUERIES) {
        const args = ['eval', '-i', file, '-f', format, query];
        expect(runCli(args), `${format}: ${query}`).toEqual(runBinary(opa!, args));
      }
    });
  }
});
