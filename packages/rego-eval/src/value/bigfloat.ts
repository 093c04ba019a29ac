/**
 * A binary float with a 64-bit mantissa and an unbounded exponent: the default precision of
 * Go's `big.Float`, which OPA uses for all non-integer arithmetic (spec §3.15). Emulating it
 * (rather than using float64) makes results such as `1.1 + 2.2` = `3.3000000000000000002`
 * and `15.3 / 3` = `5.1` match OPA digit for digit.
 *
 * Value = (neg ? -1 : 1) * m * 2^e, where m is 0 or has exactly 64 bits.
 */
export interface BigFloat {
  readonly neg: boolean;
  readonly m: bigint;
  readonly e: number;
}

import { decimalOf, fmtE, fmtF, roundDown, roundNearest, roundUp, type Decimal } from './decimal.js';

const PREC = 64;
const ZERO: BigFloat = { neg: false, m: 0n, e: 0 };

export function bitLength(x: bigint): number {
  if (x === 0n) return 0;
  const hex = x.toString(16);
  const first = parseInt(hex[0]!, 16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(first));
}

/** Rounds num/den * 2^e (num, den > 0) to 64 bits, ties to even. */
function roundRational(neg: boolean, num: bigint, den: bigint, e: number): BigFloat {
  if (num === 0n) return { neg, m: 0n, e: 0 };
  // Scale so that the integer quotient has at least PREC + 2 bits.
  const k = PREC + 2 - (bitLength(num) - bitLength(den));
  const n2 = k >= 0 ? num << BigInt(k) : num;
  const d2 = k < 0 ? den << BigInt(-k) : den;
  const q = n2 / d2;
  const sticky = n2 % d2 !== 0n;
  const sh = bitLength(q) - PREC;
  let m = q >> BigInt(sh);
  const low = q & ((1n << BigInt(sh)) - 1n);
  const half = 1n << BigInt(sh - 1);
  if (low > half || (low === half && (sticky || (m & 1n) === 1n))) m += 1n;
  let exp = e - k + sh;
  if (bitLength(m) > PREC) {
    m >>= 1n;
    exp += 1;
  }
  return { neg, m, e: exp };
}

export function bfFromBigInt(i: bigint): BigFloat {
  const neg = i < 0n;
  return roundRational(neg, neg ? -i : i, 1n, 0);
}

/** Parses decimal text (`-1.5e3`, `.5`, `10`); undefined when malformed or absurdly large. */
export function bfFromText(text: string): BigFloat | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const [, sign, ip = '', fp = '', ex] = m;
  if (ip === '' && fp === '') return undefined;
  const exp = (ex ? Number(ex) : 0) - fp.length;
  if (!Number.isFinite(exp) || Math.abs(exp) > 100_000) return undefined;
  const digits = BigInt((ip + fp).replace(/^0+(?=\d)/, '') || '0');
  const neg = sign === '-';
  if (exp >= 0) return roundRational(neg, digits * 10n ** BigInt(exp), 1n, 0);
  return roundRational(neg, digits, 10n ** BigInt(-exp), 0);
}

function exact(a: BigFloat, e: number): bigint {
  const v = a.m << BigInt(a.e - e);
  return a.neg ? -v : v;
}

function fromSigned(v: bigint, e: number): BigFloat {
  const neg = v < 0n;
  return roundRational(neg, neg ? -v : v, 1n, e);
}

export function bfAdd(a: BigFloat, b: BigFloat): BigFloat {
  if (a.m === 0n && b.m === 0n) return { neg: a.neg && b.neg, m: 0n, e: 0 };
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  const s = exact(a, e) + exact(b, e);
  if (s === 0n) return ZERO;
  return fromSigned(s, e);
}

export function bfNeg(a: BigFloat): BigFloat {
  return { neg: !a.neg, m: a.m, e: a.e };
}

export function bfSub(a: BigFloat, b: BigFloat): BigFloat {
  return bfAdd(a, bfNeg(b));
}

export function bfMul(a: BigFloat, b: BigFloat): BigFloat {
  const neg = a.neg !== b.neg;
  if (a.m === 0n || b.m === 0n) return { neg, m: 0n, e: 0 };
  return roundRational(neg, a.m * b.m, 1n, a.e + b.e);
}

/** Quotient; the caller rules out a zero divisor. */
export function bfQuo(a: BigFloat, b: BigFloat): BigFloat {
  const neg = a.neg !== b.neg;
  if (a.m === 0n) return { neg, m: 0n, e: 0 };
  return roundRational(neg, a.m, b.m, a.e - b.e);
}

export function bfIsZero(a: BigFloat): boolean {
  return a.m === 0n;
}

export function bfIsInt(a: BigFloat): boolean {
  if (a.m === 0n || a.e >= 0) return true;
  return (a.m & ((1n << BigInt(-a.e)) - 1n)) === 0n;
}

/** Integer part, truncated toward zero. */
export function bfTrunc(a: BigFloat): bigint {
  const v = a.e >= 0 ? a.m << BigInt(a.e) : a.m >> BigInt(-a.e);
  return a.neg ? -v : v;
}

export function bfCmp(a: BigFloat, b: BigFloat): number {
  const e = Math.min(a.e, b.e);
  const x = a.m === 0n ? 0n : exact(a, e);
  const y = b.m === 0n ? 0n : exact(b, e);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Shortest digits that round back to `a` at 64-bit precision (Go's `roundShortest`). */
function shortestDecimal(a: BigFloat): Decimal {
  const d = decimalOf(a.m, a.e);
  if (d.mant === '') return d;
  const mant = a.m << 1n;
  const e = a.e - 1;
  const lower = decimalOf(mant - 1n, e);
  const upper = decimalOf(mant + 1n, e);
  const inclusive = (a.m & 1n) === 0n;
  const at = (x: Decimal, i: number): string => (i < x.mant.length ? x.mant[i]! : '0');
  for (let i = 0; i < d.mant.length; i++) {
    const m = d.mant[i]!;
    const l = at(lower, i);
    const u = at(upper, i);
    const okDown = l !== m || (inclusive && i + 1 === lower.mant.length);
    const okUp = m !== u && (inclusive || m.charCodeAt(0) + 1 < u.charCodeAt(0) || i + 1 < upper.mant.length);
    if (okDown && okUp) return roundNearest(d, i + 1);
    if (okDown) return roundDown(d, i + 1);
    if (okUp) return roundUp(d, i + 1);
  }
  return d;
}

/**
 * OPA's `FloatToNumber`: integral values in plain decimal (shortest digits padded with
 * zeros), others in Go's shortest `%g` (exponent form when the decimal exponent is < -4 or
 * >= 6).
 */
export function bfToText(a: BigFloat): string {
  const d = shortestDecimal(a);
  const sign = a.neg ? '-' : '';
  if (bfIsInt(a)) return sign + fmtF(d, Math.max(d.mant.length - d.exp, 0));
  const exp = d.exp - 1;
  if (exp < -4 || exp >= 6) return sign + fmtE(d, d.mant.length - 1);
  return sign + fmtF(d, Math.max(d.mant.length - d.exp, 0));
}
