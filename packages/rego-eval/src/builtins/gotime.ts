/**
 * The parts of Go's `time` package OPA's time builtins expose: civil-time conversion in a
 * zone (UTC, fixed offsets, IANA names through `Intl`), reference-layout formatting and
 * parsing (`2006-01-02T15:04:05Z07:00`), and `time.ParseDuration`.
 */
import { goQuote } from '../value/quote.js';
import { fail } from './errors.js';
import { utf8 } from '../value/bytes.js';

/** The time package's quote: non-ASCII and control characters as \x escapes of their UTF-8 bytes. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c >= 0x80) {
      for (const b of utf8(ch)) out += '\\x' + b.toString(16).padStart(2, '0');
    } else out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
  }
  return out + '"';
}

export type Zone = { kind: 'utc' } | { kind: 'fixed'; offset: number; name: string } | { kind: 'iana'; name: string };

export const UTC: Zone = { kind: 'utc' };

export interface Civil {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  wday: number; // 0 = Sunday
  yday: number; // 1..366
  offset: number; // seconds east of UTC
  abbr: string;
}

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Days since 1970-01-01 of a proleptic Gregorian date (month may overflow: Go normalises). */
export function daysFromCivil(y: number, m: number, d: number): number {
  // Normalise month into 1..12 first.
  y += Math.floor((m - 1) / 12);
  m = ((((m - 1) % 12) + 12) % 12) + 1;
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): { year: number; month: number; day: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { year: y + (m <= 2 ? 1 : 0), month: m, day: d };
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Validates an IANA zone name (Go: `unknown time zone X`). */
export function loadZone(name: string): Zone {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') {
    const local = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    return local ? { kind: 'iana', name: local } : UTC;
  }
  try {
    getFormatter(name);
  } catch {
    throw fail(`unknown time zone ${name}`);
  }
  return { kind: 'iana', name };
}

function getFormatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
      timeZoneName: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Offset (seconds east) and abbreviation of `zone` at a Unix second. */
export function zoneAt(zone: Zone, unixSec: number): { offset: number; abbr: string } {
  if (zone.kind === 'utc') return { offset: 0, abbr: 'UTC' };
  if (zone.kind === 'fixed') return { offset: zone.offset, abbr: zone.name };
  const { offset, usName } = ianaOffset(zone.name, unixSec);
  return { offset, abbr: abbreviation(zone.name, unixSec, offset, usName) };
}

function ianaOffset(tz: string, unixSec: number): { offset: number; usName: string } {
  const zone = { name: tz };
  const parts = getFormatter(zone.name).formatToParts(new Date(unixSec * 1000));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  let year = Number(get('year'));
  if (get('era') === 'BC' || get('era') === 'B') year = 1 - year;
  const wall = daysFromCivil(year, Number(get('month')), Number(get('day'))) * 86400 + Number(get('hour')) * 3600 + Number(get('minute')) * 60 + Number(get('second'));
  return { offset: wall - unixSec, usName: get('timeZoneName') };
}

function localeAbbreviation(tz: string, unixSec: number): string | undefined {
  for (let i = 1; i < ABBR_LOCALES.length; i++) {
    const loc = ABBR_LOCALES[i]!;
    let f = abbrFormatters.get(loc + tz);
    if (!f) {
      f = new Intl.DateTimeFormat(loc, { timeZone: tz, timeZoneName: 'short' });
      abbrFormatters.set(loc + tz, f);
    }
    const name = f.formatToParts(new Date(unixSec * 1000)).find((p) => p.type === 'timeZoneName')?.value ?? '';
    if (/^[A-Z]{2,5}$/.test(name) && name !== 'GMT' && name !== 'UTC') return name;
  }
  return undefined;
}

/** Locales whose short zone names are tz-database abbreviations for some regions. */
const ABBR_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU', 'en-NZ', 'ja-JP', 'ko-KR', 'en-ZA', 'en-IE', 'en-CA'];
const abbrFormatters = new Map<string, Intl.DateTimeFormat>();
const abbrCache = new Map<string, string>();

