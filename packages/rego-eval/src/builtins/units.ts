/** units.parse / units.parse_bytes (v1/topdown/parse_units.go, parse_bytes.go; spec §5.5.2). */
import { bfFromBigInt, bfFromText, bfMul, bfTrunc } from '../value/bigfloat.js';
import { numberFromBigInt, numberFromText } from '../value/number.js';
import { str } from './args.js';
import { fail } from './errors.js';
import { decompose } from './gofloat.js';
import type { BuiltinTable } from './registry.js';
import type { Value } from '../value/types.js';
import { wellFormed } from '../value/quote.js';

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Splits `s` into its numeric prefix and unit, as OPA's extractNumAndUnit does. */
function extractNumAndUnit(s: string): { num: string; unit: string } | 'exponent' {
  let first = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (!isDigit(c) && c !== '.' && c !== 'e' && c !== 'E' && c !== '+' && c !== '-') {
      first = i;
      break;
    }
    if (c === 'e' || c === 'E') {
      const next = s[i + 1];
      if (i === s.length - 1 || (!isDigit(next) && next !== '+' && next !== '-')) {
        first = i;
        break;
      }
      if (next === '+' || next === '-') i++;
      let end = i + 1;
      while (end < s.length && isDigit(s[end])) end++;
      if (end - (i + 1) > 6) return 'exponent';
    }
  }
  if (first === -1) return { num: s, unit: '' };
  if (first === 0) return { num: '', unit: s };
  return { num: s.slice(0, first), unit: s.slice(first) };
}

/** Exact rational of a decimal text (Go big.Rat.SetString subset), or undefined. */
function parseRational(text: string): { n: bigint; d: bigint } | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const [, sign, ip = '', fp = '', ex] = m;
  if (ip === '' && fp === '') return undefined;
  const exp = (ex ? Number(ex) : 0) - fp.length;
  if (Math.abs(exp) > 100_000) return undefined;
  let n = BigInt(ip + fp);
  if (sign === '-') n = -n;
  return exp >= 0 ? { n: n * 10n ** BigInt(exp), d: 1n } : { n, d: 10n ** BigInt(-exp) };
}

/** Go `big.Rat.FloatString(prec)`: rounded half away from zero. */
function ratFloatString(n: bigint, d: bigint, prec: number): string {
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / d;
  let r = a % d;
  const p = 10n ** BigInt(prec);
  r *= p;
  let frac = r / d;
  const r2 = (r % d) * 2n;
  if (d <= r2) {
    frac += 1n;
    if (frac >= p) {
      q += 1n;
      frac -= p;
    }
  }
  return (neg ? '-' : '') + q.toString() + (prec > 0 ? '.' + frac.toString().padStart(prec, '0') : '');
}

const KI = 1n << 10n;
const SI: Record<string, bigint> = {
  '': 1n,
  k: 1000n,
  K: 1000n,
  ki: KI,
  Ki: KI,
  M: 1000n ** 2n,
  mi: KI ** 2n,
  Mi: KI ** 2n,
  g: 1000n ** 3n,
  G: 1000n ** 3n,
  gi: KI ** 3n,
  Gi: KI ** 3n,
  t: 1000n ** 4n,
  T: 1000n ** 4n,
  ti: KI ** 4n,
  Ti: KI ** 4n,
  p: 1000n ** 5n,
  P: 1000n ** 5n,
  pi: KI ** 5n,
  Pi: KI ** 5n,
  e: 1000n ** 6n,
  E: 1000n ** 6n,
  ei: KI ** 6n,
  Ei: KI ** 6n,
};

const BYTES: Record<string, bigint> = {
  '': 1n,
  k: 1000n,
  kb: 1000n,
  ki: KI,
  kib: KI,
  m: 1000n ** 2n,
  mb: 1000n ** 2n,
  mi: KI ** 2n,
  mib: KI ** 2n,
  g: 1000n ** 3n,
  gb: 1000n ** 3n,
  gi: KI ** 3n,
  gib: KI ** 3n,
  t: 1000n ** 4n,
  tb: 1000n ** 4n,
  ti: KI ** 4n,
  tib: KI ** 4n,
  p: 1000n ** 5n,
  pb: 1000n ** 5n,
  pi: KI ** 5n,
  pib: KI ** 5n,
  e: 1000n ** 6n,
  eb: 1000n ** 6n,
  ei: KI ** 6n,
  eib: KI ** 6n,
};

