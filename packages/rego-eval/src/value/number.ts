/**
 * Rego numbers (spec §3.15). A number is a JS `number` when that is exact and its canonical
 * spelling is the literal's, else a `RegoNumber` keeping the text. Integer arithmetic is exact
 * (bigint when it leaves the safe range); non-integer arithmetic emulates Go's 64-bit-mantissa
 * `big.Float` as OPA does, and results print with OPA's `FloatToNumber` rules.
 */
import {
  bfAdd,
  bfCmp,
  bfFromBigInt,
  bfFromText,
  bfIsInt,
  bfIsZero,
  bfMul,
  bfQuo,
  bfSub,
  bfToText,
  bfTrunc,
  type BigFloat,
} from './bigfloat.js';
import { RegoNumber } from './types.js';

export type Num = number | RegoNumber;

/** Arithmetic failure (`divide by zero`, …); builtins prefix it with their name. */
export class NumberError extends Error {}

const NUMBER_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True when `text` is a number in JSON/Rego syntax (leading zeros and `.5` tolerated). */
export function isNumberText(text: string): boolean {
  return NUMBER_TEXT.test(text);
}

/**
 * A number from a literal or JSON text. Callers pass valid number syntax (see `isNumberText`).
 * Canonical spellings that JS holds exactly become JS numbers; everything else keeps its text.
 */
export function numberFromText(text: string): Num {
  const f = Number(text);
  // Integers beyond 2^53 stay RegoNumbers so that their exact value is known.
  if (Number.isFinite(f) && String(f) === text && (!Number.isInteger(f) || Number.isSafeInteger(f))) return f;
  return new RegoNumber(text, integerOfText(text), f);
}

/** The exact integer value of a decimal text, or undefined when not integral. */
function integerOfText(text: string): bigint | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const [, sign, ip = '', fp = '', ex] = m;
  const fpTrim = fp.replace(/0+$/, '');
  const exp = (ex ? Number(ex) : 0) - fpTrim.length;
  let digits = (ip + fpTrim).replace(/^0+/, '');
  if (digits === '') return 0n;
  if (exp < 0) {
    // Integral only if the last -exp digits are zeros.
    const tail = digits.slice(exp);
    if (-exp > digits.length || !/^0*$/.test(tail)) {
      return /^0*$/.test(digits) ? 0n : undefined;
    }
    digits = digits.slice(0, exp);
    if (digits === '') return 0n;
  } else if (exp > 0) {
    if (exp > 100_000) return undefined;
    digits += '0'.repeat(exp);
  }
  const v = BigInt(digits);
  return sign === '-' ? -v : v;
}

export function numberFromBigInt(i: bigint): Num {
  if (i >= -9007199254740991n && i <= 9007199254740991n) return Number(i);
  return new RegoNumber(i.toString(), i, Number(i));
}

/** The JSON text of a number: its stored spelling. */
export function numberToText(n: Num): string {
  return typeof n === 'number' ? String(n) : n.text;
}

/** The nearest float64. */
export function toFloat(n: Num): number {
  return typeof n === 'number' ? n : n.f;
}

export function isInteger(n: Num): boolean {
  return typeof n === 'number' ? Number.isInteger(n) : n.int !== undefined;
}

/** Exact integer value, or undefined for non-integral numbers. */
export function toBigInt(n: Num): bigint | undefined {
  if (typeof n === 'number') return Number.isInteger(n) ? BigInt(n) : undefined;
  return n.int;
}

/**
 * The value as an integer the way OPA's IntOperand/BigIntOperand read a number: from its text,
 * so `1e3` and `1.0` are not integers there (although they equal 1000 and 1).
 */
export function toBigIntStrict(n: Num): bigint | undefined {
  if (typeof n === 'number') return Number.isInteger(n) ? BigInt(n) : undefined;
  return n.int !== undefined && /^-?\d+$/.test(n.text) ? n.int : undefined;
}

