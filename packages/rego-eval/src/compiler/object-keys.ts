/**
 * OPA's parser merges repeated object keys (equal constants, the same variable) into the
 * first entry, holding the last value: the values it drops are never compiled, so they bind,
 * capture and report nothing (`{v2: 1, "k": v1, "k": v0}` is `{v2: 1, "k": v0}` to OPA).
 */
import { termToOpaJson, type Term } from '@rego-ts/rego-parser';
import { hashKey } from '../value/hash.js';
import type { Value } from '../value/types.js';
import { numberLiteral } from './literal.js';

/**
 * The entries kept, as [key index, value index] pairs, given each key's identity (undefined:
 * a key never merged).
 */
export function mergedEntries(ids: ReadonlyArray<string | undefined>): Array<[number, number]> {
  const lastOf = new Map<string, number>();
  ids.forEach((id, i) => id !== undefined && lastOf.set(id, i));
  const out: Array<[number, number]> = [];
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (id === undefined) return void out.push([i, i]);
    if (seen.has(id)) return;
    seen.add(id);
    out.push([i, lastOf.get(id)!]);
  });
  return out;
}

/**
 * A key's identity as written (before resolution): a variable, a scalar/array constant, or a
 * template string (its parts; backquoted and quoted alike, as opa v1.22.3 merges them — v1.17.1
 * panics on template keys).
 */
export function writtenKeyId(t: Term): string | undefined {
  if (t.type === 'var') return t.value.startsWith('$') ? undefined : 'v' + t.value;
  if (t.type === 'templatestring') return 't' + JSON.stringify((termToOpaJson(t) as { value: { parts: unknown } }).value.parts);
  const v = constValue(t);
  return v === undefined ? undefined : 'c' + hashKey(v);
}

function constValue(t: Term): Value | undefined {
  switch (t.type) {
    case 'null':
      return null;
    case 'boolean':
    case 'string':
      return t.value;
    case 'number':
      return numberLiteral(t.value);
    case 'array': {
      const items: Value[] = [];
      for (const x of t.value) {
        const v = constValue(x);
        if (v === undefined) return undefined;
        items.push(v);
      }
      return items;
    }
    default:
      return undefined;
  }
}
