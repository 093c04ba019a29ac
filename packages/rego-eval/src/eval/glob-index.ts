/**
 * What rule indexing may assume about `glob.match(pattern, delimiters, s)` with a constant
 * pattern and delimiters. When the pattern has only literal characters, `*` and `?` between
 * its delimiters, neither wildcard can match a delimiter, so a string matches only if split at
 * the delimiters it has as many parts as the pattern, and each purely literal part of the
 * pattern equals the string's part at the same position. Anything else (`**`, classes,
 * alternatives, escapes, no delimiters) is not indexed: the rule stays a candidate.
 */
import type { Value } from '../value/types.js';

export interface GlobConditions {
  /** The delimiter code points, sorted and joined. */
  seps: string;
  /** (part index, literal) pairs, and (-1, number of parts). */
  parts: Array<[number, Value]>;
}

const SURROGATE = /[\uD800-\uDFFF]/;
/** Characters that make a pattern more than literals, `*` and `?` (conservatively). */
const SPECIAL = /[\\[\]{}]/;

/** The delimiters as glob.match reads them; undefined when not indexable or invalid. */
function delimiterSet(delims: Value): string | undefined {
  if (!Array.isArray(delims)) return undefined; // null: no delimiters, `*` matches anything
  const cps = new Set<string>();
  for (const d of delims) {
    if (typeof d !== 'string' || SURROGATE.test(d)) return undefined;
    const chars = Array.from(d);
    if (chars.length !== 1) return undefined; // a type error at run time: let the body report it
    cps.add(chars[0]!);
  }
  if (cps.size === 0) cps.add('.');
  return [...cps].sort().join('');
}

export function globConditions(pattern: Value, delims: Value): GlobConditions | undefined {
  if (typeof pattern !== 'string' || SPECIAL.test(pattern) || SURROGATE.test(pattern)) return undefined;
  const seps = delimiterSet(delims);
  if (seps === undefined) return undefined;
  const segments = splitAtDelimiters(pattern, seps);
  const parts: Array<[number, Value]> = [[-1, segments.length]];
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s.includes('**')) return undefined;
    if (!s.includes('*') && !s.includes('?')) parts.push([i, s]);
  }
  return { seps, parts };
}

/** `s` split at every occurrence of any of the code points in `seps`. */
export function splitAtDelimiters(s: string, seps: string): string[] {
  if (seps.length === 1) return s.split(seps);
  const out: string[] = [];
  let cur = '';
  for (const c of s) {
    if (seps.includes(c)) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Strings the split cannot speak for (lone surrogates: how the matcher reads them is its own business). */
export function splittable(s: string): boolean {
  return !SURROGATE.test(s);
}
