import { utf8 } from './bytes.js';
import { KIND, RegoNumber, RegoObject, RegoSet, type PlainObject, type Value } from './types.js';

/** Cross-type order rank: null < boolean < number < string < array < object < set (§3.14). */
function rank(v: Value): number {
  switch (typeof v) {
    case 'boolean':
      return 1;
    case 'number':
      return 2;
    case 'string':
      return 3;
    default: {
      if (v === null) return 0;
      if (Array.isArray(v)) return 4;
      const k = (v as { [KIND]?: string })[KIND];
      return k === 'set' ? 6 : k === 'number' ? 2 : 5;
    }
  }
}

/**
 * Go compares strings by UTF-8 bytes; JS `<` compares UTF-16 units. They agree except when
 * a surrogate (U+D800–DFFF, i.e. a code point ≥ U+10000) meets a unit in U+E000–U+FFFF, or
 * a raw byte (U+DC80–U+DCFF, see value/bytes.ts) meets a non-ASCII unit.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x < 0xd800 && y < 0xd800 ? x - y : compareHighUnits(a, b, i, x, y);
  }
  return a.length - b.length;
}

/** The first differing units `x`, `y` at `i`, one of them a surrogate or above. */
function compareHighUnits(a: string, b: string, i: number, x: number, y: number): number {
  if (isRawByteUnit(x) || isRawByteUnit(y)) return x < 0x80 || y < 0x80 ? x - y : compareBytesFrom(a, b, i);
  if (x < 0xd800 || y < 0xd800) return x - y;
  // Move surrogates above the U+E000–U+FFFF block to get code-point (= UTF-8) order.
  const fx = x <= 0xdfff ? x + 0x2000 : x - 0x800;
  const fy = y <= 0xdfff ? y + 0x2000 : y - 0x800;
  return fx - fy;
}

/** A unit that may be a raw byte of invalid UTF-8 (value/bytes.ts: byte b is U+DC00+b). */
function isRawByteUnit(c: number): boolean {
  return c >= 0xdc80 && c <= 0xdcff;
}

/**
 * Byte order of strings equal before unit `i`, where a raw byte may be involved (a rare,
 * slow path): compare their UTF-8 bytes from the code point holding unit `i`.
 */
function compareBytesFrom(a: string, b: string, i: number): number {
  const hi = i > 0 ? a.charCodeAt(i - 1) : 0;
  const start = hi >= 0xd800 && hi <= 0xdbff ? i - 1 : i;
  const x = utf8(a.slice(start));
  const y = utf8(b.slice(start));
  const n = Math.min(x.length, y.length);
  for (let j = 0; j < n; j++) if (x[j] !== y[j]) return x[j]! - y[j]!;
  return x.length - y.length;
}

/** Exact comparison of two numbers, whichever representation. */
export function compareNumbers(a: number | RegoNumber, b: number | RegoNumber): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const fa = typeof a === 'number' ? a : a.f;
  const fb = typeof b === 'number' ? b : b.f;
  if (fa < fb) return -1;
  if (fa > fb) return 1;
  // Equal as floats: decide exactly when both are integral.
  const ia = typeof a === 'number' ? (Number.isInteger(a) ? BigInt(a) : undefined) : a.int;
  const ib = typeof b === 'number' ? (Number.isInteger(b) ? BigInt(b) : undefined) : b.int;
  if (ia !== undefined && ib !== undefined) return ia < ib ? -1 : ia > ib ? 1 : 0;
  return compareDecimalTexts(numberText(a), numberText(b));
}

function numberText(n: number | RegoNumber): string {
  return typeof n === 'number' ? String(n) : n.text;
}

