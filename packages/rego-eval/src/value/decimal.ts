/**
 * Exact decimal digit strings and Go's `%e`/`%f` layouts over them, shared by the big-float
 * emulation (number printing) and sprintf's float64 verbs.
 */

/** Decimal digits (no trailing zeros); the decimal point sits after `exp` digits. */
export interface Decimal {
  mant: string;
  exp: number;
}

export function decimalOf(m: bigint, e: number): Decimal {
  if (m === 0n) return { mant: '', exp: 0 };
  let s: string;
  let point: number;
  if (e >= 0) {
    s = (m << BigInt(e)).toString();
    point = s.length;
  } else {
    // m * 2^e = m * 5^-e / 10^-e
    s = (m * 5n ** BigInt(-e)).toString();
    point = s.length + e;
  }
  let n = s.length;
  while (n > 0 && s.charCodeAt(n - 1) === 48) n--;
  return { mant: s.slice(0, n), exp: point };
}

export function roundUp(d: Decimal, n: number): Decimal {
  if (n < 0 || n >= d.mant.length) return d;
  while (n > 0 && d.mant[n - 1] === '9') n--;
  if (n === 0) return { mant: '1', exp: d.exp + 1 };
  return { mant: d.mant.slice(0, n - 1) + String.fromCharCode(d.mant.charCodeAt(n - 1) + 1), exp: d.exp };
}

export function roundDown(d: Decimal, n: number): Decimal {
  if (n < 0 || n >= d.mant.length) return d;
  let i = n;
  while (i > 0 && d.mant[i - 1] === '0') i--;
  return { mant: d.mant.slice(0, i), exp: i === 0 ? 0 : d.exp };
}

export function roundNearest(d: Decimal, n: number): Decimal {
  if (n < 0 || n >= d.mant.length) return d;
  let up: boolean;
  if (d.mant[n] === '5' && n + 1 === d.mant.length) {
    up = n > 0 && ((d.mant.charCodeAt(n - 1) - 48) & 1) !== 0;
  } else {
    up = d.mant[n]! >= '5';
  }
  return up ? roundUp(d, n) : roundDown(d, n);
}


export function fmtF(d: Decimal, prec: number): string {
  let out = '';
  if (d.exp > 0) {
    const m = Math.min(d.mant.length, d.exp);
    out = d.mant.slice(0, m) + '0'.repeat(d.exp - m);
  } else {
    out = '0';
  }
  if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      const j = d.exp + i;
      out += j >= 0 && j < d.mant.length ? d.mant[j] : '0';
    }
  }
  return out;
}

export function fmtE(d: Decimal, prec: number): string {
  let out = d.mant.length > 0 ? d.mant[0]! : '0';
  if (prec > 0) {
    out += '.' + d.mant.slice(1, prec + 1).padEnd(prec, '0');
  }
  let exp = d.mant.length > 0 ? d.exp - 1 : 0;
  const sign = exp < 0 ? '-' : '+';
  if (exp < 0) exp = -exp;
  return out + 'e' + sign + (exp < 10 ? '0' : '') + String(exp);
}

