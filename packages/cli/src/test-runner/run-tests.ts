/**
 * Running discovered tests against a compiled policy, as opa's tester does: a test passes
 * when its value is `true`; it fails when undefined or any other value; an evaluation error
 * makes it an ERROR. Partial-object tests (`test_x[name] if …`) report one sub-result per key.
 * Print output is captured per test. Each test has a deadline (opa's default: 5 s).
 */
import { toJSON, type CompiledPolicy, type JSONValue } from '@rego-ts/rego-eval';
import { RegoError, RegoErrors, type Location } from '@rego-ts/rego-parser';
import type { TestCase } from './discover.js';
import { casePaths } from './test-cases.js';
import { cliHost } from '../eval/host-builtins.js';
import { deadlineError } from '../eval/deadline.js';

export interface SubResult {
  name: string;
  fail: boolean;
  subResults: Map<string, SubResult>;
}

export interface TestResult {
  test: TestCase;
  fail: boolean;
  skip: boolean;
  error?: RegoError;
  /** Set when the query failed to compile (opa reports the whole error list). */
  compileErrors?: RegoError[];
  durationNs: bigint;
  output: string;
  subResults: Map<string, SubResult>;
}

export function passed(r: TestResult): boolean {
  return !r.fail && !r.skip && r.error === undefined;
}

/** opa test's default per-test timeout. */
export const DEFAULT_TIMEOUT_MS = 5000;

/**
 * `cover` receives the evaluator's coverage hits (`--coverage`); `maxSteps`: `--max-steps`, a
 * step budget per test (an error result when exhausted).
 */
export function runTest(
  policy: CompiledPolicy,
  test: TestCase,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  cover?: (loc: Location) => void,
  maxSteps?: number,
): TestResult {
  const result: TestResult = { test, fail: false, skip: false, durationNs: 0n, output: '', subResults: new Map() };
  if (test.skip) {
    result.skip = true;
    return result;
  }
  let output = '';
  const t0 = process.hrtime.bigint();
  try {
    const rs = policy
      .prepare(test.query)
      .evaluate({
        print: (msg) => void (output += msg + '\n'),
        deadline: Date.now() + timeoutMs,
        host: cliHost(),
        ...(cover ? { cover } : {}),
        ...(maxSteps !== undefined ? { maxSteps } : {}),
      });
    result.durationNs = process.hrtime.bigint() - t0;
    if (rs.length === 0) result.fail = true;
    else {
      const value = rs[0]!.expressions[0]!.value;
      if (test.partialObject) {
        const sub = subResults(toJSON(value));
        result.fail = sub.fail;
        result.subResults = sub.results;
        if (test.casesQuery !== undefined && markReachedCases(policy, test, result.subResults, timeoutMs)) result.fail = true;
      } else result.fail = value !== true;
    }
  } catch (e) {
    result.durationNs = process.hrtime.bigint() - t0;
    if (e instanceof RegoErrors) {
      result.error = e.errors[0]!;
      result.compileErrors = e.errors;
    }
    else if (e instanceof RegoError) result.error = deadlineError(e);
    else throw e;
  }
  result.output = output;
  return result;
}

/** Adds failed sub-results for cases the body reached but did not produce; true if any failed. */
function markReachedCases(policy: CompiledPolicy, test: TestCase, results: Map<string, SubResult>, timeoutMs: number): boolean {
  let reached: JSONValue;
  try {
    const rs = policy.prepare(test.casesQuery!).evaluate({ deadline: Date.now() + timeoutMs, host: cliHost() });
    if (rs.length === 0) return false;
    reached = toJSON(rs[0]!.expressions[0]!.value);
  } catch {
    return false;
  }
  let fail = false;
  for (const path of casePaths(reached, test.caseDepth)) if (update(results, path, 0)) fail = true;
  return fail;
}

/** opa's SubResultMap.update: a missing entry on the path is a failed case. */
function update(m: Map<string, SubResult>, path: string[], i: number): boolean {
  if (i >= path.length) return true;
  const k = path[i]!;
  let entry = m.get(k);
  if (!entry) {
    entry = { name: k, fail: true, subResults: new Map() };
    m.set(k, entry);
    sortMap(m);
  }
  if (i === path.length - 1) return entry.fail;
  const fail = update(entry.subResults, path, i + 1);
  if (fail) entry.fail = true;
  return fail;
}

function sortMap(m: Map<string, SubResult>): void {
  const entries = [...m].sort((a, b) => compareBytes(a[0], b[0]));
  m.clear();
  for (const [k, v] of entries) m.set(k, v);
}

function subResults(v: JSONValue): { fail: boolean; results: Map<string, SubResult> } {
  const results = new Map<string, SubResult>();
  if (v === null) return { fail: true, results };
  let fail = false;
  if (typeof v === 'object' && !Array.isArray(v)) {
    for (const k of Object.keys(v).sort(compareBytes)) {
      const sr = subResult(k, v[k]!);
      results.set(k, sr);
      if (sr.fail) fail = true;
    }
  }
  return { fail, results };
}

function subResult(name: string, v: JSONValue): SubResult {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const s = subResults(v);
    return { name, fail: s.fail, subResults: s.results };
  }
  return { name, fail: v !== true, subResults: new Map() };
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Depth-first walk over sub-results with their full names. */
export function* iterSubResults(m: Map<string, SubResult>, prefix: string[] = []): Generator<[string[], SubResult]> {
  for (const [k, sr] of m) {
    const full = [...prefix, k];
    yield [full, sr];
    yield* iterSubResults(sr.subResults, full);
  }
}