/** Compares decimal texts (with optional exponent) exactly, via scaled bigints. */
function compareDecimalTexts(a: string, b: string): number {
  const da = parseDecimal(a);
  const db = parseDecimal(b);
  if (!da || !db) return 0;
  const scale = Math.max(da.scale, db.scale);
  const x = da.digits * 10n ** BigInt(scale - da.scale);
  const y = db.digits * 10n ** BigInt(scale - db.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `digits / 10^scale`. Exponents beyond a sane range are clamped by callers' float checks. */
export function parseDecimal(text: string): { digits: bigint; scale: number } | undefined {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const [, sign, ip = '', fp = '', ex] = m;
  let scale = fp.length - (ex ? Number(ex) : 0);
  let digits = BigInt((sign ?? '') + (ip + fp || '0'));
  if (scale < 0) {
    if (-scale > 100_000) return undefined;
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  if (scale > 100_000) return undefined;
  return { digits, scale };
}

function comparePlainObjects(a: PlainObject, b: PlainObject): number {
  return compareKeyed(a, sortedKeys(a), b, sortedKeys(b));
}

/** Plain objects with their keys already sorted. */
function compareKeyed(a: PlainObject, ka: string[], b: PlainObject, kb: string[]): number {
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const c = compareStrings(ka[i]!, kb[i]!);
    if (c !== 0) return c;
    const d = compare(a[ka[i]!]!, b[kb[i]!]!);
    if (d !== 0) return d;
  }
  return ka.length - kb.length;
}

const keyCache = new WeakMap<object, string[]>();
/** Objects with more keys than this have their sorted keys cached. */
const CACHE_KEYS_ABOVE = 16;

/**
 * Keys of a plain object in Rego order (UTF-8 byte order). Cached per object when it has
 * many keys: a WeakMap entry for every small object built or parsed during an evaluation
 * costs far more (insertion, then ephemeron work in each GC) than sorting its few keys again.
 * Callers must not mutate the result.
 */
export function sortedKeys(o: PlainObject): string[] {
  let ks = keyCache.get(o);
  if (ks) return ks;
  ks = Object.keys(o);
  if (ks.length <= CACHE_KEYS_ABOVE) return insertionSort(ks);
  ks.sort(compareStrings);
  keyCache.set(o, ks);
  return ks;
}

function insertionSort(a: string[]): string[] {
  for (let i = 1; i < a.length; i++) {
    const x = a[i]!;
    let j = i - 1;
    for (; j >= 0 && compareStrings(a[j]!, x) > 0; j--) a[j + 1] = a[j]!;
    a[j + 1] = x;
  }
  return a;
}

/** Entries of any object in Rego order. */
export function objectEntriesSorted(o: PlainObject | RegoObject): Array<[Value, Value]> {
  if (o instanceof RegoObject) return o.sorted(compare);
  return sortedKeys(o).map((k) => [k, o[k]!]);
}

/**
 * Sorts `vs` in place in Rego order. Plain objects (the elements of most sets of objects)
 * have their keys sorted once each instead of twice per comparison.
 */
export function sortValues(vs: Value[]): Value[] {
  const n = vs.length;
  if (n < 2) return vs;
  for (let i = 0; i < n; i++) {
    const v = vs[i]!;
    if (typeof v !== 'object' || v === null || Array.isArray(v) || (v as { [KIND]?: string })[KIND] !== undefined) return vs.sort(compare);
  }
  const os = vs as PlainObject[];
  const keyed = os.map((o) => ({ o, ks: sortedKeys(o) }));
  keyed.sort((x, y) => compareKeyed(x.o, x.ks, y.o, y.ks));
  for (let i = 0; i < n; i++) vs[i] = keyed[i]!.o;
  return vs;
}

/** Rego's total order over all values (§3.14). Equality is `compare(a, b) === 0`. */
export function compare(a: Value, b: Value): number {
  if (a === b) return 0;
  const ta = typeof a;
  if (ta === 'string' && typeof b === 'string') return compareStrings(a as string, b);
  if (ta === 'number' && typeof b === 'number') return (a as number) < b ? -1 : (a as number) > b ? 1 : 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return a === b ? 0 : a === false ? -1 : 1;
    case 2:
      return compareNumbers(a as number | RegoNumber, b as number | RegoNumber);
    case 4: {
      const x = a as Value[];
      const y = b as Value[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compare(x[i]!, y[i]!);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case 5: {
      if (!(a instanceof RegoObject) && !(b instanceof RegoObject)) {
        return comparePlainObjects(a as PlainObject, b as PlainObject);
      }
      const ea = objectEntriesSorted(a as PlainObject | RegoObject);
      const eb = objectEntriesSorted(b as PlainObject | RegoObject);
      const n = Math.min(ea.length, eb.length);
      for (let i = 0; i < n; i++) {
        const c = compare(ea[i]![0], eb[i]![0]) || compare(ea[i]![1], eb[i]![1]);
        if (c !== 0) return c;
      }
      return ea.length - eb.length;
    }
    case 6: {
      const x = (a as RegoSet).sorted(compare);
      const y = (b as RegoSet).sorted(compare);
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compare(x[i]!, y[i]!);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
  }
  return 0;
}

/**
 * Rego equality, `compare(a, b) === 0` without ordering anything: arrays and plain objects
 * are compared member by member (no key sorting), other cases go to `compare`.
 */
export function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  switch (typeof a) {
    case 'string':
    case 'boolean':
      return false;
    case 'number':
      return typeof b === 'object' && b !== null && compare(a, b) === 0;
  }
  if (a === null || typeof b !== 'object' || b === null) return typeof b === 'number' && compare(a, b) === 0;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i]!, b[i]!)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if ((a as { [KIND]?: string })[KIND] === undefined && (b as { [KIND]?: string })[KIND] === undefined) {
    const pa = a as PlainObject;
    const pb = b as PlainObject;
    const ka = Object.keys(pa);
    if (ka.length !== Object.keys(pb).length) return false;
    for (let i = 0; i < ka.length; i++) {
      const key = ka[i]!;
      if (!hasOwn.call(pb, key) || !equal(pa[key]!, pb[key]!)) return false;
    }
    return true;
  }
  return compare(a, b) === 0;
}

const hasOwn = Object.prototype.hasOwnProperty;
