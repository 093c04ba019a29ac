/** Go's `strconv.FormatFloat(v, fmt, prec, 64)` for finite float64 values (sprintf verbs). */
import { decimalOf, fmtE, fmtF, roundNearest, type Decimal } from '../value/decimal.js';

const view = new DataView(new ArrayBuffer(8));

/** Sign, 53-bit mantissa (with the implicit bit) and unbiased binary exponent. */
export function decompose(v: number): { neg: boolean; mant: bigint; exp: number } {
  view.setFloat64(0, v);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const neg = hi >>> 31 === 1;
  let exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === 0) exp = 1;
  else mant |= 1n << 52n;
  return { neg, mant, exp: exp - 1023 };
}

/** Shortest round-trip digits (JS and Go agree on these). */
function shortest(v: number): Decimal {
  if (v === 0) return { mant: '', exp: 0 };
  const s = Math.abs(v).toExponential(); // d.ddde±x
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s)!;
  let mant = m[1]! + (m[2] ?? '');
  mant = mant.replace(/0+$/, '');
  return { mant, exp: Number(m[3]) + 1 };
}

function exact(v: number): Decimal {
  const { mant, exp } = decompose(v);
  return decimalOf(mant, exp - 52);
}

export function formatFloat(v: number, fmt: string, prec: number): string {
  const neg = v < 0 || Object.is(v, -0);
  const sign = neg ? '-' : '';
  if (fmt === 'b') {
    const d = decompose(v);
    const e = d.exp - 52;
    return sign + d.mant.toString() + 'p' + (e >= 0 ? '+' : '') + String(e);
  }
  if (fmt === 'x' || fmt === 'X') return sign + hexFloat(v, fmt, prec);
  const isShortest = prec < 0;
  let d: Decimal;
  const upper = fmt === 'E' || fmt === 'G';
  const f = fmt.toLowerCase();
  if (isShortest) {
    d = shortest(v);
    if (f === 'e') prec = Math.max(d.mant.length - 1, 0);
    else if (f === 'f') prec = Math.max(d.mant.length - d.exp, 0);
    else prec = d.mant.length;
  } else {
    d = exact(v);
    if (f === 'e') d = roundNearest(d, 1 + prec);
    else if (f === 'f') d = roundNearest(d, d.exp + prec);
    else {
      if (prec === 0) prec = 1;
      d = roundNearest(d, prec);
    }
  }
  let out: string;
  if (f === 'e') out = fmtE(d, prec);
  else if (f === 'f') out = fmtF(d, prec);
  else {
    let eprec = prec;
    if (eprec > d.mant.length && d.mant.length >= d.exp) eprec = d.mant.length;
    if (isShortest) eprec = 6;
    const exp = d.exp - 1;
    if (exp < -4 || exp >= eprec) {
      if (prec > d.mant.length) prec = d.mant.length;
      out = fmtE(d, prec - 1);
    } else {
      if (prec > d.exp) prec = d.mant.length;
      out = fmtF(d, Math.max(prec - d.exp, 0));
    }
  }
  return sign + (upper ? out.toUpperCase() : out);
}

function hexFloat(v: number, fmt: string, prec: number): string {
  let { mant, exp } = decompose(Math.abs(v));
  if (mant === 0n) exp = 0;
  mant <<= 8n; // leading bit at position 60
  const bit60 = 1n << 60n;
  while (mant !== 0n && (mant & bit60) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & (bit60 - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  let out = '0' + fmt + String((mant >> 60n) & 1n);
  const mask = (1n << 64n) - 1n;
  mant = (mant << 4n) & mask;
  const digit = (): string => hex[Number((mant >> 60n) & 15n)]!;
  if (prec < 0 && mant !== 0n) {
    out += '.';
    while (mant !== 0n) {
      out += digit();
      mant = (mant << 4n) & mask;
    }
  } else if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      out += digit();
      mant = (mant << 4n) & mask;
    }
  }
  out += fmt === 'X' ? 'P' : 'p';
  out += exp < 0 ? '-' : '+';
  const e = Math.abs(exp);
  out += e < 10 ? '0' + String(e) : String(e);
  return out;
}
