/**
 * The harness of the pinned comparisons with opa v1.17.1 (eval.test.ts, test-cmd.test.ts,
 * parse-annotations.test.ts): each case's files are written to a fresh directory, rego-ts and
 * opa run there, and rego-ts must give the output pinned from opa; when opa is present the pins
 * are also checked against the live binary. `UPDATE_OPA_PINS=1` re-pins from opa.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findOpa, SKIP_NO_OPA } from '../../../test-support/peers.js';
import { HAVE_BIN, SKIP_NO_BIN, runBinary, runCli, type RunResult } from './run-cli.js';
import type { CliCase } from './eval-cases.js';

export interface PinnedSuite<C extends CliCase> {
  /** What is compared, e.g. `rego-ts eval matches opa eval`. */
  title: string;
  cases: C[];
  /** The JSON file of pinned outputs, by case name. */
  pins: string;
  /** Makes outputs comparable (durations, order); identity by default. */
  normalise?: (c: C, r: RunResult) => RunResult;
}

export interface PinnedRunner<C extends CliCase> {
  /** Writes a case's files to a fresh directory and returns it. */
  setup(c: C): string;
  runOurs(c: C): RunResult;
}

/** Declares the suites: rego-ts against the pins, and the pins against the live opa. */
export function pinnedSuite<C extends CliCase>(s: PinnedSuite<C>): PinnedRunner<C> {
  const opa = findOpa();
  const pinned: Record<string, RunResult> = existsSync(s.pins) ? JSON.parse(readFileSync(s.pins, 'utf8')) : {};
  const norm = s.normalise ?? ((_c: C, r: RunResult) => r);
  let root = '';
  let n = 0;
  const setup = (c: C): string => {
    const dir = join(root, String(n++));
    mkdirSync(dir);
    for (const [name, content] of Object.entries(c.files ?? {})) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    return dir;
  };
  const run = (c: C, exec: (args: string[], o: { cwd: string; input?: string }) => RunResult) =>
    norm(c, exec(c.args, { cwd: setup(c), ...(c.stdin !== undefined ? { input: c.stdin } : {}) }));
  const runOurs = (c: C) => run(c, runCli);
  const runOpa = (c: C) => run(c, (args, o) => runBinary(opa!, args, o));

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'rego-ts-pinned-'));
    if (process.env.UPDATE_OPA_PINS && opa) {
      const out: Record<string, RunResult> = {};
      for (const c of s.cases) out[c.name] = runOpa(c);
      writeFileSync(s.pins, JSON.stringify(out, null, 2) + '\n');
      Object.assign(pinned, out);
    }
  });

  describe.skipIf(!HAVE_BIN)(`${s.title}${HAVE_BIN ? '' : ` (${SKIP_NO_BIN})`}`, () => {
    for (const c of s.cases) {
      const test = c.gap ? it.fails : it;
      test(c.name, () => {
        const want = pinned[c.name];
        expect(want, `no pinned opa output for "${c.name}"`).toBeDefined();
        expect(runOurs(c)).toEqual(want);
      });
    }
  });

  describe.skipIf(!opa)(`pinned outputs are opa's${opa ? '' : ` (${SKIP_NO_OPA})`}`, () => {
    for (const c of s.cases) {
      it(c.name, () => {
        expect(runOpa(c)).toEqual(pinned[c.name]);
      });
    }
  });

  return { setup, runOurs };
}
