/**
 * The static types of OPA's type checker (spec: OPA `types` package semantics): scalars,
 * arrays with static positions and/or a dynamic element type, objects with static keys
 * and/or a dynamic key/value pair, sets, `any` (empty = top, else a sorted union) and
 * functions. `undefined` stands for "no type yet" (OPA's nil), which unifies with nothing.
 */
import { compare as compareValues } from '../../value/compare.js';
import { isNumber, RegoNumber, RegoObject, RegoSet, type Value } from '../../value/types.js';
import { numberToText } from '../../value/number.js';

export interface Prop {
  key: Value;
  value: Ty;
}

export interface Named {
  name?: string;
  description?: string;
}

export type Ty = (
  | { k: 'null' }
  | { k: 'boolean' }
  | { k: 'number' }
  | { k: 'string' }
  | { k: 'array'; static: Array<Ty | undefined>; dynamic?: Ty | undefined }
  | { k: 'object'; static: Prop[]; dynamic?: { key: Ty | undefined; value: Ty | undefined } }
  | { k: 'set'; of: Ty | undefined }
  | { k: 'any'; of: Ty[] }
  | { k: 'function'; args: Ty[]; result?: Ty | undefined; variadic?: Ty }
) &
  Named;

export type MaybeTy = Ty | undefined;

export const NULL: Ty = { k: 'null' };
export const BOOL: Ty = { k: 'boolean' };
export const NUM: Ty = { k: 'number' };
export const STR: Ty = { k: 'string' };
export const ANY: Ty = { k: 'any', of: [] };

export function arrayOf(stat: MaybeTy[], dynamic?: MaybeTy): Ty {
  return dynamic === undefined ? { k: 'array', static: stat } : { k: 'array', static: stat, dynamic };
}

export function objectOf(stat: Prop[], dynamic?: { key: MaybeTy; value: MaybeTy }): Ty {
  const s = [...stat].sort((a, b) => compareValues(a.key, b.key));
  return dynamic ? { k: 'object', static: s, dynamic } : { k: 'object', static: s };
}

export function setOf(of: MaybeTy): Ty {
  return { k: 'set', of };
}

/** The type without its name and description (OPA's unwrap of named types). */
export function unnamed(t: Ty): Ty {
  if (t.name === undefined && t.description === undefined) return t;
  const { name: _n, description: _d, ...rest } = t;
  return rest as Ty;
}

export function isTop(t: MaybeTy): boolean {
  return t !== undefined && t.k === 'any' && t.of.length === 0;
}

const ORDER: Record<Ty['k'], number> = { null: 0, boolean: 1, number: 2, string: 3, array: 4, object: 5, set: 6, any: 7, function: 8 };

export function compareTypes(a: MaybeTy, b: MaybeTy): number {
  const x = a ? ORDER[a.k] : -1;
  const y = b ? ORDER[b.k] : -1;
  if (x !== y) return x < y ? -1 : 1;
  if (!a || !b) return 0;
  switch (a.k) {
    case 'array': {
      const bb = b as typeof a;
      if (a.dynamic !== undefined && bb.dynamic === undefined) return 1;
      if (bb.dynamic !== undefined && a.dynamic === undefined) return -1;
      if (a.dynamic !== undefined && bb.dynamic !== undefined) {
        const c = compareTypes(a.dynamic, bb.dynamic);
        if (c) return c;
      }
      return compareSlices(a.static, bb.static);
    }
    case 'object': {
      const bb = b as typeof a;
      if (a.dynamic && !bb.dynamic) return 1;
      if (bb.dynamic && !a.dynamic) return -1;
      if (a.dynamic && bb.dynamic) {
        const c = compareTypes(a.dynamic.key, bb.dynamic.key) || compareTypes(a.dynamic.value, bb.dynamic.value);
        if (c) return c;
      }
      const n = Math.min(a.static.length, bb.static.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(a.static[i]!.key, bb.static[i]!.key) || compareTypes(a.static[i]!.value, bb.static[i]!.value);
        if (c) return c;
      }
      return a.static.length - bb.static.length < 0 ? -1 : a.static.length > bb.static.length ? 1 : 0;
    }
    case 'set': {
      const bb = b as typeof a;
      if (!a.of && !bb.of) return 0;
      if (!a.of) return -1;
      if (!bb.of) return 1;
      return compareTypes(a.of, bb.of);
    }
    case 'any':
      return compareSlices(a.of, (b as typeof a).of);
    case 'function': {
      const bb = b as typeof a;
      if (a.args.length !== bb.args.length) return a.args.length < bb.args.length ? -1 : 1;
      for (let i = 0; i < a.args.length; i++) {
        const c = compareTypes(a.args[i], bb.args[i]);
        if (c) return c;
      }
      return compareTypes(a.result, bb.result) || compareTypes(a.variadic, bb.variadic);
    }
    default:
      return 0;
  }
}

