/** Reading Rego result values (plain JSON or rego-eval's Set/Object/Number classes). */
import { RegoNumber, RegoObject, RegoSet, compare, hashKey, ownGet, type Value } from '@rego-ts/rego-eval';

/** The elements of a set (or array) result. */
export function elementsOf(v: unknown): unknown[] {
  if (v instanceof RegoSet) return [...v.map.values()];
  if (Array.isArray(v)) return v;
  return [];
}

/** Field `key` of an object value, or undefined. */
export function fieldOf(v: unknown, key: string): unknown {
  if (v instanceof RegoObject) return v.map.get(hashKey(key))?.[1];
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegoSet) && !(v instanceof RegoNumber)) {
    return ownGet(v as Record<string, Value>, key);
  }
  return undefined;
}

/** JSON-compatible plain value (sets → sorted arrays, non-string keys → their JSON text). */
export function toPlainJSON(v: unknown): unknown {
  if (v instanceof RegoSet) return v.sorted(compare).map(toPlainJSON);
  if (v instanceof RegoNumber) return v.f;
  if (v instanceof RegoObject) {
    const out: Record<string, unknown> = {};
    for (const [k, val] of v.sorted(compare)) out[typeof k === 'string' ? k : JSON.stringify(toPlainJSON(k))] = toPlainJSON(val);
    return out;
  }
  if (Array.isArray(v)) return v.map(toPlainJSON);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      Object.defineProperty(out, k, { value: toPlainJSON((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}

/** Identity of a value for de-duplication. */
export function valueKey(v: unknown): string {
  return hashKey(v as Value);
}
