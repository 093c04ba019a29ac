/**
 * String builtins (v1/topdown/strings.go). Indexes, lengths and case mapping work on code
 * points as Go does on runes. Raw bytes of invalid UTF-8 (U+DC80–U+DCFF, value/bytes.ts) are
 * U+FFFD where Go converts to runes (`[]rune(s)`, strings.Map, range loops) and bytes where Go
 * works on bytes: a pattern holding raw bytes is matched on the UTF-8 bytes (it may match part
 * of a character, as in Go); a valid pattern matches the same either way.
 */
import { bfTrunc } from '../value/bigfloat.js';
import { compare } from '../value/compare.js';
import { objectEntries } from '../value/collections.js';
import { toBigFloat, toInt } from '../value/number.js';
import { RegoNumber, RegoSet, typeOf, type Value } from '../value/types.js';
import { valueToRegoText } from '../value/json.js';
import { int, num, obj, str, strings } from './args.js';
import { fail, operandErr, typeErr } from './errors.js';
import { BuiltinError } from './contract.js';
import type { BuiltinTable } from './registry.js';
import { byteString, cpArray, cpIndex, cpLength, fromByteString, fromUtf8, hasRawBytes, hasSurrogates, joinBytes, utf8 } from './strutil.js';
import { wellFormed } from '../value/quote.js';

/** A string, array of strings or set of strings operand (any_prefix_match & co). */
function stringOrStrings(args: Value[], i: number): string[] {
  const v = args[i]!;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) || v instanceof RegoSet) return strings(args, i);
  throw typeErr(i + 1, v, 'string', 'set', 'array');
}

/** Go `unicode.ToLower/ToUpper` of one code point (simple case mapping). */
function mapRune(ch: string, upper: boolean): string {
  const r = upper ? ch.toUpperCase() : ch.toLowerCase();
  if (r.length === ch.length || cpLength(r) === 1) return r;
  // JS applied a multi-character (special-casing) mapping; Go uses the simple mapping.
  const cp = ch.codePointAt(0)!;
  if (!upper) return cp === 0x130 ? 'i' : ch;
  if ((cp >= 0x1f80 && cp <= 0x1f87) || (cp >= 0x1f90 && cp <= 0x1f97) || (cp >= 0x1fa0 && cp <= 0x1fa7)) return String.fromCodePoint(cp + 8);
  if (cp === 0x1fb3 || cp === 0x1fc3 || cp === 0x1ff3) return String.fromCodePoint(cp + 9);
  return ch;
}

function mapCase(s: string, upper: boolean): string {
  if (/^[\x00-\x7f]*$/.test(s)) return upper ? s.toUpperCase() : s.toLowerCase();
  let out = '';
  for (const ch of s) out += mapRune(ch, upper);
  return out;
}

/** Go `unicode.IsSpace`. */
const SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM_SPACE = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'g');

/** A lone surrogate (a raw byte) is the rune U+FFFD to Go's range loops. */
const asRune = (ch: string): string => (ch.length === 1 && ch >= '\ud800' && ch <= '\udfff' ? '\ufffd' : ch);

function cutsetHas(cutset: string): (ch: string) => boolean {
  if (cutset.length === 1 && asRune(cutset) === cutset && cutset !== '\ufffd') return (ch) => ch === cutset;
  // Go's strings.ContainsRune(cutset, RuneError) finds U+FFFD and any invalid byte alike.
  const set = new Set(cpArray(cutset).map(asRune));
  return (ch) => set.has(asRune(ch));
}

export function trimLeft(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const has = cutsetHas(cutset);
  const cps = cpArray(s);
  let i = 0;
  while (i < cps.length && has(cps[i]!)) i++;
  return i === 0 ? s : cps.slice(i).join('');
}

export function trimRight(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const has = cutsetHas(cutset);
  const cps = cpArray(s);
  let j = cps.length;
  while (j > 0 && has(cps[j - 1]!)) j--;
  return j === cps.length ? s : cps.slice(0, j).join('');
}