function compareSlices(a: MaybeTy[], b: MaybeTy[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareTypes(a[i], b[i]);
    if (c) return c;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** `any<…>` of the given types, sorted (OPA's NewAny: no de-duplication). */
export function anyOf(ts: Ty[]): Ty {
  return { k: 'any', of: [...ts].sort(compareTypes) };
}

function anyContains(a: Ty[], t: Ty): boolean {
  if (t.k === 'function') return false;
  if (a.length === 0) return true;
  return a.some((x) => compareTypes(x, t) === 0);
}

function anyMerge(a: Ty[], t: Ty): Ty[] {
  if (t.k === 'any') {
    if (a.length === 0) return a;
    if (t.of.length === 0) return t.of;
    const out: Ty[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < t.of.length) {
      if (i === a.length) {
        out.push(...t.of.slice(j));
        break;
      }
      if (j === t.of.length) {
        out.push(...a.slice(i));
        break;
      }
      const c = compareTypes(a[i], t.of[j]);
      if (c < 0) out.push(a[i++]!);
      else if (c > 0) out.push(t.of[j++]!);
      else {
        out.push(a[i++]!);
        j++;
      }
    }
    return out;
  }
  if (anyContains(a, t)) return a;
  const out = [...a];
  let idx = out.findIndex((x) => compareTypes(x, t) >= 0);
  if (idx < 0) idx = out.length;
  out.splice(idx, 0, t);
  return out;
}

/** OPA's types.Or: the union of two types (undefined is the identity). */
export function or(a: MaybeTy, b: MaybeTy): MaybeTy {
  if (a === undefined) return b;
  if (b === undefined) return a;
  a = unnamed(a);
  b = unnamed(b);
  if (a.k === 'function' && b.k === 'function') return unionFunctions(a, b);
  if (a.k === 'function' || b.k === 'function') return undefined;
  if (a.k === 'any') {
    const of = anyMerge(a.of, b);
    return of === a.of ? a : { k: 'any', of };
  }
  if (b.k === 'any') {
    const of = anyMerge(b.of, a);
    return of === b.of ? b : { k: 'any', of };
  }
  if (compareTypes(a, b) === 0) return a;
  return anyOf([a, b]);
}

function unionFunctions(a: Extract<Ty, { k: 'function' }>, b: Extract<Ty, { k: 'function' }>): MaybeTy {
  if (a.args.length !== b.args.length) return undefined;
  if ((a.variadic === undefined) !== (b.variadic === undefined)) return undefined;
  const args = a.args.map((x, i) => or(x, b.args[i]) as Ty);
  const f: Ty = { k: 'function', args, result: or(a.result, b.result) };
  const v = or(a.variadic, b.variadic);
  if (v) f.variadic = v;
  return f;
}

/** Does `a` (an `any`, else equality) contain `b`? */
export function contains(a: MaybeTy, b: MaybeTy): boolean {
  if (a && a.k === 'any') return b !== undefined && anyContains(a.of, b);
  return compareTypes(a, b) === 0;
}

/** The type of a constant (OPA's types.TypeOf on its JSON). */
export function typeOfConst(v: Value): Ty {
  if (v === null) return NULL;
  switch (typeof v) {
    case 'boolean':
      return BOOL;
    case 'number':
      return NUM;
    case 'string':
      return STR;
  }
  if (v instanceof RegoNumber) return NUM;
  if (Array.isArray(v)) return arrayOf(v.map(typeOfConst));
  if (v instanceof RegoSet) return arrayOf([...v.map.values()].map(typeOfConst));
  if (v instanceof RegoObject) return objectOf([...v.map.values()].map(([k, x]) => ({ key: k, value: typeOfConst(x) })));
  return objectOf(Object.keys(v).map((k) => ({ key: k, value: typeOfConst((v as Record<string, Value>)[k]!) })));
}

/** The type a term of constant value has (OPA's TypeEnv.GetByValue: `[]` is `array[any]`). */
const VALUE_TYPES = new WeakMap<object, Ty>();

export function typeOfValue(v: Value): Ty {
  if (v === null || typeof v !== 'object' || v instanceof RegoNumber) return typeOfConst(v);
  // Constant collections are shared by the IR: type each once.
  let t = VALUE_TYPES.get(v);
  if (!t) VALUE_TYPES.set(v, (t = typeOfCollection(v)));
  return t;
}

function typeOfCollection(v: Value[] | RegoSet | RegoObject | Record<string, Value>): Ty {
  if (Array.isArray(v)) return v.length ? arrayOf(v.map(typeOfValue)) : arrayOf([], ANY);
  if (v instanceof RegoSet) {
    let t: MaybeTy;
    for (const e of v.map.values()) t = or(t, typeOfValue(e));
    return setOf(t ?? ANY);
  }
  const entries: Array<[Value, Value]> = v instanceof RegoObject ? [...v.map.values()] : Object.keys(v).map((k) => [k, (v as Record<string, Value>)[k]!]);
  if (!entries.length) return objectOf([], { key: ANY, value: ANY });
  return objectOf(entries.map(([k, x]) => ({ key: jsonKey(k), value: typeOfValue(x) })));
}

/** A constant key as OPA's JSON form of it (sets become arrays). */
export function jsonKey(k: Value): Value {
  if (k instanceof RegoSet) return [...k.map.values()].map(jsonKey);
  return k;
}

export function select(a: MaybeTy, key: Value): MaybeTy {
  if (!a) return undefined;
  switch (a.k) {
    case 'array': {
      if (!isNumber(key)) return undefined;
      const f = typeof key === 'number' ? key : key.f;
      if (!Number.isInteger(f) || (key instanceof RegoNumber && key.int === undefined)) return undefined;
      return selectPos(a, f);
    }
    case 'object':
      return selectProp(a, key);
    case 'set': {
      const tpe = typeOfConst(key);
      if (compareTypes(a.of, tpe) === 0) return a.of;
      if (a.of && a.of.k === 'any' && anyContains(a.of.of, tpe)) return tpe;
      return undefined;
    }
    case 'any': {
      if (a.of.length === 0) return ANY;
      let t: MaybeTy;
      for (const x of a.of) t = or(select(x, key), t);
      return t;
    }
    default:
      return undefined;
  }
}

export function selectPos(a: Extract<Ty, { k: 'array' }>, pos: number): MaybeTy {
  if (pos < 0) return undefined;
  if (pos < a.static.length) return a.static[pos];
  return a.dynamic;
}

export function selectProp(a: Extract<Ty, { k: 'object' }>, key: Value): MaybeTy {
  const p = a.static.find((x) => compareValues(x.key, key) === 0);
  if (p) return p.value;
  if (a.dynamic && contains(a.dynamic.key, typeOfConst(key))) return a.dynamic.value;
  return undefined;
}

export function keysOf(a: MaybeTy): MaybeTy {
  if (!a) return undefined;
  switch (a.k) {
    case 'array':
      return NUM;
    case 'object': {
      let t: MaybeTy;
      for (const p of a.static) t = or(t, typeOfConst(p.key));
      if (a.dynamic) t = or(t, a.dynamic.key);
      return t;
    }
    case 'set':
      return a.of;
    case 'any': {
      if (a.of.length === 0) return ANY;
      let t: MaybeTy;
      for (const x of a.of) t = or(keysOf(x), t);
      return t;
    }
    default:
      return undefined;
  }
}

export function valuesOf(a: MaybeTy): MaybeTy {
  if (!a) return undefined;
  switch (a.k) {
    case 'array': {
      let t: MaybeTy;
      for (const x of a.static) t = or(t, x);
      return or(t, a.dynamic);
    }
    case 'object': {
      let t: MaybeTy;
      for (const p of a.static) t = or(t, p.value);
      if (a.dynamic) t = or(t, a.dynamic.value);
      return t;
    }
    case 'set':
      return a.of;
    case 'any': {
      if (a.of.length === 0) return ANY;
      let t: MaybeTy;
      for (const x of a.of) t = or(valuesOf(x), t);
      return t;
    }
    default:
      return undefined;
  }
}

/** Does the type contain an undefined part (OPA's types.Nil)? */
export function hasNil(a: MaybeTy): boolean {
  if (!a) return true;
  switch (a.k) {
    case 'function':
      return a.args.some(hasNil) || hasNil(a.result);
    case 'array':
      return a.static.some(hasNil) || (a.dynamic !== undefined && hasNil(a.dynamic));
    case 'object':
      return a.static.some((p) => hasNil(p.value)) || (!!a.dynamic && (hasNil(a.dynamic.key) || hasNil(a.dynamic.value)));
    case 'set':
      return hasNil(a.of);
    default:
      return false;
  }
}

/** OPA's text form of a type (`array<number, string>`, `object[string: any]`, `???` for none). */
export function sprint(t: MaybeTy): string {
  if (!t) return '???';
  const base = sprintBare(t);
  return t.name !== undefined ? `${t.name}: ${base}` : base;
}

function sprintBare(t: Ty): string {
  switch (t.k) {
    case 'array': {
      let s = 'array';
      if (t.static.length) s += `<${t.static.map(sprint).join(', ')}>`;
      if (t.dynamic !== undefined) s += `[${sprint(t.dynamic)}]`;
      return s;
    }
    case 'object': {
      let s = 'object';
      if (t.static.length) s += `<${t.static.map((p) => `${goValueText(p.key)}: ${sprint(p.value)}`).join(', ')}>`;
      if (t.dynamic) s += `[${sprint(t.dynamic.key)}: ${sprint(t.dynamic.value)}]`;
      return s;
    }
    case 'set':
      return `set[${sprint(t.of)}]`;
    case 'any':
      return t.of.length ? `any<${t.of.map(sprint).join(', ')}>` : 'any';
    case 'function':
      return `${funcArgsText(t.args.map(unnamed), t.variadic && unnamed(t.variadic))} => ${sprint(t.result && unnamed(t.result))}`;
    default:
      return t.k;
  }
}

/** `(number, string...)`: argument types as OPA prints them. */
export function funcArgsText(args: MaybeTy[], variadic?: Ty): string {
  const parts = args.map(sprint);
  if (variadic) parts.push(`${sprint(variadic)}...`);
  return `(${parts.join(', ')})`;
}

/** Go's `%v` of a JSON-decoded key: strings bare, numbers as spelled, `<nil>`. */
function goValueText(v: Value): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (isNumber(v)) return numberToText(v);
  if (Array.isArray(v)) return `[${v.map(goValueText).join(' ')}]`;
  if (v instanceof RegoSet) return `[${[...v.map.values()].map(goValueText).join(' ')}]`;
  // Go prints a JSON object key as `map[k:v …]`.
  const entries: Array<[Value, Value]> = v instanceof RegoObject ? [...v.map.values()] : Object.keys(v).sort().map((k) => [k, (v as Record<string, Value>)[k]!]);
  return `map[${entries.map(([k, x]) => `${goValueText(k)}:${goValueText(x)}`).join(' ')}]`;
}

/** The JSON form of a type, as OPA marshals it (`{"type":"array","static":[…]}`). */
export function typeToJSON(t: MaybeTy): unknown {
  if (!t) return null;
  const out: Record<string, unknown> = {};
  switch (t.k) {
    case 'array':
      if (t.static.length) out.static = t.static.map(typeToJSON);
      if (t.dynamic !== undefined) out.dynamic = typeToJSON(t.dynamic);
      break;
    case 'object':
      if (t.static.length) out.static = t.static.map((p) => ({ key: p.key, value: typeToJSON(p.value) }));
      if (t.dynamic) out.dynamic = { key: typeToJSON(t.dynamic.key), value: typeToJSON(t.dynamic.value) };
      break;
    case 'set':
      if (t.of) out.of = typeToJSON(t.of);
      break;
    case 'any':
      if (t.of.length) out.of = t.of.map(typeToJSON);
      break;
    case 'function':
      if (t.args.length) out.args = t.args.map(typeToJSON);
      if (t.result) out.result = typeToJSON(t.result);
      if (t.variadic) out.variadic = typeToJSON(t.variadic);
      break;
  }
  out.type = t.k;
  if (t.name !== undefined) out.name = t.name;
  if (t.description) out.description = t.description;
  // Go marshals maps with sorted keys.
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(out).sort()) sorted[k] = out[k];
  return sorted;
}
