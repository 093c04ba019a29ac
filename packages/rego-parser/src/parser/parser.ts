/**
 * The Rego parser: a backtracking recursive-descent parser that follows the structure of
 * OPA's `ast/parser.go` so that it accepts the same language, builds the same shapes and
 * reports the same errors at the same tokens. It works over the token array of
 * `scanAll` (whitespace is kept as flags on tokens, which is all OPA's parser looks at).
 */
import type { Location } from '../ast/location.js';
import type { Term, RefTerm, VarTerm, StringTerm, TemplateExprPart } from '../ast/terms.js';
import type { Expr, Body, With, Every, SomeDecl } from '../ast/expr.js';
import type { Head, Rule } from '../ast/rule.js';
import type { Package, Import, Comment } from '../ast/module.js';
import { RegoError } from '../errors.js';
import { scanAll, rescanAfter, releaseTokens, type TokenTable, type CommentToken } from '../lexer/lexer.js';
import {
  T,
  tokenText,
  BASE_KEYWORDS,
  FUTURE_KEYWORDS_V0,
  isKeywordToken,
  KEYWORDS_V0,
  KEYWORDS_V1,
} from '../lexer/tokens.js';
import { numberWithinLimits, unquoteString, templatePartText } from './literals.js';
import {
  cloneLoc,
  varTerm,
  stringTerm,
  refTerm,
  callTerm,
  boolTerm,
  opRef,
  dottedOpRef,
  refName,
  newExpr,
  trueBody,
  isGround,
  typeName,
  relocate,
} from './nodes.js';
import { errorDetails } from './details.js';
import { termString } from './rego-text.js';

export type Statement =
  | { kind: 'package'; node: Package }
  | { kind: 'import'; node: Import }
  | { kind: 'rule'; node: Rule }
  | { kind: 'body'; node: Body };

interface CacheEntry {
  i: number;
  term: Term | null;
  post: State;
}

interface State {
  i: number;
  tok: T;
  ws: boolean;
  lastEnd: number;
  wildcard: number;
  /** Raised errors; made into `RegoError`s only at the end (failed alternatives raise many). */
  errors: PendingError[];
  hints: string[];
}

/** An explicit copy (faster than object spread on this hot path). */
function copyState(s: State): State {
  return { i: s.i, tok: s.tok, ws: s.ws, lastEnd: s.lastEnd, wildcard: s.wildcard, errors: s.errors, hints: s.hints };
}

interface PendingError {
  msg: string;
  loc: Location;
}

export interface ParserOptions {
  file: string;
  regoVersion: 'v0' | 'v1';
  skipRules?: boolean;
}

/** OPA allows 100000 nested parse calls; the JS stack allows fewer, so we stop earlier. */
const MAX_DEPTH = 8000;

/** Future keywords a module may import (`future.keywords.x`), both versions. */
const ALLOWED_FUTURE = new Map<string, T>([...FUTURE_KEYWORDS_V0, ['not', T.Not]]);

const V0_KEYWORDS: ReadonlyMap<string, T> = new Map(BASE_KEYWORDS);
const V1_KEYWORDS: ReadonlyMap<string, T> = new Map([...BASE_KEYWORDS, ...FUTURE_KEYWORDS_V0]);
/** OPA's "present parser" keywords for import paths: no future keyword at all (not `not`). */
const PRESENT_KEYWORDS: ReadonlyMap<string, T> = new Map([...BASE_KEYWORDS].filter(([k]) => !ALLOWED_FUTURE.has(k)));

class DepthExceeded extends Error {}

const isAssignOp = (t: T) => t === T.Assign || t === T.Unify;
const isRelationOp = (t: T) => t === T.Equal || t === T.Neq || t === T.Lt || t === T.Gt || t === T.Lte || t === T.Gte;
const isOrOp = (t: T) => t === T.Or;
const isAndOp = (t: T) => t === T.And;
const isArithOp = (t: T) => t === T.Add || t === T.Sub;
const isFactorOp = (t: T) => t === T.Mul || t === T.Quo || t === T.Rem;
/** Infix levels below relations, loosest first (see `parseInfix`). */
const INFIX_LEVELS = [isOrOp, isAndOp, isArithOp, isFactorOp] as const;

export class Parser {
  readonly src: string;
  readonly file: string;
  readonly v1: boolean;
  readonly toks: TokenTable;
  readonly commentToks: CommentToken[];
  private kw: ReadonlyMap<string, T> | Map<string, T>;
  private s: State;
  /**
   * OPA's parsed-term cache: a stack ordered by position; pushing at a position drops every
   * entry at or after it, so only terms parsed after the latest backtrack are reused.
   */
  private cache: CacheEntry[] = [];
  private depth = 0;
  private readonly skipRules: boolean;
  /** Set once `import rego.v1` is seen in a v0 module. */
  regoV1Compatible = false;
  /** `import future.keywords.not` enables `not { body }`. */
  private notBodies = false;
  private lineStarts: number[] | undefined;

  constructor(src: string, opts: ParserOptions) {
    this.src = src;
    this.file = opts.file;
    this.v1 = opts.regoVersion === 'v1';
    this.skipRules = opts.skipRules ?? false;
    const { tokens, comments } = scanAll(src, this.v1);
    this.toks = tokens;
    this.commentToks = comments;
    // Shared read-only maps; `addKeyword` copies before the first change.
    this.kw = this.v1 ? V1_KEYWORDS : V0_KEYWORDS;
    this.s = { i: 0, tok: T.EOF, ws: false, lastEnd: 0, wildcard: 0, errors: [], hints: [] };
    this.land();
  }


  keywords(): string[] {
    return [...this.kw.keys()];
  }

  // ---------------------------------------------------------------- tokens & state

  private kindAt(i: number): T {
    const k = this.toks.k[i]! as T;
    if (k === T.Ident) return this.kw.get(this.toks.lit(i)) ?? T.Ident;
    return k;
  }

  /** Sets `tok` for the token at `i` and reports its scanner errors (as OPA's doScan). */
  private land(): void {
    const s = this.s;
    s.tok = this.kindAt(s.i);
    const errs = this.toks.errs.size > 0 ? this.toks.errs.get(s.i) : undefined;
    if (errs) for (const m of errs) this.error(this.loc(), m);
  }

  /** The current token kind (a method, so TypeScript does not narrow it across calls). */
  private tk(): T {
    return this.s.tok;
  }

  /** Whether a newline precedes the current token. */
  private nlBefore(): boolean {
    return this.toks.nl(this.s.i);
  }

  private get lit(): string {
    return this.toks.lit(this.s.i);
  }

  /** End offset of the current token. */
  private tokEnd(): number {
    const s = this.s;
    if (s.ws) {
      return (s.i > 0 ? this.toks.end[s.i - 1]! : 0) + 1;
    }
    return this.toks.end[s.i]!;
  }

  private doScan(skipws: boolean): void {
    const s = this.s;
    if (s.tok !== T.Whitespace) s.lastEnd = this.tokEnd();
    if (s.ws) {
      s.ws = false;
    } else {
      if (s.i < this.toks.n - 1) s.i++;
      else {
        s.tok = T.EOF;
        return;
      }
      if (!skipws && this.toks.ws(s.i)) {
        s.ws = true;
        s.tok = T.Whitespace;
        return;
      }
    }
    this.land();
  }

  private scan(): void {
    this.doScan(true);
  }

  private scanWS(): void {
    this.doScan(false);
  }

  /**
   * The current token is about to be skipped after a backtrack. If it opens a template string
   * (`$"…{`), OPA's lazy scanner never continues that template, so the tokens after it are
   * scanned again as ordinary ones (the eager scan treated the text after the matching `}` as
   * the rest of the template), and terms cached beyond it are stale.
   */
  private abandonTemplate(): void {
    const k = this.tk();
    if (k !== T.TemplateStringPart && k !== T.RawTemplateStringPart) return;
    const i = this.s.i;
    rescanAfter(this.toks, this.commentToks, i, this.v1);
    this.cache = this.cache.filter((c) => c.i <= i);
  }

