/**
 * `rego-ts eval` against opa v1.17.1: every case in eval-cases.ts must give opa's exact stdout,
 * stderr and exit status. Expected outputs are pinned in eval-pinned.json (so the test runs
 * without opa); when opa is present the pins are also checked against the live binary.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findOpa, SKIP_NO_OPA } from '../../../test-support/peers.js';
import { HAVE_BIN, SKIP_NO_BIN, runBinary, runCli, type RunResult } from './run-cli.js';
import { EVAL_CASES, type CliCase } from './eval-cases.js';

const opa = findOpa();
const PINS = join(import.meta.dirname, 'eval-pinned.json');
const pinned: Record<string, RunResult> = existsSync(PINS) ? JSON.parse(readFileSync(PINS, 'utf8')) : {};

let root = '';
let n = 0;

/** A fresh directory holding the case's files. */
function setup(c: CliCase): string {
  const dir = join(root, String(n++));
  mkdirSync(dir);
  for (const [name, content] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

function runOurs(c: CliCase): RunResult {
  return runCli(c.args, { cwd: setup(c), ...(c.stdin !== undefined ? { input: c.stdin } : {}) });
}

function runOpa(c: CliCase): RunResult {
  return runBinary(opa!, c.args, { cwd: setup(c), ...(c.stdin !== undefined ? { input: c.stdin } : {}) });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rego-ts-eval-'));
  if (process.env.UPDATE_OPA_PINS && opa) {
    const out: Record<string, RunResult> = {};
    for (const c of EVAL_CASES) out[c.name] = runOpa(c);
    writeFileSync(PINS, JSON.stringify(out, null, 2) + '\n');
    Object.assign(pinned, out);
  }
});

describe.skipIf(!HAVE_BIN)(`rego-ts eval matches opa eval${HAVE_BIN ? '' : ` (${SKIP_NO_BIN})`}`, () => {
  for (const c of EVAL_CASES) {
    const test = c.gap ? it.fails : it;
    test(c.name, () => {
      const want = pinned[c.name];
      expect(want, `no pinned opa output for "${c.name}"`).toBeDefined();
      expect(runOurs(c)).toEqual(want);
    });
  }
});

describe.skipIf(!opa)(`pinned outputs are opa's${opa ? '' : ` (${SKIP_NO_OPA})`}`, () => {
  for (const c of EVAL_CASES) {
    it(c.name, () => {
      expect(runOpa(c)).toEqual(pinned[c.name]);
    });
  }
});
