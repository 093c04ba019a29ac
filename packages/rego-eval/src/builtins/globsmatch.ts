/**
 * regex.globs_match: whether two regex-like globs (., [sets], +, *) can match a common string.
 * A port-by-behaviour of the intersection library OPA uses (yashtewari/glob-intersection),
 * including its error texts.
 */
import { str } from './args.js';
import { fail } from './errors.js';
import type { BuiltinTable } from './registry.js';

const enum TT {
  Char,
  Dot,
  Set,
}
const enum Flag {
  None,
  Plus,
  Star,
}

interface Tok {
  type: TT;
  flag: Flag;
  r?: string;
  set?: Set<string>;
}

class GlobErr extends Error {}

const invalid = (input: string[], index: number, msg: string) => new GlobErr(`input:${input.join('')}, pos:${index}, ${msg}: the input provided is invalid`);

function nextRune(i: number, input: string[]): { i: number; r: string; escaped: boolean } | 'eof' {
  if (i >= input.length) return 'eof';
  if (input[i] === '\\') {
    if (i < input.length - 1) return { i: i + 2, r: input[i + 1]!, escaped: true };
    throw invalid(input, i, 'input ends with a \\ (escape) character');
  }
  return { i: i + 1, r: input[i]!, escaped: false };
}

function tokenize(src: string): Tok[] {
  const input = Array.from(src);
  const out: Tok[] = [];
  let i = 0;
  for (;;) {
    const n = nextRune(i, input);
    if (n === 'eof') return out;
    i = n.i;
    let tok: Tok;
    if (!n.escaped && n.r === '.') tok = { type: TT.Dot, flag: Flag.None };
    else if (!n.escaped && n.r === ']') throw invalid(input, i, "set-close ']' with no preceding '['");
    else if (!n.escaped && n.r === '[') {
      const runes = new Set<string>();
      let complete = false;
      let prev = '';
      let prevExists = false;
      for (;;) {
        const m = nextRune(i, input);
        if (m === 'eof') break;
        i = m.i;
        if (!m.escaped && m.r === '-') {
          if (!prevExists) throw invalid(input, i, "range character '-' must be preceded by a Unicode character");
          if (i >= input.length - 1) throw invalid(input, i, "range character '-' must be followed by a Unicode character");
          const e = nextRune(i, input) as { i: number; r: string; escaped: boolean };
          i = e.i;
          if (!e.escaped && (e.r === ']' || e.r === '-')) throw invalid(input, i, "range character '-' cannot be followed by a special symbol");
          if (e.r < prev) throw invalid(input, i, `range is out of order: '${e.r}' comes before '${prev}' in Unicode`);
          for (let x = prev.codePointAt(0)!; x <= e.r.codePointAt(0)!; x++) runes.add(String.fromCodePoint(x));
          prevExists = false;
        } else if (!m.escaped && m.r === ']') {
          complete = true;
          break;
        } else {
          runes.add(m.r);
          prev = m.r;
          prevExists = true;
        }
      }
      if (!complete) throw invalid(input, i, 'found [ without matching ]');
      tok = { type: TT.Set, flag: Flag.None, set: runes };
    } else if (!n.escaped && (n.r === '+' || n.r === '*')) throw invalid(input, i, `flag '${n.r}' must be preceded by a non-flag`);
    else tok = { type: TT.Char, flag: Flag.None, r: n.r };
    const f = nextRune(i, input);
    if (f !== 'eof' && !f.escaped && (f.r === '+' || f.r === '*')) {
      tok.flag = f.r === '+' ? Flag.Plus : Flag.Star;
      i = f.i;
    }
    out.push(tok);
  }
}

function equal(a: Tok, b: Tok): boolean {
  if (a.type !== b.type) return false;
  if (a.type === TT.Char) return a.r === b.r;
  if (a.type === TT.Set) return a.set!.size === b.set!.size && [...a.set!].every((r) => b.set!.has(r));
  return true;
}