/**
 * Go prints the tz database abbreviation (CET, IST, JST, or "+03" where the database has
 * none). Intl only gives such names in some locales, so try a few and fall back to the
 * numeric form.
 */
function abbreviation(tz: string, unixSec: number, offset: number, usName: string): string {
  const key = `${tz}|${offset}|${usName}`;
  const hit = abbrCache.get(key);
  if (hit !== undefined) return hit;
  let abbr: string | undefined = /^[A-Z]{2,5}$/.test(usName) ? usName : localeAbbreviation(tz, unixSec);
  // ICU only knows names for recent dates: reuse the name the zone has today at this offset.
  for (const t of [1705276800, 1721001600, 946684800, 962409600]) {
    if (abbr !== undefined) break;
    if (ianaOffset(tz, t).offset !== offset) continue;
    const parts = getFormatter(tz).formatToParts(new Date(t * 1000));
    const us = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
    abbr = /^[A-Z]{2,5}$/.test(us) ? us : localeAbbreviation(tz, t);
  }
  if (abbr === undefined) {
    const m = Math.abs(offset) / 60;
    abbr = (offset < 0 ? '-' : '+') + String(Math.floor(m / 60)).padStart(2, '0') + (m % 60 ? String(m % 60).padStart(2, '0') : '');
  }
  abbrCache.set(key, abbr);
  return abbr;
}

const NS = 1_000_000_000n;

/** Civil time of an instant (ns since the epoch) in a zone. */
export function civil(ns: bigint, zone: Zone): Civil {
  let sec = ns / NS;
  let nsec = Number(ns % NS);
  if (nsec < 0) {
    nsec += 1e9;
    sec -= 1n;
  }
  const unix = Number(sec);
  const { offset, abbr } = zoneAt(zone, unix);
  const local = unix + offset;
  const days = Math.floor(local / 86400);
  const secOfDay = local - days * 86400;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(secOfDay / 3600),
    min: Math.floor((secOfDay % 3600) / 60),
    sec: secOfDay % 60,
    nsec,
    wday: (((days + 4) % 7) + 7) % 7,
    yday: days - daysFromCivil(year, 1, 1) + 1,
    offset,
    abbr,
  };
}

/** Instant of a (possibly denormalised) wall-clock time in a zone (Go `time.Date`). */
export function fromCivil(y: number, mo: number, d: number, h: number, mi: number, s: number, nsec: number, zone: Zone): bigint {
  // Normalise nanoseconds and seconds in exact arithmetic.
  const wallSec = BigInt(daysFromCivil(y, mo, d)) * 86400n + BigInt(h) * 3600n + BigInt(mi) * 60n + BigInt(s);
  let unix = wallSec;
  if (zone.kind !== 'utc') {
    // Go: look up the offset in effect for the wall time, adjusting once across transitions.
    let off = zoneAt(zone, Number(wallSec)).offset;
    unix = wallSec - BigInt(off);
    const off2 = zoneAt(zone, Number(unix)).offset;
    if (off2 !== off) {
      const alt = wallSec - BigInt(off2);
      if (zoneAt(zone, Number(alt)).offset === off2) {
        off = off2;
        unix = alt;
      }
    }
  }
  return unix * NS + BigInt(nsec);
}

// ---- layouts ---------------------------------------------------------------------------------

export const LAYOUTS: Record<string, string> = {
  ANSIC: 'Mon Jan _2 15:04:05 2006',
  UnixDate: 'Mon Jan _2 15:04:05 MST 2006',
  RubyDate: 'Mon Jan 02 15:04:05 -0700 2006',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  RFC3339: '2006-01-02T15:04:05Z07:00',
  RFC3339Nano: '2006-01-02T15:04:05.999999999Z07:00',
};

