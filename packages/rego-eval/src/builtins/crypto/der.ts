/** Minimal ASN.1 DER reader and PEM decoder (enough for keys, certificates and CSRs). */

export interface TLV {
  /** Full tag byte (class | constructed | number). */
  tag: number;
  /** Content bytes. */
  value: Uint8Array;
  /** The whole element, header included. */
  raw: Uint8Array;
}

export class DERError extends Error {}

/** Reads one element at `pos`; returns it and the position after it. */
export function readTLV(buf: Uint8Array, pos = 0): { tlv: TLV; next: number } {
  if (pos + 2 > buf.length) throw new DERError('asn1: syntax error: data truncated');
  const tag = buf[pos]!;
  if ((tag & 0x1f) === 0x1f) throw new DERError('asn1: high-tag-number form not supported');
  let len = buf[pos + 1]!;
  let hdr = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DERError('asn1: syntax error: indefinite or overlong length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos + 2 + i]!;
    hdr += n;
  }
  const end = pos + hdr + len;
  if (end > buf.length) throw new DERError('asn1: syntax error: data truncated');
  return { tlv: { tag, value: buf.subarray(pos + hdr, end), raw: buf.subarray(pos, end) }, next: end };
}

/** The children of a constructed element. */
export function children(t: TLV): TLV[] {
  const out: TLV[] = [];
  let pos = 0;
  while (pos < t.value.length) {
    const r = readTLV(t.value, pos);
    out.push(r.tlv);
    pos = r.next;
  }
  return out;
}

export function parseDER(buf: Uint8Array): TLV {
  const r = readTLV(buf, 0);
  if (r.next !== buf.length) throw new DERError('x509: trailing data');
  return r.tlv;
}

export function oid(t: TLV): string {
  const b = t.value;
  const parts: number[] = [];
  let v = 0;
  for (let i = 0; i < b.length; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if (!(b[i]! & 0x80)) {
      if (parts.length === 0) {
        const first = v < 80 ? Math.floor(v / 40) : 2;
        parts.push(first, v - first * 40);
      } else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** Unsigned big-endian integer. */
export function bytesToBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

/** Two's-complement INTEGER content. */
export function intValue(t: TLV): bigint {
  const v = bytesToBigInt(t.value);
  if (t.value.length > 0 && t.value[0]! & 0x80) return v - (1n << BigInt(8 * t.value.length));
  return v;
}

export function bigIntToBytes(v: bigint, len?: number): Uint8Array {
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let bytes = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  if (len !== undefined && bytes.length < len) {
    const p = new Uint8Array(len);
    p.set(bytes, len - bytes.length);
    bytes = p;
  }
  return bytes;
}

export interface PEMBlock {
  type: string;
  headers: Record<string, string>;
  bytes: Uint8Array;
}

const PEM_RE = /-----BEGIN ([^-\r\n]*)-----\r?\n([\s\S]*?)-----END \1-----[ \t]*(?:\r?\n|$)/;

/** Go `pem.Decode`: the first block and the rest of the input. */
export function pemDecode(text: string): { block?: PEMBlock; rest: string } {
  const m = PEM_RE.exec(text);
  if (!m) return { rest: text };
  const body = m[2]!;
  const headers: Record<string, string> = {};
  let b64 = body;
  const hdrEnd = body.search(/\r?\n\r?\n/);
  if (hdrEnd >= 0 && /^[\w-]+:/.test(body)) {
    for (const line of body.slice(0, hdrEnd).split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
    b64 = body.slice(hdrEnd);
  }
  const clean = b64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return { rest: text };
  const bin = atob(clean);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return { block: { type: m[1]!, headers, bytes }, rest: text.slice(m.index + m[0].length) };
}

/** All PEM blocks of a text. */
export function pemBlocks(text: string): PEMBlock[] {
  const out: PEMBlock[] = [];
  for (;;) {
    const { block, rest } = pemDecode(text);
    if (!block) return out;
    out.push(block);
    text = rest;
  }
}
