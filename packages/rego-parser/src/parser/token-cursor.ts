/**
 * OPA's token cursor as Chevrotain's lexer adapter. Chevrotain reads tokens through
 * `LA`/`LA_FAST`/`consumeToken` and saves positions with `exportLexerState`, all meant to be
 * overridden for "lexers dependent on parser context"; Rego needs exactly that:
 * - keywords depend on the module (`future.keywords`, `rego.v1`, the version): a token's kind
 *   is fixed when the cursor reaches it, with the keyword map in effect then (OPA's `doScan`),
 *   and OPA may retype the current keyword as an identifier (`input.if`);
 * - OPA's parser sees whitespace only when it scans without skipping it (`scanWS`), so the
 *   cursor can stand on a virtual whitespace token before the next token;
 * - the position OPA's errors and locations need (`lastEnd`), its pending errors and hints and
 *   the wildcard counter are part of the saved state, so a trial parse restores all of it.
 * The rules' shared helpers (errors, locations, scans, the recursion limit) live here too.
 */
import { EmbeddedActionsParser, createTokenInstance, type IToken } from 'chevrotain';
import type { Location } from '../ast/location.js';
import type { Term } from '../ast/terms.js';
import { AnyToken, TOKEN_TYPES } from '../lexer/token-types.js';
import { T, tokenText, isKeywordToken, BASE_KEYWORDS, FUTURE_KEYWORDS_V0 } from '../lexer/tokens.js';
import { rescanAfter, type CommentToken, type TokenTable } from '../lexer/lexer.js';
import { cloneLoc } from './nodes.js';

interface PendingError {
  msg: string;
  loc: Location;
}

/** Everything a backtrack restores (Chevrotain's own state, without recovery, is `currIdx`). */
export interface CursorState {
  idx: number;
  tok: T;
  ws: boolean;
  lastEnd: number;
  wildcard: number;
  errors: PendingError[];
  hints: string[];
}

/** OPA allows 100000 nested parse calls; the JS stack allows fewer, so we stop earlier. */
const MAX_DEPTH = 8000;

/** Thrown at the recursion limit (after its error is recorded); caught by the statement loop. */
export class DepthExceeded extends Error {}

const V0_KEYWORDS: ReadonlyMap<string, T> = new Map(BASE_KEYWORDS);
const V1_KEYWORDS: ReadonlyMap<string, T> = new Map([...BASE_KEYWORDS, ...FUTURE_KEYWORDS_V0]);

/** One token object per kind, re-used: the parser only looks at kinds (positions via the table). */
const PROTO: IToken[] = TOKEN_TYPES.map((t) => createTokenInstance(t, '', NaN, NaN, NaN, NaN, NaN, NaN));
const tt = (k: T) => TOKEN_TYPES[k]!;
const NO_TOKENS: IToken[] = [];

/** Members of Chevrotain's recognizer that its typings do not declare (documented as overridable). */
interface Internals {
  currIdx: number;
}

export abstract class TokenCursor extends EmbeddedActionsParser {
  protected src = '';
  protected file = '';
  protected v1 = true;
  protected toks!: TokenTable;
  protected commentToks: CommentToken[] = [];
  protected kw: ReadonlyMap<string, T> = V1_KEYWORDS;
  /** The current token's kind as OPA's parser sees it (fixed on arrival, retyped by OPA). */
  protected tok: T = T.EOF;
  /** The cursor stands on a virtual whitespace token before token `currIdx + 1`. */
  protected ws = false;
  /** The next `consumeToken` lands on whitespace when there is some (OPA's `scanWS`). */
  private keepWs = false;
  lastEnd = 0;
  protected wildcard = 0;
  /** OPA's raised errors, in order (Chevrotain's own `errors` stay empty: no recovery). */
  pending: PendingError[] = [];
  protected hints: string[] = [];
  private depth = 0;
  private lineStarts: number[] | undefined;
  /**
   * OPA's parsed-term cache: a stack ordered by position; pushing at a position drops every
   * entry at or after it, so only terms parsed after the latest backtrack are reused.
   */
  protected cache: Array<{ i: number; term: Term | null; post: CursorState }> = [];

  constructor() {
    super([...TOKEN_TYPES, AnyToken], { recoveryEnabled: false, maxLookahead: 1 });
  }

  /** Points the (re-used) parser at a token table; the cursor lands on its first token. */
  protected point(src: string, file: string, v1: boolean, toks: TokenTable, comments: CommentToken[]): void {
    this.input = NO_TOKENS; // resets Chevrotain's state; the cursor reads the table itself
    this.src = src;
    this.file = file;
    this.v1 = v1;
    this.toks = toks;
    this.commentToks = comments;
    this.kw = v1 ? V1_KEYWORDS : V0_KEYWORDS;
    this.ws = false;
    this.keepWs = false;
    this.lastEnd = 0;
    this.wildcard = 0;
    this.pending = [];
    this.hints = [];
    this.depth = 0;
    this.lineStarts = undefined;
    this.cache = [];
    this.land();
  }

