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

const BOM = 0xfeff;

/**
 * A scanner that mirrors OPA's (`ast/internal/scanner`): same token boundaries, same error
 * texts, and errors charged to the same token (OPA reports a bad character on the token
 * being scanned when the character is read). Offsets are UTF-16 indexes; columns count code
 * points. Template strings are scanned eagerly: a `}` that closes an embedded expression is
 * followed directly by the continuation part.
 */
class Scanner {
  private readonly src: string;
  private curr = -1;
  private width = 0;
  /** Index of the char after `curr`. */
  private offset = 0;
  private row = 1;
  private col = 0;
  private errs: string[] | undefined;

  constructor(src: string) {
    this.src = src;
    this.next();
    if (this.curr === BOM) this.next();
    this.errs = undefined; // BOM skip never errors
  }

  private next(): void {
    const src = this.src;
    if (this.offset >= src.length) {
      this.curr = -1;
      this.width = 0;
      this.offset = src.length + 1;
      return;
    }
    let c = src.charCodeAt(this.offset);
    let w = 1;
    if (c === 0) {
      this.error('illegal null character');
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = src.charCodeAt(this.offset + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        w = 2;
      } else {
        this.error('illegal utf-8 character');
      }
    } else if (c === BOM && this.offset > 0) {
      this.error('illegal byte-order mark');
    }
    this.curr = c;
    this.width = w;
    this.offset += w;
    if (c === 10) {
      this.row++;
      this.col = 0;
    } else {
      this.col++;
    }
  }

  /** Advances to `offset` (row and column counted on the way); errors on the way are dropped. */
  skipTo(offset: number): void {
    while (this.curr !== -1 && this.pos < offset) this.next();
    this.errs = undefined;
  }

  private error(msg: string): void {
    (this.errs ??= []).push(msg);
  }

  /** Start index of `curr`. */
  private get pos(): number {
    return this.curr === -1 ? this.src.length : this.offset - this.width;
  }

  /** Literal start, position and errors of the token the last `scan` returned. */
  tokLitStart = 0;
  tokStart = 0;
  tokEnd = 0;
  tokRow = 0;
  tokCol = 0;
  tokErrs: string[] | undefined;

  scan(continueTemplate: 0 | 1 | 2): T {
    const start = this.pos;
    const row = this.row;
    const col = this.col;
    let litStart = start;
    let k = T.Illegal;
    const c = this.curr;
    if (continueTemplate) {
      // `curr` is the char after `}`; the literal starts at the `}`.
      litStart = start - 1;
      k = continueTemplate === 2 ? this.scanRawTemplate() : this.scanTemplate();
    } else if (c === 32 || c === 9 || c === 10 || c === 13) {
      this.next();
      k = c === 10 ? T.Newline : T.Whitespace;
    } else if (isLetter(c)) {
      this.scanIdentifier();
      k = T.Ident;
    } else if (c >= 48 && c <= 57) {
      this.scanNumber();
      k = T.Number;
    } else {
      this.next();
      switch (c) {
        case -1:
          k = T.EOF;
          break;
        case 35: // #
          this.scanComment();
          k = T.Comment;
          break;
        case 34: // "
          this.scanString();
          k = T.String;
          break;
        case 96: // `
          this.scanRawString();
          k = T.String;
          break;
        case 91: k = T.LBrack; break;
        case 93: k = T.RBrack; break;
        case 123: k = T.LBrace; break;
        case 125: k = T.RBrace; break;
        case 40: k = T.LParen; break;
        case 41: k = T.RParen; break;
        case 44: k = T.Comma; break;
        case 58: k = this.orEquals(T.Assign, T.Colon); break;
        case 43: k = T.Add; break;
        case 45: k = T.Sub; break;
        case 42: k = T.Mul; break;
        case 47: k = T.Quo; break;
        case 37: k = T.Rem; break;
        case 38: k = T.And; break;
        case 124: k = T.Or; break;
        case 61: k = this.orEquals(T.Equal, T.Unify); break;
        case 62: k = this.orEquals(T.Gte, T.Gt); break;
        case 60: k = this.orEquals(T.Lte, T.Lt); break;
        case 33:
          if (this.curr === 61) {
            this.next();
            k = T.Neq;
          } else this.error('illegal ! character');
          break;
        case 59: k = T.Semicolon; break;
        case 46: k = T.Dot; break;
        case 36: // $
          if (this.curr === 96) {
            this.next();
            litStart = start + 1;
            k = this.scanRawTemplate();
          } else if (this.curr === 34) {
            this.next();
            litStart = start + 1;
            k = this.scanTemplate();
          } else this.error('illegal $ character');
          break;
        default:
          break;
      }
    }
    this.tokLitStart = litStart;
    this.tokStart = start;
    this.tokEnd = this.pos;
    this.tokRow = row;
    this.tokCol = col;
    this.tokErrs = this.errs;
    this.errs = undefined;
    return k;
  }

