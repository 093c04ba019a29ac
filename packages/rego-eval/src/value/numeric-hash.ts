import { KIND, type PlainObject, type RegoNumber, type RegoObject, type RegoSet, type Value } from './types.js';

/**
 * A 32-bit structural hash, equal for values that are equal in Rego (`1` and `1.0` alike),
 * computed without building a string. Collisions are expected: callers confirm with `equal`.
 * Objects and sets combine their entries with a sum, so no key order is needed.
 */
export function valueHash(v: Value): number {
  switch (typeof v) {
    case 'string':
      return stringHash(v);
    case 'number':
      return numberHash(v);
    case 'boolean':
      return v ? 0x2f1b9c31 : 0x5a3e0d77;
    default: {
      if (v === null) return 0x1d8e4b2f;
      if (Array.isArray(v)) {
        let h = 0x3c6ef372 ^ v.length;
        for (let i = 0; i < v.length; i++) h = Math.imul(h ^ valueHash(v[i]!), 0x01000193);
        return fmix(h);
      }
      const k = (v as { [KIND]?: string })[KIND];
      if (k === 'number') return numberHash((v as RegoNumber).f);
      if (k === 'set') return (v as RegoSet).contentHash();
      let h = 0;
      if (k === 'object') {
        for (const [key, val] of (v as RegoObject).map.values()) h = (h + entryHash(valueHash(key), val)) | 0;
      } else {
        const o = v as PlainObject;
        for (const key of Object.keys(o)) h = (h + entryHash(stringHash(key), o[key]!)) | 0;
      }
      return fmix(h ^ 0x7f4a7c15);
    }
  }
}

/** Order-free sum of element hashes, as a set's hash. */
export function setHashOf(elementHashes: number): number {
  return fmix(elementHashes ^ 0x6a09e667);
}

function entryHash(kh: number, v: Value): number {
  return fmix(Math.imul(kh, 0x9e3779b1) ^ valueHash(v));
}

function stringHash(s: string): number {
  let h = 0x811c9dc5 ^ s.length;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix(h);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** By the nearest float64: equal numbers (whatever their spelling) share it. */
function numberHash(n: number): number {
  if ((n | 0) === n) return fmix(n ^ 0x243f6a88); // also maps -0 to 0
  f64[0] = n;
  return fmix(Math.imul(u32[0]!, 0x85ebca6b) ^ u32[1]! ^ 0x243f6a88);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
