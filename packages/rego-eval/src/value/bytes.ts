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