  private save(): State {
    return copyState(this.s);
  }

  private restore(st: State): void {
    this.s = copyState(st);
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
  private loc(): Location {
    const s = this.s;
    if (s.ws) {
      const off = s.i > 0 ? this.toks.end[s.i - 1]! : 0;
      const { row, col } = this.posAt(off);
      // Like OPA's scanner, a newline char sits at column 0 of the next row.
      if (this.src.charCodeAt(off) === 10) return { file: this.file, row: row + 1, col: 0, offset: off, end: off + 1 };
      return { file: this.file, row, col, offset: off, end: off + 1 };
    }
    const t = this.toks;
    const i = s.i;
    return { file: this.file, row: t.row[i]!, col: t.col[i]!, offset: t.start[i]!, end: t.end[i]! };
  }

  private withEnd(l: Location, end: number): Location {
    return { file: l.file, row: l.row, col: l.col, offset: l.offset, end: Math.max(end, l.offset) };
  }

  // ---------------------------------------------------------------- errors

  private error(loc: Location, reason: string): void {
    let msg = reason;
    const hints = this.s.hints;
    if (hints.length === 1) msg += ` (hint: ${hints[0]})`;
    else if (hints.length > 1) msg += ` (hints: ${hints.join(', ')})`;
    this.s.errors = [...this.s.errors, { msg, loc: cloneLoc(loc) }];
    this.s.hints = [];
  }

  private hint(h: string): void {
    this.s.hints = [...this.s.hints, h];
  }

  private illegal(note?: string): void {
    const tok = this.tk();
    if (tok === T.Illegal) {
      this.error(this.loc(), 'illegal token');
      return;
    }
    const kind = isKeywordToken(tok) ? 'keyword' : 'token';
    this.error(this.loc(), note ? `unexpected ${tokenText(tok)} ${kind}: ${note}` : `unexpected ${tokenText(tok)} ${kind}`);
  }

  private enter(): boolean {
    this.depth++;
    if (this.depth > MAX_DEPTH) {
      this.error(this.loc(), 'max parsing recursion depth exceeded');
      this.depth--;
      throw new DepthExceeded();
    }
    return true;
  }

  private leave(): void {
    this.depth--;
  }

  private genWildcard(): string {
    return `$${this.s.wildcard++}`;
  }

  // ---------------------------------------------------------------- statements

  /**
   * Parses all statements; stops at the first statement with errors (as OPA). Call once: the
   * token table goes back to the scanner's pool afterwards.
   */
  parseStatements(): { stmts: Statement[]; comments: Comment[]; errors: RegoError[] } {
    const stmts: Statement[] = [];
    try {
      this.parseLoop(stmts);
    } catch (e) {
      if (!(e instanceof DepthExceeded || e instanceof RangeError)) throw e;
      if (e instanceof RangeError) this.error(this.loc(), 'max parsing recursion depth exceeded');
    }
    releaseTokens(this.toks);
    const comments: Comment[] = this.commentToks.map((c) => ({
      type: 'comment',
      text: c.lit.slice(1),
      location: { file: this.file, row: c.row, col: c.col, offset: c.start, end: c.start + c.lit.length },
    }));
    const errors = this.s.errors.map(
      (e) => new RegoError('rego_parse_error', e.msg, e.loc, errorDetails(this.src, e.loc.offset)),
    );
    return { stmts, comments, errors };
  }

  private parseLoop(stmts: Statement[]): void {
    while (this.tk() !== T.EOF) {
      // Backtracking never goes behind the start of a statement: drop older cached terms.
      this.cache = [];
      let s = this.save();
      const pkg = this.parsePackage();
      if (pkg) {
        stmts.push({ kind: 'package', node: pkg });
        continue;
      } else if (this.s.errors.length > 0) break;
      this.restore(s);
      s = this.save();
      const imp = this.parseImport();
      if (imp) {
        const root = (imp.path.value[0] as VarTerm).value;
        if (root === 'rego') this.regoV1Import(imp);
        if (root === 'future') this.futureImport(imp);
        stmts.push({ kind: 'import', node: imp });
        continue;
      } else if (this.s.errors.length > 0) break;
      this.restore(s);
      if (!this.skipRules) {
        s = this.save();
        const rules = this.parseRules();
        if (rules) {
          for (const r of rules) stmts.push({ kind: 'rule', node: r });
          continue;
        } else if (this.s.errors.length > 0) break;
        this.restore(s);
      }
      const body = this.parseQuery(true, T.EOF);
      if (body) {
        stmts.push({ kind: 'body', node: body });
        continue;
      }
      break;
    }
  }

  private isIdentOrAllowedRefKeyword(): boolean {
    if (this.tk() === T.Ident) return true;
    if (isKeywordToken(this.s.tok)) {
      this.s.tok = T.Ident;
      return true;
    }
    return false;
  }

  /** A keyword followed directly by `.` or `[` starts a ref (`input.if`, `not.x`). */
  private scanAheadRef(): boolean {
    if (isKeywordToken(this.s.tok)) {
      const nxt = this.peekWS();
      if (nxt === T.Dot || nxt === T.LBrack) {
        this.s.tok = T.Ident;
        return true;
      }
    }
    return false;
  }

  /** The token kind `scanWS` would produce next, without moving. */
  private peekWS(): T {
    const s = this.s;
    if (s.ws) return this.kindAt(s.i);
    if (s.i >= this.toks.n - 1) return T.EOF;
    return this.toks.ws(s.i + 1) ? T.Whitespace : this.kindAt(s.i + 1);
  }

  private parsePackage(): Package | null {
    if (this.tk() !== T.Package) return null;
    const loc = this.loc();
    this.scanWS();
    if (this.tk() === T.Dot || this.tk() === T.LBrack) return null;
    if (this.tk() === T.Whitespace) this.scan();
    if (!this.isIdentOrAllowedRefKeyword()) {
      this.illegal();
      return null;
    }
    const term = this.parseTerm();
    let path: Term[] | undefined;
    if (term) {
      if (term.type === 'var') {
        path = [varTerm('data', cloneLoc(term.location)), stringTerm(term.value, cloneLoc(term.location))];
      } else if (term.type === 'ref') {
        const v = term.value;
        const first = v[0]!;
        if (first.type !== 'var') {
          this.error(first.location, `unexpected ${typeName(first)} token: expecting var`);
          return null;
        }
        path = [varTerm('data', cloneLoc(first.location)), stringTerm(first.value, cloneLoc(first.location))];
        for (let i = 1; i < v.length; i++) {
          const e = v[i]!;
          if (e.type !== 'string') {
            this.error(e.location, `unexpected ${typeName(e)} token: expecting string`);
            return null;
          }
          path.push(e);
        }
      } else {
        this.illegal();
        return null;
      }
    }
    if (!path) {
      if (this.s.errors.length === 0) this.error(this.loc(), 'expected path');
      return null;
    }
    const end = this.s.lastEnd;
    const pathLoc = this.withEnd(path[0]!.location, end);
    return { type: 'package', path: refTerm(path, pathLoc), location: this.withEnd(loc, end) };
  }

  private parseImport(): Import | null {
    if (this.tk() !== T.Import) return null;
    const loc = this.loc();
    this.scanWS();
    if (this.tk() === T.Dot || this.tk() === T.LBrack) return null;
    if (this.tk() === T.Whitespace) this.scan();
    if (!this.isIdentOrAllowedRefKeyword()) {
      this.illegal();
      return null;
    }
    // Parse the path without any future keyword (`future.keywords.in` must be a path). As in
    // OPA, this also applies to the token after the path, which is read in this mode: a
    // following `not`, `if`, `in`, … line starts as an identifier.
    const prevKw = this.kw;
    const prevCache = this.cache;
    this.kw = PRESENT_KEYWORDS;
    this.cache = [];
    let term: Term | null;
    try {
      term = this.parseTerm();
    } finally {
      this.kw = prevKw;
      this.cache = prevCache;
    }
    let path: RefTerm | undefined;
    if (term) {
      if (term.type === 'var') path = refTerm([term], cloneLoc(term.location));
      else if (term.type === 'ref') {
        for (let i = 1; i < term.value.length; i++) {
          const e = term.value[i]!;
          if (e.type !== 'string') {
            this.error(e.location, `unexpected ${typeName(e)} token: expecting string`);
            return null;
          }
        }
        path = term;
      }
    }
    if (!path) {
      this.error(this.loc(), 'expected path');
      return null;
    }
    const head = path.value[0]!;
    const root = head.type === 'var' ? head.value : '';
    if (!['data', 'input', 'future', 'rego'].includes(root)) {
      this.hint('if this is unexpected, try updating OPA');
      this.error(
        path.location,
        `unexpected import path, must begin with one of: {data, future, input, rego}, got: ${termString(head)}`,
      );
      return null;
    }
    const imp: Import = { type: 'import', path, location: loc };
    if (this.tk() === T.As) {
      this.scan();
      if (this.tk() !== T.Ident) {
        this.illegal('expected var');
        return null;
      }
      const alias = this.parseTerm();
      if (alias && alias.type === 'var') {
        imp.alias = alias.value;
        imp.location = this.withEnd(loc, this.s.lastEnd);
        return imp;
      }
      this.illegal('expected var');
      return null;
    }
    const r = path.value;
    const kws = this.v1 ? KEYWORDS_V1 : KEYWORDS_V0;
    if (r.length === 1) {
      const name = (r[0] as VarTerm).value;
      if (kws.has(name)) {
        this.error(r[0]!.location, `unexpected import path, must not end with a keyword, got: ${name}`);
        this.hint('import a different path or use an alias');
      }
    } else if (root !== 'future') {
      const t = r[r.length - 1] as StringTerm;
      if (kws.has(t.value)) {
        this.error(t.location, `unexpected import path, must not end with a keyword, got: ${t.value}`);
        this.hint('import a different path or use an alias');
      }
    }
    imp.location = this.withEnd(loc, this.s.lastEnd);
    return imp;
  }

  private futureImport(imp: Import): void {
    const path = imp.path.value;
    const p1 = path[1];
    if (path.length === 1 || !p1 || p1.type !== 'string' || p1.value !== 'keywords') {
      this.error(imp.path.location, 'invalid import, must be `future.keywords`');
      return;
    }
    if (imp.alias) {
      this.error(imp.path.location, '`future` imports cannot be aliased');
      return;
    }
    let kwds = [...ALLOWED_FUTURE.keys()];
    if (path.length === 3) {
      const kw = path[2]!;
      if (kw.type !== 'string') {
        this.error(imp.path.location, 'invalid import, must be `future.keywords.x`, e.g. `import future.keywords.in`');
        return;
      }
      if (!ALLOWED_FUTURE.has(kw.value)) {
        this.error(imp.path.location, `unexpected keyword, must be one of [${kwds.sort().join(' ')}]`);
        return;
      }
      if (kw.value === 'not') this.notBodies = true;
      else kwds = [kw.value];
    }
    for (const k of kwds) this.addKeyword(k);
  }

  private regoV1Import(imp: Import): void {
    const path = imp.path.value;
    const p1 = path[1];
    if (path.length !== 2 || !p1 || p1.type !== 'string' || p1.value !== 'v1') {
      this.error(imp.path.location, `invalid import \`${termString(imp.path)}\`, must be \`rego.v1\``);
      return;
    }
    if (this.v1) return;
    if (imp.alias) {
      this.error(imp.path.location, '`rego` imports cannot be aliased');
      return;
    }
    this.regoV1Compatible = true;
    for (const k of FUTURE_KEYWORDS_V0.keys()) this.addKeyword(k);
  }

  private addKeyword(k: string): void {
    const t = ALLOWED_FUTURE.get(k);
    if (t === undefined) return;
    const kw = new Map(this.kw);
    kw.set(k, t);
    if (t === T.Every) kw.set('in', T.In);
    this.kw = kw;
    // Cached terms were parsed with the old keyword set.
    this.cache = [];
  }

  // ---------------------------------------------------------------- rules

  private parseRules(): Rule[] | null {
    const ruleLoc = this.loc();
    let isDefault = false;
    this.scanAheadRef();
    if (this.tk() === T.Default) {
      this.scan();
      isDefault = true;
      this.scanAheadRef();
    }
    if (this.tk() !== T.Ident) return null;
    const hr = this.parseHead(isDefault);
    if (!hr) return null;
    const { head, usesContains } = hr;
    if (usesContains) head.usesContains = true;
    const rule: Rule = { type: 'rule', default: isDefault, head, body: [], location: ruleLoc };

    if (isDefault) {
      if (!this.validateDefaultRuleValue(rule)) return null;
      if (head.args && head.args.length > 0 && !this.validateDefaultRuleArgs(rule)) return null;
      rule.location = this.withEnd(ruleLoc, this.s.lastEnd);
      // The body is the generated `true` (its expr is marked `generated`), but like OPA we do
      // not flag the rule's body as generated: `default p` is a valid v1 rule (value true).
      rule.body = trueBody(rule.location);
      return [rule];
    }

    const hasIf = this.tk() === T.If;
    const ref = head.ref;
    if (hasIf && !usesContains && ref.length === 2) {
      const v = ref[1]!;
      if ((!isGround(v) || v.type === 'ref') && !head.args?.length) head.key = v;
      if (!head.value) {
        head.generatedValue = true;
        head.value = boolTerm(true, cloneLoc(head.location));
      } else {
        if (ref[0]!.type !== 'var') return null;
        head.name = ref[0]!.value;
        head.opaName = true;
      }
    }
    if (!hasIf && !usesContains && !head.args?.length && ref.length === 2) {
      const v = ref[0]!;
      if (v.type !== 'var') return null;
      head.name = v.value;
      head.opaName = true;
      head.key = ref[1];
      if (!head.value) head.ref = ref.slice(0, 1);
    }

    let parsedBody = false;
    if (hasIf) {
      head.usesIf = true;
      this.scan();
      const s = this.save();
      const expr = this.parseLiteral();
      if (expr && !(expr.terms.type === 'term' && expr.terms.term.type === 'set')) {
        expr.index = 0;
        rule.body = [expr];
        parsedBody = true;
      } else {
        this.restore(s);
        this.abandonTemplate();
      }
    }
    if (!parsedBody) {
      if (hasIf || this.tk() === T.LBrace) {
        // As OPA, the `if` case falls through to here and skips whatever token follows.
        this.scan();
        const body = this.parseBody(T.RBrace);
        if (!body) return null;
        rule.body = body;
        this.scan();
      } else if (usesContains) {
        rule.body = trueBody(head.location);
        rule.generatedBody = true;
        rule.location = cloneLoc(head.location);
        return [rule];
      } else {
        return null;
      }
    }

    if (this.tk() === T.Else) {
      if (!this.scanAheadRef()) {
        if (head.ref.length > 1 && !head.ref.slice(1).every(isGround)) {
          this.error(this.loc(), 'else keyword cannot be used on rules with variables in head');
          return null;
        }
        if (head.key) {
          this.error(this.loc(), 'else keyword cannot be used on multi-value rules');
          return null;
        }
        const els = this.parseElse(head);
        if (!els) return null;
        rule.else = els;
      }
    }
    rule.location = this.withEnd(ruleLoc, this.s.lastEnd);
    const rules = [rule];

    while (this.tk() === T.LBrace) {
      if (rule.else) {
        this.error(this.loc(), 'expected else keyword');
        return null;
      }
      const loc = this.loc();
      this.scan();
      const body = this.parseBody(T.RBrace);
      if (!body) return null;
      this.scan();
      const nloc = this.withEnd(loc, this.s.lastEnd);
      const nhead = relocatedHead(head, nloc);
      if (nhead.args) {
        nhead.args = nhead.args.map((a) => (a.type === 'var' && a.value.startsWith('$') ? varTerm(this.genWildcard(), cloneLoc(nloc)) : a));
      }
      rules.push({ type: 'rule', default: false, head: nhead, body, location: nloc });
    }
    return rules;
  }

  private parseElse(head: Head): Rule | null {
    const loc = this.loc();
    const nhead = copyHead(head, loc);
    delete nhead.generatedValue;
    delete nhead.value;
    delete nhead.usesIf;
    if (nhead.args) {
      nhead.args = nhead.args.map((a) => (a.type === 'var' && a.value.startsWith('$') ? { ...a, value: this.genWildcard() } : a));
    }
    const rule: Rule = { type: 'rule', default: false, head: nhead, body: [], location: loc };
    const finish = (): Rule => {
      rule.location = this.withEnd(loc, this.s.lastEnd);
      return rule;
    };
    this.scan();
    switch (this.tk()) {
      case T.LBrace:
      case T.If:
        nhead.generatedValue = true;
        nhead.value = boolTerm(true, cloneLoc(loc));
        break;
      case T.Assign:
      case T.Unify: {
        nhead.assign = this.tk() === T.Assign;
        this.scan();
        const v = this.parseTermInfixCall();
        if (!v) return null;
        nhead.value = v;
        nhead.location = this.withEnd(loc, this.s.lastEnd);
        break;
      }
      default:
        this.illegal('expected else value term or rule body');
        return null;
    }
    const hasIf = this.tk() === T.If;
    const hasLBrace = this.tk() === T.LBrace;
    if (!hasIf && !hasLBrace) {
      rule.generatedBody = true;
      finish();
      rule.body = trueBody(rule.location);
      return rule;
    }
    if (hasIf) {
      nhead.usesIf = true;
      this.scan();
    }
    if (this.tk() === T.LBrace) {
      this.scan();
      const body = this.parseBody(T.RBrace);
      if (!body) return null;
      rule.body = body;
      this.scan();
    } else if (this.tk() !== T.EOF) {
      const expr = this.parseLiteral();
      if (!expr) return null;
      rule.body = [expr];
    } else {
      this.illegal('rule body expected');
      return null;
    }
    if (this.tk() === T.Else) {
      const els = this.parseElse(head);
      if (!els) return null;
      rule.else = els;
    }
    return finish();
  }

  private parseHead(defaultRule: boolean): { head: Head; usesContains: boolean } | null {
    const loc = this.loc();
    const term = this.parseVar();
    const ref = this.parseHeadFinish(term);
    if (!ref) {
      this.illegal('expected rule head name');
      return null;
    }
    let head: Head;
    const mk = (r: Term[], name: string): Head => ({ type: 'head', name, ref: r, assign: false, location: loc });
    if (ref.type === 'var') head = mk([ref], ref.value);
    else if (ref.type === 'ref') head = mk(ref.value, (ref.value[0] as VarTerm).value ?? '');
    else if (ref.type === 'call') {
      const [op, ...args] = ref.value;
      let r: Term[];
      if (op!.type === 'var') r = [op!];
      else if (op!.type === 'ref') {
        if (op!.value[0]!.type !== 'var') {
          this.illegal(`rule head ref ${termString(op!)} invalid`);
          return null;
        }
        r = op!.value;
      } else return null;
      head = mk(r, (r[0] as VarTerm).value);
      head.args = args;
    } else return null;

    const headName = () => termString(refTerm(head.ref, loc));
    const finish = (usesContains: boolean) => {
      head.location = this.withEnd(loc, this.s.lastEnd);
      return { head, usesContains };
    };
    switch (this.tk()) {
      case T.Contains: {
        if (head.args) {
          this.illegal(
            `the contains keyword can only be used with multi-value rule definitions (e.g., ${headName()} contains <VALUE> { ... })`,
          );
        }
        this.scan();
        const key = this.parseTermInfixCall();
        if (!key) this.illegal(`expected rule key term (e.g., ${headName()} contains <VALUE> { ... })`);
        else head.key = key;
        return finish(true);
      }
      case T.Unify: {
        this.scan();
        const v = this.parseTermInfixCall();
        if (!v) this.illegal(`expected rule value term (e.g., ${headName()}[<nil>] = <VALUE> { ... })`);
        else head.value = v;
        break;
      }
      case T.Assign: {
        this.scan();
        head.assign = true;
        const v = this.parseTermInfixCall();
        if (!v) {
          if (head.args && head.args.length > 0) {
            this.illegal(`expected function value term (e.g., ${headName()}(...) := <VALUE> { ... })`);
          } else if (head.key) {
            this.illegal(`expected partial rule value term (e.g., ${headName()}[...] := <VALUE> { ... })`);
          } else if (defaultRule) {
            this.illegal(`expected default rule value term (e.g., default ${headName()} := <VALUE>)`);
          } else {
            this.illegal(`expected rule value term (e.g., ${headName()} := <VALUE> { ... })`);
          }
        } else head.value = v;
        break;
      }
      default:
        break;
    }
    if (!head.value && !head.key) {
      if (head.ref.length !== 2 || (head.args && head.args.length > 0)) {
        head.generatedValue = true;
        head.value = boolTerm(true, cloneLoc(loc));
      }
    }
    return finish(false);
  }

  private validateDefaultRuleValue(rule: Rule): boolean {
    const v = rule.head.value;
    if (!v) {
      this.error(rule.location, 'illegal default rule (must have a value)');
      return false;
    }
    let valid = true;
    const visit = (t: Term): void => {
      switch (t.type) {
        case 'arraycomprehension':
        case 'setcomprehension':
        case 'objectcomprehension':
          return;
        case 'ref':
        case 'var':
        case 'call':
          this.error(rule.location, `illegal default rule (value cannot contain ${t.type})`);
          valid = false;
          return;
        case 'array':
        case 'set':
          t.value.forEach(visit);
          return;
        case 'object':
          for (const [k, x] of keptEntries(t.value)) {
            visit(k);
            visit(x);
          }
          return;
        case 'templatestring':
          // OPA keeps embedded expressions as expressions: a call's operator is visited as a ref.
          for (const p of t.value.parts) {
            if (p.type !== 'templateexpr') continue;
            if (p.term.type === 'call') p.term.value.forEach(visit);
            else visit(p.term);
            for (const w of p.with ?? []) {
              visit(w.target);
              visit(w.value);
            }
          }
          return;
        default:
          return;
      }
    };
    visit(v);
    return valid;
  }

  private validateDefaultRuleArgs(rule: Rule): boolean {
    const seen = new Set<string>();
    for (const a of rule.head.args ?? []) {
      if (a.type === 'var') {
        if (seen.has(a.value)) {
          this.error(rule.location, `illegal default rule (arguments cannot be repeated ${a.value})`);
          return false;
        }
        seen.add(a.value);
      } else {
        this.error(rule.location, `illegal default rule (arguments cannot contain ${typeName(a)})`);
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- bodies

  private parseBody(end: T): Body | null {
    this.enter();
    try {
      return this.parseQuery(false, end);
    } finally {
      this.leave();
    }
  }

  parseQuery(requireSemi: boolean, end: T): Body | null {
    const body: Body = [];
    if (this.tk() === end) {
      this.error(this.loc(), 'found empty body');
      return null;
    }
    for (;;) {
      const expr = this.parseLiteral();
      if (!expr) return null;
      expr.index = body.length;
      body.push(expr);
      if (this.tk() === T.Semicolon) {
        this.scan();
        continue;
      }
      if (this.tk() === end || requireSemi) return body;
      if (!this.nlBefore()) {
        if (this.s.errors.length === 0) this.illegal(`expected \\n or ; or ${tokenText(end)}`);
        return null;
      }
    }
  }

  private parseLiteral(): Expr | null {
    const loc = this.loc();
    const expr = this.parseLiteralInner();
    if (expr) expr.location = this.withEnd(loc, this.s.lastEnd);
    return expr;
  }

  private parseLiteralInner(): Expr | null {
    if (isKeywordToken(this.s.tok)) {
      const nxt = this.peekWS();
      if (nxt === T.Dot || nxt === T.LBrack) {
        this.s.tok = T.Ident;
        return this.parseLiteralExpr(false);
      }
    }
    const negated = this.isNegatedExpression();
    if (negated && this.notBodies && this.tk() === T.LBrace) {
      const loc = this.loc();
      this.scan();
      const body = this.parseBody(T.RBrace);
      if (!body) return null;
      this.scan();
      const expr = newExpr({ type: 'not', body, location: this.withEnd(loc, this.s.lastEnd) }, cloneLoc(loc));
      if (this.tk() === T.With) {
        const w = this.parseWith();
        if (!w) return null;
        expr.with = w;
      }
      return expr;
    }
    switch (this.tk()) {
      case T.Some:
        if (negated) {
          this.illegal("illegal negation of 'some'");
          return null;
        }
        return this.parseSome();
      case T.Every:
        if (negated) {
          this.illegal("illegal negation of 'every'");
          return null;
        }
        return this.parseEvery();
      default:
        return this.parseLiteralExpr(negated);
    }
  }

  private isNegatedExpression(): boolean {
    if (this.tk() === T.Not) {
      const nxt = this.peekWS();
      if (nxt !== T.Dot && nxt !== T.LBrack) {
        this.scan();
        return true;
      }
    }
    return false;
  }

  private parseLiteralExpr(negated: boolean): Expr | null {
    // Saved only for the v0 `every` hint below (a literal that is just the name `every`).
    const s = !this.v1 && this.tk() === T.Ident && this.lit === 'every' ? this.save() : undefined;
    const expr = this.parseExpr();
    if (!expr) return null;
    if (this.tk() === T.With) {
      const w = this.parseWith();
      if (!w) return null;
      expr.with = w;
    }
    if (!this.v1) {
      // Hint when `every x in xs { … }` was written without importing the keyword.
      if (s && expr.terms.type === 'term' && expr.terms.term.type === 'var' && expr.terms.term.value === 'every') {
        const t = this.save();
        this.restore(s);
        let hint = false;
        const prev = this.kw;
        this.kw = new Map([...prev, ...FUTURE_KEYWORDS_V0]);
        const prevCache = this.cache;
        this.cache = [];
        try {
          this.s.tok = this.kindAt(this.s.i);
          const e = this.parseEvery();
          hint = !!e && e.terms.type === 'every';
        } finally {
          this.kw = prev;
          this.cache = prevCache;
        }
        this.restore(t);
        if (hint) this.hint('`import future.keywords.every` for `every x in xs { ... }` expressions');
      }
    }
    expr.negated = negated;
    return expr;
  }

  private parseWith(): With[] | null {
    const withs: With[] = [];
    for (;;) {
      const loc = this.loc();
      this.scan();
      if (this.tk() !== T.Ident) {
        this.illegal('expected ident');
        return null;
      }
      const target = this.parseTerm();
      if (!target) return null;
      if (target.type !== 'ref' && target.type !== 'var') this.illegal('expected with target path');
      if (this.tk() !== T.As) {
        this.illegal('expected as keyword');
        return null;
      }
      this.scan();
      const value = this.parseTermInfixCall();
      if (!value) return null;
      withs.push({ type: 'with', target, value, location: this.withEnd(loc, this.s.lastEnd) });
      if (this.tk() !== T.With) break;
    }
    return withs;
  }

  private parseSome(): Expr | null {
    const loc = this.loc();
    const decl: SomeDecl = { type: 'some', symbols: [], location: loc };
    const s = this.save();
    this.scan();
    const term = this.parseTermInfixCall();
    if (term && term.type === 'call') {
      const op = refName(term.value[0]!);
      if (op === 'internal.member_2') {
        if (term.value.length !== 3) {
          this.illegal('illegal domain');
          return null;
        }
      } else if (op === 'internal.member_3') {
        if (term.value.length !== 4) {
          this.illegal('illegal domain');
          return null;
        }
      } else {
        this.illegal('expected `x in xs` or `x, y in xs` expression');
        return null;
      }
      decl.symbols = [term];
      decl.location = this.withEnd(loc, this.s.lastEnd);
      const expr = newExpr(decl, cloneLoc(decl.location));
      if (this.tk() === T.With) {
        const w = this.parseWith();
        if (!w) return null;
        expr.with = w;
      }
      return expr;
    }
    this.restore(s);
    if (!this.v1) {
      const s2 = this.save();
      let hint = false;
      this.scan();
      const prev = this.kw;
      const prevCache = this.cache;
      this.kw = new Map([...prev, ...FUTURE_KEYWORDS_V0]);
      this.cache = [];
      try {
        this.s.tok = this.kindAt(this.s.i);
        const t = this.parseTermInfixCall();
        if (t && t.type === 'call') {
          const op = refName(t.value[0]!);
          hint = op === 'internal.member_2' || op === 'internal.member_3';
        }
      } catch (e) {
        if (!(e instanceof DepthExceeded)) throw e;
      } finally {
        this.kw = prev;
        this.cache = prevCache;
      }
      this.restore(s2);
      if (hint) this.hint('`import future.keywords.in` for `some x in xs` expressions');
    }
    for (;;) {
      this.scan();
      if (this.tk() !== T.Ident) {
        this.illegal('expected var');
        return null;
      }
      decl.symbols.push(this.parseVar());
      this.scan();
      if (this.tk() !== T.Comma) break;
    }
    decl.location = this.withEnd(loc, this.s.lastEnd);
    return newExpr(decl, cloneLoc(decl.location));
  }

  private parseEvery(): Expr | null {
    const loc = this.loc();
    this.scan();
    const term = this.parseTermInfixCall();
    if (!term) return null;
    if (term.type !== 'call') {
      this.illegal('expected `x[, y] in xs { ... }` expression');
      return null;
    }
    const op = refName(term.value[0]!);
    let key: Term | null = null;
    let value: Term;
    let domain: Term;
    if (op === 'internal.member_2') {
      if (term.value.length !== 3) {
        this.illegal('illegal domain');
        return null;
      }
      value = term.value[1]!;
      domain = term.value[2]!;
    } else if (op === 'internal.member_3') {
      if (term.value.length !== 4) {
        this.illegal('illegal domain');
        return null;
      }
      key = term.value[1]!;
      value = term.value[2]!;
      domain = term.value[3]!;
      if (key.type !== 'var') {
        this.illegal('expected key to be a variable');
        return null;
      }
    } else {
      this.illegal('expected `x[, y] in xs { ... }` expression');
      return null;
    }
    if (value.type !== 'var') {
      this.illegal('expected value to be a variable');
      return null;
    }
    if (this.tk() === T.LBrace) {
      this.scan();
      const body = this.parseBody(T.RBrace);
      if (!body) return null;
      this.scan();
      const every: Every = { type: 'every', key, value, domain, body, location: this.withEnd(loc, this.s.lastEnd) };
      const expr = newExpr(every, cloneLoc(every.location));
      if (this.tk() === T.With) {
        const w = this.parseWith();
        if (!w) return null;
        expr.with = w;
      }
      return expr;
    }
    this.illegal('missing body');
    return null;
  }

  private parseExpr(): Expr | null {
    const start = this.loc();
    const lhs = this.parseTermInfixCall();
    if (!lhs) return null;
    const op = this.parseTermOp(isAssignOp);
    if (op) {
      const rhs = this.parseTermInfixCall();
      if (!rhs) return null;
      return newExpr({ type: 'call', operator: op, args: [lhs, rhs] }, start);
    }
    if (lhs.type === 'call') {
      const [operator, ...args] = lhs.value;
      return newExpr({ type: 'call', operator: operator as RefTerm, args }, start);
    }
    return newExpr({ type: 'term', term: lhs }, start);
  }

  // ---------------------------------------------------------------- infix terms

  parseTermInfixCall(): Term | null {
    this.enter();
    try {
      return this.parseTermIn(null, true);
    } finally {
      this.leave();
    }
  }

  private parseTermInfixCallInList(): Term | null {
    this.enter();
    try {
      return this.parseTermIn(null, false);
    } finally {
      this.leave();
    }
  }

  private binLoc(lhs: Term): Location {
    return this.withEnd(lhs.location, this.s.lastEnd);
  }

  private parseTermIn(lhs0: Term | null, keyVal: boolean): Term | null {
    this.enter();
    try {
      let lhs = lhs0 ?? this.parseTermRelation(null);
      if (!lhs) return lhs;
      if (keyVal && this.tk() === T.Comma) {
        const s = this.save();
        this.scan();
        const mhs = this.parseTermRelation(null);
        if (mhs) {
          const op = this.parseTermOpName('internal.member_3', T.In);
          if (op) {
            const rhs = this.parseTermRelation(null);
            if (rhs) {
              const call = callTerm([op, lhs, mhs, rhs], this.binLoc(lhs));
              if (this.tk() === T.In) return this.parseTermIn(call, keyVal);
              return call;
            }
          }
        }
        this.restore(s);
      }
      this.scanAheadRef();
      const op = this.parseTermOpName('internal.member_2', T.In);
      if (op) {
        const rhs = this.parseTermRelation(null);
        if (rhs) {
          const call = callTerm([op, lhs, rhs], this.binLoc(lhs));
          if (this.tk() === T.In) return this.parseTermIn(call, keyVal);
          return call;
        }
      }
      return lhs;
    } finally {
      this.leave();
    }
  }

  private parseTermRelation(lhs0: Term | null): Term | null {
    this.enter();
    try {
      const lhs = lhs0 ?? this.parseTermOr(null);
      if (lhs) {
        const op = this.parseTermOp(isRelationOp);
        if (op) {
          const rhs = this.parseTermOr(null);
          if (rhs) {
            const call = callTerm([op, lhs, rhs], this.binLoc(lhs));
            switch (this.tk()) {
              case T.Equal: case T.Neq: case T.Lt: case T.Gt: case T.Lte: case T.Gte:
                return this.parseTermRelation(call);
              default:
                return call;
            }
          }
        }
      }
      return lhs;
    } finally {
      this.leave();
    }
  }

  private parseTermOr(lhs0: Term | null): Term | null {
    return this.parseInfix(0, lhs0);
  }

  private parseTermAnd(lhs0: Term | null): Term | null {
    return this.parseInfix(1, lhs0);
  }

  private parseTermArith(lhs0: Term | null): Term | null {
    return this.parseInfix(2, lhs0);
  }

  private parseTermFactor(lhs0: Term | null): Term | null {
    return this.parseInfix(3, lhs0);
  }

  /**
   * One left-associative infix level (`|`, `&`, `+ -`, `* / %`, loosest first): an operand of
   * the next tighter level, then optionally `op operand`, recursing for further operators of
   * the same level as OPA's parser does (so depth accounting and error tokens match).
   */
  private parseInfix(level: 0 | 1 | 2 | 3, lhs0: Term | null): Term | null {
    this.enter();
    try {
      const isOp = INFIX_LEVELS[level];
      const lhs = lhs0 ?? this.parseInfixOperand(level);
      if (lhs) {
        const op = this.parseTermOp(isOp);
        if (op) {
          const rhs = this.parseInfixOperand(level);
          if (rhs) {
            const call = callTerm([op, lhs, rhs], this.binLoc(lhs));
            if (isOp(this.tk())) return this.parseInfix(level, call);
            return call;
          }
        }
      }
      return lhs;
    } finally {
      this.leave();
    }
  }

  private parseInfixOperand(level: 0 | 1 | 2 | 3): Term | null {
    return level === 3 ? this.parseTerm() : this.parseInfix((level + 1) as 1 | 2 | 3, null);
  }

  /** Consumes the current token as an infix operator when `accept` says so. */
  private parseTermOp(accept: (t: T) => boolean): RefTerm | null {
    const t = this.tk();
    if (accept(t)) {
      const r = opRef(tokenText(t), this.loc());
      this.scan();
      return r;
    }
    return null;
  }

  private parseTermOpName(name: string, tok: T): RefTerm | null {
    if (this.tk() === tok) {
      const r = dottedOpRef(name, this.loc());
      this.scan();
      return r;
    }
    return null;
  }

  // ---------------------------------------------------------------- primary terms

  parseTerm(): Term | null {
    this.enter();
    try {
      return this.parseTermInner();
    } finally {
      this.leave();
    }
  }

  private parseTermInner(): Term | null {
    const key = this.s.ws ? -1 : this.s.i;
    if (key >= 0) {
      const c = this.cache;
      for (let j = c.length - 1; j >= 0 && c[j]!.i >= key; j--) {
        if (c[j]!.i === key) {
          this.restore(c[j]!.post);
          return c[j]!.term;
        }
      }
    }
    let term: Term | null = null;
    let unaryMinus: Location | undefined;
    switch (this.tk()) {
      case T.Null:
        term = { type: 'null', location: this.loc() };
        break;
      case T.True:
        term = boolTerm(true, this.loc());
        break;
      case T.False:
        term = boolTerm(false, this.loc());
        break;
      case T.Sub: {
        const loc = this.loc();
        const s = this.save();
        this.scan();
        if (this.tk() === T.Ident || this.tk() === T.Contains) {
          unaryMinus = loc;
          term = this.parseVar();
        } else {
          this.restore(s);
          term = this.parseNumber();
        }
        break;
      }
      case T.Dot:
      case T.Number:
        term = this.parseNumber();
        break;
      case T.String:
        term = this.parseString();
        break;
      case T.TemplateStringPart:
      case T.TemplateStringEnd:
        term = this.parseTemplateString(false);
        break;
      case T.RawTemplateStringPart:
      case T.RawTemplateStringEnd:
        term = this.parseTemplateString(true);
        break;
      case T.Ident:
      case T.Contains:
        term = this.parseVar();
        break;
      case T.LBrack:
        term = this.parseArray();
        break;
      case T.LBrace:
        term = this.parseSetOrObject();
        break;
      case T.LParen: {
        this.scan();
        const r = this.parseTermInfixCall();
        if (r) {
          if (this.tk() === T.RParen) term = r;
          else this.error(this.loc(), 'non-terminated expression');
        }
        break;
      }
      default:
        this.illegal();
        break;
    }
    term = this.parseTermFinish(term, false);
    if (unaryMinus && term) {
      const zero: Term = { type: 'number', value: '0', location: cloneLoc(unaryMinus) };
      const op = opRef('minus', unaryMinus);
      term = callTerm([op, zero, term], this.withEnd(unaryMinus, this.s.lastEnd));
    }
    if (key >= 0) {
      const c = this.cache;
      while (c.length > 0 && c[c.length - 1]!.i >= key) c.pop();
      c.push({ i: key, term, post: this.save() });
    }
    return term;
  }

  private parseTermFinish(head: Term | null, skipws: boolean): Term | null {
    if (!head) return null;
    this.doScan(skipws);
    switch (this.tk()) {
      case T.LParen:
      case T.Dot:
      case T.LBrack:
        return this.parseRef(head);
      default:
        if (this.tk() === T.Whitespace) this.scan();
        if (head.type === 'var' && (head.value === 'data' || head.value === 'input')) {
          return refTerm([head], cloneLoc(head.location));
        }
        return head;
    }
  }

  private parseHeadFinish(head: Term): Term | null {
    this.scanWS();
    switch (this.tk()) {
      case T.Add: case T.Sub: case T.Mul: case T.Quo: case T.Rem: case T.And: case T.Or:
      case T.Equal: case T.Neq: case T.Gt: case T.Gte: case T.Lt: case T.Lte:
        this.illegal();
        break;
      case T.Whitespace:
        this.doScan(true);
        break;
      default:
        break;
    }
    switch (this.tk()) {
      case T.LParen:
      case T.Dot:
      case T.LBrack:
        return this.parseRef(head);
      case T.Whitespace:
        this.scan();
        break;
      default:
        break;
    }
    if (head.type === 'var' && (head.value === 'data' || head.value === 'input')) {
      return refTerm([head], cloneLoc(head.location));
    }
    return head;
  }

  private parseNumber(): Term | null {
    let prefix = '';
    const loc = this.loc();
    if (this.tk() === T.Sub) {
      prefix = '-';
      this.scan();
      if (this.tk() !== T.Number && this.tk() !== T.Dot) {
        this.illegal('expected number');
        return null;
      }
    }
    if (this.tk() === T.Dot) {
      prefix += '.';
      this.scan();
      if (this.tk() !== T.Number) {
        this.illegal('expected number');
        return null;
      }
    }
    const lit = this.lit;
    if (!prefix.endsWith('.') && lit.length > 1 && lit[0] === '0') {
      const isDec = lit[1] === '.';
      const isSci = lit.length > 2 && (lit[1] === 'e' || lit[1] === 'E');
      if (!isDec && !isSci) {
        this.illegal('expected number without leading zero');
        return null;
      }
    }
    const text = prefix + lit;
    if (!/^-?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
      this.illegal('invalid float');
      return null;
    }
    if (!numberWithinLimits(text)) {
      this.error(this.loc(), 'number too big');
      return null;
    }
    return { type: 'number', value: text, location: this.withEnd(loc, this.tokEnd()) };
  }

  private parseString(): Term | null {
    const lit = this.lit;
    const loc = this.loc();
    if (lit[0] === '"') {
      const v = unquoteString(lit);
      if (v === undefined) {
        this.error(loc, `illegal string literal: ${lit}`);
        return null;
      }
      return { type: 'string', value: v, location: loc };
    }
    if (lit.length < 2) return null;
    return { type: 'string', value: lit.slice(1, -1), raw: true, location: loc };
  }

  private parseTemplateString(multiLine: boolean): Term | null {
    const loc = this.loc();
    if (!this.v1) {
      this.error(loc, 'template strings are not supported by current capabilities');
      return null;
    }
    const parts: Array<StringTerm | TemplateExprPart> = [];
    for (;;) {
      const tok = this.tk();
      const text =
        tok === T.TemplateStringPart || tok === T.TemplateStringEnd
          ? templatePartText(this.lit, false)
          : tok === T.RawTemplateStringPart || tok === T.RawTemplateStringEnd
            ? templatePartText(this.lit, true)
            : undefined;
      if (text === undefined) {
        this.error(
          this.loc(),
          tok === T.TemplateStringPart || tok === T.TemplateStringEnd
            ? `illegal template-string part: ${this.lit}`
            : 'expected template-string part',
        );
        return null;
      }
      if (text.length > 0) parts.push(stringTerm(text, this.loc()));
      if (tok === T.TemplateStringEnd || tok === T.RawTemplateStringEnd) break;
      this.scan();
      const expr = this.parseLiteral();
      if (!expr) {
        this.error(this.loc(), 'invalid template-string expression');
        return null;
      }
      if (expr.negated) {
        this.error(expr.location, "unexpected negation ('not') in template-string expression");
        return null;
      }
      const t = expr.terms;
      if (t.type === 'call' && expr.with.length === 0) {
        const name = refName(t.operator);
        if (name === 'eq' && t.args.length === 2) {
          this.error(expr.location, "unexpected unification ('=') in template-string expression");
          return null;
        }
        if (name === 'assign' && t.args.length === 2) {
          this.error(expr.location, "unexpected assignment (':=') in template-string expression");
          return null;
        }
      }
      if (t.type === 'not') {
        this.error(expr.location, "unexpected negation ('not') in template-string expression");
        return null;
      }
      if (t.type === 'every') {
        this.error(expr.location, "unexpected 'every' in template-string expression");
        return null;
      }
      if (t.type === 'some') {
        this.error(expr.location, "unexpected 'some' in template-string expression");
        return null;
      }
      const term: Term = t.type === 'term' ? t.term : callTerm([t.operator, ...t.args], cloneLoc(expr.location));
      const part: TemplateExprPart = { type: 'templateexpr', term, location: cloneLoc(expr.location) };
      if (expr.with.length > 0) part.with = expr.with;
      parts.push(part);
      if (this.tk() !== T.RBrace) {
        this.error(this.loc(), 'expected } to end template string expression');
        return null;
      }
      this.scanWS(); // the scanner put the continuation part right after `}`
      if (this.tk() === T.Whitespace) this.scan();
    }
    return {
      type: 'templatestring',
      value: { parts, raw: multiLine },
      location: this.withEnd(loc, this.tokEnd()),
    };
  }

  private parseCall(operator: RefTerm, start: Location): Term | null {
    this.enter();
    try {
      this.scan(); // (
      if (this.tk() === T.RParen) {
        const end = this.tokEnd();
        this.scanWS();
        if (operator.value.length === 1 && operator.value[0]!.type === 'var' && operator.value[0]!.value === 'set') {
          return { type: 'set', value: [], location: this.withEnd(start, end) };
        }
        return callTerm([operator], this.withEnd(start, end));
      }
      const r = this.parseTermList(T.RParen, [operator]);
      if (r) {
        const end = this.tokEnd();
        this.scanWS();
        return callTerm(r, this.withEnd(start, end));
      }
      return null;
    } finally {
      this.leave();
    }
  }

  private parseRef(head: Term): Term | null {
    this.enter();
    try {
      const loc = head.location;
      switch (head.type) {
        case 'var': case 'array': case 'object': case 'set':
        case 'arraycomprehension': case 'objectcomprehension': case 'setcomprehension': case 'call':
          break;
        default:
          this.error(loc, `illegal ref (head cannot be ${typeName(head)})`);
      }
      const ref: Term[] = [head];
      for (;;) {
        switch (this.tk()) {
          case T.Dot:
            this.scanWS();
            if (this.tk() !== T.Ident && !isKeywordToken(this.s.tok)) {
              this.illegal('expected identifier');
              return null;
            }
            ref.push(stringTerm(this.lit, this.loc()));
            this.scanWS();
            break;
          case T.LParen: {
            const op = refTerm(ref, this.withEnd(loc, this.s.lastEnd));
            let term = this.parseCall(op, loc);
            if (term) {
              if (this.tk() === T.Whitespace) {
                this.scan();
                return term;
              }
              if (this.tk() === T.Dot || this.tk() === T.LBrack) term = this.parseRef(term);
            }
            return term;
          }
          case T.LBrack: {
            this.scan();
            const t = this.parseTermInfixCall();
            if (!t) return null;
            if (this.tk() !== T.RBrack) {
              this.illegal('expected [');
              return null;
            }
            ref.push(t);
            this.scanWS();
            break;
          }
          case T.Whitespace: {
            const end = this.s.lastEnd;
            this.scan();
            return refTerm(ref, this.withEnd(loc, end));
          }
          default:
            return refTerm(ref, this.withEnd(loc, this.s.lastEnd));
        }
      }
    } finally {
      this.leave();
    }
  }

  private parseArray(): Term | null {
    this.enter();
    try {
      const loc = this.loc();
      const done = (t: Term | null): Term | null => {
        if (t) t.location = this.withEnd(loc, this.tokEnd());
        return t;
      };
      this.scan();
      if (this.tk() === T.RBrack) return done({ type: 'array', value: [], location: loc });
      let potentialComprehension = true;
      if (this.tk() === T.Comma) {
        potentialComprehension = false;
        this.scan();
      }
      const s = this.save();
      const head = this.parseTerm();
      if (!head) return null;
      switch (this.tk()) {
        case T.RBrack:
          return done({ type: 'array', value: [head], location: loc });
        case T.Comma: {
          this.scan();
          const terms = this.parseTermList(T.RBrack, [head]);
          return terms ? done({ type: 'array', value: terms, location: loc }) : null;
        }
        case T.Or:
          if (potentialComprehension) {
            this.scan();
            const body = this.parseBody(T.RBrack);
            if (body) return done({ type: 'arraycomprehension', value: { term: head, body }, location: loc });
            if (this.tk() !== T.Comma) return null;
          }
          break;
        default:
          break;
      }
      this.restore(s);
      const terms = this.parseTermList(T.RBrack, []);
      return terms ? done({ type: 'array', value: terms, location: loc }) : null;
    } finally {
      this.leave();
    }
  }

  private parseSetOrObject(): Term | null {
    this.enter();
    try {
      const loc = this.loc();
      const done = (t: Term | null): Term | null => {
        if (t) t.location = this.withEnd(loc, this.tokEnd());
        return t;
      };
      this.scan();
      if (this.tk() === T.RBrace) return done({ type: 'object', value: [], location: loc });
      let potentialComprehension = true;
      if (this.tk() === T.Comma) {
        potentialComprehension = false;
        this.scan();
      }
      const s = this.save();
      let head = this.parseTerm();
      if (!head) return null;
      switch (this.tk()) {
        case T.Or:
          if (potentialComprehension) return done(this.parseSet(s, head, potentialComprehension, loc));
          break;
        case T.RBrace:
        case T.Comma:
          return done(this.parseSet(s, head, potentialComprehension, loc));
        case T.Colon:
          return done(this.parseObject(head, potentialComprehension, loc));
        default:
          break;
      }
      this.restore(s);
      head = this.parseTermInfixCallInList();
      if (!head) return null;
      switch (this.tk()) {
        case T.RBrace:
        case T.Comma:
          return done(this.parseSet(s, head, false, loc));
        case T.Colon:
          return done(this.parseObject(head, potentialComprehension, loc));
        default:
          break;
      }
      this.illegal('non-terminated set');
      return null;
    } finally {
      this.leave();
    }
  }

  private parseSet(s: State, head: Term, potentialComprehension: boolean, loc: Location): Term | null {
    this.enter();
    try {
      switch (this.tk()) {
        case T.RBrace:
          return { type: 'set', value: [head], location: loc };
        case T.Comma: {
          this.scan();
          const terms = this.parseTermList(T.RBrace, [head]);
          return terms ? { type: 'set', value: terms, location: loc } : null;
        }
        case T.Or: {
          if (potentialComprehension) {
            this.scan();
            const body = this.parseBody(T.RBrace);
            if (body) return { type: 'setcomprehension', value: { term: head, body }, location: loc };
            if (this.tk() !== T.Comma) return null;
          }
          this.restore(s);
          const terms = this.parseTermList(T.RBrace, []);
          return terms ? { type: 'set', value: terms, location: loc } : null;
        }
        default:
          return null;
      }
    } finally {
      this.leave();
    }
  }

  private parseObject(k: Term, potentialComprehension: boolean, loc: Location): Term | null {
    this.enter();
    try {
      this.scan(); // :
      const s = this.save();
      const v = this.parseTerm();
      if (!v) return null;
      let potentialRelation = true;
      if (potentialComprehension) {
        const tok = this.tk();
        if (tok === T.RBrace || tok === T.Comma || tok === T.Or) {
          if (tok !== T.Or) potentialRelation = false;
          const term = this.parseObjectFinish(k, v, true, loc);
          if (term) return term;
        }
      }
      this.restore(s);
      if (potentialRelation) {
        const v2 = this.parseTermInfixCallInList();
        if (!v2) return null;
        if (this.tk() === T.RBrace || this.tk() === T.Comma) return this.parseObjectFinish(k, v2, false, loc);
      }
      this.illegal('non-terminated object');
      return null;
    } finally {
      this.leave();
    }
  }

  private parseObjectFinish(key: Term, val: Term, potentialComprehension: boolean, loc: Location): Term | null {
    this.enter();
    try {
      switch (this.tk()) {
        case T.RBrace:
          return { type: 'object', value: [[key, val]], location: loc };
        case T.Or:
          if (potentialComprehension) {
            this.scan();
            const body = this.parseBody(T.RBrace);
            if (body) return { type: 'objectcomprehension', value: { key, value: val, body }, location: loc };
          } else this.illegal('non-terminated object');
          return null;
        case T.Comma: {
          this.scan();
          const r = this.parseTermPairList(T.RBrace, [[key, val]]);
          return r ? { type: 'object', value: r, location: loc } : null;
        }
        default:
          return null;
      }
    } finally {
      this.leave();
    }
  }

  private parseTermList(end: T, r: Term[]): Term[] | null {
    if (this.tk() === end) return r;
    for (;;) {
      const term = this.parseTermInfixCallInList();
      if (!term) return null;
      r.push(term);
      if (this.tk() === end) return r;
      if (this.tk() === T.Comma) {
        this.scan();
        if (this.tk() === end) return r;
        continue;
      }
      this.illegal(`expected "," or "${tokenText(end)}"`);
      return null;
    }
  }

  private parseTermPairList(end: T, r: Array<[Term, Term]>): Array<[Term, Term]> | null {
    if (this.tk() === end) return r;
    for (;;) {
      const key = this.parseTermInfixCallInList();
      if (!key) return null;
      if (this.tk() !== T.Colon) {
        this.illegal('expected ":"');
        return null;
      }
      this.scan();
      const val = this.parseTermInfixCallInList();
      if (!val) return null;
      r.push([key, val]);
      if (this.tk() === end) return r;
      if (this.tk() === T.Comma) {
        this.scan();
        if (this.tk() === end) return r;
        continue;
      }
      this.illegal(`expected "," or "${tokenText(end)}"`);
      return null;
    }
  }

  private parseVar(): VarTerm {
    const lit = this.lit;
    if (lit === '_') return varTerm(this.genWildcard(), this.loc());
    return varTerm(lit, this.loc());
  }
}

/** A copy of a head (terms shared, they are immutable) with a new location. */
function copyHead(h: Head, loc: Location): Head {
  const out: Head = { ...h, location: cloneLoc(loc) };
  if (h.args) out.args = [...h.args];
  out.ref = [...h.ref];
  return out;
}

/** The head of an extra body `p { a } { b }`: OPA moves all its locations to the body. */
function relocatedHead(h: Head, loc: Location): Head {
  const out = copyHead(h, loc);
  // OPA's walk does not visit the head ref: it keeps the first head's locations.
  if (out.args) out.args = out.args.map((t) => relocate(t, loc));
  if (out.key) out.key = relocate(out.key, loc);
  if (out.value) out.value = relocate(out.value, loc);
  return out;
}

/**
 * An object literal's entries as OPA's parser keeps them: a repeated key (equal scalar, same
 * variable) is one entry, the first key with the last value; the values dropped are never
 * looked at (`default r := {"a": x, "a": 1}` is valid).
 */
function keptEntries(entries: Array<[Term, Term]>): Array<[Term, Term]> {
  const id = (t: Term): string | undefined => {
    switch (t.type) {
      case 'null':
        return 'z';
      case 'number': {
        // Equal numbers are one key (`1`, `1.0`, `1e0`); exact as a double up to 15 digits.
        const n = Number(t.value);
        return 'n' + (t.value.replace(/[^0-9]/g, '').replace(/^0+/, '').length <= 15 ? String(n) : t.value);
      }
      case 'boolean':
      case 'string':
      case 'var':
        return t.type[0] + String(t.value);
      default:
        return undefined;
    }
  };
  const last = new Map<string, Term>();
  for (const [k, v] of entries) {
    const i = id(k);
    if (i !== undefined) last.set(i, v);
  }
  const out: Array<[Term, Term]> = [];
  const seen = new Set<string>();
  for (const [k, v] of entries) {
    const i = id(k);
    if (i === undefined) out.push([k, v]);
    else if (!seen.has(i)) {
      seen.add(i);
      out.push([k, last.get(i)!]);
    }
  }
  return out;
}