type Std =
  | 'Jan'
  | 'January'
  | '1'
  | '01'
  | 'Mon'
  | 'Monday'
  | '2'
  | '_2'
  | '02'
  | '__2'
  | '002'
  | '15'
  | '3'
  | '03'
  | '4'
  | '04'
  | '5'
  | '05'
  | '06'
  | '2006'
  | 'PM'
  | 'pm'
  | 'MST'
  | 'Z0700'
  | 'Z070000'
  | 'Z07'
  | 'Z07:00'
  | 'Z07:00:00'
  | '-0700'
  | '-070000'
  | '-07'
  | '-07:00'
  | '-07:00:00'
  | { frac: '0' | '9'; n: number; sep: string };

interface Chunk {
  prefix: string;
  std?: Std;
  /** The layout text of the std element (for error messages). */
  text: string;
  suffix: string;
}

const isDigitAt = (s: string, i: number) => i < s.length && s[i]! >= '0' && s[i]! <= '9';

/** Go's nextStdChunk. */
function nextStdChunk(layout: string): Chunk {
  const r = (i: number, std: Std, len: number, prefixEnd = i): Chunk => ({ prefix: layout.slice(0, prefixEnd), std, text: layout.slice(prefixEnd, i + len), suffix: layout.slice(i + len) });
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!;
    const at = (s: string) => layout.startsWith(s, i);
    switch (c) {
      case 'J':
        if (at('Jan')) {
          if (at('January')) return r(i, 'January', 7);
          if (!/^[a-z]/.test(layout.slice(i + 3))) return r(i, 'Jan', 3);
        }
        break;
      case 'M':
        if (at('Mon')) {
          if (at('Monday')) return r(i, 'Monday', 6);
          if (!/^[a-z]/.test(layout.slice(i + 3))) return r(i, 'Mon', 3);
        }
        if (at('MST')) return r(i, 'MST', 3);
        break;
      case '0': {
        const n = layout[i + 1];
        if (n !== undefined && n >= '1' && n <= '6') return r(i, (['01', '02', '03', '04', '05', '06'] as const)[Number(n) - 1]!, 2);
        if (at('002')) return r(i, '002', 3);
        break;
      }
      case '1':
        if (at('15')) return r(i, '15', 2);
        return r(i, '1', 1);
      case '2':
        if (at('2006')) return r(i, '2006', 4);
        return r(i, '2', 1);
      case '_':
        if (layout[i + 1] === '2') {
          if (layout.startsWith('2006', i + 1)) return r(i + 1, '2006', 4, i + 1);
          return r(i, '_2', 2);
        }
        if (at('__2')) return r(i, '__2', 3);
        break;
      case '3':
        return r(i, '3', 1);
      case '4':
        return r(i, '4', 1);
      case '5':
        return r(i, '5', 1);
      case 'P':
        if (at('PM')) return r(i, 'PM', 2);
        break;
      case 'p':
        if (at('pm')) return r(i, 'pm', 2);
        break;
      case '-':
        for (const s of ['-070000', '-07:00:00', '-0700', '-07:00', '-07'] as const) if (at(s)) return r(i, s, s.length);
        break;
      case 'Z':
        for (const s of ['Z070000', 'Z07:00:00', 'Z0700', 'Z07:00', 'Z07'] as const) if (at(s)) return r(i, s, s.length);
        break;
      case '.':
      case ',': {
        const ch = layout[i + 1];
        if (ch === '0' || ch === '9') {
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!isDigitAt(layout, j)) return { prefix: layout.slice(0, i), std: { frac: ch, n: j - (i + 1), sep: c }, text: layout.slice(i, j), suffix: layout.slice(j) };
        }
        break;
      }
    }
  }
  return { prefix: layout, text: '', suffix: '' };
}

const pad = (n: number, w: number) => {
  const s = String(Math.abs(n)).padStart(w, '0');
  return n < 0 ? '-' + s : s;
};

