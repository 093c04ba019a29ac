import { compareStrings, parseDecimal, sortedKeys } from './compare.js';
import { KIND, RegoNumber, RegoObject, RegoSet, type PlainObject, type Value } from './types.js';

/**
 * A string that is equal for two values iff they are equal in Rego (`1` and `1.0` share a
 * key). Strings hash to themselves (the common case costs nothing); every other kind starts
 * with NUL, and a string that itself starts with NUL is prefixed to stay distinct.
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

function canonical(v: Value): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return 'n' + numberKey(v);
    case 'boolean':
      return v ? 't' : 'f';
    default: {
      if (v === null) return 'z';
      if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
      const k = (v as { [KIND]?: string })[KIND];
      if (k === 'number') return 'n' + numberKey(v as RegoNumber);
      if (k === 'set') {
        const parts = [...(v as RegoSet).map.values()].map(canonical).sort(compareStrings);
        return '<' + parts.join(',') + '>';
      }
      if (k === 'object') {
        const parts = [...(v as RegoObject).map.values()].map(([a, b]) => canonical(a) + ':' + canonical(b)).sort(compareStrings);
        return '{' + parts.join(',') + '}';
      }
      // Same shape as RegoObject's so that equal objects hash equally whatever their class.
      const o = v as PlainObject;
      const parts = sortedKeys(o).map((key) => JSON.stringify(key) + ':' + canonical(o[key]!)).sort(compareStrings);
      return '{' + parts.join(',') + '}';
    }
  }
}
