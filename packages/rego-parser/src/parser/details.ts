import type { ParseErrorDetails } from '../errors.js';

function isNewline(c: number): boolean {
  return c === 10 || c === 13;
}

/**
 * OPA tests single bytes: U+0085 and U+00A0 are two UTF-8 bytes whose first (0xC2) is not a
 * space, so the caret stops on them.
 */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * The source line around `offset` and the caret index in it, as OPA's
 * `newParserErrorDetail`: the caret moves back over whitespace to the last visible char.
 */
export function errorDetails(src: string, offset: number): ParseErrorDetails {
  if (src.length === 0) return { line: '', idx: 0 };
  let off = offset >= src.length ? src.length - 1 : Math.max(offset, 0);
  while (off > 0 && isSpace(src.charCodeAt(off))) off--;
  let begin = off;
  while (begin > 0 && !isNewline(src.charCodeAt(begin))) begin--;
  if (isNewline(src.charCodeAt(begin))) begin++;
  let end = off;
  while (end < src.length && !isNewline(src.charCodeAt(end))) end++;
  if (begin > end) begin = end;
  return { line: src.slice(begin, end), idx: off - begin };
}
