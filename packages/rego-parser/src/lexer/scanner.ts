import { T } from './tokens.js';

/**
 * One token. `lit` is the literal text (identifiers, numbers, strings with their quotes,
 * template-string parts with their delimiters, comments with `#`). `ws`/`nl` tell whether
 * whitespace / a newline separates it from the previous token (comments are skipped but
 * always end at a newline), which is how the parser sees OPA's significant whitespace.
 */
export interface Token {
  k: T;
  lit: string;
  start: number;
  end: number;
  row: number;
  col: number;
  ws: boolean;
  nl: boolean;
  /** Scanner errors raised while scanning this token (it is then illegal). */
  errs?: string[];
}

export interface ScanResult {
  tokens: Token[];
  comments: Token[];
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

  private error(msg: string): void {
    (this.errs ??= []).push(msg);
  }

  /** Start index of `curr`. */
  private get pos(): number {
    return this.curr === -1 ? this.src.length : this.offset - this.width;
  }

  scan(continueTemplate: 0 | 1 | 2): Token {
    const start = this.pos;
    const row = this.row;
    const col = this.col;
    let k = T.Illegal;
    let lit = '';
    const c = this.curr;
    if (continueTemplate) {
      // `curr` is the char after `}`; the literal starts at the `}`.
      [lit, k] = continueTemplate === 2 ? this.scanRawTemplate(start - 1) : this.scanTemplate(start - 1);
    } else if (c === 32 || c === 9 || c === 10 || c === 13) {
      this.next();
      k = T.Whitespace;
      lit = c === 10 ? '\n' : ' ';
    } else if (isLetter(c)) {
      lit = this.scanIdentifier(start);
      k = T.Ident;
    } else if (c >= 48 && c <= 57) {
      lit = this.scanNumber(start);
      k = T.Number;
    } else {
      this.next();
      switch (c) {
        case -1:
          k = T.EOF;
          break;
        case 35: // #
          lit = this.scanComment(start);
          k = T.Comment;
          break;
        case 34: // "
          lit = this.scanString(start);
          k = T.String;
          break;
        case 96: // `
          lit = this.scanRawString(start);
          k = T.String;
          break;
        case 91: k = T.LBrack; break;
        case 93: k = T.RBrack; break;
        case 123: k = T.LBrace; break;
        case 125: k = T.RBrace; break;
        case 40: k = T.LParen; break;
        case 41: k = T.RParen; break;
        case 44: k = T.Comma; break;
        case 58:
          if (this.curr === 61) {
            this.next();
            k = T.Assign;
          } else k = T.Colon;
          break;
        case 43: k = T.Add; break;
        case 45: k = T.Sub; break;
        case 42: k = T.Mul; break;
        case 47: k = T.Quo; break;
        case 37: k = T.Rem; break;
        case 38: k = T.And; break;
        case 124: k = T.Or; break;
        case 61:
          if (this.curr === 61) {
            this.next();
            k = T.Equal;
          } else k = T.Unify;
          break;
        case 62:
          if (this.curr === 61) {
            this.next();
            k = T.Gte;
          } else k = T.Gt;
          break;
        case 60:
          if (this.curr === 61) {
            this.next();
            k = T.Lte;
          } else k = T.Lt;
          break;
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
            [lit, k] = this.scanRawTemplate(start + 1);
          } else if (this.curr === 34) {
            this.next();
            [lit, k] = this.scanTemplate(start + 1);
          } else this.error('illegal $ character');
          break;
        default:
          break;
      }
    }
    const tok: Token = { k, lit, start, end: this.pos, row, col, ws: false, nl: false };
    if (this.errs) {
      tok.errs = this.errs;
      this.errs = undefined;
    }
    return tok;
  }

  private scanIdentifier(start: number): string {
    while (isLetter(this.curr) || isDigit(this.curr)) this.next();
    return this.src.slice(start, this.pos);
  }

  private scanNumber(start: number): string {
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
    return this.src.slice(start, this.pos);
  }

  private scanString(start: number): string {
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
    return this.src.slice(start, this.pos);
  }

  private scanRawString(start: number): string {
    for (;;) {
      const ch = this.curr;
      this.next();
      if (ch === 96) break;
      if (ch < 0) {
        this.error('non-terminated string');
        break;
      }
    }
    return this.src.slice(start, this.pos);
  }

  /** `"…{`, `"…"`, `}…{` or `}…"`; `\{` is kept escaped in the literal (unescaped later). */
  private scanTemplate(start: number): [string, T] {
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
    return [this.src.slice(start, this.pos), k];
  }

  private scanRawTemplate(start: number): [string, T] {
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
    return [this.src.slice(start, this.pos), k];
  }

  private scanComment(start: number): string {
    while (this.curr !== 10 && this.curr !== -1) this.next();
    let end = this.pos;
    if (end > start + 1 && this.src.charCodeAt(end - 1) === 13) end--;
    return this.src.slice(start, end);
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
 * Tokenises a whole source. Whitespace and comments are folded into the `ws`/`nl` flags of
 * the following token; comments are returned separately. The last token is always EOF.
 * Without `templates` (v0, whose capabilities lack template strings) the text after a
 * template's `{` is scanned as ordinary tokens, as OPA's lazy scanner does there.
 */
export function scanAll(src: string, templates = true): ScanResult {
  const s = new Scanner(src);
  const tokens: Token[] = [];
  const comments: Token[] = [];
  let ws = false;
  let nl = false;
  let depth = 0;
  // Brace depths at which an embedded template expression is open, with its quoting.
  const tmpl: Array<{ depth: number; raw: boolean }> = [];
  let cont: 0 | 1 | 2 = 0;
  for (;;) {
    const tok = s.scan(cont);
    cont = 0;
    if (tok.k === T.Whitespace && !tok.errs) {
      ws = true;
      if (tok.lit === '\n') nl = true;
      continue;
    }
    if (tok.k === T.Comment && !tok.errs) {
      comments.push(tok);
      continue;
    }
    if (tok.errs) tok.k = T.Illegal;
    tok.ws = ws;
    tok.nl = nl;
    ws = nl = false;
    tokens.push(tok);
    switch (tok.k) {
      case T.EOF:
        return { tokens, comments };
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