/** Go `Time.Format(layout)`. */
export function formatTime(c: Civil, layout: string): string {
  let out = '';
  while (layout !== '') {
    const ch = nextStdChunk(layout);
    out += ch.prefix;
    if (ch.std === undefined) break;
    layout = ch.suffix;
    const std = ch.std;
    if (typeof std === 'object') {
      if (std.frac === '9' && c.nsec === 0) continue;
      let digits = pad(c.nsec, 9).slice(0, std.n);
      if (std.frac === '9') digits = digits.replace(/0+$/, '');
      if (std.frac === '9' && digits === '') continue;
      out += std.sep + digits;
      continue;
    }
    switch (std) {
      case '06':
        out += pad(((c.year % 100) + 100) % 100, 2);
        break;
      case '2006':
        out += pad(c.year, 4);
        break;
      case 'Jan':
        out += MONTHS[c.month - 1]!.slice(0, 3);
        break;
      case 'January':
        out += MONTHS[c.month - 1]!;
        break;
      case '1':
        out += String(c.month);
        break;
      case '01':
        out += pad(c.month, 2);
        break;
      case 'Mon':
        out += DAYS[c.wday]!.slice(0, 3);
        break;
      case 'Monday':
        out += DAYS[c.wday]!;
        break;
      case '2':
        out += String(c.day);
        break;
      case '_2':
        out += c.day < 10 ? ' ' + String(c.day) : String(c.day);
        break;
      case '02':
        out += pad(c.day, 2);
        break;
      case '__2':
        out += String(c.yday).padStart(3, ' ');
        break;
      case '002':
        out += pad(c.yday, 3);
        break;
      case '15':
        out += pad(c.hour, 2);
        break;
      case '3':
        out += String(c.hour % 12 === 0 ? 12 : c.hour % 12);
        break;
      case '03':
        out += pad(c.hour % 12 === 0 ? 12 : c.hour % 12, 2);
        break;
      case '4':
        out += String(c.min);
        break;
      case '04':
        out += pad(c.min, 2);
        break;
      case '5':
        out += String(c.sec);
        break;
      case '05':
        out += pad(c.sec, 2);
        break;
      case 'PM':
        out += c.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += c.hour >= 12 ? 'pm' : 'am';
        break;
      case 'MST':
        if (c.abbr !== '') out += c.abbr;
        else {
          const z = Math.trunc(c.offset / 60);
          out += (z < 0 ? '-' : '+') + pad(Math.floor(Math.abs(z) / 60), 2) + pad(Math.abs(z) % 60, 2);
        }
        break;
      default: {
        if (std.startsWith('Z') && c.offset === 0) {
          out += 'Z';
          break;
        }
        let zone = Math.trunc(c.offset / 60);
        let abs = c.offset;
        if (zone < 0) {
          out += '-';
          zone = -zone;
          abs = -abs;
        } else out += '+';
        out += pad(Math.floor(zone / 60), 2);
        const colon = std.includes(':');
        if (colon) out += ':';
        if (std !== '-07' && std !== 'Z07') out += pad(zone % 60, 2);
        if (std === 'Z070000' || std === '-070000' || std === '-07:00:00' || std === 'Z07:00:00') {
          if (colon) out += ':';
          out += pad(abs % 60, 2);
        }
      }
    }
  }
  return out;
}

// ---- parsing ---------------------------------------------------------------------------------

class ParseFail extends Error {
  constructor(
    readonly valueElem: string,
    readonly layoutElem: string,
    readonly msg = '',
  ) {
    super(msg);
  }
}

function getNum(v: string, fixed: boolean): [number, string] {
  if (!isDigitAt(v, 0)) throw new ParseFail(v, '');
  if (!isDigitAt(v, 1)) {
    if (fixed) throw new ParseFail(v, '');
    return [Number(v[0]), v.slice(1)];
  }
  return [Number(v.slice(0, 2)), v.slice(2)];
}

function getNum3(v: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(v, i); i++) n = n * 10 + Number(v[i]);
  if (i === 0 || (fixed && i !== 3)) throw new ParseFail(v, '');
  return [n, v.slice(i)];
}

