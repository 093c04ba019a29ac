/**
 * Regex builtins (v1/topdown/regex.go): RE2 syntax through re2js (a port of Go's engine, so
 * dialect, leftmost-first positions and the empty-match rules of FindAll agree with OPA).
 * Compiled patterns are cached in the policy cache. Go matches a raw byte of invalid UTF-8
 * (U+DC80–U+DCFF, value/bytes.ts) as U+FFFD and returns slices of the original bytes; a
 * pattern holding one does not compile.
 */
import { RE2JS } from 're2js';
import type { Value } from '../value/types.js';
import { int, str } from './args.js';
import type { BuiltinContext } from './contract.js';
import { fail } from './errors.js';
import type { BuiltinTable } from './registry.js';
import { goQuote } from '../value/quote.js';
import { firstRawByte, hasRawBytes, joinBytes, utf8 } from './strutil.js';
import { wellFormed } from '../value/quote.js';

/** re2js's Go-port engine (RE2JS#re2()); only the methods used here are typed. */
interface GoRegexp {
  findAll(s: string, n: number): string[];
  findAllIndex(s: string, n: number): number[][];
  findAllSubmatch(s: string, n: number): Array<Array<string | null>>;
  findAllSubmatchIndex(s: string, n: number): number[][];
}

export interface CompiledRegex {
  re: RE2JS;
  go: GoRegexp;
  /** Group index → name ('' when unnamed); index 0 is the whole match. */
  names: string[];
}

const CACHE_KEY = 'regex';
const CACHE_MAX = 1000;

function compileUncached(pattern: string): CompiledRegex {
  const bad = firstRawByte(pattern);
  if (bad >= 0) throw fail(`error parsing regexp: invalid UTF-8: \`${pattern.slice(bad)}\``);
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    throw fail((e as Error).message);
  }
  const names: string[] = new Array<string>(re.groupCount() + 1).fill('');
  const named = re.namedGroups();
  for (const k of Object.keys(named)) names[named[k]!] = k;
  return { re, go: re.re2() as unknown as GoRegexp, names };
}

/** Compiles (or fetches) a pattern; invalid patterns throw Go's `error parsing regexp: …`. */
export function compileRegex(pattern: string, ctx?: BuiltinContext): CompiledRegex {
  if (!ctx) return compileUncached(pattern);
  let cache = ctx.cache.get(CACHE_KEY) as Map<string, CompiledRegex> | undefined;
  if (!cache) {
    cache = new Map();
    ctx.cache.set(CACHE_KEY, cache);
  }
  let c = cache.get(pattern);
  if (!c) {
    c = compileUncached(pattern);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(pattern, c);
  }
  return c;
}

