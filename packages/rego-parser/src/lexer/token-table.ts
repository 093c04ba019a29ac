import { T } from './tokens.js';

/**
 * The tokens of a source, as parallel typed arrays (a large module has hundreds of thousands
 * of tokens; plain objects would all survive into the old generation and slow the GC).
 * `lit(i)` is the literal text (identifiers, numbers, strings with their quotes,
 * template-string parts with their delimiters). `ws(i)`/`nl(i)` tell whether whitespace / a
 * newline separates token i from the previous one (comments are skipped but always end at a
 * newline), which is how the parser sees OPA's significant whitespace.
 */
export class TokenTable {
  n = 0;
  k: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  litStart: Int32Array;
  row: Int32Array;
  col: Int32Array;
  flags: Uint8Array;
  /** Scanner errors raised while scanning a token (it is then illegal). */
  readonly errs = new Map<number, string[]>();

  constructor(
    public src: string,
    capacity: number,
  ) {
    // One buffer for all columns: allocating typed arrays has a fixed cost per buffer.
    const buf = new ArrayBuffer(capacity * 22);
    this.start = new Int32Array(buf, 0, capacity);
    this.end = new Int32Array(buf, capacity * 4, capacity);
    this.litStart = new Int32Array(buf, capacity * 8, capacity);
    this.row = new Int32Array(buf, capacity * 12, capacity);
    this.col = new Int32Array(buf, capacity * 16, capacity);
    this.k = new Uint8Array(buf, capacity * 20, capacity);
    this.flags = new Uint8Array(buf, capacity * 21, capacity);
  }

  /** Empties the table for a new source. */
  reset(src: string): void {
    this.src = src;
    this.n = 0;
    this.errs.clear();
  }

  lit(i: number): string {
    return this.src.slice(this.litStart[i]!, this.end[i]!);
  }

  ws(i: number): boolean {
    return (this.flags[i]! & 1) !== 0;
  }

  nl(i: number): boolean {
    return (this.flags[i]! & 2) !== 0;
  }

  push(k: T, litStart: number, start: number, end: number, row: number, col: number, flags: number): number {
    if (this.n === this.k.length) this.grow();
    const i = this.n++;
    this.k[i] = k;
    this.litStart[i] = litStart;
    this.start[i] = start;
    this.end[i] = end;
    this.row[i] = row;
    this.col[i] = col;
    this.flags[i] = flags;
    return i;
  }

  private grow(): void {
    const old = { ...this };
    const cap = this.k.length * 2 + 16;
    const t = new TokenTable(this.src, cap);
    t.start.set(old.start);
    t.end.set(old.end);
    t.litStart.set(old.litStart);
    t.row.set(old.row);
    t.col.set(old.col);
    t.k.set(old.k);
    t.flags.set(old.flags);
    this.start = t.start;
    this.end = t.end;
    this.litStart = t.litStart;
    this.row = t.row;
    this.col = t.col;
    this.k = t.k;
    this.flags = t.flags;
  }
}

/** A `#` comment: `lit` includes the `#` (not a trailing `\r`). */
export interface CommentToken {
  lit: string;
  start: number;
  row: number;
  col: number;
}

export interface ScanResult {
  tokens: TokenTable;
  comments: CommentToken[];
}

/**
 * Small tables are reused: parsing is synchronous and nothing keeps the table after a parse,
 * and allocating array buffers for every small module costs more than the parsing.
 */
let spare: TokenTable | undefined;
const SPARE_CAPACITY = 1 << 14;

export function newTable(src: string): TokenTable {
  const want = (src.length >> 3) + 16;
  if (want > SPARE_CAPACITY) return new TokenTable(src, want);
  const t = spare ?? new TokenTable(src, SPARE_CAPACITY);
  spare = undefined;
  t.reset(src);
  return t;
}

/** Hands a table back for reuse once its parse is finished. */
export function releaseTokens(t: TokenTable): void {
  if (t.k.length === SPARE_CAPACITY) spare = t;
}
