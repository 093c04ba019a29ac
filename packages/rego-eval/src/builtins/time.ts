/** time.* builtins (v1/topdown/time.go) over the Go time emulation in gotime.ts. */
import { bfTrunc, bfIsInt } from '../value/bigfloat.js';
import { numberFromBigInt, toBigFloat } from '../value/number.js';
import type { Value } from '../value/types.js';
import { int, isNum, str } from './args.js';
import { fail, typeErr } from './errors.js';
import { civil, daysIn, DAYS, formatTime, fromCivil, LAYOUTS, loadZone, parseExtendedDuration, parseTime, UTC, type Zone } from './gotime.js';
import type { BuiltinTable } from './registry.js';

const MIN_NS = -(1n << 63n);
const MAX_NS = (1n << 63n) - 1n;

function safeNs(ns: bigint): Value {
  if (ns < MIN_NS || ns > MAX_NS) throw fail('time outside of valid range');
  return numberFromBigInt(ns);
}

/** OPA's tzTime: ns, [ns, tz] or [ns, tz, layout]. */
function tzTime(v: Value): { ns: bigint; zone: Zone; layout: string } {
  let n: Value;
  let zone: Zone = UTC;
  let layout = '';
  const want = 'either number (ns) or [number (ns), string (tz)]';
  if (Array.isArray(v)) {
    if (v.length === 0) throw typeErr(1, v, want);
    n = v[0]!;
    if (!isNum(n)) throw typeErr(1, n, 'number');
    if (v.length > 1) {
      const tz = v[1]!;
      if (typeof tz !== 'string') throw typeErr(1, tz, 'string');
      zone = loadZone(tz);
    }
    if (v.length > 2) {
      const l = v[2]!;
      if (typeof l !== 'string') throw typeErr(1, l, 'string');
      layout = l;
    }
  } else if (isNum(v)) n = v;
  else throw typeErr(1, v, want);
  const f = toBigFloat(n as Parameters<typeof toBigFloat>[0]);
  const i = bfTrunc(f);
  if (!bfIsInt(f) || i < MIN_NS || i > MAX_NS) throw fail('timestamp too big');
  return { ns: i, zone, layout };
}

export const timeBuiltins: BuiltinTable = {
  'time.now_ns': (_args, ctx) => numberFromBigInt(ctx.nowNs()),
  'time.parse_rfc3339_ns': (args) => safeNs(parseTime(LAYOUTS['RFC3339']!, str(args, 0))),
  'time.parse_ns'(args) {
    let layout = str(args, 0);
    const value = str(args, 1);
    layout = LAYOUTS[layout] ?? layout;
    return safeNs(parseTime(layout, value));
  },
  'time.parse_duration_ns': (args) => numberFromBigInt(parseExtendedDuration(str(args, 0))),
  'time.format'(args) {
    const t = tzTime(args[0]!);
    let layout = t.layout;
    if (layout === '') layout = LAYOUTS['RFC3339Nano']!;
    else layout = LAYOUTS[layout] ?? layout;
    return formatTime(civil(t.ns, t.zone), layout);
  },
  'time.date'(args) {
    const t = tzTime(args[0]!);
    const c = civil(t.ns, t.zone);
    return [c.year, c.month, c.day];
  },
  'time.clock'(args) {
    const t = tzTime(args[0]!);
    const c = civil(t.ns, t.zone);
    return [c.hour, c.min, c.sec];
  },
  'time.weekday'(args) {
    const t = tzTime(args[0]!);
    return DAYS[civil(t.ns, t.zone).wday]!;
  },
  'time.add_date'(args) {
    const t = tzTime(args[0]!);
    const years = int(args, 1);
    const months = int(args, 2);
    const days = int(args, 3);
    const c = civil(t.ns, t.zone);
    return safeNs(fromCivil(c.year + years, c.month + months, c.day + days, c.hour, c.min, c.sec, c.nsec, t.zone));
  },
  'time.diff'(args) {
    const a = tzTime(args[0]!);
    const b = tzTime(args[1]!);
    // Both in the first argument's zone; ordered.
    let [n1, n2] = [a.ns, b.ns];
    if (n1 > n2) [n1, n2] = [n2, n1];
    const c1 = civil(n1, a.zone);
    const c2 = civil(n2, a.zone);
    let year = c2.year - c1.year;
    let month = c2.month - c1.month;
    let day = c2.day - c1.day;
    let hour = c2.hour - c1.hour;
    let min = c2.min - c1.min;
    let sec = c2.sec - c1.sec;
    if (sec < 0) {
      sec += 60;
      min--;
    }
    if (min < 0) {
      min += 60;
      hour--;
    }
    if (hour < 0) {
      hour += 24;
      day--;
    }
    if (day < 0) {
      day += daysIn(c1.month, c1.year);
      month--;
    }
    if (month < 0) {
      month += 12;
      year--;
    }
    return [year, month, day, hour, min, sec];
  },
};
