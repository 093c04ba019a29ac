/**
 * OPA's scanner reports a bad character (NUL, a lone UTF-16 surrogate, a byte-order mark after
 * the start) when it *reads* it as look-ahead, so the error belongs to the token being scanned
 * when the character is read — usually the token before it. Offsets here are relative to the
 * text being lexed: offset 0 was read before any token started, so its error is never charged
 * (OPA drops errors read while skipping a leading byte-order mark, and a rescan starts there).
 */
export function badCharError(text: string, p: number): string | undefined {
  if (p <= 0 || p >= text.length) return undefined;
  const c = text.charCodeAt(p);
  if (c === 0) return 'illegal null character';
  if (c >= 0xd800 && c <= 0xdfff) {
    if (c <= 0xdbff) {
      const d = text.charCodeAt(p + 1);
      if (d >= 0xdc00 && d <= 0xdfff) return undefined;
    }
    return 'illegal utf-8 character';
  }
  if (c === 0xfeff) return 'illegal byte-order mark';
  return undefined;
}

/** Width in UTF-16 units of the character at `p` (2 for a surrogate pair, else 1). */
export function charWidth(text: string, p: number): number {
  const c = text.charCodeAt(p);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(p + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}
