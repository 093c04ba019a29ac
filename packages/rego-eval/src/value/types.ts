import { compare as compareValues, equal, sortValues } from './compare.js';
import { hashKey } from './hash.js';
import { setHashOf, valueHash } from './numeric-hash.js';

/**
 * Rego values at run time, designed so that JSON input is used as-is (no conversion):
 *
 * | Rego      | JS representation                                                        |
 * |-----------|--------------------------------------------------------------------------|
 * | null      | `null`                                                                   |
 * | boolean   | `true` / `false`                                                         |
 * | number    | a JS `number`, or a `RegoNumber` when a JS number cannot represent it    |
 * |           | exactly (big integers, long decimals) or the spelling must be kept (1.0) |
 * | string    | a JS `string`                                                            |
 * | array     | a JS `Array` of values                                                   |
 * | object    | a plain JS object when every key is a string (JSON input, most literals) |
 * |           | — always read with own-property checks, see `ownGet` — or a `RegoObject` |
 * |           | when some key is not a string                                            |
 * | set       | a `RegoSet`                                                              |
 *
 * `undefined` (the JS value) stands for Rego's *undefined*: it is never stored inside a value.
 * Values are immutable once built: builtins and the evaluator never mutate their inputs.
 */
export type Value = null | boolean | number | string | RegoNumber | Value[] | PlainObject | RegoObject | RegoSet;

/** A string-keyed object. Created with a null prototype by us; JSON.parse objects also qualify. */
export interface PlainObject {
  [key: string]: Value;
}

export type ObjectValue = PlainObject | RegoObject;

/** Distinguishes our classes from plain objects with one property read. */
export const KIND: unique symbol = Symbol.for('rego-ts.kind');

/**
 * A number JS cannot hold exactly, or whose literal spelling must be preserved.
 * `int` is set for integral values (exact), `f` is the nearest float64 for fast comparisons.
 */
export class RegoNumber {
  readonly [KIND] = 'number' as const;
  constructor(
    /** The text printed in JSON output (the literal spelling, or a canonical rendering). */
    readonly text: string,
    /** Exact value when integral. */
    readonly int: bigint | undefined,
    /** Nearest float64. */
    readonly f: number,
  ) {}
  toJSON(): number {
    return this.f;
  }
}

/** Where `RegoSet` keeps elements whose numeric hashes collide (never a `Value`). */
class Bucket {
  constructor(readonly items: Value[]) {}
}

/**
 * A set of values with value-based membership (`{1, 1.0}` has one element). Up to
 * `LINEAR_MAX` elements it is a plain list searched with `===` / `equal` (most sets built
 * during an evaluation are small, and hashing their elements — objects, tuples — costs more
 * than a few comparisons that mostly fail on their first field). Past that, strings are
 * looked up by themselves and other values by `valueHash`, confirmed with `equal`, so adding
 * or finding an element builds no string. `map` (hashKey → element) is built on demand.
 */
export class RegoSet {
  readonly [KIND] = 'set' as const;
  /** Elements in insertion order; use `sorted()` for Rego's iteration order. */
  private readonly elems: Value[] = [];
  /** Once large: a string element by itself; any other by its numeric hash → element or Bucket. */
  private index: Map<string | number, Value | Bucket> | undefined = undefined;
  private sortedCache: Value[] | undefined = undefined;
  private keyed: Map<string, Value> | undefined = undefined;
  private hashCache: number | undefined = undefined;
  /**
   * Set by the evaluator on a set literal whose members OPA iterates in another order than
   * Rego's, or more than once (see compiler/set-order.ts); iteration walks it instead.
   */
  termOrder: Value[] | undefined = undefined;
  constructor(map?: Map<string, Value>) {
    if (map) for (const v of map.values()) this.add(v);
  }
  get size(): number {
    return this.elems.length;
  }
  /** Elements in insertion order (not Rego order); callers must not mutate it. */
  values(): readonly Value[] {
    return this.elems;
  }
  /** hashKey → element, built on first use. */
  get map(): Map<string, Value> {
    if (!this.keyed) {
      const m = new Map<string, Value>();
      for (const v of this.elems) m.set(hashKey(v), v);
      this.keyed = m;
    }
    return this.keyed;
  }
  /** Adds during construction only (sets are immutable once shared). `_key` is unused. */
  add(v: Value, _key?: string): void {
    const index = this.index;
    if (index === undefined) {
      if (this.linearHas(v)) return;
      if (this.elems.length === LINEAR_MAX) {
        const m = indexOf(this.elems);
        indexAdd(m, v);
        this.index = m;
      }
    } else if (!indexAdd(index, v)) return;
    this.elems.push(v);
    this.sortedCache = undefined;
    this.keyed = undefined;
    this.hashCache = undefined;
  }
  /** Membership by Rego equality. */
  has(v: Value): boolean {
    const index = this.index;
    if (index === undefined) return this.linearHas(v);
    if (typeof v === 'string') return index.has(v);
    const cur = index.get(valueHash(v));
    if (cur === undefined) return false;
    if (cur instanceof Bucket) {
      for (const x of cur.items) if (equal(x, v)) return true;
      return false;
    }
    return equal(cur, v);
  }
  private linearHas(v: Value): boolean {
    const es = this.elems;
    if (typeof v === 'string') {
      for (let i = 0; i < es.length; i++) if (es[i] === v) return true;
      return false;
    }
    for (let i = 0; i < es.length; i++) {
      const x = es[i]!;
      if (x === v || (typeof x !== 'string' && equal(x, v))) return true;
    }
    return false;
  }
  /** Membership by hashKey. */
  hasKey(key: string): boolean {
    return this.map.has(key);
  }
  /** The set's `valueHash` (an order-free sum over its elements) — cached. */
  contentHash(): number {
    if (this.hashCache === undefined) {
      let h = 0;
      for (const v of this.elems) h = (h + valueHash(v)) | 0;
      this.hashCache = setHashOf(h);
    }
    return this.hashCache;
  }
  /** Elements in Rego's total order (§3.14) — cached. */
  sorted(compare: (a: Value, b: Value) => number): Value[] {
    if (!this.sortedCache) this.sortedCache = compare === compareValues ? sortValues(this.elems.slice()) : this.elems.slice().sort(compare);
    return this.sortedCache;
  }
}

