/**
 * glob.match / glob.quote_meta (v1/topdown/glob.go, library gobwas/glob). The pattern is
 * lexed and parsed as gobwas does (same errors), then translated to an anchored RE2 regex
 * (linear-time matching) and cached per (pattern, delimiters).
 */
import { RE2JS } from 're2js';
import type { Value } from '../value/types.js';
import { str } from './args.js';
import type { BuiltinContext } from './contract.js';
import { elemErr, fail, typeErr } from './errors.js';
import type { BuiltinTable } from './registry.js';

type Node =
  | { k: 'text'; s: string }
  | { k: 'any' }
  | { k: 'super' }
  | { k: 'single' }
  | { k: 'range'; lo: number; hi: number; not: boolean }
  | { k: 'list'; chars: string; not: boolean }
  | { k: 'anyof'; alts: Node[][] };

type Tok =
  | 'eof'
  | 'termsOpen'
  | 'sep'
  | 'termsClose'
  | 'rangeOpen'
  | 'single'
  | 'any'
  | 'super'
  | { text: string }
  | { not: true }
  | { lo: string }
  | 'between'
  | { hi: string }
  | 'rangeClose';

class GlobError extends Error {}

/** gobwas/glob's lexer: returns the token list or throws its error text. */
function lex(src: string): Tok[] {
  // Go's lexer stops at U+FFFD or a raw byte (utf8.RuneError), as at the end, with an error
  // that an error met at that end ("unexpected end of input") replaces.
  const bad = src.search(RUNE_ERROR);
  if (bad >= 0) {
    lexTokens(src.slice(0, bad));
    throw new GlobError('could not read rune');
  }
  return lexTokens(src);
}

const RUNE_ERROR = /\ufffd|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function lexTokens(src: string): Tok[] {
  const cps = Array.from(src);
  let pos = 0;
  let terms = 0;
  const out: Tok[] = [];
  const read = (): string | undefined => cps[pos++];
  const textBreak = ['?', '*', '[', '{'];
  const termsBreak = [...textBreak, '}', ','];
  const fetchText = (breakers: string[]): void => {
    let data = '';
    let escaped = false;
    while (pos < cps.length) {
      const r = cps[pos]!;
      pos++;
      if (!escaped) {
        if (r === '\\') {
          escaped = true;
          continue;
        }
        if (breakers.includes(r)) {
          pos--;
          break;
        }
      }
      escaped = false;
      data += r;
    }
    if (data.length > 0) out.push({ text: data });
  };
  const fetchRange = (): void => {
    let wantHi = false;
    let wantClose = false;
    let seenNot = false;
    for (;;) {
      const r = read();
      if (r === undefined) throw new GlobError('unexpected end of input');
      if (wantClose) {
        if (r !== ']') throw new GlobError('expected close range character');
        out.push('rangeClose');
        return;
      }
      if (wantHi) {
        out.push({ hi: r });
        wantClose = true;
        continue;
      }
      if (!seenNot && r === '!') {
        out.push({ not: true });
        seenNot = true;
        continue;
      }
      if (cps[pos] === '-') {
        pos++;
        out.push({ lo: r }, 'between');
        wantHi = true;
        continue;
      }
      pos--;
      fetchText([']']);
      wantClose = true;
    }
  };
  for (;;) {
    const r = read();
    if (r === undefined) {
      out.push('eof');
      return out;
    }
    if (r === '{') {
      terms++;
      out.push('termsOpen');
    } else if (r === ',' && terms > 0) out.push('sep');
    else if (r === '}' && terms > 0) {
      out.push('termsClose');
      terms--;
    } else if (r === '[') {
      out.push('rangeOpen');
      fetchRange();
    } else if (r === '?') out.push('single');
    else if (r === '*') {
      if (cps[pos] === '*') {
        pos++;
        out.push('super');
      } else out.push('any');
    } else {
      pos--;
      fetchText(terms > 0 ? termsBreak : textBreak);
    }
  }
}

