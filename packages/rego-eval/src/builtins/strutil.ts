/** Code-point helpers: Rego strings are sequences of code points, JS strings UTF-16. */

const SURROGATE = /[\ud800-\udfff]/;

export function hasSurrogates(s: string): boolean {
  return SURROGATE.test(s);
}

/** Number of code points. */
export function cpLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Code points as one-character strings. */
export function cpArray(s: string): string[] {
  return SURROGATE.test(s) ? Array.from(s) : s.split('');
}

/** UTF-16 index → code-point index. */
export function cpIndex(s: string, utf16: number): number {
  return SURROGATE.test(s) ? cpLength(s.slice(0, utf16)) : utf16;
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

const RAW_BYTE = /[\udc80-\udcff]/;

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