/** Go `strings.Count`. */
function countSubstr(s: string, sub: string): number {
  if (sub === '') return cpLength(s) + 1;
  let n = 0;
  let i = s.indexOf(sub);
  while (i >= 0) {
    n++;
    i = s.indexOf(sub, i + sub.length);
  }
  return n;
}

/**
 * Go `strings.NewReplacer(pairs...).Replace(s)`: at each position the first pair (in argument
 * order) whose old string matches wins; an empty old string matches everywhere except right
 * after an empty match. Go steps bytes, so with an empty pattern a multi-byte character is
 * split into raw bytes (held as U+DC80–U+DCFF, see strutil's fromUtf8).
 */
export function goReplace(s: string, pairs: Array<[string, string]>): string {
  if (pairs.some((p) => hasRawBytes(p[0]))) {
    const bytePairs = pairs.map(([o, n]): [string, string] => [byteString(o), byteString(n)]);
    return fromByteString(replaceUnits(byteString(s), bytePairs, true));
  }
  // Removing text between raw bytes may join them into a character (Go strings are bytes).
  const out = replaceUnits(s, pairs, false);
  return out === s ? s : joinBytes(out);
}

/** goReplace on units; `bytes` when each unit is one byte (see byteString). */
function replaceUnits(s: string, pairs: Array<[string, string]>, bytes: boolean): string {
  if (pairs.length === 1 && pairs[0]![0] !== '') return s.split(pairs[0]![0]).join(pairs[0]![1]);
  const empty = pairs.find((p) => p[0] === '');
  let out = '';
  let last = 0;
  let prevEmpty = false;
  let i = 0;
  while (i <= s.length) {
    let m: [string, string] | undefined;
    for (const p of pairs) {
      if (p[0] === '' ? !prevEmpty : s.startsWith(p[0], i)) {
        m = p;
        break;
      }
    }
    prevEmpty = m !== undefined && m[0] === '';
    if (m) {
      out += s.slice(last, i) + m[1];
      i += m[0].length;
      last = i;
      continue;
    }
    if (i >= s.length) break;
    const cp = s.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    if (empty && cp >= 0x80 && !bytes) {
      // The character's bytes, each a raw (invalid) byte, with the replacement between them.
      const raw = Array.from(utf8(String.fromCodePoint(cp)), (b) => String.fromCharCode(0xdc00 + b));
      out += s.slice(last, i) + raw.join(empty[1]);
      last = i + len;
    }
    i += len;
  }
  return empty ? joinBytes(out + s.slice(last)) : out + s.slice(last);
}

function indexOfCp(base: string, search: string): number {
  const i = base.indexOf(search);
  return i < 0 ? -1 : cpIndex(base, i);
}

function formatInt(args: Value[]): string {
  const n = num(args, 0);
  const base = num(args, 1);
  const b = typeof base === 'number' ? base : base.text;
  const radix = b === 2 || b === '2' ? 2 : b === 8 || b === '8' ? 8 : b === 10 || b === '10' ? 10 : b === 16 || b === '16' ? 16 : 0;
  if (radix === 0) throw operandErr(2, 'must be one of {2, 8, 10, 16}');
  if (radix === 10) {
    const i = toInt(n);
    if (i !== undefined) return String(i);
  }
  // Through a 64-bit-mantissa float, truncated toward zero (as OPA does).
  return bfTrunc(toBigFloat(n)).toString(radix);
}

/** The text `print` and template strings use for one value: strings raw, others Rego text. */
export function printText(v: Value): string {
  return typeof v === 'string' ? v : valueToRegoText(v);
}

/** Cross product of print/template-string operands (each a set of possible values). */
export function printCombinations(parts: Value[]): string[][] {
  let combos: string[][] = [[]];
  for (const p of parts) {
    let options: string[];
    if (typeof p === 'string') options = [p];
    else if (typeof p === 'number' || typeof p === 'boolean' || p === null || p instanceof RegoNumber) options = [valueToRegoText(p)];
    else if (p instanceof RegoSet) options = p.size === 0 ? ['<undefined>'] : p.sorted(compare).map(printText);
    else throw new BuiltinError('eval_internal_error', `illegal argument type: ${typeOf(p)}`, true);
    const next: string[][] = [];
    for (const c of combos) for (const o of options) next.push([...c, o]);
    combos = next;
  }
  return combos;
}

