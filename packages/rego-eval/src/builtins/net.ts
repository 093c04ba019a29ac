/**
 * net.cidr_* builtins (v1/topdown/cidr.go) over a small model of Go's net.IP/IPNet:
 * addresses are 16-byte values (IPv4 as v4-mapped), networks remember whether their mask is
 * 32 or 128 bits wide, as Go's do. net.lookup_ip_addr goes through the host.
 */
import { compare } from '../value/compare.js';
import { newSet } from '../value/collections.js';
import { RegoSet, type Value } from '../value/types.js';
import { isObj, str } from './args.js';
import { BuiltinError } from './contract.js';
import { fail, typeErr } from './errors.js';
import type { BuiltinTable } from './registry.js';
import { objectEntries } from '../value/collections.js';
import { ipv6GroupsText } from './ipv6-text.js';

const V4_PREFIX = 0xffffn << 32n;
const ALL128 = (1n << 128n) - 1n;

/** An address as a 128-bit integer; IPv4 addresses are v4-mapped (::ffff:a.b.c.d). */
type IP = bigint;

const is4 = (ip: IP) => ip >> 32n === 0xffffn;

interface IPNet {
  ip: IP;
  /** Mask width: 32 (IPv4 syntax or classful default) or 128. */
  bits: 32 | 128;
  prefix: number;
}

function parseIPv4(s: string): IP | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return V4_PREFIX | v;
}

function parseIPv6(s: string): IP | undefined {
  if (s.includes('%')) return undefined;
  let head = s;
  let tail = '';
  const dbl = s.indexOf('::');
  if (dbl >= 0) {
    head = s.slice(0, dbl);
    tail = s.slice(dbl + 2);
    if (tail.includes('::')) return undefined;
  }
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      if (i === items.length - 1 && it.includes('.')) {
        const v4 = parseIPv4(it);
        if (v4 === undefined) return undefined;
        out.push(Number((v4 >> 16n) & 0xffffn), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(it)) return undefined;
        out.push(parseInt(it, 16));
      }
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (!h || !t) return undefined;
  let all: number[];
  if (dbl >= 0) {
    if (h.length + t.length > 7) return undefined;
    all = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  } else {
    if (h.length !== 8) return undefined;
    all = h;
  }
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Go `net.ParseIP`. */
export function parseIP(s: string): IP | undefined {
  return s.includes(':') ? parseIPv6(s) : parseIPv4(s);
}

function ipString(ip: IP): string {
  if (is4(ip)) return [24n, 16n, 8n, 0n].map((sh) => String((ip >> sh) & 255n)).join('.');
  const g = Array.from({ length: 8 }, (_, i) => Number((ip >> BigInt(112 - 16 * i)) & 0xffffn));
  return ipv6GroupsText(g);
}

const maskOf = (prefix: number, bits: number): bigint => (bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n));

/** Go `net.ParseCIDR` (the network, IP masked). */
function parseCIDR(s: string): IPNet {
  const bad = () => fail(`invalid CIDR address: ${s}`);
  const slash = s.indexOf('/');
  if (slash < 0) throw bad();
  const addr = s.slice(0, slash);
  const m = s.slice(slash + 1);
  const ip = parseIP(addr);
  if (ip === undefined) throw bad();
  const bits: 32 | 128 = addr.includes(':') ? 128 : 32;
  if (!/^\d+$/.test(m)) throw bad();
  const n = Number(m);
  if (n > bits) throw bad();
  return { ip: maskIP(ip, n, bits), bits, prefix: n };
}

function maskIP(ip: IP, prefix: number, bits: number): IP {
  if (bits === 32) {
    if (!is4(ip)) return ip & maskOf(prefix + 96, 128);
    return V4_PREFIX | (ip & maskOf(prefix, 32));
  }
  return ip & maskOf(prefix, 128);
}

/** Go's networkNumberAndMask + Contains. */
function contains(n: IPNet, ip: IP): boolean {
  if (is4(n.ip)) {
    if (!is4(ip)) return false;
    const p = n.bits === 32 ? n.prefix : Math.max(0, n.prefix - 96);
    const m = maskOf(p, 32);
    return (n.ip & m) === (ip & 0xffffffffn & m);
  }
  if (is4(ip)) return false;
  if (n.bits === 32) return false;
  const m = maskOf(n.prefix, 128);
  return (n.ip & m) === (ip & m);
}

function lastIP(n: IPNet): IP {
  if (n.bits === 32) return n.ip | ((1n << BigInt(32 - n.prefix)) - 1n);
  return n.ip | ((1n << BigInt(128 - n.prefix)) - 1n);
}

function netString(n: IPNet): string {
  const p = is4(n.ip) ? (n.bits === 32 ? n.prefix : n.prefix - 96) : n.prefix;
  return `${ipString(n.ip)}/${p}`;
}

/** OPA parses the first operand before checking the second's type (reported as operand 1). */
function cidrContainsArgs(args: Value[]): boolean {
  const a = str(args, 0);
  parseCIDR(a);
  const b = args[1]!;
  if (typeof b !== 'string') throw typeErr(1, b, 'string');
  return cidrContains(a, b);
}

function cidrContains(a: string, b: string): boolean {
  const na = parseCIDR(a);
  const ip = parseIP(b);
  if (ip !== undefined) return contains(na, ip);
  let nb: IPNet;
  try {
    nb = parseCIDR(b);
  } catch {
    throw fail(`not a valid textual representation of an IP address or CIDR: ${b}`);
  }
  return contains(na, nb.ip) && contains(na, lastIP(nb));
}