function lookup(tab: string[], v: string): [number, string] {
  for (let i = 0; i < tab.length; i++) {
    const t = tab[i]!;
    if (v.length >= t.length && v.slice(0, t.length).toLowerCase() === t.toLowerCase()) return [i, v.slice(t.length)];
  }
  throw new ParseFail(v, '');
}

/** A parsed time: the instant in ns since the epoch. */
/** Go time's skip: the layout's literal text; a space matches any run of spaces (even none). */
function goSkip(value: string, prefix: string): { rest: string; bad: boolean } {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') return { rest: value, bad: true };
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) return { rest: value, bad: true };
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return { rest: value, bad: false };
}

export function parseTime(layout: string, value: string): bigint {
  const alayout = layout;
  const avalue = value;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let pmSet = false;
  let amSet = false;
  let zoneOffset = -1;
  let zoneName = '';
  let utcZ = false;
  const q = (s: string) => timeQuote(s);
  const err = (valueElem: string, layoutElem: string, msg = '') =>
    fail(msg === '' ? `parsing time ${q(avalue)} as ${q(alayout)}: cannot parse ${q(valueElem)} as ${q(layoutElem)}` : `parsing time ${q(avalue)}${msg}`);
  for (;;) {
    const ch = nextStdChunk(layout);
    const stdstr = ch.text;
    const skipped = goSkip(value, ch.prefix);
    if (skipped.bad) throw err(skipped.rest, ch.prefix);
    value = skipped.rest;
    if (ch.std === undefined) {
      if (value.length !== 0) throw err(value, '', `: extra text: ${q(value)}`);
      break;
    }
    layout = ch.suffix;
    const std = ch.std;
    const hold = value;
    try {
      if (typeof std === 'object') {
        if (std.frac === '0') {
          const ndigit = 1 + std.n;
          if (value.length < ndigit) throw new ParseFail(value, stdstr);
          if (value[0] !== std.sep) throw new ParseFail(value, stdstr);
          const digits = value.slice(1, ndigit);
          if (!/^\d+$/.test(digits)) throw new ParseFail(value, stdstr);
          nsec = Number(digits.padEnd(9, '0').slice(0, 9));
          value = value.slice(ndigit);
        } else if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigitAt(value, 1)) {
          // Optional fraction: all digits are consumed, nanosecond precision kept.
          let i = 1;
          while (isDigitAt(value, i)) i++;
          nsec = Number(value.slice(1, Math.min(i, 10)).padEnd(9, '0'));
          value = value.slice(i);
        }
        continue;
      }
      switch (std) {
        case '06': {
          if (value.length < 2 || !isDigitAt(value, 0) || !isDigitAt(value, 1)) throw new ParseFail(value, stdstr);
          year = Number(value.slice(0, 2));
          year += year >= 69 ? 1900 : 2000;
          value = value.slice(2);
          break;
        }
        case '2006':
          if (value.length < 4 || !/^\d{4}/.test(value)) throw new ParseFail(value, stdstr);
          year = Number(value.slice(0, 4));
          value = value.slice(4);
          break;
        case 'Jan':
          [month, value] = lookup(MONTHS.map((m) => m.slice(0, 3)), value);
          month++;
          break;
        case 'January':
          [month, value] = lookup(MONTHS, value);
          month++;
          break;
        case '1':
        case '01':
          [month, value] = getNum(value, std === '01');
          if (month <= 0 || month > 12) throw new ParseFail(value, stdstr, ': month out of range');
          break;
        case 'Mon':
          [, value] = lookup(DAYS.map((d) => d.slice(0, 3)), value);
          break;
        case 'Monday':
          [, value] = lookup(DAYS, value);
          break;
        case '2':
        case '_2':
        case '02':
          if (std === '_2' && value.length > 1 && value[0] === ' ') value = value.slice(1);
          [day, value] = getNum(value, std === '02');
          break;
        case '__2':
        case '002':
          if (std === '__2') value = value.replace(/^ {1,2}/, '');
          [yday, value] = getNum3(value, std === '002');
          if (yday < 1 || yday > 366) throw new ParseFail(value, stdstr, ': day-of-year out of range');
          break;
        case '15':
          [hour, value] = getNum(value, false);
          if (hour < 0 || hour >= 24) throw new ParseFail(value, stdstr, ': hour out of range');
          break;
        case '3':
        case '03':
          [hour, value] = getNum(value, std === '03');
          if (hour < 0 || hour > 12) throw new ParseFail(value, stdstr, ': hour out of range');
          break;
        case '4':
        case '04':
          [min, value] = getNum(value, std === '04');
          if (min < 0 || min >= 60) throw new ParseFail(value, stdstr, ': minute out of range');
          break;
        case '5':
        case '05': {
          [sec, value] = getNum(value, std === '05');
          if (sec < 0 || sec >= 60) throw new ParseFail(value, stdstr, ': second out of range');
          // A fractional second right after the seconds, unless the layout has its own.
          if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigitAt(value, 1)) {
            const next = nextStdChunk(layout);
            if (!(next.prefix === '' && typeof next.std === 'object')) {
              let i = 1;
              while (i < value.length && isDigitAt(value, i)) i++;
              nsec = Number(value.slice(1, Math.min(i, 10)).padEnd(9, '0'));
              value = value.slice(i);
            }
          }
          break;
        }
        case 'PM':
        case 'pm': {
          if (value.length < 2) throw new ParseFail(value, stdstr);
          const p = value.slice(0, 2);
          if (p === (std === 'PM' ? 'PM' : 'pm')) pmSet = true;
          else if (p === (std === 'PM' ? 'AM' : 'am')) amSet = true;
          else throw new ParseFail(value, stdstr);
          value = value.slice(2);
          break;
        }
        case 'MST': {
          if (value.length >= 3 && value.startsWith('UTC')) {
            utcZ = true;
            value = value.slice(3);
            break;
          }
          const m = /^(?:[A-Z]{3,5}|[A-Z]{3}[+-]\d{1,2}|GMT[+-]\d{1,2})/.exec(value);
          if (!m) throw new ParseFail(value, stdstr);
          zoneName = m[0];
          value = value.slice(m[0].length);
          break;
        }
        default: {
          // Numeric zones (and Z for the ISO 8601 forms).
          if (std.startsWith('Z') && value.length >= 1 && value[0] === 'Z') {
            value = value.slice(1);
            utcZ = true;
            break;
          }
          const shape =
            std === '-07' || std === 'Z07' ? /^([+-])(\d\d)/ : std.includes(':') ? (std.endsWith(':00:00') ? /^([+-])(\d\d):(\d\d):(\d\d)/ : /^([+-])(\d\d):(\d\d)/) : std.endsWith('0000') ? /^([+-])(\d\d)(\d\d)(\d\d)/ : /^([+-])(\d\d)(\d\d)/;
          const m = shape.exec(value);
          if (!m) throw new ParseFail(value, stdstr);
          const hh = Number(m[2]);
          const mm = Number(m[3] ?? '0');
          const ss = Number(m[4] ?? '0');
          if (hh > 24 || mm > 60 || ss > 60) throw new ParseFail(value, stdstr, ': time zone offset out of range');
          zoneOffset = (hh * 3600 + mm * 60 + ss) * (m[1] === '-' ? -1 : 1);
          value = value.slice(m[0].length);
        }
      }
    } catch (e) {
      if (e instanceof ParseFail) throw err(hold, stdstr, e.msg === '' ? '' : e.msg);
      throw e;
    }
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;
  if (yday >= 0) {
    let m = 0;
    let d = 0;
    if (isLeap(year) && yday === 60) {
      m = 2;
      d = 29;
    } else {
      let yd = yday;
      if (isLeap(year) && yd > 60) yd--;
      m = 1;
      while (m < 12 && yd > daysIn(m, 2001)) {
        yd -= daysIn(m, 2001);
        m++;
      }
      d = yd;
    }
    if (month >= 0 && month !== m) throw err(value, '', ': day-of-year does not match month');
    if (day >= 0 && day !== d) throw err(value, '', ': day-of-year does not match day');
    month = m;
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) throw err(value, '', ': day out of range');
  let zone: Zone = UTC;
  if (!utcZ && zoneOffset !== -1) zone = { kind: 'fixed', offset: zoneOffset, name: '' };
  else if (!utcZ && zoneName !== '') {
    const g = /^GMT([+-]\d{1,2})$/.exec(zoneName);
    zone = { kind: 'fixed', offset: g ? Number(g[1]) * 3600 : 0, name: zoneName };
  }
  return fromCivil(year, month, day, hour, min, sec, nsec, zone);
}