/** The value as a safe JS integer, or undefined when not integral or out of range. */
export function toInt(n: Num): number | undefined {
  if (typeof n === 'number') return Number.isSafeInteger(n) ? n : undefined;
  if (n.int === undefined) return undefined;
  return n.int >= -9007199254740991n && n.int <= 9007199254740991n ? Number(n.int) : undefined;
}

/**
 * An array index as OPA reads one (`Number.Int`, strconv on the number's text): an integer
 * spelled as one — `2.0` and `2e0` index nothing, though they equal 2.
 */
export function arrayIndex(n: Num): number | undefined {
  if (typeof n !== 'number' && !/^[+-]?\d+$/.test(n.text)) return undefined;
  return toInt(n);
}

export function isZero(n: Num): boolean {
  return typeof n === 'number' ? n === 0 : n.int === 0n || (n.int === undefined && n.f === 0 && bfIsZero(toBigFloat(n)));
}

/** The number as a 64-bit-mantissa big float (OPA's `NumberToFloat`). */
export function toBigFloat(n: Num): BigFloat {
  // Negative zero (`0 * -2.5` gives -0) keeps its sign, as in OPA's big.Float.
  if (typeof n === 'number') {
    if (Object.is(n, -0)) return bfFromText('-0')!;
    return Number.isInteger(n) ? bfFromBigInt(BigInt(n)) : bfFromText(String(n))!;
  }
  if (n.int !== undefined && !(n.int === 0n && n.text.startsWith('-'))) return bfFromBigInt(n.int);
  return bfFromText(n.text) ?? bfFromText(String(n.f))!;
}

/** OPA's `FloatToNumber`. */
export function fromBigFloat(f: BigFloat): Num {
  return numberFromText(bfToText(f));
}

function safe(n: Num): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n);
}

/**
 * OPA takes the integer path only for operands written as integers (`0.0` and `1e0` are not);
 * otherwise big.Float arithmetic, where a zero result can be negative (`0.0 * -1` is -0).
 */
function signedZero(r: bigint, a: Num, b: Num): boolean {
  return r === 0n && (toBigIntStrict(a) === undefined || toBigIntStrict(b) === undefined);
}

function norm(r: number): number {
  return r === 0 ? 0 : r; // drop -0 from integer results
}

export function add(a: Num, b: Num): Num {
  if (safe(a) && safe(b)) {
    const r = a + b;
    if (Number.isSafeInteger(r)) return norm(r);
  }
  const x = toBigInt(a);
  const y = toBigInt(b);
  if (x !== undefined && y !== undefined && !signedZero(x + y, a, b)) return numberFromBigInt(x + y);
  return fromBigFloat(bfAdd(toBigFloat(a), toBigFloat(b)));
}

export function sub(a: Num, b: Num): Num {
  if (safe(a) && safe(b)) {
    const r = a - b;
    if (Number.isSafeInteger(r)) return norm(r);
  }
  const x = toBigInt(a);
  const y = toBigInt(b);
  if (x !== undefined && y !== undefined && !signedZero(x - y, a, b)) return numberFromBigInt(x - y);
  return fromBigFloat(bfSub(toBigFloat(a), toBigFloat(b)));
}

/** OPA multiplies integers as integers only when both lie in (-1000, 1000). */
function small(n: number | bigint): boolean {
  return n > -1000 && n < 1000;
}

export function mul(a: Num, b: Num): Num {
  if (safe(a) && safe(b)) {
    const r = a * b;
    if (r !== 0) {
      if (Number.isSafeInteger(r)) return r;
    } else if (small(a) && small(b)) return 0;
  }
  const x = toBigInt(a);
  const y = toBigInt(b);
  if (x !== undefined && y !== undefined && !signedZero(x * y, a, b)) {
    // A zero product beyond the small range is a big.Float product in OPA: `-5000 * 0` is -0.
    if (x * y !== 0n || (small(x) && small(y))) return numberFromBigInt(x * y);
  }
  return fromBigFloat(bfMul(toBigFloat(a), toBigFloat(b)));
}

