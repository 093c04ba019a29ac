/**
 * The Rego parser: statements (package, imports and the keyword changes they make, rules with
 * their heads, `else` chains and `default`s, queries), bodies and literals (`not`, `some`,
 * `every`, `with`, assignments), on the term grammar of `term-parser.ts`. As there, the control
 * flow is OPA's (`v1/ast/parser.go`), so that the same input is accepted, builds the same AST and
 * fails with the same errors at the same tokens. Built once (Chevrotain's self-analysis is
 * expensive) and pointed at each source in turn.
 */
import type { Location } from '../ast/location.js';
import type { Term, RefTerm, VarTerm, StringTerm } from '../ast/terms.js';
import type { Expr, Body, With, Every, SomeDecl } from '../ast/expr.js';
import type { Head, Rule } from '../ast/rule.js';
import type { Package, Import, Comment } from '../ast/module.js';
import { RegoError } from '../errors.js';
import { scanAll, releaseTokens } from '../lexer/lexer.js';
import { T, tokenText, BASE_KEYWORDS, FUTURE_KEYWORDS_V0, isKeywordToken, KEYWORDS_V0, KEYWORDS_V1 } from '../lexer/tokens.js';
import { cloneLoc, varTerm, stringTerm, refTerm, boolTerm, opRef, refName, newExpr, trueBody, isGround, typeName, relocate } from './nodes.js';
import { errorDetails } from './details.js';
import { termString } from './rego-text.js';
import { DepthExceeded } from './token-cursor.js';
import { TermParser, ordered } from './term-parser.js';
import type { IOrAlt, OrMethodOpts } from 'chevrotain';

export type Statement =
  | { kind: 'package'; node: Package }
  | { kind: 'import'; node: Import }
  | { kind: 'rule'; node: Rule }
  | { kind: 'body'; node: Body };

export interface ParserOptions {
  file: string;
  regoVersion: 'v0' | 'v1';
  /** Queries: no rules (OPA's query parser). */
  skipRules?: boolean;
}

/** What a parse of a source gives: its statements, comments and errors, and its keyword state. */
export interface ParsedStatements {
  file: string;
  v1: boolean;
  stmts: Statement[];
  comments: Comment[];
  errors: RegoError[];
  /** Set once `import rego.v1` is seen in a v0 module. */
  regoV1Compatible: boolean;
  keywords(): string[];
}

/** Future keywords a module may import (`future.keywords.x`), both versions. */
const ALLOWED_FUTURE = new Map<string, T>([...FUTURE_KEYWORDS_V0, ['not', T.Not]]);
/** OPA's "present parser" keywords for import paths: no future keyword at all (not `not`). */
const PRESENT_KEYWORDS: ReadonlyMap<string, T> = new Map([...BASE_KEYWORDS].filter(([k]) => !ALLOWED_FUTURE.has(k)));
const TO_RBRACE = { ARGS: [T.RBrace] as [T] };

interface QueryFrame {
  end: T;
  requireSemi: boolean;
  body: Body;
  out: Body | null | undefined;
}

class RegoParser extends TermParser {
  private regoV1Compatible = false;
  /** `import future.keywords.not` enables `not { body }`. */
  private notBodies = false;
  private skipRules = false;

  constructor() {
    super();
    this.performSelfAnalysis();
  }

  /** Parses all statements; stops at the first statement with errors (as OPA). */
  parse(src: string, opts: ParserOptions): ParsedStatements {
    const v1 = opts.regoVersion === 'v1';
    const { tokens, comments: commentToks } = scanAll(src, v1);
    this.point(src, opts.file, v1, tokens, commentToks);
    this.regoV1Compatible = false;
    this.notBodies = false;
    this.skipRules = opts.skipRules ?? false;
    const stmts: Statement[] = [];
    try {
      this.statements(stmts);
    } catch (e) {
      if (!(e instanceof DepthExceeded || e instanceof RangeError)) throw e;
      if (e instanceof RangeError) this.error(this.loc(), 'max parsing recursion depth exceeded');
    }
    releaseTokens(tokens);
    // Every decision has a default alternative, so Chevrotain never fails to recognize; if it
    // did (a grammar bug), the parse must not pass for a clean one.
    if (this.errors.length > 0) throw new Error(`grammar: ${this.errors[0]!.message}`);
    const file = opts.file;
    const comments: Comment[] = commentToks.map((c) => ({
      type: 'comment',
      text: c.lit.slice(1),
      location: { file, row: c.row, col: c.col, offset: c.start, end: c.start + c.lit.length },
    }));
    const errors = this.pending.map((e) => new RegoError('rego_parse_error', e.msg, e.loc, errorDetails(src, e.loc.offset)));
    const kw = [...this.kw.keys()];
    return { file, v1, stmts, comments, errors, regoV1Compatible: this.regoV1Compatible, keywords: () => kw };
  }

