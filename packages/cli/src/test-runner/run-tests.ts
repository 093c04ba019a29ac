/**
 * Running discovered tests against a compiled policy, as opa's tester does: a test passes
 * when its value is `true`; it fails when undefined or any other value; an evaluation error
 * makes it an ERROR. Partial-object tests (`test_x[name] if …`) report one sub-result per key.
 * Print output is captured per test. Each test gets opa's default 5 s deadline.
 */
import { toJSON, type CompiledPolicy, type JSONValue } from '@rego-ts/rego-eval';
import { RegoError, RegoErrors } from '@rego-ts/rego-parser';
import type { TestCase } from './discover.js';

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
  durationNs: bigint;
  output: string;
  subResults: Map<string, SubResult>;
}

export function passed(r: TestResult): boolean {
  return !r.fail && !r.skip && r.error === undefined;
}

const TIMEOUT_MS = 5000;

export function runTest(policy: CompiledPolicy, test: TestCase): TestResult {
  const result: TestResult = { test, fail: false, skip: false, durationNs: 0n, output: '', subResults: new Map() };
  if (test.skip) {
    result.skip = true;
    return result;
  }
  let output = '';
  const t0 = process.hrtime.bigint();
  try {
    const rs = policy.prepare(test.query).evaluate({ print: (msg) => void (output += msg + '\n'), deadline: Date.now() + TIMEOUT_MS });
    result.durationNs = process.hrtime.bigint() - t0;
    if (rs.length === 0) result.fail = true;
    else {
      const value = rs[0]!.expressions[0]!.value;
      if (test.partialObject) {
        const sub = subResults(toJSON(value));
        result.fail = sub.fail;
        result.subResults = sub.results;
      } else result.fail = value !== true;
    }
  } catch (e) {
    result.durationNs = process.hrtime.bigint() - t0;
    if (e instanceof RegoErrors) result.error = e.errors[0]!;
    else if (e instanceof RegoError) result.error = e;
    else throw e;
  }
  result.output = output;
  return result;
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