/** Exact quotient when it is an integer, else rounded as OPA does. Throws on a zero divisor. */
export function div(a: Num, b: Num): Num {
  if (isZero(b)) throw new NumberError('divide by zero');
  // OPA always divides big.Floats: 0 / -1 is -0.
  if (isZero(a)) return fromBigFloat(bfQuo(toBigFloat(a), toBigFloat(b)));
  if (safe(a) && safe(b) && a % b === 0) return norm(a / b);
  const x = toBigInt(a);
  const y = toBigInt(b);
  if (x !== undefined && y !== undefined && x % y === 0n) return numberFromBigInt(x / y);
  return fromBigFloat(bfQuo(toBigFloat(a), toBigFloat(b)));
}

/** Truncated remainder (sign of the dividend); operands must be integral. */
export function rem(a: Num, b: Num): Num {
  if (safe(a) && safe(b)) {
    if (b === 0) throw new NumberError('modulo by zero');
    return norm(a % b);
  }
  const x = toBigInt(a);
  const y = toBigInt(b);
  if (x === undefined || y === undefined) throw new NumberError('modulo on floating-point number');
  if (y === 0n) throw new NumberError('modulo by zero');
  return numberFromBigInt(x % y);
}

export function neg(a: Num): Num {
  if (typeof a === 'number') return a === 0 ? 0 : -a;
  const text = a.text.startsWith('-') ? a.text.slice(1) : '-' + a.text;
  return new RegoNumber(text, a.int === undefined ? undefined : -a.int, -a.f);
}

/** Sign: -1, 0 or 1. */
export function sign(a: Num): number {
  if (typeof a === 'number') return a < 0 ? -1 : a > 0 ? 1 : 0;
  if (a.int !== undefined) return a.int < 0n ? -1 : a.int > 0n ? 1 : 0;
  return a.f < 0 ? -1 : a.f > 0 ? 1 : 0;
}

export function abs(a: Num): Num {
  // Non-integers go through the big float so they print as OPA prints them (1.5e+06 …).
  if (typeof a === 'number' && Number.isInteger(a)) return Math.abs(a);
  if (typeof a !== 'number' && a.int !== undefined) return numberFromBigInt(a.int < 0n ? -a.int : a.int);
  const f = toBigFloat(a);
  return fromBigFloat({ neg: false, m: f.m, e: f.e });
}

/**
 * floor/ceil/round through the big-float value, as OPA does. Integral inputs are returned
 * exactly. OPA decides floor/ceil by the sign of the truncated value, so for -1 < x < 0
 * `floor(x)` is 0 and `ceil(x)` is 1 (pinned against opa v1.17.1); we keep that behaviour.
 */
function integral(a: Num, mode: 'floor' | 'ceil' | 'round'): Num {
  if (isInteger(a)) return typeof a === 'number' ? norm(a) : numberFromBigInt(a.int!);
  if (typeof a === 'number' && mode !== 'round') {
    const t = norm(Math.trunc(a));
    return mode === 'floor' ? (t >= 0 ? t : t - 1) : t < 0 ? t : t + 1;
  }
  const f = toBigFloat(a);
  const t = bfTrunc(f);
  switch (mode) {
    case 'floor':
      return numberFromBigInt(t >= 0n || bfIsInt(f) ? t : t - 1n);
    case 'ceil':
      return numberFromBigInt(t < 0n || bfIsInt(f) ? t : t + 1n);
    case 'round': {
      // Half away from zero: compare |f - trunc| with 1/2.
      const frac = bfSub({ neg: false, m: f.m, e: f.e }, bfFromBigInt(t < 0n ? -t : t));
      const up = bfCmp(frac, { neg: false, m: 1n << 63n, e: -64 }) >= 0;
      return numberFromBigInt(up ? (f.neg ? t - 1n : t + 1n) : t);
    }
  }
}

export function floor(a: Num): Num {
  return integral(a, 'floor');
}
export function ceil(a: Num): Num {
  return integral(a, 'ceil');
}
export function round(a: Num): Num {
  return integral(a, 'round');
}
