import { parseDecimal } from './compare.js';
import { KIND, RegoNumber, RegoObject, RegoSet, type PlainObject, type Value } from './types.js';

/**
 * A string that is equal for two values iff they are equal in Rego (`1` and `1.0` share a
 * key). Strings hash to themselves (the common case costs nothing); every other kind starts
 * with NUL, and a string that itself starts with NUL is prefixed to stay distinct.
 *
 * The text of a composite is built for speed, not reading: strings inside it are
 * length-prefixed (no escaping), and set elements and object keys are written as their own
 * hash keys — for sets and `RegoObject`s those are the keys of their maps, so nothing is
 * recomputed — in plain code-unit order of those keys (any fixed order gives equal texts for
 * equal values; Rego's order would cost a comparator call per step).
 */
export function hashKey(v: Value): string {
  if (typeof v === 'string') return v.length > 0 && v.charCodeAt(0) === 0 ? '\0s' + v : v;
  return '\0' + canonical(v);
}

/** Canonical number text: integers in plain decimal, others as `digits e-scale` (exact). */
export function numberKey(n: number | RegoNumber): string {
  if (typeof n === 'number') {
    if (Number.isInteger(n) && Number.isSafeInteger(n)) return String(n);
    if (Number.isInteger(n)) return BigInt(n).toString();
    return decimalKey(String(n));
  }
  if (n.int !== undefined) return n.int.toString();
  return decimalKey(n.text);
}

/** `1.50`, `1.5`, `15e-1` → the same key. */
function decimalKey(text: string): string {
  const d = parseDecimal(text);
  if (!d) return text;
  let { digits, scale } = d;
  while (scale > 0 && digits % 10n === 0n) {
    digits /= 10n;
    scale--;
  }
  return scale === 0 ? digits.toString() : `${digits}e-${scale}`;
}

/**
 * A string, length-prefixed so that it needs no delimiter: the length as one UTF-16 unit
 * (cheaper than its decimal text), or U+FFFF, the decimal length and `:` when longer.
 */
function framed(hk: string): string {
  const n = hk.length;
  return n < 0xffff ? String.fromCharCode(n) + hk : '\uffff' + n + ':' + hk;
}

/** Sorts a few strings in place (insertion sort: object keys are mostly few). */
function sortStrings(a: string[]): string[] {
  if (a.length > 8) return a.sort();
  for (let i = 1; i < a.length; i++) {
    const x = a[i]!;
    let j = i - 1;
    for (; j >= 0 && a[j]! > x; j--) a[j + 1] = a[j]!;
    a[j + 1] = x;
  }
  return a;
}

function canonical(v: Value): string {
  switch (typeof v) {
    case 'string':
      return '"' + framed(v);
    case 'number':
      return 'n' + numberKey(v);
    case 'boolean':
      return v ? 't' : 'f';
    default: {
      if (v === null) return 'z';
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) s += canonical(v[i]!) + ',';
        return s + ']';
      }
      const k = (v as { [KIND]?: string })[KIND];
      if (k === 'number') return 'n' + numberKey(v as RegoNumber);
      if (k === 'set') {
        const keys = sortStrings([...(v as RegoSet).map.keys()]);
        let s = '<';
        for (const hk of keys) s += framed(hk);
        return s + '>';
      }
      // Objects: entries by their keys' hash keys; equal objects hash equally whatever their class.
      let s = '{';
      if (k === 'object') {
        const m = (v as RegoObject).map;
        for (const hk of sortStrings([...m.keys()])) s += framed(hk) + canonical(m.get(hk)![1]) + ',';
      } else {
        const o = v as PlainObject;
        // Sorting raw keys orders them as their hash keys ('\0s' + k keeps NUL-led keys first).
        for (const key of sortStrings(Object.keys(o))) s += framed(hashKey(key)) + canonical(o[key]!) + ',';
      }
      return s + '}';
    }
  }
}
