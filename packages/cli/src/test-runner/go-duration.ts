/** Go's `time.Duration.String()` for a duration in nanoseconds (`1.5ms`, `434.928µs`, `1m2.5s`). */
export function goDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    // Below one second: ns, µs or ms with a trimmed fraction.
    if (u < 1000n) out = `${u}ns`;
    else if (u < 1_000_000n) out = frac(u, 3) + 'µs';
    else out = frac(u, 6) + 'ms';
  } else {
    const secs = frac(u % 60_000_000_000n, 9) + 's';
    u /= 60_000_000_000n;
    if (u === 0n) out = secs;
    else {
      const mins = u % 60n;
      const hours = u / 60n;
      out = hours > 0n ? `${hours}h${mins}m${secs}` : `${mins}m${secs}`;
    }
  }
  return neg ? '-' + out : out;
}

/** `v / 10^prec` with the fraction's trailing zeros (and a bare point) dropped. */
function frac(v: bigint, prec: number): string {
  const div = 10n ** BigInt(prec);
  const whole = v / div;
  const f = (v % div).toString().padStart(prec, '0').replace(/0+$/, '');
  return f ? `${whole}.${f}` : `${whole}`;
}

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's `time.ParseDuration` (`1.5s`, `1m30s`, `100ms`, `0`), in milliseconds; undefined if invalid. */
export function parseGoDuration(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let ns = 0;
  const re = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  while (s.length) {
    const m = re.exec(s);
    if (!m) return undefined;
    ns += Number(m[1]) * UNIT_NS[m[2]!]!;
    s = s.slice(m[0].length);
  }
  return (sign * ns) / 1e6;
}