/** Go `strings.HasPrefix` (bytes). */
function startsWith(s: string, p: string): boolean {
  return s.startsWith(p) || (hasRawBytes(p) && byteString(s).startsWith(byteString(p)));
}

/** Go `strings.HasSuffix` (bytes). */
function endsWith(s: string, p: string): boolean {
  return s.endsWith(p) || (hasRawBytes(p) && byteString(s).endsWith(byteString(p)));
}

/**
 * Go's reverseString: decodes runes front to back and writes each one's UTF-8 so that it ends
 * where the rune started, counted from the back. A raw byte is written as U+FFFD (3 bytes for
 * 1), which overwrites bytes already written, or runs past the buffer: a Go panic in opa.
 */
function goReverse(s: string): string {
  if (!hasRawBytes(s)) return cpArray(s).reverse().join('');
  const src = utf8(s);
  const size = src.length;
  const buf = new Uint8Array(size);
  const cps = cpArray(s);
  let start = 0;
  for (const ch of cps) {
    const raw = ch.length === 1 && ch >= '\udc80' && ch <= '\udcff';
    start += raw ? 1 : utf8(ch).length;
    const enc = utf8(raw ? '\ufffd' : ch);
    const at = size - start;
    if (at + enc.length > size) throw fail(`runtime error: index out of range [${enc.length - 1}] with length ${size - at}`);
    buf.set(enc, at);
  }
  return fromUtf8(buf);
}

