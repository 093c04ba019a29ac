/**
 * The output buffer of the formatter: tab indentation, line starts/ends, and the one pending
 * end-of-line comment (a source comment that sat on the same row as the node being printed).
 */
import type { Comment } from '../ast/index.js';

/**
 * Raised when a second end-of-line comment lands on a line that already has one. opa fmt
 * then prints the enclosing term as written in the source. `drop` records that the error
 * passed a point where opa fmt loses the pending comments (they are then not printed).
 */
export class UnexpectedComment extends Error {
  drop = false;
  constructor(readonly row: number) {
    super(`unexpected comment on line ${row}`);
  }
}

/** Run `fn`; an unexpected-comment error passing through loses the pending comments. */
export function dropping<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UnexpectedComment) e.drop = true;
    throw e;
  }
}

export function commentString(c: Comment): string {
  return `#${c.text}`;
}

export class Writer {
  buf = '';
  level = 0;
  inline = false;
  beforeEnd: Comment | null = null;
  private delay = false;

  write(s: string): void {
    this.buf += s;
  }

  startLine(): void {
    this.inline = true;
    this.buf += '\t'.repeat(this.level);
  }

  endLine(): void {
    this.inline = false;
    if (this.beforeEnd && !this.delay) {
      this.buf += ` ${commentString(this.beforeEnd)}`;
      this.beforeEnd = null;
    }
    this.delay = false;
    this.buf += '\n';
  }

  /** Ends the current line (if any) and adds an empty one. */
  blankLine(): void {
    if (this.inline) this.endLine();
    this.buf += '\n';
  }

  writeLine(s: string): void {
    if (!this.inline) this.startLine();
    this.buf += s;
    this.endLine();
  }

  /** Keep the pending comment for the line after the opening bracket of a multi-line list. */
  delayBeforeEnd(): void {
    this.delay = true;
  }

  startMultilineSeq(): void {
    this.endLine();
    this.up();
    this.startLine();
  }

  up(): void {
    this.level++;
  }

  down(): void {
    if (this.level > 0) this.level--;
  }

  /** Register `c` to be printed at the end of the current line. */
  beforeLineEnd(c: Comment | null): void {
    if (this.beforeEnd) {
      if (!c) return;
      this.beforeEnd = null;
      throw new UnexpectedComment(c.location.row);
    }
    this.beforeEnd = c;
  }
}
