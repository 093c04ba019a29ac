/** object.* builtins (v1/topdown/object.go, subset.go). */
import { compare, equal } from '../value/compare.js';
import { ObjectBuilder, newSet, objectEntries, objectGet, objectSize } from '../value/collections.js';
import { hashKey } from '../value/hash.js';
import { arrayIndex } from '../value/number.js';
import { RegoSet, type ObjectValue, type Value } from '../value/types.js';
import { arr, isNum, isObj, obj } from './args.js';
import { BuiltinError } from './contract.js';
import { elemErr, typeErr } from './errors.js';
import type { BuiltinTable } from './registry.js';

/** Keys given as an array, set or object (its keys): OPA's getObjectKeysParam. */
function keySet(v: Value): RegoSet {
  if (Array.isArray(v)) return newSet(v);
  if (v instanceof RegoSet) return v;
  if (isObj(v)) return newSet(objectEntries(v).map((e) => e[0]));
  throw typeErr(2, v, 'object', 'set', 'array');
}

/** Recursive merge; on conflict b wins unless both values are objects. */
export function mergeObjects(a: ObjectValue, b: ObjectValue): ObjectValue {
  const out = new ObjectBuilder();
  for (const [k, v] of objectEntries(a)) {
    const bv = objectGet(b, k);
    if (bv === undefined) out.set(k, v);
    else if (isObj(v) && isObj(bv)) out.set(k, mergeObjects(v, bv));
    else out.set(k, bv);
  }
  for (const [k, v] of objectEntries(b)) if (objectGet(a, k) === undefined) out.set(k, v);
  return out.build();
}

/** Walks a path through objects (keys), arrays (integer indexes) and sets (members). */
export function findPath(v: Value, path: Value[]): Value | undefined {
  let cur: Value = v;
  for (const p of path) {
    if (Array.isArray(cur)) {
      const i = isNum(p) ? arrayIndex(p) : undefined;
      if (i === undefined || i < 0 || i >= cur.length) return undefined;
      cur = cur[i]!;
    } else if (cur instanceof RegoSet) {
      if (!cur.hasKey(hashKey(p))) return undefined;
      cur = p;
    } else if (isObj(cur)) {
      const n = objectGet(cur, p);
      if (n === undefined) return undefined;
      cur = n;
    } else return undefined;
  }
  return cur;
}

function arraySubset(sup: Value[], sub: Value[]): boolean {
  if (sub.length > sup.length) return false;
  let supCursor = 0;
  let subCursor = 0;
  for (;;) {
    if (subCursor === sub.length) return true;
    if (supCursor + subCursor === sup.length) return false;
    if (equal(sup[supCursor + subCursor]!, sub[subCursor]!)) subCursor++;
    else {
      supCursor++;
      subCursor = 0;
    }
  }
}

function setSubset(sup: RegoSet, sub: RegoSet): boolean {
  for (const k of sub.map.keys()) if (!sup.hasKey(k)) return false;
  return true;
}

function objectSubset(sup: ObjectValue, sub: ObjectValue): boolean {
  for (const [k, sv] of objectEntries(sub)) {
    const pv = objectGet(sup, k);
    if (pv === undefined) return false;
    if (equal(sv, pv)) continue;
    if (isObj(pv) && isObj(sv)) {
      if (!objectSubset(pv, sv)) return false;
    } else if (pv instanceof RegoSet && sv instanceof RegoSet) {
      if (!setSubset(pv, sv)) return false;
    } else if (Array.isArray(pv) && Array.isArray(sv)) {
      if (!arraySubset(pv, sv)) return false;
    } else return false;
  }
  return true;
}

export const objectBuiltins: BuiltinTable = {
  'object.get'(args) {
    const o = obj(args, 0);
    const key = args[1]!;
    const dflt = args[2]!;
    // A present value is returned even when it is null or false.
    const found = Array.isArray(key) ? (key.length === 0 ? o : findPath(o, key)) : objectGet(o, key);
    return found === undefined ? dflt : found;
  },
  'object.keys'(args) {
    const o = obj(args, 0);
    return newSet(objectEntries(o).map((e) => e[0]));
  },
  'object.remove'(args) {
    const o = obj(args, 0);
    const keys = keySet(args[1]!);
    const out = new ObjectBuilder();
    for (const [k, v] of objectEntries(o)) if (!keys.hasKey(hashKey(k))) out.set(k, v);
    return out.build();
  },
  'object.filter'(args) {
    const o = obj(args, 0);
    const keys = keySet(args[1]!);
    const out = new ObjectBuilder();
    for (const [k, v] of objectEntries(o)) if (keys.hasKey(hashKey(k))) out.set(k, v);
    return out.build();
  },
  'object.union'(args) {
    const a = obj(args, 0);
    const b = obj(args, 1);
    if (objectSize(a) === 0) return b;
    if (objectSize(b) === 0) return a;
    if (compare(a, b) === 0) return a;
    return mergeObjects(a, b);
  },
  'object.union_n'(args) {
    const a = arr(args, 0);
    for (const e of a) if (!isObj(e)) throw elemErr(1, a, e, 'object');
    let acc: ObjectValue = new ObjectBuilder().build();
    for (const e of a as ObjectValue[]) acc = objectSize(acc) === 0 ? e : mergeObjects(acc, e);
    return acc;
  },
  'object.subset'(args) {
    const [sup, sub] = args as [Value, Value];
    if (isObj(sup) && isObj(sub)) return objectSubset(sup, sub);
    if (sup instanceof RegoSet && sub instanceof RegoSet) return setSubset(sup, sub);
    if (Array.isArray(sup) && Array.isArray(sub)) return arraySubset(sup, sub);
    if (Array.isArray(sup) && sub instanceof RegoSet) {
      let unmatched = sub.size;
      if (unmatched === 0) return sup.length > 0 ? true : false;
      for (const e of sup) {
        if (sub.hasKey(hashKey(e))) unmatched--;
        if (unmatched === 0) return true;
      }
      return false;
    }
    throw new BuiltinError('eval_type_error', 'both arguments object.subset must be of the same type or array and set');
  },
};
