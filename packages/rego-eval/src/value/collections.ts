/**
 * Building and reading collections whatever their representation (plain object vs
 * RegoObject). Builtins and the evaluator share these so that key identity is always
 * `hashKey` and plain objects are always null-prototype.
 */
import { hashKey } from './hash.js';
import { RegoObject, RegoSet, isPlainObject, newPlainObject, ownGet, type ObjectValue, type PlainObject, type Value } from './types.js';

/** A set of the given values (deduplicated by Rego equality). */
export function newSet(values: Iterable<Value> = []): RegoSet {
  const s = new RegoSet();
  for (const v of values) s.add(v);
  return s;
}

export function setHas(s: RegoSet, v: Value): boolean {
  return s.has(v);
}

/**
 * Accumulates object entries and yields a plain object when every key is a string, else a
 * RegoObject. Later entries with an equal key replace earlier ones.
 */
export class ObjectBuilder {
  private plain: PlainObject | undefined = newPlainObject();
  private rich: RegoObject | undefined;

  set(k: Value, v: Value): void {
    if (this.plain && typeof k === 'string') {
      this.plain[k] = v;
      return;
    }
    if (!this.rich) {
      this.rich = new RegoObject();
      for (const key of Object.keys(this.plain!)) this.rich.set(key, this.plain![key]!, hashKey(key));
      this.plain = undefined;
    }
    this.rich.set(k, v, hashKey(k));
  }

  build(): ObjectValue {
    return this.plain ?? this.rich!;
  }
}

export function objectFromEntries(entries: Iterable<[Value, Value]>): ObjectValue {
  const b = new ObjectBuilder();
  for (const [k, v] of entries) b.set(k, v);
  return b.build();
}

/** Value at `key` (compared by Rego equality, so `1.0` finds `1`), or undefined. */
export function objectGet(o: ObjectValue, key: Value): Value | undefined {
  if (o instanceof RegoObject) return o.map.get(hashKey(key))?.[1];
  return typeof key === 'string' ? ownGet(o, key) : undefined;
}

export function objectSize(o: ObjectValue): number {
  return o instanceof RegoObject ? o.size : Object.keys(o).length;
}

/** Entries in insertion order (not Rego order). */
export function objectEntries(o: ObjectValue): Array<[Value, Value]> {
  if (o instanceof RegoObject) return [...o.map.values()];
  return Object.keys(o).map((k) => [k, o[k]!]);
}

export function objectKeys(o: ObjectValue): Value[] {
  if (o instanceof RegoObject) return [...o.map.values()].map((e) => e[0]);
  return Object.keys(o);
}

export function isPlain(o: ObjectValue): o is PlainObject {
  return isPlainObject(o as Value);
}