  // ---------------------------------------------------------------- statements

  /** OPA's statement loop: each statement kind tried in turn from the same token. */
  private statements(stmts: Statement[]): void {
    while (this.tk() !== T.EOF) {
      // Backtracking never goes behind the start of a statement: drop older cached terms.
      this.cache = [];
      this.resetDepth();
      let s = this.save();
      const pkg = this.package();
      if (pkg) {
        stmts.push({ kind: 'package', node: pkg });
        continue;
      } else if (this.pending.length > 0) break;
      this.restore(s);
      s = this.save();
      const imp = this.import();
      if (imp) {
        const root = (imp.path.value[0] as VarTerm).value;
        if (root === 'rego') this.regoV1Import(imp);
        if (root === 'future') this.futureImport(imp);
        stmts.push({ kind: 'import', node: imp });
        continue;
      } else if (this.pending.length > 0) break;
      this.restore(s);
      if (!this.skipRules) {
        s = this.save();
        const rules = this.rules();
        if (rules) {
          for (const r of rules) stmts.push({ kind: 'rule', node: r });
          continue;
        } else if (this.pending.length > 0) break;
        this.restore(s);
      }
      const body = this.query(true, T.EOF);
      if (body) {
        stmts.push({ kind: 'body', node: body });
        continue;
      }
      break;
    }
  }

  /**
   * The keyword of a `package` or `import` and OPA's checks before the path: the statement's
   * location (none while Chevrotain records the grammar), or null where OPA stops (no such
   * keyword, a `.` or `[` right after it, or no name to start the path).
   */
  private pathStatementStart(keyword: T.Package | T.Import): Location | undefined | null {
    if (!this.RECORDING_PHASE && !this.is(keyword)) return null;
    const loc = this.RECORDING_PHASE ? undefined : this.loc();
    this.eat(1, keyword, true);
    if (!this.RECORDING_PHASE) {
      if (this.is(T.Dot) || this.is(T.LBrack)) return null;
      if (this.is(T.Whitespace)) this.scan();
      if (!this.isIdentOrAllowedRefKeyword()) {
        this.illegal();
        return null;
      }
    }
    return loc;
  }

