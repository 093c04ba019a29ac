/**
 * sprintf: OPA hands its arguments to Go's `fmt.Sprintf` (spec §5.5.1), so this is a port of
 * the reachable part of Go's fmt: arguments are Go `int`, `float64`, `*big.Int` or `string`;
 * flags, width, precision, `*`, explicit indexes and the `%!v(MISSING)`-style error texts.
 */
import { valueToRegoText } from '../value/json.js';
import { RegoNumber, type Value } from '../value/types.js';
import { arr, str } from './args.js';
import { formatFloat } from './gofloat.js';
import { goQuote, isGoPrintable } from '../value/quote.js';
import type { BuiltinTable } from './registry.js';
import { cpLength, joinBytes, utf8 } from './strutil.js';

/** `t`: the Go type name of a string-kind argument when not `string` (templates' json.Number). */
type GoArg = { k: 'int'; v: bigint } | { k: 'big'; v: bigint } | { k: 'float'; v: number } | { k: 'str'; v: string; t?: string };

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** OPA's conversion of a Rego value to a Go fmt argument (v1/topdown/strings.go). */
export function toGoArg(v: Value): GoArg {
  if (typeof v === 'string') return { k: 'str', v };
  if (typeof v === 'number' || v instanceof RegoNumber) {
    const text = typeof v === 'number' ? String(v) : v.text;
    if (/^[+-]?\d+$/.test(text)) {
      const b = BigInt(text);
      if (b >= INT64_MIN && b <= INT64_MAX) return { k: 'int', v: b };
      return { k: 'big', v: b };
    }
    const f = typeof v === 'number' ? v : Number(text);
    if (Number.isFinite(f)) return { k: 'float', v: f };
    return { k: 'str', v: text };
  }
  return { k: 'str', v: valueToRegoText(v) };
}

const TYPE_NAMES = { int: 'int', big: '*big.Int', float: 'float64', str: 'string' } as const;
const typeName = (a: GoArg): string => (a.k === 'str' && a.t) || TYPE_NAMES[a.k];

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  widPresent: boolean;
  prec: number;
  precPresent: boolean;
}

function newFlags(): Flags {
  return { plus: false, minus: false, sharp: false, space: false, zero: false, plusV: false, sharpV: false, wid: 0, widPresent: false, prec: 0, precPresent: false };
}

class Printer {
  out = '';
  f: Flags = newFlags();

  private padding(n: number): void {
    if (n <= 0) return;
    this.out += (this.f.zero && !this.f.minus ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.f.widPresent || this.f.wid === 0) {
      this.out += s;
      return;
    }
    const width = this.f.wid - cpLength(s);
    if (!this.f.minus) {
      this.padding(width);
      this.out += s;
    } else {
      this.out += s;
      this.padding(width);
    }
  }

  /** `pad` with zero padding suppressed (integers handle zeros as precision). */
  private padNoZero(s: string): void {
    const z = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = z;
  }

  private truncate(s: string): string {
    if (!this.f.precPresent) return s;
    let n = this.f.prec;
    let i = 0;
    for (const ch of s) {
      if (--n < 0) return s.slice(0, i);
      i += ch.length;
    }
    return s;
  }

