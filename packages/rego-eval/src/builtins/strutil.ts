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

export { byteString, firstRawByte, fromByteString, fromUtf8, fromUtf8Strict, hasRawBytes, joinBytes, utf8 } from '../value/bytes.js';
