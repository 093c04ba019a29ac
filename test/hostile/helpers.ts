// Shared helpers for the hostile-input tests: evaluate a rule and classify the outcome as a
// value, a RegoError (one or several) or anything else (a crash, which these tests forbid).
import { compile, RegoError, RegoErrors, toJSONText, type EvaluateOptions, type Value } from '../../packages/rego-eval/src/index.js';

export type Outcome = { value: Value | undefined } | { error: RegoError };

/** Runs `fn`; RegoErrors become `{ error }` (the first of a list), other throws propagate. */
export function outcome(fn: () => Value | undefined): Outcome {
  try {
    return { value: fn() };
  } catch (e) {
    if (e instanceof RegoErrors) return { error: e.errors[0]! };
    if (e instanceof RegoError) return { error: e };
    throw e;
  }
}

/** The value of `data.p.<rule>` for a one-module policy (`package p` is prepended). */
export function evalRule(rules: string, rule = 'r', opts: EvaluateOptions & { data?: Value } = {}): Value | undefined {
  const { data, ...evalOpts } = opts;
  const policy = compile({ modules: [{ file: 'hostile.rego', source: `package p\n\n${rules}\n` }], ...(data !== undefined ? { data } : {}) });
  return policy.prepare(`data.p.${rule}`).evaluate(evalOpts)[0]?.expressions[0]?.value;
}

/** The JSON text of a value (`undefined` for Rego undefined). */
export function json(v: Value | undefined): string {
  return v === undefined ? 'undefined' : toJSONText(v);
}

/** A left-nested array `[[[…]]]` of the given depth, built without recursion. */
export function deepArray(depth: number): Value {
  let v: Value[] = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** A nested object `{"a": {"a": …}}` of the given depth. */
export function deepObject(depth: number): Value {
  let v: Record<string, Value> = {};
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** Property names of Object.prototype and their values, to check it is untouched. */
export function prototypeSnapshot(): string {
  const names = Object.getOwnPropertyNames(Object.prototype).sort();
  return names.map((n) => `${n}:${typeof (Object.prototype as Record<string, unknown>)[n]}`).join(',');
}
