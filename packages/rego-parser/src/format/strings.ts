/**
 * String spellings the formatter needs: Go's `strconv.Quote` (OPA prints strings with it when
 * no source text is available) and the escaping of `{` inside template-string literal parts.
 */

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Double-quoted Go spelling of `s` (escapes as `strconv.Quote` does). */
export function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x80) out += `\\x${hex(cp, 2)}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd'; // lone surrogate: invalid UTF-8 in Go
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return out + '"';
}

/** Escape each `{` not already preceded by a backslash (template-string literal parts). */
export function escapeTemplateLiteral(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{' && (i === 0 || s[i - 1] !== '\\')) out += '\\{';
    else out += s[i];
  }
  return out;
}

/** ASCII identifier: usable as `.name` in a ref. */
export function isVarCompatible(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

export const KEYWORDS_V0 = ['not', 'package', 'import', 'as', 'default', 'else', 'with', 'null', 'true', 'false', 'some'];
export const KEYWORDS_V1 = [...KEYWORDS_V0, 'if', 'contains', 'in', 'every'];