  /**
   * Chevrotain's hooks around a rule invoked directly (not as a sub-rule): they pad the token
   * vector and record a "not all input parsed" exception. Rules call each other directly for
   * OPA's recursions (`x + y + z`), the cursor never reads past EOF and the statement loop
   * decides what must follow, so both are off.
   */
  onBeforeParse(): void {}
  onAfterParse(): void {}

  private get x(): Internals {
    return this as unknown as Internals;
  }

  /** Index of the current token in the table. */
  protected get i(): number {
    return this.x.currIdx + 1;
  }

  protected kindAt(i: number): T {
    const k = this.toks.k[i]! as T;
    return k === T.Ident ? (this.kw.get(this.toks.lit(i)) ?? T.Ident) : k;
  }

  /** The current token kind (a method, so TypeScript does not narrow it across calls). */
  protected tk(): T {
    return this.tok;
  }

  protected is(k: T): boolean {
    return this.tok === k;
  }

  override LA(howMuch: number): IToken {
    return howMuch === 1 ? PROTO[this.tok]! : super.LA(howMuch);
  }

  override LA_FAST(howMuch: number): IToken {
    return howMuch === 1 ? PROTO[this.tok]! : super.LA(howMuch);
  }

  /** Chevrotain's `consumeToken`, replaced: OPA's `doScan`. */
  consumeToken(): void {
    if (this.tok !== T.Whitespace) this.lastEnd = this.tokEnd();
    if (this.ws) {
      this.ws = false;
    } else {
      if (this.i >= this.toks.n - 1) {
        this.tok = T.EOF;
        return;
      }
      this.x.currIdx++;
      if (this.keepWs && this.toks.ws(this.i)) {
        this.ws = true;
        this.tok = T.Whitespace;
        return;
      }
    }
    this.land();
  }

  /** Sets the kind of the token reached and reports its scanner errors (as OPA's doScan). */
  protected land(): void {
    this.tok = this.kindAt(this.i);
    const errs = this.toks.errs.size > 0 ? this.toks.errs.get(this.i) : undefined;
    if (errs) for (const m of errs) this.error(this.loc(), m);
  }

  protected save(): CursorState {
    return { idx: this.x.currIdx, tok: this.tok, ws: this.ws, lastEnd: this.lastEnd, wildcard: this.wildcard, errors: this.pending, hints: this.hints };
  }

  protected restore(c: CursorState): void {
    this.x.currIdx = c.idx;
    this.tok = c.tok;
    this.ws = c.ws;
    this.lastEnd = c.lastEnd;
    this.wildcard = c.wildcard;
    this.pending = c.errors;
    this.hints = c.hints;
  }

  /** OPA's `scan`: consumes the current token (checked by the caller), skipping whitespace. */
  protected scan(): void {
    this.keepWs = false;
    if (!this.RECORDING_PHASE) this.consumeToken();
  }

  /** OPA's `scanWS`: consumes the current token, stopping on whitespace. */
  protected scanWS(): void {
    this.keepWs = true;
    if (!this.RECORDING_PHASE) this.consumeToken();
    this.keepWs = false;
  }

  /** `CONSUME` of a token OPA has already checked; `keepWs`: OPA's `scanWS` reads on. */
  protected eat(idx: number, k: T, keepWs: boolean): void {
    this.keepWs = keepWs;
    this.consume(idx, tt(k));
    this.keepWs = false;
  }

  /**
   * Where OPA reports an error without consuming anything. Chevrotain must not see an empty
   * alternative (a grammar where most rules can derive nothing makes its lookahead analysis
   * explode), so the recorded grammar shows "any token" here, which also makes the alternative
   * the default of its decision; at run time nothing is consumed.
   */
  protected placeholder(idx: number): void {
    if (this.RECORDING_PHASE) this.consume(idx, AnyToken);
  }

  /**
   * Records token `k` as the grammar's next token without consuming it at run time: the
   * lookahead of an alternative whose token a later step consumes (OPA checks before it scans).
   */
  protected lookahead(idx: number, k: T): void {
    if (this.RECORDING_PHASE) this.consume(idx, tt(k));
  }

  /** Whether a newline precedes the current token. */
  protected nlBefore(): boolean {
    return this.toks.nl(this.i);
  }

  protected get lit(): string {
    return this.toks.lit(this.i);
  }

