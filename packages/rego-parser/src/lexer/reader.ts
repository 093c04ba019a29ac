import { badCharError, charWidth } from './char-errors.js';

/**
 * A cursor over the text being lexed that reads characters the way OPA's scanner does: `next`
 * moves past the current character and reads the one after it, charging a bad character to
 * the token being scanned (see `badCharError`). The token patterns that can carry errors use
 * it so that the errors come out in OPA's order.
 */
export class Reader {
  text = '';
  pos = 0;
  errs: string[] | undefined;

  reset(text: string, pos: number): this {
    this.text = text;
    this.pos = pos;
    this.errs = undefined;
    return this;
  }

  /** The current code unit, or -1 at the end. */
  get curr(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  /** The current code point, or -1 at the end. */
  codePoint(): number {
    return this.pos < this.text.length ? this.text.codePointAt(this.pos)! : -1;
  }

  next(): void {
    if (this.pos >= this.text.length) return;
    this.pos += charWidth(this.text, this.pos);
    const e = badCharError(this.text, this.pos);
    if (e !== undefined) this.error(e);
  }

  error(msg: string): void {
    (this.errs ??= []).push(msg);
  }
}

export function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

export function isDecimal(c: number): boolean {
  return c >= 48 && c <= 57;
}

const UNICODE_DIGIT = /\p{Nd}/u;
/** A code point that may continue an identifier after its first letter (OPA allows Unicode digits). */
export function isDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 0x80 && UNICODE_DIGIT.test(String.fromCodePoint(c)));
}