function matchTerms(operand: number, v: Value, each: (cidr: Value, index: Value) => void): void {
  const cidrOf = (e: Value): Value => {
    if (typeof e === 'string') return e;
    if (Array.isArray(e) && e.length > 0) return e[0]!;
    throw fail(`operand ${operand}: element must be string or non-empty array`);
  };
  if (typeof v === 'string') each(v, v);
  else if (Array.isArray(v)) v.forEach((e, i) => each(cidrOf(e), i));
  else if (v instanceof RegoSet) for (const e of v.sorted(compare)) each(cidrOf(e), e);
  else if (isObj(v)) for (const [k, e] of objectEntries(v)) each(cidrOf(e), k);
}

// ---- cidr_merge ------------------------------------------------------------------------------

interface Range {
  first: IP;
  last: IP;
  net?: IPNet;
}

/** Go's generateIPNet: a CIDR, or an IPv4 address with its classful default mask. */
function toNet(e: Value): IPNet {
  if (typeof e !== 'string') throw fail('element must be string');
  const ip = parseIP(e);
  if (ip === undefined) return parseCIDR(e);
  if (!is4(ip)) throw fail('IPv6 invalid: needs prefix length');
  const first = Number((ip >> 24n) & 255n);
  const prefix = first < 0x80 ? 8 : first < 0xc0 ? 16 : 24;
  return { ip, bits: 32, prefix };
}

function addressRange(n: IPNet): Range {
  const four = is4(n.ip) && n.bits === 32;
  const m = four ? maskOf(n.prefix + 96, 128) : maskOf(n.prefix, 128);
  const first = n.ip & m;
  return { first, last: first | (ALL128 ^ m), net: n };
}

/** Minimal CIDR cover of [first, last] (same family). */
function rangeToCIDRs(first: IP, last: IP): IPNet[] {
  const v4 = is4(first);
  const base = v4 ? V4_PREFIX : 0n;
  const width = v4 ? 32 : 128;
  let lo = first - base;
  const hi = last - base;
  const out: IPNet[] = [];
  while (lo <= hi) {
    let size = 0;
    while (size < width && (lo & ((1n << BigInt(size + 1)) - 1n)) === 0n && lo + (1n << BigInt(size + 1)) - 1n <= hi) size++;
    out.push({ ip: base + lo, bits: v4 ? 32 : 128, prefix: width - size });
    lo += 1n << BigInt(size);
  }
  return out;
}

function cidrMerge(v: Value): RegoSet {
  let elems: Value[];
  if (Array.isArray(v)) elems = v;
  else if (v instanceof RegoSet) elems = v.sorted(compare);
  else throw fail('operand must be an array');
  const ranges = elems.map((e) => addressRange(toNet(e)));
  ranges.sort((a, b) => (a.last < b.last ? -1 : a.last > b.last ? 1 : a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  for (let i = ranges.length - 1; i > 0; i--) {
    const cur = ranges[i]!;
    const prevIP = cur.first === V4_PREFIX || cur.first === 0n ? cur.first : cur.first - 1n;
    const before = ranges[i - 1]!;
    if (prevIP <= before.last) {
      ranges[i - 1] = { first: before.first < cur.first ? before.first : cur.first, last: cur.last };
      ranges.splice(i, 1);
    }
  }
  const out: string[] = [];
  for (const r of ranges) {
    if (r.net) out.push(netString(r.net));
    else for (const n of rangeToCIDRs(r.first, r.last)) out.push(netString(n));
  }
  return newSet(out);
}

/** Largest range net.cidr_expand materialises (OPA only stops on cancellation). */
const MAX_EXPAND = 1n << 20n;

export const netBuiltins: BuiltinTable = {
  'net.cidr_contains': (args) => cidrContainsArgs(args),
  'net.cidr_overlap': (args) => cidrContainsArgs(args),
  'net.cidr_intersects'(args) {
    const a = parseCIDR(str(args, 0));
    const b = parseCIDR(str(args, 1));
    return contains(a, b.ip) || contains(b, a.ip);
  },
  'net.cidr_is_valid'(args) {
    const s = args[0];
    if (typeof s !== 'string') return false;
    try {
      parseCIDR(s);
      return true;
    } catch {
      return false;
    }
  },
  'net.cidr_expand'(args) {
    const n = parseCIDR(str(args, 0));
    const last = lastIP(n);
    if (last - n.ip + 1n > MAX_EXPAND) throw fail('net.cidr_expand: range too large');
    const out: string[] = [];
    for (let ip = n.ip; ip <= last; ip++) out.push(ipString(ip));
    return newSet(out);
  },
  'net.cidr_merge': (args) => cidrMerge(args[0]!),
  'net.cidr_contains_matches'(args) {
    const out: Value[] = [];
    matchTerms(1, args[0]!, (c1, i1) =>
      matchTerms(2, args[1]!, (c2, i2) => {
        if (cidrContainsArgs([c1, c2])) out.push([i1, i2]);
      }),
    );
    return newSet(out);
  },
  'net.lookup_ip_addr'(args, ctx) {
    const name = str(args, 0);
    // An address resolves to itself without DNS (as Go's resolver does).
    const literal = parseIP(name);
    if (literal !== undefined) return newSet([name]);
    const lookup = ctx.host.lookupIPAddr;
    if (typeof lookup !== 'function') throw new BuiltinError('eval_builtin_error', 'net.lookup_ip_addr: DNS lookups are not enabled by the host', true);
    try {
      return newSet(lookup(name));
    } catch (e) {
      throw new BuiltinError('eval_builtin_error', `net.lookup_ip_addr: ${(e as Error).message}`, true);
    }
  },
};