  /** End offset of the current token. */
  protected tokEnd(): number {
    if (this.ws) return (this.i > 0 ? this.toks.end[this.i - 1]! : 0) + 1;
    return this.toks.end[this.i]!;
  }

  /** The token kind `scanWS` would produce next, without moving. */
  protected peekWS(): T {
    if (this.ws) return this.kindAt(this.i);
    if (this.i >= this.toks.n - 1) return T.EOF;
    return this.toks.ws(this.i + 1) ? T.Whitespace : this.kindAt(this.i + 1);
  }

  /** A keyword followed directly by `.` or `[` starts a ref (`input.if`, `not.x`). */
  protected scanAheadRef(): boolean {
    if (isKeywordToken(this.tok)) {
      const nxt = this.peekWS();
      if (nxt === T.Dot || nxt === T.LBrack) {
        this.tok = T.Ident;
        return true;
      }
    }
    return false;
  }

  protected isIdentOrAllowedRefKeyword(): boolean {
    if (this.tok === T.Ident) return true;
    if (isKeywordToken(this.tok)) {
      this.tok = T.Ident;
      return true;
    }
    return false;
  }

  /**
   * The current token is about to be skipped after a backtrack. If it opens a template string
   * (`$"…{`), OPA's lazy scanner never continues that template, so the tokens after it are
   * scanned again as ordinary ones, and terms cached beyond it are stale.
   */
  protected abandonTemplate(): void {
    const k = this.tok;
    if (k !== T.TemplateStringPart && k !== T.RawTemplateStringPart) return;
    const i = this.i;
    rescanAfter(this.toks, this.commentToks, i, this.v1);
    this.cache = this.cache.filter((c) => c.i <= i);
  }

  /** Row/col of an arbitrary offset (only needed for whitespace positions). */
  private posAt(offset: number): { row: number; col: number } {
    if (!this.lineStarts) {
      const ls = [0];
      for (let i = 0; i < this.src.length; i++) if (this.src.charCodeAt(i) === 10) ls.push(i + 1);
      this.lineStarts = ls;
    }
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    let col = 1;
    for (let i = ls[lo]!; i < offset; i++) {
      const c = this.src.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) i++;
      col++;
    }
    return { row: lo + 1, col };
  }

  /** Location of the current token (OPA's `p.s.Loc()`); `end` is the token end. */
  protected loc(): Location {
    const i = this.i;
    if (this.ws) {
      const off = i > 0 ? this.toks.end[i - 1]! : 0;
      const { row, col } = this.posAt(off);
      // Like OPA's scanner, a newline char sits at column 0 of the next row.
      if (this.src.charCodeAt(off) === 10) return { file: this.file, row: row + 1, col: 0, offset: off, end: off + 1 };
      return { file: this.file, row, col, offset: off, end: off + 1 };
    }
    const t = this.toks;
    return { file: this.file, row: t.row[i]!, col: t.col[i]!, offset: t.start[i]!, end: t.end[i]! };
  }

  protected withEnd(l: Location, end: number): Location {
    return { file: l.file, row: l.row, col: l.col, offset: l.offset, end: Math.max(end, l.offset) };
  }

  protected error(loc: Location, reason: string): void {
    let msg = reason;
    const hints = this.hints;
    if (hints.length === 1) msg += ` (hint: ${hints[0]})`;
    else if (hints.length > 1) msg += ` (hints: ${hints.join(', ')})`;
    this.pending = [...this.pending, { msg, loc: cloneLoc(loc) }];
    this.hints = [];
  }

  protected hint(h: string): void {
    this.hints = [...this.hints, h];
  }

  protected illegal(note?: string): void {
    const tok = this.tok;
    if (tok === T.Illegal) {
      this.error(this.loc(), 'illegal token');
      return;
    }
    const kind = isKeywordToken(tok) ? 'keyword' : 'token';
    this.error(this.loc(), note ? `unexpected ${tokenText(tok)} ${kind}: ${note}` : `unexpected ${tokenText(tok)} ${kind}`);
  }

  /** OPA's recursion limit: one level per nested parse call it counts (`enter`/`leave` pairs). */
  protected enter(): void {
    if (this.RECORDING_PHASE) return;
    this.depth++;
    if (this.depth > MAX_DEPTH) {
      this.error(this.loc(), 'max parsing recursion depth exceeded');
      this.depth--;
      throw new DepthExceeded();
    }
  }

  protected leave(): void {
    if (!this.RECORDING_PHASE) this.depth--;
  }

  protected resetDepth(): void {
    this.depth = 0;
  }

  protected genWildcard(): string {
    return `$${this.wildcard++}`;
  }
}
