/**
 * Custom Chevrotain token patterns for the tokens whose extent or errors a regular expression
 * cannot express as OPA's scanner does: identifiers (Unicode digits), numbers, strings,
 * comments (errors in scan order) and template strings (whose kind and validity decide the
 * lexer mode). A pattern returns `[image]`, with the token's errors as `payload` where it has
 * any. Patterns that change the lexer mode match only error-free tokens; the plain variant
 * after them takes the rest, as OPA never opens or closes a template on an illegal token.
 */
import type { CustomPatternMatcherReturn } from 'chevrotain';
import { badCharError, charWidth } from './char-errors.js';
import { Reader, isDecimal, isDigit, isLetter } from './reader.js';
import { T } from './tokens.js';

/** What a token's own scan found: its kind (templates) and errors in scan order. */
export interface Scanned {
  k: T;
  errs: string[] | undefined;
}

const reader = new Reader();

function match(text: string, from: number, to: number, payload?: unknown): CustomPatternMatcherReturn {
  const m = [text.slice(from, to)] as CustomPatternMatcherReturn;
  if (payload !== undefined) m.payload = payload;
  return m;
}

export function identifier(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (!isLetter(text.charCodeAt(offset))) return null;
  let p = offset + 1;
  for (;;) {
    const c = text.charCodeAt(p);
    if (isLetter(c) || isDecimal(c)) p++;
    else if (c >= 0x80 && isDigit(text.codePointAt(p)!)) p += charWidth(text, p);
    else break;
  }
  return match(text, offset, p);
}

/** Digits, fraction, exponent; letters glued on make it `illegal number format` (one token). */
export function number(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (!isDecimal(text.charCodeAt(offset))) return null;
  const r = reader.reset(text, offset);
  while (isDecimal(r.curr)) r.next();
  if (r.curr === 46) {
    r.next();
    let found = false;
    while (isDecimal(r.curr)) {
      r.next();
      found = true;
    }
    if (!found) r.error('expected fraction');
  }
  if ((r.curr | 0x20) === 101) {
    r.next();
    if (r.curr === 43 || r.curr === 45) r.next();
    let found = false;
    while (isDecimal(r.curr)) {
      r.next();
      found = true;
    }
    if (!found) r.error('expected exponent');
  }
  if (isLetter(r.curr)) {
    r.error('illegal number format');
    while (isLetter(r.curr) || isDigit(r.codePoint())) r.next();
  }
  return match(text, offset, r.pos, r.errs);
}

/** Escapes OPA accepts in strings (`\{` only in template strings). */
function escape(r: Reader, template: boolean): void {
  switch (r.curr) {
    case 92: case 34: case 47: case 98: case 102: case 110: case 114: case 116:
      r.next();
      return;
    case 123:
      if (template) {
        r.next();
        return;
      }
      break;
    case 117:
      r.next();
      r.next();
      r.next();
      r.next();
      return;
  }
  r.error('illegal escape sequence');
}

/** Characters that need no attention inside a string or comment: not NUL, a surrogate or a BOM. */
function plain(c: number): boolean {
  return c > 0 && c < 0xd800 && c !== 34 && c !== 92 && c !== 10 && c !== 96;
}

/** Skips plain characters after `from` (a fast path: reading them can raise no error). */
function skipPlain(text: string, from: number): number {
  let p = from + 1;
  while (plain(text.charCodeAt(p))) p++;
  return p - 1;
}

export function string(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 34) return null;
  const r = reader.reset(text, skipPlain(text, offset));
  r.next();
  for (;;) {
    const ch = r.curr;
    if (ch === 10 || ch < 0) {
      r.error('non-terminated string');
      break;
    }
    r.next();
    if (ch === 34) break;
    if (ch === 92) escape(r, false);
  }
  return match(text, offset, r.pos, r.errs);
}

export function rawString(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 96) return null;
  const r = reader.reset(text, offset);
  r.next();
  for (;;) {
    const ch = r.curr;
    r.next();
    if (ch === 96) break;
    if (ch < 0) {
      r.error('non-terminated string');
      break;
    }
  }
  return match(text, offset, r.pos, r.errs);
}

