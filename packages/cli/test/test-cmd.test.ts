/**
 * `rego-ts test` against `opa test` v1.17.1: every case in test-cmd-cases.ts must give opa's
 * stdout, stderr and exit status, with durations normalised (`(D)`, `"duration": D`) and, for
 * cases where opa's parallel runner makes the order vary, with lines compared sorted.
 * Expected outputs are pinned in test-cmd-pinned.json (normalised, order-independent form);
 * when opa is present the pins are also checked against the live binary.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { HAVE_BIN, runCli, type RunResult } from './run-cli.js';
import { TEST_CASES, type TestCmdCase } from './test-cmd-cases.js';
import { pinnedSuite } from './pinned-cases.js';

/** Durations vary by nature; opa's order varies for parallel tests. */
function normalise(c: TestCmdCase, r: RunResult): RunResult {
  const text = (s: string) => {
    const t = s.replace(/\((\d+(\.\d+)?(ns|µs|ms|s|m|h))+\)/g, '(D)').replace(/"duration": \d+/g, '"duration": D');
    return c.order === false ? t.split('\n').sort().join('\n') : t;
  };
  return { code: r.code, stdout: text(r.stdout), stderr: text(r.stderr) };
}

const { setup } = pinnedSuite({
  title: 'rego-ts test matches opa test',
  cases: TEST_CASES,
  pins: join(import.meta.dirname, 'test-cmd-pinned.json'),
  normalise,
});

describe.skipIf(!HAVE_BIN)('rego-ts test', () => {
  it('prints real durations', () => {
    const c: TestCmdCase = { name: 'durations', files: { 'ok.rego': 'package p\ntest_a if true\n' }, args: ['test', '-v', 'ok.rego'] };
    const dir = setup(c);
    const r = runCli(c.args, { cwd: dir });
    expect(r.stdout).toMatch(/^data\.p\.test_a: PASS \(\d+(\.\d+)?(ns|µs|ms|s)\)$/m);
    const j = runCli(['test', '-f', 'json', 'ok.rego'], { cwd: dir });
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