  fmtInteger(u: bigint, base: number, verb: string, upper: boolean): void {
    const f = this.f;
    const negative = u < 0n;
    if (negative) u = -u;
    let prec = 0;
    if (f.precPresent) {
      prec = f.prec;
      if (prec === 0 && u === 0n) {
        const z = f.zero;
        f.zero = false;
        this.padding(f.wid);
        f.zero = z;
        return;
      }
    } else if (f.zero && !f.minus && f.widPresent) {
      prec = f.wid;
      if (negative || f.plus || f.space) prec--;
    }
    let digits = u.toString(base);
    if (upper) digits = digits.toUpperCase();
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
    if (f.sharp) {
      if (base === 2) digits = '0b' + digits;
      else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
      else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = '0o' + digits;
    if (negative) digits = '-' + digits;
    else if (f.plus) digits = '+' + digits;
    else if (f.space) digits = ' ' + digits;
    this.padNoZero(digits);
  }

  fmtFloat(v: number, verb: string, prec: number): void {
    const f = this.f;
    if (f.precPresent) prec = f.prec;
    let num = formatFloat(v, verb, prec);
    if (num[0] === '-' || num[0] === '+') {
      /* keep */
    } else num = '+' + num;
    if (f.space && num[0] === '+' && !f.plus) num = ' ' + num.slice(1);
    if (f.sharp && verb !== 'b') {
      let digits = 0;
      if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') digits = prec === -1 ? 6 : prec;
      let tail = '';
      let body = num;
      let hasPoint = false;
      let sawNonzero = false;
      for (let i = 1; i < body.length; i++) {
        const c = body[i]!;
        if (c === '.') hasPoint = true;
        else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        } else {
          if (c !== '0') sawNonzero = true;
          if (sawNonzero) digits--;
        }
      }
      if (!hasPoint) {
        if (body.length === 2 && body[1] === '0') digits--;
        body += '.';
      }
      while (digits > 0) {
        body += '0';
        digits--;
      }
      num = body + tail;
    }
    if (f.plus || num[0] !== '+') {
      if (f.zero && !f.minus && f.widPresent && f.wid > num.length) {
        this.out += num[0];
        this.padding(f.wid - num.length);
        this.out += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  fmtSx(s: string, upper: boolean): void {
    const f = this.f;
    const hex = upper ? '0123456789ABCDEF' : '0123456789abcdef';
    const bytes = utf8(s);
    let length = bytes.length;
    if (f.precPresent && f.prec < length) length = f.prec;
    let width = 2 * length;
    if (width > 0) {
      if (f.space) {
        if (f.sharp) width *= 2;
        width += length - 1;
      } else if (f.sharp) width += 2;
    } else {
      if (f.widPresent) this.padding(f.wid);
      return;
    }
    if (f.widPresent && f.wid > width && !f.minus) this.padding(f.wid - width);
    let buf = '';
    const prefix = upper ? '0X' : '0x';
    if (f.sharp) buf += prefix;
    for (let i = 0; i < length; i++) {
      if (f.space && i > 0) {
        buf += ' ';
        if (f.sharp) buf += prefix;
      }
      buf += hex[bytes[i]! >> 4]! + hex[bytes[i]! & 15]!;
    }
    this.out += buf;
    if (f.widPresent && f.wid > width && f.minus) this.padding(f.wid - width);
  }

  fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && !/[`\x00-\x08\x0a-\x1f\x7f\ufeff]/.test(s)) {
      this.pad('`' + s + '`');
      return;
    }
    this.pad(this.f.plus ? quoteASCII(s, '"') : goQuote(s));
  }

  fmtC(u: bigint): void {
    this.pad(runeOf(u));
  }

  fmtQc(u: bigint): void {
    const r = runeOf(u);
    this.pad(this.f.plus ? quoteASCII(r, "'") : goQuote(r, "'"));
  }

  fmtUnicode(u: bigint): void {
    const f = this.f;
    let prec = 4;
    if (f.precPresent && f.prec > 4) prec = f.prec;
    let hex = (u < 0n ? u + (1n << 64n) : u).toString(16).toUpperCase();
    if (hex.length < prec) hex = '0'.repeat(prec - hex.length) + hex;
    let s = 'U+' + hex;
    if (f.sharp && u >= 0n && u <= 0x10ffffn && isGoPrintable(Number(u))) s += " '" + String.fromCodePoint(Number(u)) + "'";
    this.padNoZero(s);
  }

  printArg(a: GoArg, verb: string): void {
    if (verb === 'T') {
      this.fmtS(typeName(a));
      return;
    }
    switch (a.k) {
      case 'int':
        return this.printInt(a, verb);
      case 'float':
        switch (verb) {
          case 'v':
            return this.fmtFloat(a.v, 'g', -1);
          case 'b':
          case 'g':
          case 'G':
          case 'x':
          case 'X':
            return this.fmtFloat(a.v, verb, -1);
          case 'f':
          case 'e':
          case 'E':
          case 'F':
            return this.fmtFloat(a.v, verb === 'F' ? 'f' : verb, 6);
        }
        return this.badVerb(a, verb);
      case 'str':
        switch (verb) {
          case 'v':
            return this.f.sharpV ? this.fmtQ(a.v) : this.fmtS(a.v);
          case 's':
            return this.fmtS(a.v);
          case 'x':
            return this.fmtSx(a.v, false);
          case 'X':
            return this.fmtSx(a.v, true);
          case 'q':
            return this.fmtQ(a.v);
        }
        return this.badVerb(a, verb);
      case 'big':
        return this.printBig(a.v, verb);
    }
  }

  private printInt(a: { v: bigint }, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) return this.fmtInteger(a.v, 10, verb, false);
        return this.fmtInteger(a.v, 10, verb, false);
      case 'd':
        return this.fmtInteger(a.v, 10, verb, false);
      case 'b':
        return this.fmtInteger(a.v, 2, verb, false);
      case 'o':
      case 'O':
        return this.fmtInteger(a.v, 8, verb, false);
      case 'x':
        return this.fmtInteger(a.v, 16, verb, false);
      case 'X':
        return this.fmtInteger(a.v, 16, verb, true);
      case 'c':
        return this.fmtC(a.v);
      case 'q':
        return this.fmtQc(a.v);
      case 'U':
        return this.fmtUnicode(a.v);
    }
    this.badVerb({ k: 'int', v: a.v }, verb);
  }

  /** `*big.Int`'s own Format method. */
  private printBig(x: bigint, verb: string): void {
    const f = this.f;
    let base: number;
    switch (verb) {
      case 'b':
        base = 2;
        break;
      case 'o':
      case 'O':
        base = 8;
        break;
      case 'd':
      case 's':
      case 'v':
        base = 10;
        break;
      case 'x':
      case 'X':
        base = 16;
        break;
      default:
        this.out += `%!${verb}(big.Int=${x.toString()})`;
        return;
    }
    const plus = f.plus || f.plusV;
    const sharp = f.sharp || f.sharpV;
    const sign = x < 0n ? '-' : plus ? '+' : f.space ? ' ' : '';
    let prefix = '';
    if (sharp) prefix = verb === 'b' ? '0b' : verb === 'o' ? '0' : verb === 'x' ? '0x' : verb === 'X' ? '0X' : '';
    if (verb === 'O') prefix = '0o';
    let digits = (x < 0n ? -x : x).toString(base);
    if (verb === 'X') digits = digits.toUpperCase();
    let zeros = 0;
    if (f.precPresent) {
      if (digits.length < f.prec) zeros = f.prec - digits.length;
      else if (digits === '0' && f.prec === 0) return;
    }
    const length = sign.length + prefix.length + zeros + digits.length;
    let left = 0;
    let right = 0;
    if (f.widPresent && length < f.wid) {
      const d = f.wid - length;
      if (f.minus) right = d;
      else if (f.zero && !f.precPresent) zeros = d;
      else left = d;
    }
    this.out += ' '.repeat(left) + sign + prefix + '0'.repeat(zeros) + digits + ' '.repeat(right);
  }

  badVerb(a: GoArg, verb: string): void {
    this.out += '%!' + verb + '(' + typeName(a) + '=';
    this.printArg(a, 'v');
    this.out += ')';
  }
}

function runeOf(u: bigint): string {
  if (u < 0n || u > 0x10ffffn || (u >= 0xd800n && u <= 0xdfffn)) return '\ufffd';
  return String.fromCodePoint(Number(u));
}

/** strconv.QuoteToASCII / QuoteRuneToASCII. */
function quoteASCII(s: string, quote: string): string {
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out += goQuote(ch, quote).slice(1, -1);
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + quote;
}

function parseNum(s: string, start: number, end: number): { num: number; ok: boolean; next: number } {
  if (start >= end) return { num: 0, ok: false, next: end };
  let num = 0;
  let ok = false;
  let i = start;
  for (; i < end && s[i]! >= '0' && s[i]! <= '9'; i++) {
    if (num > 1e6 || num < -1e6) return { num: 0, ok: false, next: end };
    num = num * 10 + (s.charCodeAt(i) - 48);
    ok = true;
  }
  return { num, ok, next: i };
}

/** Go `fmt.Sprintf(format, args...)`. */
export function goSprintf(format: string, args: GoArg[]): string {
  const p = new Printer();
  const end = format.length;
  let argNum = 0;
  let afterIndex = false;
  let reordered = false;
  let goodArgNum = true;

  /** An explicit `[n]` argument index at i: returns the new position and whether one was found. */
  const argNumber = (i: number): [number, boolean] => {
    if (i >= end || format[i] !== '[') return [i, false];
    reordered = true;
    let close = -1;
    for (let j = i + 1; j < end; j++) {
      if (format[j] === ']') {
        close = j;
        break;
      }
    }
    if (end - i < 3 || close < 0) {
      goodArgNum = false;
      return [i + 1, false];
    }
    const r = parseNum(format, i + 1, close);
    if (!r.ok || r.next !== close) {
      goodArgNum = false;
      return [close + 1, false];
    }
    const index = r.num - 1;
    if (index >= 0 && index < args.length) argNum = index;
    else goodArgNum = false;
    return [close + 1, true];
  };

  const intFromArg = (): { num: number; isInt: boolean } => {
    let num = 0;
    let isInt = false;
    if (argNum < args.length) {
      const a = args[argNum]!;
      if (a.k === 'int') {
        isInt = true;
        num = Number(a.v);
        if (num > 1e6 || num < -1e6) {
          num = 0;
          isInt = false;
        }
      }
      argNum++;
    }
    return { num, isInt };
  };

  let i = 0;
  while (i < end) {
    goodArgNum = true;
    const lasti = i;
    while (i < end && format[i] !== '%') i++;
    if (i > lasti) p.out += format.slice(lasti, i);
    if (i >= end) break;
    i++;
    p.f = newFlags();
    const f = p.f;
    let simpleDone = false;
    for (; i < end; i++) {
      const c = format[i]!;
      if (c === '#') f.sharp = true;
      else if (c === '0') f.zero = true;
      else if (c === '+') f.plus = true;
      else if (c === '-') f.minus = true;
      else if (c === ' ') f.space = true;
      else {
        if (c >= 'a' && c <= 'z' && argNum < args.length) {
          if (c === 'v') {
            f.sharpV = f.sharp;
            f.sharp = false;
            f.plusV = f.plus;
            f.plus = false;
          }
          p.printArg(args[argNum]!, c);
          argNum++;
          i++;
          simpleDone = true;
        }
        break;
      }
    }
    if (simpleDone) continue;

    [i, afterIndex] = argNumber(i);
    if (i < end && format[i] === '*') {
      i++;
      const r = intFromArg();
      f.wid = r.num;
      f.widPresent = r.isInt;
      if (!r.isInt) p.out += '%!(BADWIDTH)';
      if (f.wid < 0) {
        f.wid = -f.wid;
        f.minus = true;
        f.zero = false;
      }
      afterIndex = false;
    } else {
      const r = parseNum(format, i, end);
      f.wid = r.num;
      f.widPresent = r.ok;
      i = r.next;
      if (afterIndex && f.widPresent) goodArgNum = false;
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      [i, afterIndex] = argNumber(i);
      if (i < end && format[i] === '*') {
        i++;
        const r = intFromArg();
        f.prec = r.num;
        f.precPresent = r.isInt;
        if (f.prec < 0) {
          f.prec = 0;
          f.precPresent = false;
        }
        if (!r.isInt) p.out += '%!(BADPREC)';
        afterIndex = false;
      } else {
        const r = parseNum(format, i, end);
        f.prec = r.num;
        f.precPresent = r.ok;
        i = r.next;
        if (!f.precPresent) {
          f.prec = 0;
          f.precPresent = true;
        }
      }
    }
    if (!afterIndex) [i, afterIndex] = argNumber(i);
    if (i >= end) {
      p.out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      p.out += '%';
    } else if (!goodArgNum) {
      p.out += '%!' + verb + '(BADINDEX)';
    } else if (argNum >= args.length) {
      p.out += '%!' + verb + '(MISSING)';
    } else {
      if (verb === 'v') {
        f.sharpV = f.sharp;
        f.sharp = false;
        f.plusV = f.plus;
        f.plus = false;
      }
      p.printArg(args[argNum]!, verb);
      argNum++;
    }
  }
  if (!reordered && argNum < args.length) {
    p.f = newFlags();
    p.out += '%!(EXTRA ';
    for (let j = argNum; j < args.length; j++) {
      if (j > argNum) p.out += ', ';
      p.out += typeName(args[j]!) + '=';
      p.printArg(args[j]!, 'v');
    }
    p.out += ')';
  }
  return p.out;
}

/**
 * The common case without Go's formatter: only `%v` / `%s` verbs (and `%%`), one per argument,
 * each argument a string, a composite or other value printed as Rego text, or (`%v`) a safe
 * integer. Anything else (flags, widths, other verbs, floats, missing or extra arguments)
 * returns undefined and takes the full path.
 */
function simpleSprintf(format: string, xs: Value[]): string | undefined {
  let out = '';
  let argi = 0;
  let last = 0;
  for (let i = format.indexOf('%'); i >= 0; i = format.indexOf('%', last)) {
    const c = format.charCodeAt(i + 1);
    out += format.slice(last, i);
    last = i + 2;
    if (c === 0x25) {
      out += '%';
      continue;
    }
    if ((c !== 0x76 && c !== 0x73) || argi >= xs.length) return undefined;
    const x = xs[argi++]!;
    if (typeof x === 'string') out += x;
    else if (typeof x === 'number') {
      if (c !== 0x76 || !Number.isSafeInteger(x)) return undefined;
      out += String(x);
    } else if (x instanceof RegoNumber) return undefined;
    else out += valueToRegoText(x);
  }
  if (argi !== xs.length) return undefined;
  return out + format.slice(last);
}

export const sprintfBuiltins: BuiltinTable = {
  sprintf(args) {
    const format = str(args, 0);
    const xs = arr(args, 1);
    return joinBytes(simpleSprintf(format, xs) ?? goSprintf(format, xs.map(toGoArg)));
  },
};