/** `#` to the end of the line (the newline is not part of it). */
export function comment(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 35) return null;
  const r = reader.reset(text, skipPlain(text, offset));
  r.next();
  while (r.curr !== 10 && r.curr !== -1) r.next();
  return match(text, offset, r.pos, r.errs);
}

// ------------------------------------------------------------------ template strings

/** The body of a template-string part from `r.pos` (after `"`, `` ` `` or `}`) to `{` or the closing quote. */
function templateBody(r: Reader, raw: boolean): T {
  for (;;) {
    const ch = r.curr;
    if (ch < 0 || (ch === 10 && !raw)) {
      r.error('non-terminated string');
      return raw ? T.RawTemplateStringPart : T.TemplateStringPart;
    }
    r.next();
    if (ch === (raw ? 96 : 34)) return raw ? T.RawTemplateStringEnd : T.TemplateStringEnd;
    if (ch === 123) return raw ? T.RawTemplateStringPart : T.TemplateStringPart;
    if (ch === 92) {
      if (!raw) escape(r, true);
      else if (r.curr === 123) r.next();
    }
  }
}

/**
 * One scan serves the pattern variants tried one after another at the same offset (the
 * mode-changing variant, then the plain one).
 */
let memoText = '';
let memoOffset = -1;
let memoKind = -1;
let memo: { end: number; s: Scanned } | null = null;

/** The template part starting at `offset` (`$"`/`` $` `` or, for a continuation, `}`). */
function scanTemplate(text: string, offset: number, raw: boolean, continuation: boolean): { end: number; s: Scanned } | null {
  const kind = (raw ? 1 : 0) + (continuation ? 2 : 0);
  if (memoOffset === offset && memoKind === kind && memoText === text) return memo;
  let result: { end: number; s: Scanned } | null = null;
  if (continuation) {
    // The `}` reads the character after it: a bad one makes the `}` illegal, closing nothing.
    if (text.charCodeAt(offset) === 125 && badCharError(text, offset + 1) === undefined) {
      const r = reader.reset(text, offset + 1);
      const k = templateBody(r, raw);
      result = { end: r.pos, s: { k, errs: r.errs } };
    }
  } else if (text.charCodeAt(offset) === 36 && text.charCodeAt(offset + 1) === (raw ? 96 : 34)) {
    const r = reader.reset(text, offset);
    r.next();
    r.next();
    const k = templateBody(r, raw);
    result = { end: r.pos, s: { k, errs: r.errs } };
  }
  memoText = text;
  memoOffset = offset;
  memoKind = kind;
  memo = result;
  return result;
}

const isPart = (k: T) => k === T.TemplateStringPart || k === T.RawTemplateStringPart;

/** A template start (`$"…{`) or continuation (`}…{`) that opens an embedded expression. */
export function templateOpen(raw: boolean, continuation: boolean) {
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    const t = scanTemplate(text, offset, raw, continuation);
    return t && isPart(t.s.k) && !t.s.errs ? match(text, offset, t.end, t.s) : null;
  };
}

/** Any other template start or continuation: a whole template, an end part or an illegal one. */
export function templateFlat(raw: boolean, continuation: boolean) {
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    const t = scanTemplate(text, offset, raw, continuation);
    return t ? match(text, offset, t.end, t.s) : null;
  };
}

/** `{` or `}` that changes the mode: only when the character after it is not bad. */
export function brace(ch: 123 | 125) {
  const image = [String.fromCharCode(ch)] as CustomPatternMatcherReturn;
  return (text: string, offset: number): CustomPatternMatcherReturn | null =>
    text.charCodeAt(offset) === ch && badCharError(text, offset + 1) === undefined ? image : null;
}

/** `{` or `}` whatever follows. */
export function anyBrace(ch: 123 | 125) {
  const image = [String.fromCharCode(ch)] as CustomPatternMatcherReturn;
  return (text: string, offset: number): CustomPatternMatcherReturn | null => (text.charCodeAt(offset) === ch ? image : null);
}
