/**
 * Go byte strings in JS strings. Go strings may hold bytes that are not UTF-8 (from
 * base64.decode, hex.decode …); such a byte b (0x80–0xFF) is held as the unpaired surrogate
 * U+DC00+b (Python's "surrogateescape"). Parsed JSON/YAML never holds unpaired surrogates
 * (they become U+FFFD), so these cannot be confused with text.
 */

const RAW_BYTE = /[\udc80-\udcff]/;

/** True when `s` holds raw bytes (or, from a JS caller, unpaired surrogates in U+DC80–U+DCFF). */
export function hasRawBytes(s: string): boolean {
  return RAW_BYTE.test(s);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * String → UTF-8 bytes. U+DC80–U+DCFF, when unpaired, are raw bytes 0x80–0xFF (see fromUtf8);
 * other unpaired surrogates encode as U+FFFD.
 */
export function utf8(s: string): Uint8Array {
  if (!RAW_BYTE.test(s)) return encoder.encode(s);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
        i++;
      } else out.push(0xef, 0xbf, 0xbd);
    } else if (c >= 0xdc80 && c <= 0xdcff) out.push(c - 0xdc00);
    else if (c >= 0xdc00 && c <= 0xdfff) out.push(0xef, 0xbf, 0xbd);
    else if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/**
 * Bytes → string, decoding as Go does rune by rune: each byte of invalid UTF-8 is one rune.
 * Such a byte b is kept as the unpaired surrogate U+DC00+b ("surrogate escape"), so bytes
 * survive a round trip (base64.encode(base64.decode(x))), count() counts it as one, Go-style
 * quoting prints it as \xNN and JSON output as \ufffd — as OPA does with raw bytes.
 */
export function fromUtf8(b: Uint8Array): string {
  const ok = fromUtf8Strict(b);
  if (ok !== undefined) return ok;
  let out = '';
  const n = b.length;
  for (let i = 0; i < n; ) {
    const c = b[i]!;
    const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < n && b[i + k]! >= lo && b[i + k]! <= hi;
    let len = 0;
    if (c < 0x80) len = 1;
    else if (c >= 0xc2 && c <= 0xdf) len = cont(1) ? 2 : 0;
    else if (c === 0xe0) len = cont(1, 0xa0) && cont(2) ? 3 : 0;
    else if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) len = cont(1) && cont(2) ? 3 : 0;
    else if (c === 0xed) len = cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
    else if (c === 0xf0) len = cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    else if (c >= 0xf1 && c <= 0xf3) len = cont(1) && cont(2) && cont(3) ? 4 : 0;
    else if (c === 0xf4) len = cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
    if (len === 0) {
      out += String.fromCharCode(0xdc00 + c);
      i++;
    } else {
      out += decoder.decode(b.subarray(i, i + len));
      i += len;
    }
  }
  return out;
}

/** Bytes → string, or undefined when not valid UTF-8. */
export function fromUtf8Strict(b: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(b);
  } catch {
    return undefined;
  }
}

/** Text built by joining pieces: raw bytes that now form valid UTF-8 (as Go's byte strings would) decode. */
export function joinBytes(s: string): string {
  return RAW_BYTE.test(s) ? fromUtf8(utf8(s)) : s;
}

/** Go's byte-wise view of `s`: each byte of its UTF-8 (raw bytes restored) as one char U+0000–U+00FF. */
export function byteString(s: string): string {
  const b = utf8(s);
  let out = '';
  for (let i = 0; i < b.length; i += 8192) out += String.fromCharCode(...b.subarray(i, i + 8192));
  return out;
}

/** The inverse of byteString: bytes (one per char) decoded as Go strings are (fromUtf8). */
export function fromByteString(b: string): string {
  const bytes = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) bytes[i] = b.charCodeAt(i);
  return fromUtf8(bytes);
}

const LONE_RAW_BYTE = /(?<![\ud800-\udbff])[\udc80-\udcff]/;

/** UTF-16 index of the first raw byte in `s`, or -1 (Go: the first byte of invalid UTF-8). */
export function firstRawByte(s: string): number {
  const m = LONE_RAW_BYTE.exec(s);
  return m ? m.index : -1;
}

/**
 * The first place where `b` (from `from`) stops being UTF-8 (RFC 3629: no overlong forms,
 * surrogates or values past U+10FFFF), with the text Go's YAML reader gives for it; undefined
 * when all of it is UTF-8. Used by yaml.unmarshal and by the Gatekeeper file loaders.
 */
export function firstInvalidUtf8(b: Uint8Array, from = 0): { offset: number; message: string } | undefined {
  for (let i = from; i < b.length; ) {
    const lead = b[i]!;
    const width = lead < 0x80 ? 1 : (lead & 0xe0) === 0xc0 ? 2 : (lead & 0xf0) === 0xe0 ? 3 : (lead & 0xf8) === 0xf0 ? 4 : 0;
    if (width === 0) return { offset: i, message: 'invalid leading UTF-8 octet' };
    if (i + width > b.length) return { offset: i, message: 'incomplete UTF-8 octet sequence' };
    let v = width === 1 ? lead : lead & (0xff >> (width + 1));
    for (let k = 1; k < width; k++) {
      const t = b[i + k]!;
      if ((t & 0xc0) !== 0x80) return { offset: i + k, message: 'invalid trailing UTF-8 octet' };
      v = (v << 6) | (t & 0x3f);
    }
    if ((width === 2 && v < 0x80) || (width === 3 && v < 0x800) || (width === 4 && v < 0x10000)) return { offset: i, message: 'invalid length of a UTF-8 sequence' };
    if ((v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff) return { offset: i, message: 'invalid Unicode character' };
    i += width;
  }
  return undefined;
}
