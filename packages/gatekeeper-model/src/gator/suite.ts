/**
 * gator Suites (`test.gatekeeper.sh` kind `Suite`): keys matched case-insensitively, unknown keys
 * ignored, and the assertion logic of `gator verify` (spec §7.2.4).
 */
import { gkError } from '../errors.js';
import { parseGroupVersion } from '../model/gvk.js';
import { getField, isPlainRecord } from '../model/shape.js';
import { decodeSuite, SUITE_GROUP } from '../model/decode.js';
import type { Suite, SuiteAssertion, SuiteCase, SuiteTest } from '../model/types.js';
import { goQuote } from './go-quote.js';
import { compileGoRegexp } from './regex.js';
import { SourceDocument } from '../yaml/documents.js';

/** True for documents gator treats as suites (group test.gatekeeper.sh, kind Suite; version unchecked). */
export function isSuiteObject(obj: unknown): boolean {
  if (!isPlainRecord(obj)) return false;
  const kind = getField(obj, 'kind', true);
  const apiVersion = getField(obj, 'apiVersion', true);
  return kind === 'Suite' && typeof apiVersion === 'string' && parseGroupVersion(apiVersion)?.group === SUITE_GROUP;
}

const f = (o: unknown, k: string): unknown => (isPlainRecord(o) ? getField(o, k, true) : undefined);
const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const b = (v: unknown): boolean => v === true;

/** Decodes a suite into its canonical (case-normalised) form. */
export function normalizeSuite(doc: unknown): Suite {
  decodeSuite(doc);
  const input = doc instanceof SourceDocument ? doc.value : doc;
  const tests = (f(input, 'tests') as unknown[] | undefined) ?? [];
  return {
    apiVersion: s(f(input, 'apiVersion')),
    kind: 'Suite',
    skip: b(f(input, 'skip')),
    tests: tests.map((t): SuiteTest => {
      const test: SuiteTest = {
        name: s(f(t, 'name')),
        template: s(f(t, 'template')),
        constraint: s(f(t, 'constraint')),
        invalid: b(f(t, 'invalid')),
        skip: b(f(t, 'skip')),
        cases: ((f(t, 'cases') as unknown[] | undefined) ?? []).map((c): SuiteCase => {
          const out: SuiteCase = {
            name: s(f(c, 'name')),
            object: s(f(c, 'object')),
            skip: b(f(c, 'skip')),
            assertions: ((f(c, 'assertions') as unknown[] | undefined) ?? []).map((a): SuiteAssertion => {
              const as: SuiteAssertion = {};
              const v = f(a, 'violations');
              if (v !== undefined && v !== null) as.violations = v as string | number;
              const m = f(a, 'message');
              if (typeof m === 'string') as.message = m;
              return as;
            }),
          };
          const inv = f(c, 'inventory');
          if (Array.isArray(inv)) out.inventory = inv.map(String);
          return out;
        }),
      };
      const exp = f(t, 'expansion');
      if (typeof exp === 'string' && exp) test.expansion = exp;
      return test;
    }),
  };
}

/**
 * Checks one assertion against the messages of all results of a review. Returns the failure
 * text (without the common prefix), or undefined when it holds.
 */
export function checkAssertion(a: SuiteAssertion, messages: readonly string[]): string | undefined {
  let matching = messages.length;
  const m = a.message ?? '';
  if (m !== '') {
    let re;
    try {
      re = compileGoRegexp(m);
    } catch (e) {
      return `message contains invalid regular expression: ${(e as Error).message}`;
    }
    matching = messages.filter((x) => re.test(x)).length;
  }
  const containing = m !== '' ? ` containing ${goQuote(m)}` : '';
  const suffix = `: got messages [${messages.join(' ')}]`;
  const v = a.violations ?? 'yes';
  let failure: string | undefined;
  if (v === 'yes') {
    if (matching < 1) failure = `got 0 violations${containing} but want at least 1`;
  } else if (v === 'no') {
    if (matching !== 0) failure = `got ${matching} violations${containing} but want none`;
  } else {
    const k = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(k) || k < 0) {
      return `invalid yaml: assertion.violation, if set, must be a nonnegative integer, "yes", or "no"${suffix}`;
    }
    if (matching !== k) failure = `got ${matching} violations${containing} but want exactly ${k}`;
  }
  return failure === undefined ? undefined : `unexpected number of violations: ${failure}${suffix}`;
}

/** The `--run` filter (spec §7.2.5). */
export interface RunFilter {
  test(name: string, caseNames: readonly string[]): boolean;
  case(testName: string, caseName: string): boolean;
}

export function compileRunFilter(run: string): RunFilter {
  if (run === '') return { test: () => true, case: () => true };
  const parts = run.split('//');
  if (parts.length > 2) throw gkError('gk_usage_error', 'compiling filter: invalid test filter: a filter may include at most one "//"');
  const compile = (p: string) => {
    try {
      return compileGoRegexp(p);
    } catch (e) {
      throw gkError('gk_usage_error', `compiling filter: ${(e as Error).message}`);
    }
  };
  if (parts.length === 1) {
    const r = compile(parts[0]!);
    return { test: (n, cases) => r.test(n) || cases.some((c) => r.test(c)), case: (t, c) => r.test(c) || r.test(t) };
  }
  const a = compile(parts[0]!);
  const bb = compile(parts[1]!);
  return { test: (n) => a.test(n), case: (t, c) => a.test(t) && bb.test(c) };
}