export const stringBuiltins: BuiltinTable = {
  concat(args) {
    const sep = str(args, 0);
    const v = args[1]!;
    if (!Array.isArray(v) && !(v instanceof RegoSet)) throw typeErr(2, v, 'set', 'array');
    return joinBytes(strings(args, 1).join(sep));
  },
  contains(args) {
    const s = str(args, 0);
    const p = str(args, 1);
    // A match of the units is one of the bytes; a raw byte may also match inside a character.
    return s.includes(p) || (hasRawBytes(p) && byteString(s).includes(byteString(p)));
  },
  startswith: (args) => startsWith(str(args, 0), str(args, 1)),
  endswith: (args) => endsWith(str(args, 0), str(args, 1)),
  'strings.any_prefix_match'(args) {
    const xs = stringOrStrings(args, 0);
    const ps = stringOrStrings(args, 1);
    return xs.some((x) => ps.some((p) => startsWith(x, p)));
  },
  'strings.any_suffix_match'(args) {
    const xs = stringOrStrings(args, 0);
    const ps = stringOrStrings(args, 1);
    if (xs.some(hasRawBytes) || ps.some(hasRawBytes)) {
      // Go compares reversed strings (goReverse), raw bytes and all.
      const rx = xs.map(goReverse);
      const rp = ps.map(goReverse);
      return rx.some((x) => rp.some((p) => startsWith(x, p)));
    }
    return xs.some((x) => ps.some((p) => endsWith(x, p)));
  },
  format_int: formatInt,
  indexof(args) {
    const base = str(args, 0);
    const search = str(args, 1);
    if (search === '') throw fail('empty search character');
    if (!hasSurrogates(search) && !hasSurrogates(base)) return base.indexOf(search);
    // Go converts both to runes: a raw byte is U+FFFD (and finds U+FFFD).
    return indexOfCp(wellFormed(base), wellFormed(search));
  },
  indexof_n(args) {
    // Go converts both to runes: a raw byte is U+FFFD (and finds U+FFFD).
    const base = wellFormed(str(args, 0));
    const search = wellFormed(str(args, 1));
    if (search === '') throw fail('empty search character');
    const out: Value[] = [];
    const surr = hasSurrogates(base);
    let i = base.indexOf(search);
    while (i >= 0) {
      out.push(surr ? cpIndex(base, i) : i);
      // Overlapping matches: advance one code point.
      const c = base.charCodeAt(i);
      i = base.indexOf(search, i + (c >= 0xd800 && c <= 0xdbff ? 2 : 1));
    }
    return out;
  },
  // Go's strings.Map writes invalid bytes as U+FFFD.
  lower: (args) => wellFormed(mapCase(str(args, 0), false)),
  upper: (args) => wellFormed(mapCase(str(args, 0), true)),
  replace(args) {
    const s = str(args, 0);
    const old = str(args, 1);
    const neu = str(args, 2);
    return goReplace(s, [[old, neu]]);
  },
  'strings.replace_n'(args) {
    const patterns = obj(args, 0);
    const s = str(args, 1);
    const entries = objectEntries(patterns).sort((a, b) => compare(a[0], b[0]));
    const pairs: Array<[string, string]> = [];
    for (const [k, v] of entries) {
      if (typeof k !== 'string') throw operandErr(1, 'non-string key found in pattern object');
      if (typeof v !== 'string') throw operandErr(1, 'non-string value found in pattern object');
      pairs.push([k, v]);
    }
    if (pairs.length === 0) return s;
    return goReplace(s, pairs);
  },
  split(args) {
    const s = str(args, 0);
    const d = str(args, 1);
    if (d === '') return cpArray(s);
    if (hasRawBytes(d)) return byteString(s).split(byteString(d)).map(fromByteString);
    return s.split(d);
  },
  substring(args) {
    const s = str(args, 0);
    const start = int(args, 1);
    const length = int(args, 2);
    if (start < 0) throw fail('negative offset');
    if (!hasSurrogates(s)) {
      if (start >= s.length) return '';
      if (length < 0) return s.slice(start);
      return s.slice(start, Math.min(s.length, start + length));
    }
    const cps = cpArray(s);
    if (start === 0 && length >= cps.length) return s;
    if (start >= cps.length) return '';
    // Go slices `[]rune(s)`: raw bytes become U+FFFD.
    return wellFormed((length < 0 ? cps.slice(start) : cps.slice(start, Math.min(cps.length, start + length))).join(''));
  },
  'strings.count'(args) {
    const s = str(args, 0);
    const p = str(args, 1);
    return hasRawBytes(p) ? countSubstr(byteString(s), byteString(p)) : countSubstr(s, p);
  },
  'strings.reverse': (args) => goReverse(str(args, 0)),
  trim(args) {
    const s = str(args, 0);
    const c = str(args, 1);
    return trimRight(trimLeft(s, c), c);
  },
  trim_left: (args) => trimLeft(str(args, 0), str(args, 1)),
  trim_right: (args) => trimRight(str(args, 0), str(args, 1)),
  trim_prefix(args) {
    const s = str(args, 0);
    const p = str(args, 1);
    if (s.startsWith(p)) return s.slice(p.length);
    if (!hasRawBytes(p)) return s;
    const b = byteString(s);
    const bp = byteString(p);
    return b.startsWith(bp) ? fromByteString(b.slice(bp.length)) : s;
  },
  trim_suffix(args) {
    const s = str(args, 0);
    const p = str(args, 1);
    if (s.endsWith(p)) return s.slice(0, s.length - p.length);
    if (!hasRawBytes(p)) return s;
    const b = byteString(s);
    const bp = byteString(p);
    return b.endsWith(bp) ? fromByteString(b.slice(0, b.length - bp.length)) : s;
  },
  trim_space: (args) => str(args, 0).replace(TRIM_SPACE, ''),
  'internal.template_string'(args) {
    const v = args[0]!;
    if (!Array.isArray(v)) throw typeErr(1, v, 'array');
    const combos = printCombinations(v);
    if (combos.length > 1) throw new BuiltinError('eval_conflict_error', 'template-strings must not produce multiple outputs', true);
    return combos[0]!.join('');
  },
};