/** Go `Regexp.Split(s, -1)`. */
function goSplit(c: CompiledRegex, pattern: string, s: string): string[] {
  if (pattern.length > 0 && s.length === 0) return [''];
  const matches = c.go.findAllIndex(runes(s), -1) ?? [];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    end = m[0]!;
    if (m[1] !== 0) out.push(s.slice(beg, end));
    beg = m[1]!;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/** Go `Regexp.Expand`: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function goExpand(template: string, c: CompiledRegex, src: string, match: number[]): string {
  let out = '';
  let t = template;
  for (;;) {
    const at = t.indexOf('$');
    if (at < 0) break;
    out += t.slice(0, at);
    t = t.slice(at + 1);
    if (t.startsWith('$')) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const ex = extractName(t);
    if (!ex) {
      out += '$';
      continue;
    }
    t = ex.rest;
    let group = -1;
    if (ex.num >= 0) group = ex.num;
    else group = c.names.indexOf(ex.name, 1);
    if (group >= 0 && 2 * group + 1 < match.length && match[2 * group]! >= 0) {
      out += src.slice(match[2 * group], match[2 * group + 1]);
    }
  }
  return out + t;
}

function extractName(s: string): { name: string; num: number; rest: string } | undefined {
  if (s === '') return undefined;
  let brace = false;
  if (s[0] === '{') {
    brace = true;
    s = s.slice(1);
  }
  let i = 0;
  for (const ch of s) {
    if (!NAME_CHAR.test(ch)) break;
    i += ch.length;
  }
  if (i === 0) return undefined;
  const name = s.slice(0, i);
  if (brace) {
    if (i >= s.length || s[i] !== '}') return undefined;
    i++;
  }
  let num = 0;
  for (let j = 0; j < name.length; j++) {
    const d = name.charCodeAt(j) - 48;
    if (d < 0 || d > 9 || num >= 1e8) {
      num = -1;
      break;
    }
    num = num * 10 + d;
  }
  if (name[0] === '0' && name.length > 1) num = -1;
  return { name, num, rest: s.slice(i) };
}

/** Go `regexp.QuoteMeta`. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

function templateRegex(tpl: string, start: string, end: string): CompiledRegex {
  const idxs: number[] = [];
  let level = 0;
  let idx = 0;
  const unbalanced = () => fail(`unbalanced braces in ${goQuote(tpl)}`);
  for (let i = 0; i < tpl.length; i++) {
    const ch = tpl[i];
    if (ch === start) {
      if (++level === 1) idx = i;
    } else if (ch === end) {
      if (--level === 0) idxs.push(idx, i + 1);
      else if (level < 0) throw unbalanced();
    }
  }
  if (level !== 0) throw unbalanced();
  let pattern = '^';
  let last = 0;
  for (let i = 0; i < idxs.length; i += 2) {
    const raw = tpl.slice(last, idxs[i]);
    last = idxs[i + 1]!;
    const patt = tpl.slice(idxs[i]! + 1, last - 1);
    pattern += quoteMeta(raw) + '(' + patt + ')';
    compileUncached('^' + patt + '$');
  }
  pattern += quoteMeta(tpl.slice(last)) + '$';
  return compileUncached(pattern);
}

/** What the engine matches: raw bytes as U+FFFD (unit for unit, so match indexes hold for `s`). */
function runes(s: string): string {
  return hasRawBytes(s) ? wellFormed(s) : s;
}

function regexMatch(args: Value[], ctx: BuiltinContext): boolean {
  const pattern = str(args, 0);
  const value = str(args, 1);
  return compileRegex(pattern, ctx).re.test(runes(value));
}

export const regexBuiltins: BuiltinTable = {
  'regex.match': regexMatch,
  'regex.is_valid'(args) {
    const p = args[0];
    if (typeof p !== 'string' || firstRawByte(p) >= 0) return false;
    try {
      RE2JS.compile(p);
      return true;
    } catch {
      return false;
    }
  },
  'regex.split'(args, ctx) {
    const pattern = str(args, 0);
    const s = str(args, 1);
    return goSplit(compileRegex(pattern, ctx), pattern, s);
  },
  'regex.find_n'(args, ctx) {
    const pattern = str(args, 0);
    const s = str(args, 1);
    const n = int(args, 2);
    const c = compileRegex(pattern, ctx);
    if (!hasRawBytes(s)) return c.go.findAll(s, n) ?? [];
    return (c.go.findAllIndex(runes(s), n) ?? []).map((m) => s.slice(m[0], m[1]));
  },
  'regex.find_all_string_submatch_n'(args, ctx) {
    const pattern = str(args, 0);
    const s = str(args, 1);
    const n = int(args, 2);
    const c = compileRegex(pattern, ctx);
    if (!hasRawBytes(s)) return (c.go.findAllSubmatch(s, n) ?? []).map((m) => m.map((g) => g ?? ''));
    const ms = c.go.findAllSubmatchIndex(runes(s), n) ?? [];
    return ms.map((m) => Array.from({ length: m.length / 2 }, (_, g) => (m[2 * g]! >= 0 ? s.slice(m[2 * g], m[2 * g + 1]) : '')));
  },
  'regex.replace'(args, ctx) {
    const base = str(args, 0);
    const pattern = str(args, 1);
    const repl = str(args, 2);
    const c = compileRegex(pattern, ctx);
    const matches = c.go.findAllSubmatchIndex(runes(base), -1) ?? [];
    if (matches.length === 0) return base;
    let out = '';
    let last = 0;
    for (const m of matches) {
      out += base.slice(last, m[0]) + goExpand(repl, c, base, m);
      last = m[1]!;
    }
    // Raw bytes on both sides of a replacement may now form a character (Go strings are bytes).
    return joinBytes(out + base.slice(last));
  },
  'regex.template_match'(args) {
    const pattern = str(args, 0);
    const match = str(args, 1);
    const start = str(args, 2);
    const end = str(args, 3);
    const bytes = (s: string) => utf8(s).length;
    if (bytes(start) !== 1) throw fail(`start delimiter has to be exactly one character long but is ${bytes(start)} long`);
    if (bytes(end) !== 1) throw fail(`end delimiter has to be exactly one character long but is ${bytes(start)} long`);
    return templateRegex(pattern, start, end).re.test(runes(match));
  },
};

export { regexMatch };