  package = this.RULE('package', (): Package | null => {
    const loc = this.pathStatementStart(T.Package);
    if (loc === null) return null;
    const term = this.SUBRULE(this.term);
    if (this.RECORDING_PHASE) return null;
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
      if (this.pending.length === 0) this.error(this.loc(), 'expected path');
      return null;
    }
    const end = this.lastEnd;
    const pathLoc = this.withEnd(path[0]!.location, end);
    return { type: 'package', path: refTerm(path, pathLoc), location: this.withEnd(loc!, end) };
  });

  import = this.RULE('import', (): Import | null => {
    const loc = this.pathStatementStart(T.Import);
    if (loc === null) return null;
    // Parse the path without any future keyword (`future.keywords.in` must be a path). As in
    // OPA, this also applies to the token after the path, which is read in this mode: a
    // following `not`, `if`, `in`, … line starts as an identifier.
    const prevKw = this.kw;
    const prevCache = this.cache;
    this.kw = PRESENT_KEYWORDS;
    this.cache = [];
    let term: Term | null;
    try {
      term = this.SUBRULE(this.term);
    } finally {
      this.kw = prevKw;
      this.cache = prevCache;
    }
    if (this.RECORDING_PHASE) {
      this.OPTION(this.importAlias);
      return null;
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
      this.error(path.location, `unexpected import path, must begin with one of: {data, future, input, rego}, got: ${termString(head)}`);
      return null;
    }
    const imp: Import = { type: 'import', path, location: loc! };
    const alias = this.OPTION(this.importAlias);
    if (alias !== undefined) {
      if (alias === null) return null;
      imp.alias = alias;
      imp.location = this.withEnd(loc!, this.lastEnd);
      return imp;
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
    imp.location = this.withEnd(loc!, this.lastEnd);
    return imp;
  });

  /** `as name` of an import: the name, or null after OPA's error. */
  private importAlias = (): string | null => {
    this.eat(2, T.As, false);
    if (!this.RECORDING_PHASE && !this.is(T.Ident)) {
      this.illegal('expected var');
      return null;
    }
    const alias = this.SUBRULE1(this.term);
    if (this.RECORDING_PHASE) return null;
    if (alias && alias.type === 'var') return alias.value;
    this.illegal('expected var');
    return null;
  };

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

  rules = this.RULE('rules', (): Rule[] | null => {
    const ruleLoc = this.RECORDING_PHASE ? undefined : this.loc();
    if (!this.RECORDING_PHASE) this.scanAheadRef();
    const isDefault = this.OPTION(this.defaultKw) === true;
    if (!this.RECORDING_PHASE && !this.is(T.Ident)) return null;
    const hr = this.SUBRULE(this.head, { ARGS: [isDefault] });
    if (this.RECORDING_PHASE) {
      this.recordRuleRest();
      return null;
    }
    if (!hr) return null;
    const { head, usesContains } = hr;
    if (usesContains) head.usesContains = true;
    const rule: Rule = { type: 'rule', default: isDefault, head, body: [], location: ruleLoc! };

    if (isDefault) {
      if (!this.validateDefaultRuleValue(rule)) return null;
      if (head.args && head.args.length > 0 && !this.validateDefaultRuleArgs(rule)) return null;
      rule.location = this.withEnd(ruleLoc!, this.lastEnd);
      // The body is the generated `true` (its expr is marked `generated`), but like OPA we do
      // not flag the rule's body as generated: `default p` is a valid v1 rule (value true).
      rule.body = trueBody(rule.location);
      return [rule];
    }

    const hasIf = this.is(T.If);
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
      this.eat(2, T.If, false);
      const s = this.save();
      const expr = this.SUBRULE(this.literal);
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
      if (hasIf || this.is(T.LBrace)) {
        // As OPA, the `if` case falls through to here and skips whatever token follows.
        this.scan();
        const body = this.SUBRULE(this.body, TO_RBRACE);
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

    if (this.is(T.Else)) {
      if (!this.scanAheadRef()) {
        if (head.ref.length > 1 && !head.ref.slice(1).every(isGround)) {
          this.error(this.loc(), 'else keyword cannot be used on rules with variables in head');
          return null;
        }
        if (head.key) {
          this.error(this.loc(), 'else keyword cannot be used on multi-value rules');
          return null;
        }
        const els = this.SUBRULE(this.else, { ARGS: [head] });
        if (!els) return null;
        rule.else = els;
      }
    }
    rule.location = this.withEnd(ruleLoc!, this.lastEnd);
    const rules = [rule];

    while (this.is(T.LBrace)) {
      if (rule.else) {
        this.error(this.loc(), 'expected else keyword');
        return null;
      }
      const loc = this.loc();
      this.scan();
      const body = this.SUBRULE1(this.body, TO_RBRACE);
      if (!body) return null;
      this.scan();
      const nloc = this.withEnd(loc, this.lastEnd);
      const nhead = relocatedHead(head, nloc);
      if (nhead.args) {
        nhead.args = nhead.args.map((a) => (a.type === 'var' && a.value.startsWith('$') ? varTerm(this.genWildcard(), cloneLoc(nloc)) : a));
      }
      rules.push({ type: 'rule', default: false, head: nhead, body, location: nloc });
    }
    return rules;
  });

  /**
   * The grammar of a rule after its head, as recorded (at run time `rules` takes these steps in
   * OPA's order with its own checks; the `{`/`}` of bodies are scanned as OPA does).
   */
  private recordRuleRest(): void {
    this.eat(2, T.If, false);
    this.SUBRULE(this.literal);
    this.SUBRULE(this.body, TO_RBRACE);
    this.SUBRULE(this.else, { ARGS: [undefined as unknown as Head] });
    this.SUBRULE1(this.body, TO_RBRACE);
  }

  private defaultKw = (): boolean => {
    this.eat(1, T.Default, false);
    if (!this.RECORDING_PHASE) this.scanAheadRef();
    return true;
  };

  else = this.RULE('else', (head: Head): Rule | null => {
    if (this.RECORDING_PHASE) {
      this.eat(1, T.Else, false);
      this.infix(0, true);
      this.SUBRULE(this.body, TO_RBRACE);
      this.SUBRULE(this.literal);
      return null;
    }
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
      rule.location = this.withEnd(loc, this.lastEnd);
      return rule;
    };
    this.eat(1, T.Else, false);
    switch (this.tk()) {
      case T.LBrace:
      case T.If:
        nhead.generatedValue = true;
        nhead.value = boolTerm(true, cloneLoc(loc));
        break;
      case T.Assign:
      case T.Unify: {
        nhead.assign = this.is(T.Assign);
        this.scan();
        const v = this.infix(0, true);
        if (!v) return null;
        nhead.value = v;
        nhead.location = this.withEnd(loc, this.lastEnd);
        break;
      }
      default:
        this.illegal('expected else value term or rule body');
        return null;
    }
    const hasIf = this.is(T.If);
    const hasLBrace = this.is(T.LBrace);
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
    if (this.is(T.LBrace)) {
      this.scan();
      const body = this.SUBRULE(this.body, TO_RBRACE);
      if (!body) return null;
      rule.body = body;
      this.scan();
    } else if (!this.is(T.EOF)) {
      const expr = this.SUBRULE(this.literal);
      if (!expr) return null;
      rule.body = [expr];
    } else {
      this.illegal('rule body expected');
      return null;
    }
    if (this.is(T.Else)) {
      const els = this.else(head);
      if (!els) return null;
      rule.else = els;
    }
    return finish();
  });

  head = this.RULE('head', (defaultRule: boolean): { head: Head; usesContains: boolean } | null => {
    const loc = this.RECORDING_PHASE ? undefined : this.loc();
    const term = this.RECORDING_PHASE ? null : varTerm(this.lit === '_' ? this.genWildcard() : this.lit, loc!);
    const ref = this.headFinish(term);
    if (this.RECORDING_PHASE) {
      this.eat(2, T.Contains, false);
      this.infix(0, true);
      return null;
    }
    if (!ref) {
      this.illegal('expected rule head name');
      return null;
    }
    let head: Head;
    const mk = (r: Term[], name: string): Head => ({ type: 'head', name, ref: r, assign: false, location: loc! });
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

    const headName = () => termString(refTerm(head.ref, loc!));
    const finish = (usesContains: boolean) => {
      head.location = this.withEnd(loc!, this.lastEnd);
      return { head, usesContains };
    };
    switch (this.tk()) {
      case T.Contains: {
        if (head.args) {
          this.illegal(`the contains keyword can only be used with multi-value rule definitions (e.g., ${headName()} contains <VALUE> { ... })`);
        }
        this.eat(2, T.Contains, false);
        const key = this.infix(0, true);
        if (!key) this.illegal(`expected rule key term (e.g., ${headName()} contains <VALUE> { ... })`);
        else head.key = key;
        return finish(true);
      }
      case T.Unify: {
        this.scan();
        const v = this.infix(0, true);
        if (!v) this.illegal(`expected rule value term (e.g., ${headName()}[<nil>] = <VALUE> { ... })`);
        else head.value = v;
        break;
      }
      case T.Assign: {
        this.scan();
        head.assign = true;
        const v = this.infix(0, true);
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
        head.value = boolTerm(true, cloneLoc(loc!));
      }
    }
    return finish(false);
  });

  /** OPA's `parseHeadFinish`: the rule name's token read on, then its ref or call. */
  private headFinish(head: Term | null): Term | null {
    this.eat(1, T.Ident, true);
    if (!this.RECORDING_PHASE) {
      switch (this.tk()) {
        case T.Add: case T.Sub: case T.Mul: case T.Quo: case T.Rem: case T.And: case T.Or:
        case T.Equal: case T.Neq: case T.Gt: case T.Gte: case T.Lt: case T.Lte:
          this.illegal();
          break;
        case T.Whitespace:
          this.scan();
          break;
        default:
          break;
      }
    }
    this.rHead = head;
    const r = this.OPTION(this.headRef);
    if (this.RECORDING_PHASE) return null;
    if (r !== undefined) return r;
    if (this.is(T.Whitespace)) this.scan();
    if (head!.type === 'var' && (head!.value === 'data' || head!.value === 'input')) return refTerm([head!], cloneLoc(head!.location));
    return head;
  }

  private headRef = (): Term | null => this.SUBRULE(this.ref);

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

  body = this.RULE('body', (end: T): Body | null => {
    this.enter();
    try {
      return this.queryBody(false, end);
    } finally {
      this.leave();
    }
  });

  /** A query up to `end` (not consumed); `requireSemi`: a statement ends at its line. */
  query(requireSemi: boolean, end: T): Body | null {
    return this.queryRule(requireSemi, end);
  }

  private queryStack: QueryFrame[] = [];
  private get queryTop(): QueryFrame {
    return this.queryStack[this.queryStack.length - 1]!;
  }

  queryRule = this.RULE('query', (requireSemi: boolean, end: T): Body | null => this.queryBody(requireSemi, end));

  /** The literals of a query (inside the rules `body` and `query`: one rule call less per body). */
  private queryBody(requireSemi: boolean, end: T): Body | null {
    if (!this.RECORDING_PHASE && this.is(end)) {
      this.error(this.loc(), 'found empty body');
      return null;
    }
    const f: QueryFrame = { end, requireSemi, body: [], out: undefined };
    this.queryStack.push(f);
    try {
      this.queryLiteral(f, 0);
      this.MANY(this.queryLoop);
    } finally {
      this.queryStack.pop();
    }
    return f.out ?? null;
  }

  private queryLoop = {
    GATE: () => this.queryTop.out === undefined,
    DEF: () => {
      this.OPTION(this.semicolon);
      this.queryLiteral(this.queryTop, 1);
    },
  };

  private semicolon = () => this.eat(1, T.Semicolon, false);

  /** One literal of a query, then OPA's decision whether the query goes on. */
  private queryLiteral(f: QueryFrame, idx: 0 | 1): void {
    const expr = idx === 0 ? this.SUBRULE(this.literal) : this.SUBRULE1(this.literal);
    if (this.RECORDING_PHASE) return;
    if (!expr) {
      f.out = null;
      return;
    }
    expr.index = f.body.length;
    f.body.push(expr);
    if (this.is(T.Semicolon)) return;
    if (this.is(f.end) || f.requireSemi) {
      f.out = f.body;
      return;
    }
    if (!this.nlBefore()) {
      if (this.pending.length === 0) this.illegal(`expected \\n or ; or ${tokenText(f.end)}`);
      f.out = null;
    }
  }

  // ---------------------------------------------------------------- literals

  private rNeg = false;

  literal = this.RULE('literal', (): Expr | null => {
    const loc = this.RECORDING_PHASE ? undefined : this.loc();
    if (!this.RECORDING_PHASE && isKeywordToken(this.tk())) {
      // A keyword followed directly by `.` or `[` starts a ref (`not.x`): an expression.
      const nxt = this.peekWS();
      if (nxt === T.Dot || nxt === T.LBrack) this.tok = T.Ident;
    }
    const negated = this.OPTION(this.notKw) === true;
    let expr: Expr | null | undefined;
    if (this.RECORDING_PHASE || (negated && this.notBodies && this.is(T.LBrace))) expr = this.OPTION1(this.notBody);
    if (expr === undefined || this.RECORDING_PHASE) {
      this.rNeg = negated;
      expr = this.OR(this.literalAlts);
    }
    if (expr && !this.RECORDING_PHASE) expr.location = this.withEnd(loc!, this.lastEnd);
    return expr ?? null;
  });

  /** `not` (OPA's isNegatedExpression: unless `.` or `[` follows, then it is a name). */
  private notKw = (): boolean => {
    this.eat(1, T.Not, false);
    return true;
  };

  /** `not { body }` (with `future.keywords.not`). */
  private notBody = (): Expr | null => {
    const loc = this.RECORDING_PHASE ? undefined : this.loc();
    this.eat(2, T.LBrace, false);
    const body = this.SUBRULE(this.body, TO_RBRACE);
    if (body === null && !this.RECORDING_PHASE) return null;
    this.eat(3, T.RBrace, false);
    const expr = this.RECORDING_PHASE ? null : newExpr({ type: 'not', body: body!, location: this.withEnd(loc!, this.lastEnd) }, cloneLoc(loc!));
    const w = this.OPTION2(this.withsAt0);
    if (w === null && !this.RECORDING_PHASE) return null;
    if (w && expr) expr.with = w;
    return expr;
  };

  private literalAlts: OrMethodOpts<Expr | null> = ordered([
    {
      ALT: () => {
        if (this.rNeg && !this.RECORDING_PHASE) {
          this.illegal("illegal negation of 'some'");
          return null;
        }
        return this.SUBRULE(this.some);
      },
    },
    {
      ALT: () => {
        if (this.rNeg && !this.RECORDING_PHASE) {
          this.illegal("illegal negation of 'every'");
          return null;
        }
        return this.SUBRULE(this.every);
      },
    },
    { ALT: () => this.literalExpr(this.rNeg) },
  ]);

  private literalExpr(negated: boolean): Expr | null {
    // Saved only for the v0 `every` hint below (a literal that is just the name `every`).
    const s = !this.RECORDING_PHASE && !this.v1 && this.is(T.Ident) && this.lit === 'every' ? this.save() : undefined;
    const expr = this.expr();
    if (expr === null && !this.RECORDING_PHASE) return null;
    const w = this.OPTION3(this.withsAt1);
    if (this.RECORDING_PHASE) return null;
    if (w === null) return null;
    if (w) expr!.with = w;
    if (!this.v1) {
      // Hint when `every x in xs { … }` was written without importing the keyword.
      if (s && expr!.terms.type === 'term' && expr!.terms.term.type === 'var' && expr!.terms.term.value === 'every') {
        const t = this.save();
        this.restore(s);
        let hint = false;
        const prev = this.kw;
        this.kw = new Map([...prev, ...FUTURE_KEYWORDS_V0]);
        const prevCache = this.cache;
        this.cache = [];
        try {
          this.tok = this.kindAt(this.i);
          const e = this.every();
          hint = !!e && e.terms.type === 'every';
        } finally {
          this.kw = prev;
          this.cache = prevCache;
        }
        this.restore(t);
        if (hint) this.hint('`import future.keywords.every` for `every x in xs { ... }` expressions');
      }
    }
    expr!.negated = negated;
    return expr;
  }

  /** `with …` as an option's body, at two sites of a rule. */
  private withsAt0 = (): With[] | null => this.SUBRULE(this.withs);
  private withsAt1 = (): With[] | null => this.SUBRULE1(this.withs);

  /** `with target as value …` (at least one): the list, or null after an error. */
  withs = this.RULE('withs', (): With[] | null => {
    const withs: With[] = [];
    let out: With[] | null | undefined;
    this.AT_LEAST_ONE({
      GATE: () => out === undefined,
      DEF: () => {
        const loc = this.RECORDING_PHASE ? undefined : this.loc();
        this.eat(1, T.With, false);
        if (!this.RECORDING_PHASE && !this.is(T.Ident)) {
          this.illegal('expected ident');
          out = null;
          return;
        }
        const target = this.SUBRULE(this.term);
        if (!this.RECORDING_PHASE) {
          if (!target) {
            out = null;
            return;
          }
          if (target.type !== 'ref' && target.type !== 'var') this.illegal('expected with target path');
          if (!this.is(T.As)) {
            this.illegal('expected as keyword');
            out = null;
            return;
          }
        }
        this.eat(2, T.As, false);
        const value = this.infix(0, true);
        if (this.RECORDING_PHASE) return;
        if (!value) {
          out = null;
          return;
        }
        withs.push({ type: 'with', target: target!, value, location: this.withEnd(loc!, this.lastEnd) });
        if (!this.is(T.With)) out = withs;
      },
    });
    return out ?? null;
  });

  some = this.RULE('some', (): Expr | null => {
    const loc = this.RECORDING_PHASE ? undefined : this.loc();
    const decl: SomeDecl = { type: 'some', symbols: [], location: loc! };
    const s = this.RECORDING_PHASE ? undefined : this.save();
    this.eat(1, T.Some, false);
    const term = this.infix(0, true);
    if (this.RECORDING_PHASE) {
      this.OPTION(this.withsAt0);
    } else if (term && term.type === 'call') {
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
      decl.location = this.withEnd(loc!, this.lastEnd);
      const expr = newExpr(decl, cloneLoc(decl.location));
      const w = this.OPTION(this.withsAt0);
      if (w === null) return null;
      if (w) expr.with = w;
      return expr;
    }
    if (!this.RECORDING_PHASE) {
      this.restore(s!);
      if (!this.v1) this.someHint();
    }
    // `some x, y`: the keyword again, then names.
    this.eat(2, T.Some, false);
    let out: boolean | undefined;
    const name = (idx: number) => {
      if (!this.RECORDING_PHASE && !this.is(T.Ident)) {
        this.illegal('expected var');
        out = false;
        return;
      }
      if (!this.RECORDING_PHASE) decl.symbols.push(varTerm(this.lit === '_' ? this.genWildcard() : this.lit, this.loc()));
      this.eat(idx, T.Ident, false);
      if (!this.RECORDING_PHASE && !this.is(T.Comma)) out = true;
    };
    name(3);
    this.MANY({
      GATE: () => out === undefined,
      DEF: () => {
        this.eat(4, T.Comma, false);
        name(5);
      },
    });
    if (this.RECORDING_PHASE || !out) return null;
    decl.location = this.withEnd(loc!, this.lastEnd);
    return newExpr(decl, cloneLoc(decl.location));
  });

  /** v0: hint when `some x in xs` was written without importing the keyword (a trial parse). */
  private someHint(): void {
    const s2 = this.save();
    let hint = false;
    this.scan();
    const prev = this.kw;
    const prevCache = this.cache;
    this.kw = new Map([...prev, ...FUTURE_KEYWORDS_V0]);
    this.cache = [];
    try {
      this.tok = this.kindAt(this.i);
      const t = this.infixCall(true);
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

  every = this.RULE('every', (): Expr | null => {
    const loc = this.RECORDING_PHASE ? undefined : this.loc();
    this.eat(1, T.Every, false);
    const term = this.infix(0, true);
    let key: Term | null = null;
    let value: Term | undefined;
    let domain: Term | undefined;
    if (!this.RECORDING_PHASE) {
      if (!term) return null;
      if (term.type !== 'call') {
        this.illegal('expected `x[, y] in xs { ... }` expression');
        return null;
      }
      const op = refName(term.value[0]!);
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
      if (!this.is(T.LBrace)) {
        this.illegal('missing body');
        return null;
      }
    }
    this.eat(2, T.LBrace, false);
    const body = this.SUBRULE(this.body, TO_RBRACE);
    if (body === null && !this.RECORDING_PHASE) return null;
    this.eat(3, T.RBrace, false);
    const every: Every | null = this.RECORDING_PHASE ? null : { type: 'every', key, value: value!, domain: domain!, body: body!, location: this.withEnd(loc!, this.lastEnd) };
    const expr = every ? newExpr(every, cloneLoc(every.location)) : null;
    const w = this.OPTION(this.withsAt0);
    if (this.RECORDING_PHASE) return null;
    if (w === null) return null;
    if (w) expr!.with = w;
    return expr;
  });

  private assignAlts: IOrAlt<RefTerm | null>[] = [
    { ALT: () => this.assignOp(1, T.Assign) },
    { ALT: () => this.assignOp(2, T.Unify) },
  ];

  private assignOp(idx: number, k: T): RefTerm | null {
    const op = this.RECORDING_PHASE ? null : opRef(tokenText(k), this.loc());
    this.eat(idx, k, false);
    return op;
  }

  private assignment = (): RefTerm | null => this.or(5, this.assignAlts);

  /** An expression, `x := y` or `x = y` (a method inside the rule `literal`). */
  private expr(): Expr | null {
    const start = this.RECORDING_PHASE ? undefined : this.loc();
    const lhs = this.infix(0, true);
    if (lhs === null && !this.RECORDING_PHASE) return null;
    const op = this.option(4, this.assignment);
    if (op !== undefined || this.RECORDING_PHASE) {
      const rhs = this.infix(1, true);
      if (this.RECORDING_PHASE) return null;
      if (!rhs) return null;
      return newExpr({ type: 'call', operator: op!, args: [lhs!, rhs] }, start!);
    }
    if (lhs!.type === 'call') {
      const [operator, ...args] = lhs!.value;
      return newExpr({ type: 'call', operator: operator as RefTerm, args }, start!);
    }
    return newExpr({ type: 'term', term: lhs! }, start!);
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

let instance: RegoParser | undefined;

/** Parses a source's statements with the (once built) parser. */
export function parseStatements(src: string, opts: ParserOptions): ParsedStatements {
  return (instance ??= new RegoParser()).parse(src, opts);
}