// ---- durations -------------------------------------------------------------------------------

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n,
  'μs': 1000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go `time.ParseDuration`, in ns. */
export function parseDuration(s: string): bigint {
  const orig = s;
  const invalid = () => fail(`time: invalid duration ${timeQuote(orig)}`);
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  const MAX = 1n << 63n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigitAt(s, 0))) throw invalid();
    const im = /^\d*/.exec(s)![0];
    s = s.slice(im.length);
    let frac = '';
    let pre = im !== '';
    if (s[0] === '.') {
      s = s.slice(1);
      frac = /^\d*/.exec(s)![0];
      s = s.slice(frac.length);
      pre = pre || frac !== '';
    }
    if (!pre) throw invalid();
    const um = /^[^0-9.]*/.exec(s)![0];
    s = s.slice(um.length);
    if (um === '') throw fail(`time: missing unit in duration ${timeQuote(orig)}`);
    const unit = UNITS[um];
    if (unit === undefined) throw fail(`time: unknown unit ${timeQuote(um)} in duration ${timeQuote(orig)}`);
    const v = BigInt(im || '0');
    if (v > (MAX - 1n) / unit) throw invalid();
    let part = v * unit;
    if (frac !== '' && /[1-9]/.test(frac)) {
      // Go scales the fraction in float64 and truncates.
      part += BigInt(Math.trunc(Number(frac) * (Number(unit) / 10 ** frac.length)));
    }
    total += part;
    if (total > MAX) throw invalid();
  }
  if (!neg && total > MAX - 1n) throw invalid();
  return neg ? -total : total;
}

