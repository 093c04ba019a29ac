/** Value helpers the evaluator needs: lookup by key, path replacement, deep merge. */
import { equal } from '../value/compare.js';
import { hashKey } from '../value/hash.js';
import { arrayIndex } from '../value/number.js';
import { RegoNumber, RegoObject, RegoSet, newPlainObject, ownGet, type PlainObject, type Value } from '../value/types.js';

/** `v[key]` for any collection; undefined when absent or of the wrong kind. */
export function lookup(v: Value, key: Value): Value | undefined {
  if (Array.isArray(v)) {
    const i = typeof key === 'number' || key instanceof RegoNumber ? arrayIndex(key) : undefined;
    if (i === undefined || i < 0 || i >= v.length) return undefined;
    return v[i];
  }
  if (typeof v !== 'object' || v === null) return undefined;
  if (v instanceof RegoSet) return v.has(key) ? key : undefined;
  if (v instanceof RegoObject) return v.map.get(hashKey(key))?.[1];
  if (v instanceof RegoNumber) return undefined;
  return typeof key === 'string' ? ownGet(v as PlainObject, key) : undefined;
}

/** A copy of `v` with `path` set to `x` (objects created or replaced as needed). */
export function setPath(v: Value | undefined, path: string[], x: Value): Value {
  if (path.length === 0) return x;
  const out = newPlainObject();
  if (v !== undefined && v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RegoSet) && !(v instanceof RegoNumber) && !(v instanceof RegoObject)) {
    for (const key of Object.keys(v)) out[key] = (v as PlainObject)[key]!;
  }
  const [h, ...rest] = path;
  out[h!] = setPath(ownGet(out, h!), rest, x);
  return out;
}

export function isPlainObj(v: Value): v is PlainObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegoSet) && !(v instanceof RegoNumber) && !(v instanceof RegoObject);
}

/** Deep merge of two objects; undefined when they conflict. */
export function mergeValues(a: Value, b: Value): Value | undefined {
  if (!isPlainObj(a) || !isPlainObj(b)) return equal(a, b) ? a : undefined;
  const out = newPlainObject();
  for (const key of Object.keys(a)) out[key] = a[key]!;
  for (const key of Object.keys(b)) {
    const prev = ownGet(out, key);
    if (prev === undefined) out[key] = b[key]!;
    else {
      const m = mergeValues(prev, b[key]!);
      if (m === undefined) return undefined;
      out[key] = m;
    }
  }
  return out;
}

