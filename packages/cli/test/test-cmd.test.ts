/**
 * `rego-ts test` against `opa test` v1.17.1: every case in test-cmd-cases.ts must give opa's
 * stdout, stderr and exit status, with durations normalised (`(D)`, `"duration": D`) and, for
 * cases where opa's parallel runner makes the order vary, with lines compared sorted.
 * Expected outputs are pinned in test-cmd-pinned.json (normalised, order-independent form);
 * when opa is present the pins are also checked against the live binary.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findOpa, SKIP_NO_OPA } from '../../../test-support/peers.js';
import { HAVE_BIN, SKIP_NO_BIN, runBinary, runCli, type RunResult } from './run-cli.js';
import { TEST_CASES, type TestCmdCase } from './test-cmd-cases.js';

const opa = findOpa();
const PINS = join(import.meta.dirname, 'test-cmd-pinned.json');
const pinned: Record<string, RunResult> = existsSync(PINS) ? JSON.parse(readFileSync(PINS, 'utf8')) : {};

let root = '';
let n = 0;

function setup(c: TestCmdCase): string {
  const dir = join(root, String(n++));
  mkdirSync(dir);
  for (const [name, content] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Durations vary by nature; opa's order varies for parallel tests. */
function normalise(c: TestCmdCase, r: RunResult): RunResult {
  const text = (s: string) => {
    const t = s.replace(/\((\d+(\.\d+)?(ns|µs|ms|s|m|h))+\)/g, '(D)').replace(/"duration": \d+/g, '"duration": D');
    return c.order === false ? t.split('\n').sort().join('\n') : t;
  };
  return { code: r.code, stdout: text(r.stdout), stderr: text(r.stderr) };
}

const runOurs = (c: TestCmdCase) => normalise(c, runCli(c.args, { cwd: setup(c) }));
const runOpa = (c: TestCmdCase) => normalise(c, runBinary(opa!, c.args, { cwd: setup(c) }));

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rego-ts-test-cmd-'));
  if (process.env.UPDATE_OPA_PINS && opa) {
    const out: Record<string, RunResult> = {};
    for (const c of TEST_CASES) out[c.name] = runOpa(c);
    writeFileSync(PINS, JSON.stringify(out, null, 2) + '\n');
    Object.assign(pinned, out);
  }
});

describe.skipIf(!HAVE_BIN)(`rego-ts test matches opa test${HAVE_BIN ? '' : ` (${SKIP_NO_BIN})`}`, () => {
  for (const c of TEST_CASES) {
    const test = c.gap ? it.fails : it;
    test(c.name, () => {
      const want = pinned[c.name];
      expect(want, `no pinned opa output for "${c.name}"`).toBeDefined();
      expect(runOurs(c)).toEqual(want);
    });
  }

  it('prints real durations', () => {
    const c: TestCmdCase = { name: 'durations', files: { 'ok.rego': 'package p\ntest_a if true\n' }, args: ['test', '-v', 'ok.rego'] };
    const r = runCli(c.args, { cwd: setup(c) });
    expect(r.stdout).toMatch(/^data\.p\.test_a: PASS \(\d+(\.\d+)?(ns|µs|ms|s)\)$/m);
    const j = runCli(['test', '-f', 'json', 'ok.rego'], { cwd: join(root, String(n - 1)) });
    expect(JSON.parse(j.stdout)[0].duration).toBeGreaterThan(0);
  });

  it('runs tests in a deterministic order: by file, then source order', () => {
    const c: TestCmdCase = {
      name: 'order',
      files: { 'b.rego': 'package b\ntest_2 if false\ntest_1 if false\n', 'a.rego': 'package a\ntest_z if false\n' },
      args: ['test', '.'],
    };
    const lines = runCli(c.args, { cwd: setup(c) }).stdout.split('\n').filter((l) => l.startsWith('data.'));
    expect(lines.map((l) => l.split(':')[0])).toEqual(['data.a.test_z', 'data.b.test_2', 'data.b.test_1']);
  });
});

describe.skipIf(!opa)(`pinned outputs are opa's${opa ? '' : ` (${SKIP_NO_OPA})`}`, () => {
  for (const c of TEST_CASES) {
    it(c.name, () => {
      expect(runOpa(c)).toEqual(pinned[c.name]);
    });
  }
});