/** 0.001 as the exact rational value of the float64 nearest to it (Go `Rat.SetFloat64`). */
const MILLI = (() => {
  const { mant, exp } = decompose(0.001);
  return { n: mant, d: 1n << BigInt(52 - exp) };
})();

function unitsParse(s: string) {
  const e = (msg: string) => fail(`units.parse: ${msg}`);
  s = s.replaceAll('"', '');
  if (s.includes(' ')) throw e('spaces not allowed in resource strings');
  const parts = extractNumAndUnit(s);
  if (parts === 'exponent') throw e('exponent too large');
  let { num, unit } = parts;
  if (num === '') throw e('no amount provided');
  // Go's strings.ToLower writes a raw byte as U+FFFD.
  if (unit.length > 1) unit = unit[0] + wellFormed(unit.slice(1).toLowerCase());
  let factor: { n: bigint; d: bigint };
  if (unit !== 'm' && num.length <= 15 && /^\d+$/.test(num)) {
    // Fast path: an integer amount times an integer factor, exact in a JS number.
    const f = Object.prototype.hasOwnProperty.call(SI, unit) ? SI[unit] : undefined;
    if (f !== undefined) {
      const p = Number(num) * Number(f);
      if (p <= Number.MAX_SAFE_INTEGER) return p;
    }
  }
  if (unit === 'm') factor = MILLI;
  else {
    const f = Object.prototype.hasOwnProperty.call(SI, unit) ? SI[unit] : undefined;
    if (f === undefined) throw e(`unit ${unit} not recognized`);
    factor = { n: f, d: 1n };
  }
  const r = parseRational(num);
  if (!r) throw e('could not parse amount to a number');
  const n = r.n * factor.n;
  const d = r.d * factor.d;
  if (n % d === 0n) return numberFromBigInt(n / d);
  return numberFromText(ratFloatString(n, d, 10));
}

function unitsParseBytes(raw: string) {
  const e = (msg: string) => fail(`units.parse_bytes: ${msg}`);
  const s = wellFormed(raw.toLowerCase()).replaceAll('"', '');
  if (s.includes(' ')) throw e('spaces not allowed in resource strings');
  const parts = extractNumAndUnit(s);
  if (parts === 'exponent') throw e('exponent too large');
  const { num, unit } = parts;
  if (num === '') throw e('no byte amount provided');
  const f = Object.prototype.hasOwnProperty.call(BYTES, unit) ? BYTES[unit] : undefined;
  if (f === undefined) throw e(`byte unit ${unit} not recognized`);
  // Fast path: an integer amount whose product is exact in a JS number (so also in big.Float).
  if (num.length <= 15 && /^\d+$/.test(num)) {
    const p = Number(num) * Number(f);
    if (p <= Number.MAX_SAFE_INTEGER) return p;
  }
  const x = bfFromText(num);
  if (!x) throw e('could not parse byte amount to a number');
  return numberFromBigInt(bfTrunc(bfMul(x, bfFromBigInt(f))));
}

/** Results are pure and immutable: quantities repeat a lot (Kubernetes limits), so keep some. */
function memo(f: (s: string) => Value): (s: string) => Value {
  const cache = new Map<string, Value>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      v = f(s);
      if (cache.size >= 4096) cache.delete(cache.keys().next().value!);
      cache.set(s, v);
    }
    return v;
  };
}

const parseMemo = memo(unitsParse);
const parseBytesMemo = memo(unitsParseBytes);

export const unitBuiltins: BuiltinTable = {
  'units.parse': (args) => parseMemo(str(args, 0)),
  'units.parse_bytes': (args) => parseBytesMemo(str(args, 0)),
};