/** OPA's parseExtendedDuration: adds d (24h), w (7d) and y (365d) units. */
export function parseExtendedDuration(s: string): bigint {
  if (s === '') throw fail(`time: invalid duration ${goQuote(s)}`);
  if (!/[dwy]/.test(s)) return parseDuration(s);
  const m = /^([-+]?)((?:[0-9.]+(?:ms|us|µs|ns|[a-z]))+)$/.exec(s);
  if (!m) throw fail(`time: invalid duration ${goQuote(s)}`);
  const coeff: Record<string, number> = { d: 24, w: 7 * 24, y: 365 * 24 };
  let rewritten = m[1]!;
  for (const seg of m[2]!.matchAll(/([0-9.]+)(ms|us|µs|ns|[a-z])/g)) {
    const [, digits, unit] = seg as unknown as [string, string, string];
    const c = coeff[unit];
    if (c === undefined) rewritten += digits + unit;
    else {
      const v = Number(digits);
      if (!/^(\d+\.?\d*|\.\d+)$/.test(digits) || !Number.isFinite(v)) throw fail(`time: invalid duration ${goQuote(s)}`);
      rewritten += String(v * c) + 'h';
    }
  }
  try {
    return parseDuration(rewritten);
  } catch (e) {
    const msg = (e as Error).message;
    const i = msg.lastIndexOf(' ');
    throw fail(`${i >= 0 ? msg.slice(0, i) : msg} ${goQuote(s)}`);
  }
}