function simplify(tokens: Tok[]): Tok[] {
  if (tokens.length === 0) return tokens;
  const out = [tokens[0]!];
  let latest = tokens[0]!;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.flag !== Flag.None && latest.flag !== Flag.None && equal(t, latest)) {
      out[out.length - 1]!.flag = t.flag === Flag.Plus || latest.flag === Flag.Plus ? Flag.Plus : Flag.Star;
      continue;
    }
    latest = t;
    out.push(t);
  }
  return out;
}

function match(a: Tok, b: Tok): boolean {
  if (a.type > b.type) [a, b] = [b, a];
  if (a.type === TT.Char) {
    if (b.type === TT.Char) return a.r === b.r;
    if (b.type === TT.Dot) return true;
    return b.set!.has(a.r!);
  }
  if (a.type === TT.Dot) return true;
  for (const r of a.set!) if (b.set!.has(r)) return true;
  return false;
}

function intersectNormal(g1: Tok[], g2: Tok[]): boolean {
  let i = 0;
  let j = 0;
  for (; i < g1.length && j < g2.length; i++, j++) {
    if (g1[i]!.flag === Flag.None && g2[j]!.flag === Flag.None) {
      if (!match(g1[i]!, g2[j]!)) return false;
    } else return intersectSpecial(g1.slice(i), g2.slice(j));
  }
  return i === g1.length && j === g2.length;
}

function intersectSpecial(g1: Tok[], g2: Tok[]): boolean {
  if (g1[0]!.flag !== Flag.None) return g1[0]!.flag === Flag.Plus ? intersectPlus(g1, g2) : intersectStar(g1, g2);
  return g2[0]!.flag === Flag.Plus ? intersectPlus(g2, g1) : g2[0]!.flag === Flag.Star ? intersectStar(g2, g1) : false;
}

function intersectPlus(plussed: Tok[], other: Tok[]): boolean {
  if (!match(plussed[0]!, other[0]!)) return false;
  if (intersectStar(plussed, other.slice(1))) return true;
  return other[0]!.flag !== Flag.None && intersectNormal(plussed.slice(1), other);
}

function intersectStar(starred: Tok[], other: Tok[]): boolean {
  const star = starred[0]!;
  const next = starred[1];
  for (let i = 0; i < other.length; i++) {
    const t = other[i]!;
    if (next && match(t, next)) {
      if (intersectNormal(starred.slice(1), other.slice(i))) return true;
      if (!match(t, star)) return false;
    } else if (!match(t, star)) return false;
  }
  return next === undefined;
}

function trim(g1: Tok[], g2: Tok[]): [Tok[], Tok[]] | undefined {
  let l = 0;
  for (; l < g1.length && l < g2.length && g1[l]!.flag === Flag.None && g2[l]!.flag === Flag.None; l++) {
    if (!match(g1[l]!, g2[l]!)) return undefined;
  }
  if (l > 0) l--;
  let r1 = g1.length - 1;
  let r2 = g2.length - 1;
  for (; r1 >= 0 && r1 >= l && r2 >= 0 && r2 >= l && g1[r1]!.flag === Flag.None && g2[r2]!.flag === Flag.None; r1--, r2--) {
    if (!match(g1[r1]!, g2[r2]!)) return undefined;
  }
  if (r1 < g1.length - 1) {
    r1++;
    r2++;
  }
  return [g1.slice(l, r1 + 1), g2.slice(l, r2 + 1)];
}

export function globsIntersect(a: string, b: string): boolean {
  const g1 = simplify(tokenize(a));
  const g2 = simplify(tokenize(b));
  const t = trim(g1, g2);
  return t !== undefined && intersectNormal(t[0], t[1]);
}

export const globsMatchBuiltins: BuiltinTable = {
  'regex.globs_match'(args) {
    const a = str(args, 0);
    const b = str(args, 1);
    try {
      return globsIntersect(a, b);
    } catch (e) {
      if (e instanceof GlobErr) throw fail(e.message);
      throw e;
    }
  },
};