/** gobwas/glob's parser over the tokens. */
function parse(tokens: Tok[]): Node[] {
  interface Pat {
    nodes: Node[];
    parent?: { alts: Node[][]; owner: Pat };
  }
  const root: Pat = { nodes: [] };
  let cur = root;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i++]!;
    if (t === 'eof') break;
    if (typeof t === 'object' && 'text' in t) cur.nodes.push({ k: 'text', s: t.text });
    else if (t === 'any') cur.nodes.push({ k: 'any' });
    else if (t === 'super') cur.nodes.push({ k: 'super' });
    else if (t === 'single') cur.nodes.push({ k: 'single' });
    else if (t === 'termsOpen') {
      const node: Node = { k: 'anyof', alts: [[]] };
      cur.nodes.push(node);
      cur = { nodes: node.alts[0]!, parent: { alts: node.alts, owner: cur } };
    } else if (t === 'sep') {
      const p = cur.parent!;
      const alt: Node[] = [];
      p.alts.push(alt);
      cur = { nodes: alt, parent: p };
    } else if (t === 'termsClose') {
      cur = cur.parent!.owner;
    } else if (t === 'rangeOpen') {
      let not = false;
      let lo = 0;
      let hi = 0;
      let chars = '';
      for (;;) {
        const r = tokens[i++];
        if (r === undefined || r === 'eof') throw new GlobError('unexpected end');
        if (typeof r === 'object' && 'not' in r) not = true;
        else if (typeof r === 'object' && 'lo' in r) lo = r.lo.codePointAt(0)!;
        else if (r === 'between') continue;
        else if (typeof r === 'object' && 'hi' in r) {
          hi = r.hi.codePointAt(0)!;
          if (hi < lo) throw new GlobError(`hi character '${r.hi}' should be greater than lo '${String.fromCodePoint(lo)}'`);
        } else if (typeof r === 'object' && 'text' in r) chars = r.text;
        else if (r === 'rangeClose') {
          const isRange = lo !== 0 && hi !== 0;
          const isChars = chars !== '';
          if (isChars === isRange) throw new GlobError('could not parse range');
          cur.nodes.push(isRange ? { k: 'range', lo, hi, not } : { k: 'list', chars, not });
          break;
        } else throw new GlobError('unexpected token');
      }
    } else throw new GlobError('unexpected token');
  }
  return root.nodes;
}

const cls = (cp: number): string => `\\x{${cp.toString(16)}}`;

function toRegex(nodes: Node[], seps: number[]): string {
  const notSep = seps.length === 0 ? '(?s:.)' : `[^${seps.map(cls).join('')}]`;
  let out = '';
  for (const n of nodes) {
    switch (n.k) {
      case 'text':
        out += Array.from(n.s).map((c) => (/[A-Za-z0-9_ ]/.test(c) ? c : cls(c.codePointAt(0)!))).join('');
        break;
      case 'any':
        out += notSep + '*';
        break;
      case 'super':
        out += '(?s:.)*';
        break;
      case 'single':
        out += notSep;
        break;
      case 'range':
        out += `[${n.not ? '^' : ''}${cls(n.lo)}-${cls(n.hi)}]`;
        break;
      case 'list':
        out += `[${n.not ? '^' : ''}${Array.from(n.chars).map((c) => cls(c.codePointAt(0)!)).join('')}]`;
        break;
      case 'anyof':
        out += '(?:' + n.alts.map((a) => toRegex(a, seps)).join('|') + ')';
        break;
    }
  }
  return out;
}

export function compileGlob(pattern: string, seps: number[]): RE2JS {
  let nodes: Node[];
  try {
    nodes = parse(lex(pattern));
  } catch (e) {
    if (e instanceof GlobError) throw fail(e.message);
    throw e;
  }
  return RE2JS.compile('^(?:' + toRegex(nodes, seps) + ')$');
}

function delimiters(v: Value): number[] {
  if (v === null) return [];
  if (!Array.isArray(v)) throw typeErr(2, v, 'array', 'null');
  const out: number[] = [];
  for (const e of v) {
    if (typeof e !== 'string') throw elemErr(2, v, e, 'string');
    const cps = Array.from(e);
    if (cps.length !== 1) throw elemErr(2, v, e, 'rune');
    out.push(cps[0]!.codePointAt(0)!);
  }
  return out.length === 0 ? [0x2e] : out;
}

function globMatch(args: Value[], ctx: BuiltinContext): boolean {
  const pattern = str(args, 0);
  const seps = delimiters(args[1]!);
  const match = str(args, 2);
  let cache = ctx.cache.get('glob') as Map<string, RE2JS> | undefined;
  if (!cache) {
    cache = new Map();
    ctx.cache.set('glob', cache);
  }
  const id = pattern + '-' + String.fromCodePoint(...seps);
  let re = cache.get(id);
  if (!re) {
    re = compileGlob(pattern, seps);
    if (cache.size >= 1000) cache.delete(cache.keys().next().value!);
    cache.set(id, re);
  }
  return re.test(match);
}

export const globBuiltins: BuiltinTable = {
  'glob.match': globMatch,
  'glob.quote_meta': (args) => str(args, 0).replace(/[*?\\[\]{}]/g, '\\$&'),
};


