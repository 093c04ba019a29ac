/**
 * The Rego lexer: a Chevrotain `Lexer` (see `token-types.ts`) whose tokens are copied into a
 * `TokenTable` the way OPA's scanner would produce them. Chevrotain finds the tokens; this
 * file adds what OPA's scanner does around them: whitespace and newlines become flags on the
 * next token, comments are set aside, characters no pattern matches become one illegal token
 * each, a bad character is charged to the token that read it, and rows/columns count code
 * points. The last token is always EOF.
 */
import { Lexer, type IToken, type ILexingError } from 'chevrotain';
import { badCharError, charWidth } from './char-errors.js';
import type { Scanned } from './patterns.js';
import { Positions } from './positions.js';
import { newTable, type CommentToken, type ScanResult, type TokenTable } from './token-table.js';
import { CommentTok, CONTINUATIONS, ERRORS_PAYLOAD, KIND_OF, LEXER_MODES, SCANNED_PAYLOAD } from './token-types.js';
import { T } from './tokens.js';

export { releaseTokens, type TokenTable, type CommentToken, type ScanResult } from './token-table.js';

/**
 * Chevrotain's lexer options. Offsets only: rows and columns are OPA's (code points), computed
 * while filling the table. The definition's validations (unreachable patterns, optimisable
 * modes) run in the tests (`lexer.test.ts`); skipping them here saves ~70 ms per process start.
 */
export const LEXER_CONFIG = { positionTracking: 'onlyOffset', ensureOptimizations: true } as const;

// Built once: Chevrotain analyses the patterns (first-character tables) at construction.
const lexer = new Lexer(LEXER_MODES, { ...LEXER_CONFIG, skipValidations: true });

const comment = CommentTok.tokenTypeIdx!;

/** How `token` treats a token type, by `tokenTypeIdx` (an array: it is looked up per token). */
const enum Role {
  Plain,
  ErrorsPayload,
  ScannedPayload,
  Continuation,
}
const ROLE = new Uint8Array(KIND_OF.length);
for (const i of ERRORS_PAYLOAD) ROLE[i] = Role.ErrorsPayload;
for (const i of SCANNED_PAYLOAD) ROLE[i] = CONTINUATIONS.has(i) ? Role.Continuation : Role.ScannedPayload;

/**
 * Tokenises a whole source. Without `templates` (v0, whose capabilities lack template
 * strings) the text after a template's `{` is lexed as ordinary tokens, as OPA's lazy scanner
 * does there.
 */
export function scanAll(src: string, templates = true): ScanResult {
  const tokens = newTable(src);
  const comments: CommentToken[] = [];
  // A leading byte-order mark is skipped (its look-ahead errors are dropped, see `badCharError`).
  lexInto(tokens, comments, src.charCodeAt(0) === 0xfeff ? 1 : 0, templates);
  return { tokens, comments };
}

/**
 * Discards the tokens after token `i` and the comments after it, and lexes the rest of the
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
  lexInto(tokens, comments, from, templates);
}

/** Lexes `src` from `base` and appends its tokens (offsets in the table are absolute). */
function lexInto(tokens: TokenTable, comments: CommentToken[], base: number, templates: boolean): void {
  const src = tokens.src;
  const text = base === 0 ? src : src.slice(base);
  const lexed = lexer.tokenize(text, templates ? 'v1' : 'v0');
  new Filler(tokens, comments, text, base).fill(lexed.tokens, lexed.errors);
}

class Filler {
  private readonly pos: Positions;
  private flags = 0;
  /** End (relative) of the last token or comment. */
  private prevEnd = 0;

  constructor(
    private readonly tokens: TokenTable,
    private readonly comments: CommentToken[],
    private readonly text: string,
    private readonly base: number,
  ) {
    this.pos = new Positions(tokens.src);
  }