/** Sets up to this size are searched linearly (no hashing, no index). */
const LINEAR_MAX = 8;

function indexOf(elems: readonly Value[]): Map<string | number, Value | Bucket> {
  const m = new Map<string | number, Value | Bucket>();
  for (const v of elems) indexAdd(m, v);
  return m;
}

/** Adds `v` to a hash index; false when an equal element is already there. */
function indexAdd(index: Map<string | number, Value | Bucket>, v: Value): boolean {
  if (typeof v === 'string') {
    if (index.has(v)) return false;
    index.set(v, v);
    return true;
  }
  const h = valueHash(v);
  const cur = index.get(h);
  if (cur === undefined) index.set(h, v);
  else if (cur instanceof Bucket) {
    for (const x of cur.items) if (equal(x, v)) return false;
    cur.items.push(v);
  } else {
    if (equal(cur, v)) return false;
    index.set(h, new Bucket([cur, v]));
  }
  return true;
}

/** An object with at least one non-string key. Keys compared by value. */
export class RegoObject {
  readonly [KIND] = 'object' as const;
  /** hashKey(key) → [key, value]. */
  readonly map: Map<string, [Value, Value]>;
  private sortedCache: Array<[Value, Value]> | undefined;
  constructor(map?: Map<string, [Value, Value]>) {
    this.map = map ?? new Map();
  }
  get size(): number {
    return this.map.size;
  }
  set(k: Value, v: Value, key: string): void {
    this.map.set(key, [k, v]);
    this.sortedCache = undefined;
  }
  sorted(compare: (a: Value, b: Value) => number): Array<[Value, Value]> {
    if (!this.sortedCache) this.sortedCache = [...this.map.values()].sort((a, b) => compare(a[0], b[0]));
    return this.sortedCache;
  }
}

export type TypeName = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'set';

/** The Rego type of a value (the names `type_name` returns). */
export function typeOf(v: Value): TypeName {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      if (v === null) return 'null';
      if (Array.isArray(v)) return 'array';
      return ((v as { [KIND]?: TypeName })[KIND] ?? 'object') as TypeName;
  }
}

export function isSet(v: Value): v is RegoSet {
  return v instanceof RegoSet;
}
export function isRegoNumber(v: Value): v is RegoNumber {
  return v instanceof RegoNumber;
}
export function isNumber(v: Value): v is number | RegoNumber {
  return typeof v === 'number' || v instanceof RegoNumber;
}
/** Plain or RegoObject. */
export function isObject(v: Value): v is ObjectValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { [KIND]?: string })[KIND] !== 'set' && (v as { [KIND]?: string })[KIND] !== 'number';
}
export function isPlainObject(v: Value): v is PlainObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { [KIND]?: string })[KIND] === undefined;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Own-property read: `__proto__`, `constructor`, `toString` are plain data keys. */
export function ownGet(o: PlainObject, key: string): Value | undefined {
  // One property read in the common case: values are never functions, so only a function
  // (an inherited method) or the `__proto__` accessor can come from the prototype.
  const v = o[key];
  if (v === undefined || (typeof v !== 'function' && key !== '__proto__')) return v;
  return hasOwn.call(o, key) ? v : undefined;
}

/** A fresh string-keyed object with no prototype (so no inherited keys can leak). */
export function newPlainObject(): PlainObject {
  return Object.create(null) as PlainObject;
}
