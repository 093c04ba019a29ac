/**
 * Test harness for builtins: evaluates a call written in Rego syntax (literal arguments,
 * nested builtin calls allowed) directly through `defaultBuiltins()`, and renders the
 * outcome the way scripts/pin-builtin-cases.mjs renders `opa eval` output: compact JSON,
 * `undefined`, or `error: <code>: <message>`.
 */
import { parseQuery, type Term } from '@rego-ts/rego-parser';
import { expect, it } from 'vitest';
import { BuiltinError, defaultBuiltins, type BuiltinContext } from '../../src/builtins/index.js';
import { ObjectBuilder, newSet } from '../../src/value/collections.js';
import { toJSONText } from '../../src/value/json.js';
import { numberFromText } from '../../src/value/number.js';
import type { Value } from '../../src/value/types.js';

const builtins = defaultBuiltins();

export function testContext(): BuiltinContext {
  return { strict: true, nowNs: () => 1700000000000000000n, cache: new Map(), host: {} };
}

function refName(t: Term): string {
  if (t.type === 'var') return t.value;
  if (t.type !== 'ref') throw new Error(`not a name: ${t.type}`);
  return t.value.map((p, i) => (i === 0 ? (p as { value: string }).value : (p as { value: string }).value)).join('.');
}

function toValue(t: Term, ctx: BuiltinContext): Value {
  switch (t.type) {
    case 'null':
      return null;
    case 'boolean':
      return t.value;
    case 'number':
      return numberFromText(t.value);
    case 'string':
      return t.value;
    case 'array':
      return t.value.map((e) => toValue(e, ctx));
    case 'set':
      return newSet(t.value.map((e) => toValue(e, ctx)));
    case 'object': {
      const b = new ObjectBuilder();
      for (const [k, v] of t.value) b.set(toValue(k, ctx), toValue(v, ctx));
      return b.build();
    }
    case 'call': {
      const r = callTerm(t.value, ctx);
      if (r === undefined) throw new Error('nested call undefined');
      return r;
    }
  }
  throw new Error(`unsupported term ${t.type}`);
}

function callTerm(parts: Term[], ctx: BuiltinContext): Value | undefined {
  const name = refName(parts[0]!);
  const def = builtins.get(name);
  if (!def) throw new Error(`unknown builtin ${name}`);
  const r = def.fn(parts.slice(1).map((a) => toValue(a, ctx)), ctx);
  if (def.relation && Array.isArray(r)) return r;
  return r;
}

/** Evaluates `name(args...)` and renders the outcome. */
export function evalCall(text: string, ctx: BuiltinContext = testContext()): string {
  const { body, errors } = parseQuery(text);
  if (!body || errors.length > 0) throw new Error(`parse: ${text}: ${errors.map((e) => e.message).join('; ')}`);
  const t = body[0]!.terms;
  if (body.length !== 1 || t.type !== 'call') throw new Error(`not a call: ${text}`);
  try {
    const r = callTerm([t.operator, ...t.args], ctx);
    return r === undefined ? 'undefined' : toJSONText(r);
  } catch (e) {
    if (e instanceof BuiltinError) return `error: ${e.code}: ${e.message}`;
    throw e;
  }
}

/** One `it` per pinned case. */
export function pinned(cases: Array<[string, string]>): void {
  for (const [call, want] of cases) {
    it(call, () => expect(evalCall(call)).toBe(want));
  }
}
