/**
 * The detail part of type errors, as OPA prints it under the message (`have:`/`want:`,
 * `left  :`/`right :`, the ref with a caret) and as it marshals it in `--format json`.
 */
import type { TypeErrorDetails } from '@rego-ts/rego-parser';
import { toJSON, valueToRegoText } from '../../value/json.js';
import { RegoNumber, RegoSet, type Value } from '../../value/types.js';
import type { T } from '../ir.js';
import { funcArgsText, sprint, typeToJSON, type MaybeTy, type Ty } from './type.js';

/** A ref as OPA's checker sees it: a head term name and the path terms. */
export interface RefView {
  head: T | { k: 'root'; name: 'data' | 'input' };
  path: T[];
}

export function argDetails(have: MaybeTy[], want: Ty[], variadic?: Ty): TypeErrorDetails {
  const wantJSON: Record<string, unknown> = {};
  if (want.length) wantJSON.args = want.map(typeToJSON);
  if (variadic) wantJSON.variadic = typeToJSON(variadic);
  return {
    lines: [`have: ${funcArgsText(have)}`, `want: ${funcArgsText(want, variadic)}`],
    json: { have: have.map(typeToJSON), want: wantJSON },
  };
}

export function unifyDetails(a: MaybeTy, b: MaybeTy): TypeErrorDetails {
  return { lines: [`left  : ${sprint(a)}`, `right : ${sprint(b)}`], json: { a: typeToJSON(a), b: typeToJSON(b) } };
}

export function refUnsupportedDetails(ref: RefView, pos: number, have: MaybeTy): TypeErrorDetails {
  const text = refString(ref);
  return {
    lines: [text, '^'.repeat(refString(ref, pos + 1).length), `have: ${sprint(have)}`],
    json: { ref: refJSON(ref), pos, have: typeToJSON(have) },
  };
}

export function refInvalidDetails(ref: RefView, pos: number, have: MaybeTy, want: MaybeTy, oneOf: Value[]): TypeErrorDetails {
  const pad = ' '.repeat(refString(ref, pos).length + 1);
  const lines = [refString(ref), `${pad}^`];
  if (have) lines.push(`${pad}have (type): ${sprint(have)}`);
  else lines.push(`${pad}have: ${termText(elemAt(ref, pos))}`);
  if (oneOf.length) lines.push(`${pad}want (one of): [${oneOf.map(valueToRegoText).join(' ')}]`);
  else lines.push(`${pad}want (type): ${sprint(want)}`);
  const json: Record<string, unknown> = { ref: refJSON(ref), pos };
  if (have) json.have = typeToJSON(have);
  json.want = typeToJSON(want);
  json.oneOf = oneOf.length ? oneOf.map((v) => toJSON(v)) : null;
  return { lines, json };
}

function elemAt(ref: RefView, i: number): T | RefView['head'] {
  return i === 0 ? ref.head : ref.path[i - 1]!;
}

const IDENT = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** OPA's Ref.String() of the first `n` elements (all by default). */
export function refString(ref: RefView, n = ref.path.length + 1): string {
  let s = termText(ref.head, true);
  for (let i = 0; i < n - 1 && i < ref.path.length; i++) {
    const p = ref.path[i]!;
    if (p.k === 'const' && typeof p.v === 'string' && IDENT.test(p.v)) s += `.${p.v}`;
    else s += `[${termText(p)}]`;
  }
  return s;
}

function termText(t: T | RefView['head'], head = false): string {
  switch (t.k) {
    case 'root':
      return t.name;
    case 'var':
      return t.name.startsWith('$') ? '_' : t.name;
    case 'const':
      return valueToRegoText(t.v);
    case 'ref':
      return refString({ head: t.head, path: t.path });
    case 'data':
      return refString({ head: { k: 'root', name: 'data' }, path: [...t.node.path.map((s) => ({ k: 'const', v: s, free: [] }) as T), ...t.path] });
    case 'input':
      return refString({ head: { k: 'root', name: 'input' }, path: t.path });
    case 'array':
      return `[${t.items.map((x) => termText(x)).join(', ')}]`;
    case 'set':
      return t.items.length ? `{${t.items.map((x) => termText(x)).join(', ')}}` : 'set()';
    case 'object':
      return `{${t.entries.map(([k, v]) => `${termText(k)}: ${termText(v)}`).join(', ')}}`;
    default:
      return head ? '_' : '_';
  }
}

function refJSON(ref: RefView): unknown[] {
  return [termJSON(ref.head), ...ref.path.map(termJSON)];
}

function termJSON(t: T | RefView['head']): unknown {
  switch (t.k) {
    case 'root':
      return { type: 'var', value: t.name };
    case 'var':
      return { type: 'var', value: t.name };
    case 'const':
      return valueJSON(t.v);
    case 'array':
      return { type: 'array', value: t.items.map(termJSON) };
    case 'set':
      return { type: 'set', value: t.items.map(termJSON) };
    case 'object':
      return { type: 'object', value: t.entries.map(([k, v]) => [termJSON(k), termJSON(v)]) };
    case 'ref':
      return { type: 'ref', value: refJSON({ head: t.head, path: t.path }) };
    default:
      return { type: 'var', value: '_' };
  }
}

function valueJSON(v: Value): unknown {
  if (v === null) return { type: 'null' };
  switch (typeof v) {
    case 'boolean':
      return { type: 'boolean', value: v };
    case 'number':
      return { type: 'number', value: v };
    case 'string':
      return { type: 'string', value: v };
  }
  if (v instanceof RegoNumber) return { type: 'number', value: v };
  if (Array.isArray(v)) return { type: 'array', value: v.map(valueJSON) };
  if (v instanceof RegoSet) return { type: 'set', value: [...v.map.values()].map(valueJSON) };
  return { type: 'object', value: toJSON(v) };
}
