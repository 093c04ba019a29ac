/**
 * String escaping as Go does it: `strconv.Quote` (Rego text of strings inside composites,
 * sprintf `%q`) and `encoding/json` (json.marshal, JSON output).
 */

const HEX = '0123456789abcdef';

function hex(n: number, width: number): string {
  let s = '';
  for (let i = width - 1; i >= 0; i--) s += HEX[(n >> (4 * i)) & 15];
  return s;
}

/** Go `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const NEEDS_QUOTE_ESCAPE = /[^\x20-\x7e]|["\\]/;

/** Go's `unicode.IsPrint` for one code point. */
export function isGoPrintable(cp: number): boolean {
  if (cp >= 0x20 && cp < 0x7f) return true;
  if (cp < 0xa1) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Lone surrogates (which no Go string holds) replaced by U+FFFD. */
export function wellFormed(s: string): string {
  if (!LONE_SURROGATE.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += cp >= 0xd800 && cp <= 0xdfff ? '\ufffd' : ch;
  }
  return out;
}

/**
 * Go `strconv.Quote(s)`. U+DC80–U+DCFF stand for raw bytes 0x80–0xFF of invalid UTF-8 (see
 * strutil's fromUtf8) and print as `\xNN`; other lone surrogates become U+FFFD.
 */
export function goQuote(s: string, quote = '"'): string {
  if (!NEEDS_QUOTE_ESCAPE.test(s) && (quote !== "'" || !s.includes("'"))) return quote + s + quote;
  let out = quote;
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xdc80 && cp <= 0xdcff) {
      out += '\\x' + hex(cp - 0xdc00, 2);
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    out += escapeRune(cp, quote);
  }
  return out + quote;
}

/** One rune as Go's `appendEscapedRune` writes it. */
export function escapeRune(cp: number, quote: string): string {
  const ch = String.fromCodePoint(cp);
  if (ch === quote || ch === '\\') return '\\' + ch;
  if (isGoPrintable(cp)) return ch;
  switch (cp) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  if (cp < 0x10000) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

const JSON_SAFE_HTML = /^[^\x00-\x1f"\\<>&\u2028\u2029\ud800-\udfff]*$/;
const JSON_SAFE = /^[^\x00-\x1f"\\\u2028\u2029\ud800-\udfff]*$/;

/** A JSON string literal as Go's `encoding/json` writes it. */
export function jsonQuote(s: string, escapeHTML = true): string {
  if ((escapeHTML ? JSON_SAFE_HTML : JSON_SAFE).test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20) {
      rep = c === 10 ? '\\n' : c === 13 ? '\\r' : c === 9 ? '\\t' : c === 8 ? '\\b' : c === 12 ? '\\f' : '\\u00' + hex(c, 2);
    } else if (c === 0x22) rep = '\\"';
    else if (c === 0x5c) rep = '\\\\';
    else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) rep = '\\u00' + hex(c, 2);
    else if (c === 0x2028 || c === 0x2029) rep = '\\u' + hex(c, 4);
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      rep = '\\ufffd';
    }
    if (rep !== undefined) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}