  fill(lexed: IToken[], unmatched: ILexingError[]): void {
    let u = 0;
    for (const t of lexed) {
      while (u < unmatched.length && unmatched[u]!.offset < t.startOffset) this.illegalChars(unmatched[u++]!);
      this.token(t);
    }
    while (u < unmatched.length) this.illegalChars(unmatched[u++]!);
    this.gap(this.text.length, false);
    const len = this.tokens.src.length;
    this.pos.atEnd();
    this.tokens.push(T.EOF, len, len, len, this.pos.r, this.pos.c, this.flags);
  }

  private push(k: T, litStart: number, start: number, end: number, errs: string[] | undefined): void {
    const b = this.base;
    if (b + start < this.tokens.src.length) this.pos.at(b + start);
    else this.pos.atEnd();
    const i = this.tokens.push(errs ? T.Illegal : k, b + litStart, b + start, b + end, this.pos.r, this.pos.c, this.flags);
    if (errs) this.tokens.errs.set(i, errs);
    this.flags = 0;
    this.prevEnd = end;
  }

  /**
   * Whitespace before `s` becomes flags. OPA scans whitespace one character at a time, so when
   * a bad character follows (`badNext`), the last whitespace character read it and is illegal.
   */
  private gap(s: number, badNext: boolean): void {
    const a = this.prevEnd;
    if (s <= a) return;
    const text = this.text;
    const err = badNext ? badCharError(text, s) : undefined;
    const b = err === undefined ? s : s - 1;
    if (b > a) {
      // Scan the gap itself (not indexOf: on a long line that would search far past it).
      let f = 1;
      for (let j = a; j < b; j++) {
        if (text.charCodeAt(j) === 10) {
          f = 3;
          break;
        }
      }
      this.flags |= f;
    }
    if (err !== undefined) this.push(text.charCodeAt(b) === 10 ? T.Newline : T.Whitespace, b, b, s, [err]);
  }

  /** Characters no pattern matched: each code point is an illegal token (OPA's default case). */
  private illegalChars(e: ILexingError): void {
    const text = this.text;
    const end = e.offset + e.length;
    for (let p = e.offset; p < end; ) {
      const w = charWidth(text, p);
      this.gap(p, true);
      let errs: string[] | undefined;
      const bad = badCharError(text, p + w);
      if (bad !== undefined) errs = [bad];
      const c = text.charCodeAt(p);
      if (c === 33) (errs ??= []).push('illegal ! character');
      else if (c === 36) (errs ??= []).push('illegal $ character');
      this.push(T.Illegal, p, p, p + w, errs);
      p += w;
    }
  }

  private token(t: IToken): void {
    const text = this.text;
    const s = t.startOffset;
    const e = s + t.image.length;
    const idx = t.tokenTypeIdx;
    this.gap(s, false);
    let k = KIND_OF[idx]!;
    let errs: string[] | undefined;
    const role = ROLE[idx]!;
    if (role >= Role.ScannedPayload) {
      const sc = t.payload as Scanned;
      k = sc.k;
      errs = sc.errs;
    } else if (role === Role.ErrorsPayload) {
      errs = t.payload as string[] | undefined;
    } else {
      const bad = badCharError(text, e);
      if (bad !== undefined) errs = [bad];
    }
    if (idx === comment && errs === undefined) {
      let end = e;
      if (end > s + 1 && text.charCodeAt(end - 1) === 13) end--;
      this.pos.at(this.base + s);
      this.comments.push({ lit: text.slice(s, end), start: this.base + s, row: this.pos.r, col: this.pos.c });
      this.prevEnd = e;
      return;
    }
    if (role === Role.Continuation) {
      // `}` then the template's next part, whose literal starts at the `}`.
      this.push(T.RBrace, s, s, s + 1, undefined);
      this.push(k, s, s + 1, e, errs);
      return;
    }
    const isTemplateStart = k >= T.TemplateStringPart && k <= T.RawTemplateStringEnd;
    this.push(k, isTemplateStart ? s + 1 : s, s, e, errs);
  }
}
