// Timing helpers: time-budgeted sampling of single calls (each call timed on its own so p99
// keeps GC pauses), summary statistics, and Go duration parsing for gator's output.
import { PerformanceObserver, constants } from 'node:perf_hooks';

const now = () => process.hrtime.bigint();

/** Linear interpolation between closest ranks (as gator bench), on sorted ns samples. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** Summary in nanoseconds; throughput in operations per second over the timed wall time. */
export function summarize(samplesNs, wallNs, extra = {}) {
  const s = Float64Array.from(samplesNs).sort();
  let sum = 0;
  for (const x of s) sum += x;
  return {
    n: s.length,
    medianNs: percentile(s, 50),
    p99Ns: percentile(s, 99),
    meanNs: sum / s.length,
    minNs: s[0],
    maxNs: s[s.length - 1],
    opsPerSec: s.length / (Number(wallNs) / 1e9),
    ...extra,
  };
}

/** Collects GC pauses while `fn` runs synchronously-in-a-loop (entries are delivered async). */
function gcObserver() {
  const entries = [];
  let obs;
  try {
    obs = new PerformanceObserver((list) => entries.push(...list.getEntries()));
    obs.observe({ entryTypes: ['gc'] });
  } catch {
    obs = undefined;
  }
  return {
    async stop() {
      await new Promise((r) => setImmediate(r));
      if (obs) entries.push(...obs.takeRecords());
      obs?.disconnect();
      const major = entries.filter((e) => (e.detail?.kind ?? e.kind) === constants.NODE_PERFORMANCE_GC_MAJOR);
      return { gcCount: entries.length, gcMajor: major.length, gcMs: entries.reduce((n, e) => n + e.duration, 0) };
    },
  };
}

/**
 * Runs `fn` for `warmupMs` untimed, then times single calls for `timeMs` (at least `minSamples`,
 * at most `maxSamples`). Returns the summary plus the GC pauses seen while timing.
 */
export async function measure(fn, { warmupMs = 200, timeMs = 1000, minSamples = 5, maxSamples = 200_000 } = {}) {
  const wEnd = now() + BigInt(Math.round(warmupMs * 1e6));
  let w = 0;
  while (now() < wEnd || w < 2) {
    fn();
    w++;
  }
  const samples = [];
  const gc = gcObserver();
  const start = now();
  const end = start + BigInt(Math.round(timeMs * 1e6));
  let t = start;
  while ((t < end || samples.length < minSamples) && samples.length < maxSamples) {
    const t0 = now();
    fn();
    t = now();
    samples.push(Number(t - t0));
  }
  const wall = t - start;
  return summarize(samples, wall, await gc.stop());
}

/** Times `fn` up to `count` times (at least once, within `timeMs`) without warm-up: cold paths. */
export function measureRepeated(fn, count, timeMs = Infinity) {
  const samples = [];
  const start = now();
  const end = Number.isFinite(timeMs) ? start + BigInt(Math.round(timeMs * 1e6)) : undefined;
  for (let i = 0; i < count && (i === 0 || end === undefined || now() < end); i++) {
    const t0 = now();
    fn();
    samples.push(Number(now() - t0));
  }
  return summarize(samples, now() - start);
}

const UNIT = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.Duration text ("1m2.5s", "294.66µs") in nanoseconds. */
export function parseGoDuration(text) {
  if (typeof text === 'number') return text;
  let ns = 0;
  const re = /([0-9.]+)(ns|us|µs|μs|ms|s|m|h)/g;
  let m;
  let seen = false;
  while ((m = re.exec(String(text)))) {
    ns += Number(m[1]) * UNIT[m[2]];
    seen = true;
  }
  return seen ? ns : NaN;
}

export function geomean(xs) {
  const v = xs.filter((x) => Number.isFinite(x) && x > 0);
  if (v.length === 0) return NaN;
  return Math.exp(v.reduce((n, x) => n + Math.log(x), 0) / v.length);
}

/** "1.23µs" style text for a nanosecond figure. */
export function fmtNs(ns) {
  if (!Number.isFinite(ns)) return '—';
  if (ns < 1e3) return `${ns.toFixed(0)}ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(2)}µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(2)}ms`;
  return `${(ns / 1e9).toFixed(3)}s`;
}
