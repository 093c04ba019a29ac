/** uuid.rfc4122 (random v4, memoised per seed within a query) and uuid.parse (google/uuid). */
import { ObjectBuilder } from '../value/collections.js';
import { numberFromBigInt } from '../value/number.js';
import { valueToRegoText } from '../value/json.js';
import type { Value } from '../value/types.js';
import { str } from './args.js';
import type { BuiltinTable } from './registry.js';
import { queryMemo } from './numbers.js';

function randomBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  const c = (globalThis as { crypto?: { getRandomValues?(a: Uint8Array): Uint8Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < n; i++) b[i] = Math.floor(Math.random() * 256);
  return b;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function uuidV4(): string {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** google/uuid Parse: plain, {braced}, urn:uuid: and 32-hex-digit forms. */
function parseUUID(s: string): Uint8Array | undefined {
  let h: string;
  if (s.length === 36) h = s;
  else if (s.length === 45 && s.slice(0, 9).toLowerCase() === 'urn:uuid:') h = s.slice(9);
  else if (s.length === 38 && s[0] === '{' && s[37] === '}') h = s.slice(1, 37);
  else if (s.length === 32) {
    if (!/^[0-9a-fA-F]{32}$/.test(s)) return undefined;
    return Uint8Array.from(s.match(/../g)!.map((x) => parseInt(x, 16)));
  } else return undefined;
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(h)) return undefined;
  return Uint8Array.from(h.replaceAll('-', '').match(/../g)!.map((x) => parseInt(x, 16)));
}

function variant(b: number): string {
  if ((b & 0xc0) === 0x80) return 'RFC4122';
  if ((b & 0xe0) === 0xc0) return 'Microsoft';
  if ((b & 0xe0) === 0xe0) return 'Future';
  return 'Reserved';
}

function describe(u: Uint8Array): Value {
  const o = new ObjectBuilder();
  const version = u[6]! >> 4;
  o.set('version', version);
  o.set('variant', variant(u[8]!));
  if (version === 1 || version === 2) {
    const low = BigInt((u[0]! << 24) >>> 0 | (u[1]! << 16) | (u[2]! << 8) | u[3]!);
    const mid = BigInt((u[4]! << 8) | u[5]!);
    const hi = BigInt(((u[6]! << 8) | u[7]!) & 0x0fff);
    const t = (hi << 48n) | (mid << 32n) | low;
    const rel = t - 122192928000000000n;
    const sec = rel / 10_000_000n;
    const nsec = (rel % 10_000_000n) * 100n;
    o.set('time', numberFromBigInt(sec * 1_000_000_000n + nsec));
    o.set('nodeid', Array.from(u.slice(10, 16), (x) => x.toString(16).padStart(2, '0')).join('-'));
    const n0 = u[10]!;
    o.set('macvariables', (n0 & 3) === 3 ? 'local:multicast' : (n0 & 1) === 1 ? 'global:multicast' : (n0 & 2) === 2 ? 'local:unicast' : 'global:unicast');
    o.set('clocksequence', ((u[8]! << 8) | u[9]!) & 0x3fff);
    if (version === 2) {
      o.set('id', (((u[0]! << 24) >>> 0) | (u[1]! << 16) | (u[2]! << 8) | u[3]!) >>> 0);
      const d = u[9]!;
      o.set('domain', d === 0 ? 'Person' : d === 1 ? 'Group' : d === 2 ? 'Org' : `Domain${d}`);
    }
  }
  return o.build();
}

export const uuidBuiltins: BuiltinTable = {
  'uuid.rfc4122'(args, ctx) {
    const memo = queryMemo(ctx);
    const key = 'uuid.rfc4122:' + valueToRegoText(args[0]!);
    const hit = memo.get(key);
    if (typeof hit === 'string') return hit;
    const u = uuidV4();
    memo.set(key, u);
    return u;
  },
  'uuid.parse'(args) {
    const u = parseUUID(str(args, 0));
    return u ? describe(u) : undefined;
  },
};