  private scanIdentifier(): void {
    while (isLetter(this.curr) || isDigit(this.curr)) this.next();
  }

  private scanNumber(): void {
    if (this.curr !== 46) {
      while (isDecimal(this.curr)) this.next();
    }
    if (this.curr === 46) {
      this.next();
      let found = false;
      while (isDecimal(this.curr)) {
        this.next();
        found = true;
      }
      if (!found) this.error('expected fraction');
    }
    if ((this.curr | 0x20) === 101) {
      this.next();
      if (this.curr === 43 || this.curr === 45) this.next();
      let found = false;
      while (isDecimal(this.curr)) {
        this.next();
        found = true;
      }
      if (!found) this.error('expected exponent');
    }
    if (isLetter(this.curr)) {
      this.error('illegal number format');
      while (isLetter(this.curr) || isDigit(this.curr)) this.next();
    }
  }

  private scanString(): void {
    for (;;) {
      const ch = this.curr;
      if (ch === 10 || ch < 0) {
        this.error('non-terminated string');
        break;
      }
      this.next();
      if (ch === 34) break;
      if (ch === 92) {
        switch (this.curr) {
          case 92: case 34: case 47: case 98: case 102: case 110: case 114: case 116:
            this.next();
            break;
          case 117:
            this.next();
            this.next();
            this.next();
            this.next();
            break;
          default:
            this.error('illegal escape sequence');
        }
      }
    }
  }

  private scanRawString(): void {
    for (;;) {
      const ch = this.curr;
      this.next();
      if (ch === 96) break;
      if (ch < 0) {
        this.error('non-terminated string');
        break;
      }
    }
  }

  /** `"…{`, `"…"`, `}…{` or `}…"`; `\{` is kept escaped in the literal (unescaped later). */
  private scanTemplate(): T {
    let k = T.TemplateStringPart;
    for (;;) {
      const ch = this.curr;
      if (ch === 10 || ch < 0) {
        this.error('non-terminated string');
        break;
      }
      this.next();
      if (ch === 34) {
        k = T.TemplateStringEnd;
        break;
      }
      if (ch === 123) break;
      if (ch === 92) {
        switch (this.curr) {
          case 92: case 34: case 47: case 98: case 102: case 110: case 114: case 116: case 123:
            this.next();
            break;
          case 117:
            this.next();
            this.next();
            this.next();
            this.next();
            break;
          default:
            this.error('illegal escape sequence');
        }
      }
    }
    return k;
  }

  private scanRawTemplate(): T {
    let k = T.RawTemplateStringPart;
    for (;;) {
      const ch = this.curr;
      if (ch < 0) {
        this.error('non-terminated string');
        break;
      }
      this.next();
      if (ch === 96) {
        k = T.RawTemplateStringEnd;
        break;
      }
      if (ch === 123) break;
      if (ch === 92 && this.curr === 123) this.next();
    }
    return k;
  }

