/**
 * OPA's parser merges repeated object keys (terms equal as written: equal constants, the same
 * variable, refs, calls …) into the first entry, holding the last value: the values it drops
 * are never compiled, so they bind, capture and report nothing (`{v2: 1, "k": v1, "k": v0}` is
 * `{v2: 1, "k": v0}` to OPA). A set literal likewise holds one of the members written alike.
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
 * A key's identity as written (before resolution), as OPA's parser compares terms (Equal,
 * locations aside): a variable, a constant, a template string (its parts; backquoted and
 * quoted alike, as opa v1.22.3 merges them — v1.17.1 panics on template keys), and refs,
 * calls, composites and comprehensions made of those (`{input.a: 1, input.a: 2}` is
 * `{input.a: 2}` to OPA). Undefined for a key never merged: one holding a wildcard `_`
 * (each is a new variable). Also a set literal's members: OPA's set holds one of each.
 */
export function writtenKeyId(t: Term): string | undefined {
  const v = constValue(t);
  if (v !== undefined) return 'c' + hashKey(v);
  switch (t.type) {
    case 'var':
      return t.value.startsWith('$') ? undefined : 'v' + t.value;
    case 'templatestring':
      return 't' + JSON.stringify((termToOpaJson(t) as { value: { parts: unknown } }).value.parts);
    case 'ref':
    case 'call':
    case 'array': {
      const ids = idsOf(t.value);
      // Prefixes apart from the constants' 'c'.
      return ids && { ref: 'R', call: 'F', array: 'A' }[t.type] + JSON.stringify(ids);
    }
    case 'set': {
      const ids = idsOf(t.value);
      return ids && 'S' + JSON.stringify([...new Set(ids)].sort());
    }
    case 'object': {
      const pairs: string[] = [];
      for (const [k, x] of t.value) {
        const ki = writtenKeyId(k);
        const vi = writtenKeyId(x);
        if (ki === undefined || vi === undefined) return undefined;
        pairs.push(JSON.stringify([ki, vi]));
      }
      // A repeated key inside keeps its last value (the comparison is of the merged object).
      const byKey = new Map<string, string>();
      for (const p of pairs) byKey.set(JSON.parse(p)[0] as string, p);
      return 'O' + JSON.stringify([...byKey.values()].sort());
    }
    case 'arraycomprehension':
    case 'setcomprehension':
    case 'objectcomprehension': {
      // Compared as written (numbers by spelling, sets in written order: a rare miss, never a wrong merge).
      const j = JSON.stringify(termToOpaJson(t));
      return j.includes('"$') ? undefined : 'Q' + j;
    }
    default:
      return undefined;
  }
}

/** A set literal's members as OPA's parser keeps them: the first of those written alike. */
export function setMembers(ts: readonly Term[]): readonly Term[] {
  const seen = new Set<string>();
  const out = ts.filter((x) => {
    const id = writtenKeyId(x);
    if (id === undefined) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return out.length === ts.length ? ts : out;
}

function idsOf(ts: readonly Term[]): string[] | undefined {
  const out: string[] = [];
  for (const x of ts) {
    const id = writtenKeyId(x);
    if (id === undefined) return undefined;
    out.push(id);
  }
  return out;
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