  /** After `:`, `=`, `>` or `<`: the two-character token when `=` follows, else the one-character one. */
  private orEquals(two: T, one: T): T {
    if (this.curr !== 61) return one;
    this.next();
    return two;
  }

  private scanComment(): void {
    while (this.curr !== 10 && this.curr !== -1) this.next();
  }
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isDecimal(c: number): boolean {
  return c >= 48 && c <= 57;
}
const UNICODE_DIGIT = /\p{Nd}/u;
function isDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 0x80 && UNICODE_DIGIT.test(String.fromCodePoint(c)));
}

/**
 * Small tables are reused: parsing is synchronous and nothing keeps the table after a parse,
 * and allocating array buffers for every small module costs more than the parsing.
 */
let spare: TokenTable | undefined;
const SPARE_CAPACITY = 1 << 14;

function newTable(src: string): TokenTable {
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

/**
 * Tokenises a whole source. Whitespace and comments are folded into the `ws`/`nl` flags of
 * the following token; comments are returned separately. The last token is always EOF.
 * Without `templates` (v0, whose capabilities lack template strings) the text after a
 * template's `{` is scanned as ordinary tokens, as OPA's lazy scanner does there.
 */
export function scanAll(src: string, templates = true): ScanResult {
  const tokens = newTable(src);
  const comments: CommentToken[] = [];
  scanInto(new Scanner(src), tokens, comments, templates);
  return { tokens, comments };
}

/**
 * Discards the tokens after token `i` and the comments after it, and scans the rest of the
 * source again with no template string open. OPA scans lazily, so a template-string part
 * whose expression the parser abandons (by backtracking) and then skips is never continued:
 * the text after it is ordinary tokens, not the rest of a template.
 */
export function rescanAfter(tokens: TokenTable, comments: CommentToken[], i: number, templates: boolean): void {
  const from = tokens.end[i]!;
  tokens.n = i + 1;
  for (const j of [...tokens.errs.keys()]) if (j > i) tokens.errs.delete(j);
  let keep = comments.length;
  while (keep > 0 && comments[keep - 1]!.start >= from) keep--;
  comments.length = keep;
  const s = new Scanner(tokens.src);
  s.skipTo(from);
  scanInto(s, tokens, comments, templates);
}

function scanInto(s: Scanner, tokens: TokenTable, comments: CommentToken[], templates: boolean): void {
  const src = tokens.src;
  let flags = 0;
  let depth = 0;
  // Brace depths at which an embedded template expression is open, with its quoting.
  const tmpl: Array<{ depth: number; raw: boolean }> = [];
  let cont: 0 | 1 | 2 = 0;
  for (;;) {
    let k = s.scan(cont);
    cont = 0;
    const errs = s.tokErrs;
    if (!errs) {
      if (k === T.Whitespace) {
        flags |= 1;
        continue;
      }
      if (k === T.Newline) {
        flags |= 3;
        continue;
      }
      if (k === T.Comment) {
        let end = s.tokEnd;
        if (end > s.tokStart + 1 && src.charCodeAt(end - 1) === 13) end--;
        comments.push({ lit: src.slice(s.tokStart, end), start: s.tokStart, row: s.tokRow, col: s.tokCol });
        continue;
      }
    } else k = T.Illegal;
    const i = tokens.push(k, s.tokLitStart, s.tokStart, s.tokEnd, s.tokRow, s.tokCol, flags);
    if (errs) tokens.errs.set(i, errs);
    flags = 0;
    switch (k) {
      case T.EOF:
        return;
      case T.LBrace:
        depth++;
        break;
      case T.RBrace: {
        const top = tmpl[tmpl.length - 1];
        if (top && top.depth === depth) {
          tmpl.pop();
          cont = top.raw ? 2 : 1;
        } else if (depth > 0) depth--;
        break;
      }
      case T.TemplateStringPart:
        if (templates) tmpl.push({ depth, raw: false });
        break;
      case T.RawTemplateStringPart:
        if (templates) tmpl.push({ depth, raw: true });
        break;
      default:
        break;
    }
  }
}
