/**
 * The term grammar of Rego as Chevrotain rules: infix calls (`in`, `x, y in z`, relations,
 * `| & + - * / %`), scalars, template strings, variables, refs, calls, parentheses, arrays,
 * sets, objects and comprehensions. It follows the control flow of OPA's parser: the same input
 * takes the same path and fails at the same token.
 *
 * Decisions are Chevrotain's own LL(1) lookahead over the token the cursor reports (keywords and
 * whitespace adjacency come from the cursor, see `token-cursor.ts`), in OPA's order: the first
 * alternative that claims a token wins, and a path where OPA reports an error without consuming
 * records "any token" (`placeholder`) so that it is the default. A decision that depends on an
 * earlier result (OPA's `if lhs == nil { return nil }`) is a plain early return before the next
 * grammar element, taken only outside the recording phase; `GATE`s remain where OPA loops on a
 * condition of its own. Trial parses save and restore the cursor. Chevrotain's recovery is off
 * and every `CONSUME` sits behind the check OPA makes, so none fails.
 *
 * Performance (Chevrotain's documented remedy for embedded-actions parsers): the arrays of
 * alternatives, option bodies and sub-rule arguments are built once per parser, not per rule
 * call; their closures read parser fields set right before the decision (`r*` registers: a
 * decision runs its alternative before any nested rule can overwrite them) or a frame on a
 * stack, instead of captured locals; semantic code is plain code guarded by `RECORDING_PHASE`
 * rather than `ACTION` closures.
 */
import type { IOrAlt, OrMethodOpts, ParserMethod, SubruleMethodOpts } from 'chevrotain';
import type { Location } from '../ast/location.js';
import type { Term, RefTerm, VarTerm, StringTerm, TemplateExprPart } from '../ast/terms.js';
import type { Body, Expr } from '../ast/expr.js';
import { T, tokenText, isKeywordToken } from '../lexer/tokens.js';
import { numberWithinLimits, templatePartText, unquoteString } from './literals.js';
import { boolTerm, callTerm, cloneLoc, dottedOpRef, opRef, refName, refTerm, stringTerm, typeName, varTerm } from './nodes.js';
import { TokenCursor, type CursorState } from './token-cursor.js';

const isRelation = (t: T) => t === T.Equal || t === T.Neq || t === T.Lt || t === T.Gt || t === T.Lte || t === T.Gte;
const isOrOp = (t: T) => t === T.Or;
const isAndOp = (t: T) => t === T.And;
const isArithOp = (t: T) => t === T.Add || t === T.Sub;
const isFactorOp = (t: T) => t === T.Mul || t === T.Quo || t === T.Rem;

/** Sub-rule arguments that never change: shared, so that no call allocates them. */
type Args<A extends unknown[]> = SubruleMethodOpts<A>;
const IN_KEYVAL: Args<[Term | null, boolean]> = { ARGS: [null, true] };
const IN_LIST: Args<[Term | null, boolean]> = { ARGS: [null, false] };
const TO_RBRACE: Args<[T]> = { ARGS: [T.RBrace] };
const TO_RBRACK: Args<[T]> = { ARGS: [T.RBrack] };

/**
 * A decision whose alternatives overlap on purpose: the first alternative claiming the token
 * wins (OPA's order), a placeholder alternative last takes the rest.
 */
export function ordered<R>(alts: IOrAlt<R>[]): OrMethodOpts<R> {
  return { IGNORE_AMBIGUITIES: true, DEF: alts };
}

/** One `x op y` level: its operators. */
interface Level {
  isOp: (t: T) => boolean;
  opAlts: IOrAlt<void>[];
}

interface RefFrame {
  ref: Term[];
  loc: Location | undefined;
  /** Set when the ref ends inside the loop (after a call, or null on an error). */
  out: Term | null | undefined;
}

interface ListFrame {
  end: T;
  r: Term[];
  out: Term[] | null | undefined;
}

interface PairFrame {
  end: T;
  r: Array<[Term, Term]>;
  out: Array<[Term, Term]> | null | undefined;
}

interface TemplateFrame {
  loc: Location | undefined;
  /** A raw (backquoted) template. */
  raw: boolean;
  parts: Array<StringTerm | TemplateExprPart>;
  out: Term | null | undefined;
}

export abstract class TermParser extends TokenCursor {
  /** A body up to `end` (not consumed): OPA's `parseBody`. */
  abstract body: ParserMethod<[T], Body | null>;
  /** One literal (OPA's `parseLiteral`), for template-string expressions. */
  abstract literal: ParserMethod<[], Expr | null>;

  // ------------------------------------------------------------ registers (see the file comment)
  private rLhs: Term | null = null;
  private rLevel = 0;
  private rKeyVal = true;
  private rLoc: Location | undefined;
  private rSave: CursorState | undefined;
  private rUnary: Location | undefined;
  protected rHead: Term | null = null;
  private rOp: RefTerm | null = null;
  private rPc = true;
  private rEnd: T = T.RBrack;
  private rList: Term[] = [];

  /** Alternatives consuming one operator token each (the lookahead picks by the token). */
  private opAlts(kinds: readonly T[], first: number): IOrAlt<void>[] {
    return kinds.map((k, j) => ({ ALT: () => this.eat(first + j, k, false) }));
  }

  // ------------------------------------------------------------ infix terms

  /**
   * OPA's `parseTermInfixCall` (`keyVal`: `x, y in xs` allowed; not inside lists) as the
   * sub-rule `termIn` at occurrence `idx` of the calling rule (one rule call less per term).
   */
  protected infix(idx: number, keyVal: boolean): Term | null {
    this.enter();
    try {
      return this.subrule(idx, this.termIn, keyVal ? IN_KEYVAL : IN_LIST);
    } finally {
      this.leave();
    }
  }

  /** `infix` called directly (outside any rule: the v0 hints' trial parses). */
  protected infixCall(keyVal: boolean): Term | null {
    this.enter();
    try {
      return this.termIn(null, keyVal);
    } finally {
      this.leave();
    }
  }

  termIn = this.RULE('termIn', (lhs0: Term | null, keyVal: boolean): Term | null => {
    this.enter();
    try {
      const lhs = lhs0 ?? this.level(0, null);
      if (lhs === null && !this.RECORDING_PHASE) return null;
      // `x, y in xs`: a trial parse, abandoned (with its errors) unless it completes.
      if (keyVal || this.RECORDING_PHASE) {
        this.rLhs = lhs;
        this.rKeyVal = keyVal;
        const r = this.OPTION(this.triple);
        if (r !== undefined && r !== null && !this.RECORDING_PHASE) return r;
      }
      if (!this.RECORDING_PHASE) this.scanAheadRef();
      this.rLhs = lhs;
      this.rKeyVal = keyVal;
      return this.OPTION1(this.member) ?? lhs;
    } finally {
      this.leave();
    }
  });

  /** `, y in xs` after `x` (the comma checked by the lookahead): the call, or null (restored). */
  private triple = (): Term | null => {
    const lhs = this.rLhs!;
    const keyVal = this.rKeyVal;
    const s = this.RECORDING_PHASE ? undefined : this.save();
    this.eat(1, T.Comma, false);
    const mhs = this.RECORDING_PHASE ? null : this.level(0, null);
    if (!this.RECORDING_PHASE && (mhs === null || !this.is(T.In))) {
      this.restore(s!);
      return null;
    }
    const op = this.RECORDING_PHASE ? null : dottedOpRef('internal.member_3', this.loc());
    this.eat(2, T.In, false);
    const rhs = this.RECORDING_PHASE ? null : this.level(0, null);
    if (this.RECORDING_PHASE) return null;
    if (rhs === null) {
      this.restore(s!);
      return null;
    }
    const call = callTerm([op!, lhs, mhs!, rhs], this.withEnd(lhs.location, this.lastEnd));
    return this.is(T.In) ? this.termIn(call, keyVal) : call;
  };

  /** `in xs` after `x` (the `in` checked by the lookahead); a failed operand leaves `x`. */
  private member = (): Term | null => {
    const lhs = this.rLhs!;
    const keyVal = this.rKeyVal;
    const op = this.RECORDING_PHASE ? null : dottedOpRef('internal.member_2', this.loc());
    this.eat(3, T.In, false);
    const rhs = this.RECORDING_PHASE ? null : this.level(0, null);
    if (this.RECORDING_PHASE || rhs === null) return lhs;
    const call = callTerm([op!, lhs, rhs], this.withEnd(lhs.location, this.lastEnd));
    return this.is(T.In) ? this.termIn(call, keyVal) : call;
  };

  /**
   * The levels below `in`, loosest first: an operand of the next tighter level, then optionally
   * `op operand`, recursing with the call as the left operand while another operator of the
   * same level follows, as OPA's parser does (so that depth and error tokens match). A failed
   * right operand leaves the left one as the result (its error is pending), as in OPA.
   */
  private readonly levels: Level[] = [
    { isOp: isRelation, opAlts: this.opAlts([T.Equal, T.Neq, T.Lt, T.Gt, T.Lte, T.Gte], 10) },
    { isOp: isOrOp, opAlts: this.opAlts([T.Or], 10) },
    { isOp: isAndOp, opAlts: this.opAlts([T.And], 10) },
    { isOp: isArithOp, opAlts: this.opAlts([T.Add, T.Sub], 10) },
    { isOp: isFactorOp, opAlts: this.opAlts([T.Mul, T.Quo, T.Rem], 10) },
  ];

  /**
   * Level `lv` (OPA's parseTermRelation, -Or, -And, -Arith, -Factor): plain methods inside the
   * rule `termIn`, not rules of their own — five rule calls less per operand, which is most of
   * Chevrotain's cost on expressions. Their decisions are `termIn`'s (occurrences 10 + level);
   * the grammar records each level once, along the left operands (`term` at the innermost);
   * the nested calls for right operands take the same decisions again at run time.
   */
  private level(lv: number, lhs0: Term | null): Term | null {
    this.enter();
    try {
      const lhs = lhs0 ?? (lv < 4 ? this.level(lv + 1, null) : this.SUBRULE(this.term));
      if (lhs === null && !this.RECORDING_PHASE) return null;
      this.rLhs = lhs;
      this.rLevel = lv;
      return this.option(10 + lv, this.levelTails[lv]!) ?? lhs;
    } finally {
      this.leave();
    }
  }

  /** `op operand` after the left operand `rLhs` of level `rLevel` (the operator checked by the lookahead). */
  private levelTail(): Term | null {
    const lhs = this.rLhs!;
    const lv = this.rLevel;
    const level = this.levels[lv]!;
    const op = this.RECORDING_PHASE ? null : opRef(tokenText(this.tk()), this.loc());
    this.or(10 + lv, level.opAlts);
    if (this.RECORDING_PHASE) {
      if (lv === 4) this.SUBRULE1(this.term);
      return null;
    }
    const rhs = lv < 4 ? this.level(lv + 1, null) : this.SUBRULE1(this.term);
    if (rhs === null) return lhs;
    const call = callTerm([op!, lhs, rhs], this.withEnd(lhs.location, this.lastEnd));
    return level.isOp(this.tk()) ? this.level(lv, call) : call;
  }

  private levelTails = [0, 1, 2, 3, 4].map(() => (): Term | null => this.levelTail());

  // ------------------------------------------------------------ primary terms

  /** A scalar keyword token: its term, the token consumed reading on (OPA's parseTermFinish). */
  private keywordScalar(idx: number, k: T): Term | null {
    const loc = this.RECORDING_PHASE ? undefined : this.loc();
    this.eat(idx, k, true);
    if (this.RECORDING_PHASE) return null;
    return k === T.Null ? { type: 'null', location: loc! } : boolTerm(k === T.True, loc!);
  }

  /** `-x` is `0 - x`; otherwise a negative number literal (OPA backs up to the `-`). */
  private minusAlts: OrMethodOpts<Term | null> = ordered([
    {
      ALT: () => {
        const loc = this.rLoc;
        const v = this.variable(0);
        this.rUnary = loc;
        return v;
      },
    },
    {
      ALT: () => {
        this.placeholder(9);
        if (!this.RECORDING_PHASE) this.restore(this.rSave!);
        return this.number(0);
      },
    },
  ]);

  private termAlts: OrMethodOpts<Term | null> = ordered([
    { ALT: () => this.keywordScalar(1, T.Null) },
    { ALT: () => this.keywordScalar(2, T.True) },
    { ALT: () => this.keywordScalar(3, T.False) },
    {
      ALT: () => {
        if (!this.RECORDING_PHASE) {
          this.rLoc = this.loc();
          this.rSave = this.save();
        }
        this.eat(4, T.Sub, false);
        return this.OR1(this.minusAlts);
      },
    },
    { ALT: () => this.number(1) },
    { ALT: () => this.string() },
    { ALT: () => this.SUBRULE(this.template) },
    { ALT: () => this.variable(1) },
    { ALT: () => this.SUBRULE(this.array) },
    { ALT: () => this.SUBRULE(this.setOrObject) },
    {
      ALT: () => {
        this.eat(5, T.LParen, false);
        const r = this.infix(0, true);
        if (r === null && !this.RECORDING_PHASE) return null;
        if (this.OPTION(this.closeParen) === undefined) {
          this.error(this.loc(), 'non-terminated expression');
          return null;
        }
        return r;
      },
    },
    {
      ALT: () => {
        if (!this.RECORDING_PHASE) this.illegal();
        this.placeholder(8);
        return null;
      },
    },
  ]);

  private closeParen = (): boolean => {
    this.eat(6, T.RParen, true);
    return true;
  };

  /**
   * A primary term and what directly follows it (OPA's parseTermInner + parseTermFinish). The
   * primary's last token is consumed reading on without skipping whitespace (the `scanWS` of
   * OPA's parseTermFinish); then `.`, `[` or `(` right after it continue a ref or call.
   */
  term = this.RULE('term', (): Term | null => {
    this.enter();
    try {
      const key = this.ws ? -1 : this.i;
      if (key >= 0 && !this.RECORDING_PHASE) {
        const c = this.cache;
        for (let j = c.length - 1; j >= 0 && c[j]!.i >= key; j--) {
          if (c[j]!.i === key) {
            this.restore(c[j]!.post);
            return c[j]!.term;
          }
        }
      }
      this.rUnary = undefined;
      let t = this.OR(this.termAlts);
      const unaryMinus = this.rUnary;
      this.rUnary = undefined;
      if (t !== null || this.RECORDING_PHASE) {
        this.rHead = t;
        const r = this.OPTION1(this.refAfter);
        if (r !== undefined) t = r;
        else if (!this.RECORDING_PHASE) {
          if (this.is(T.Whitespace)) this.scan();
          if (t!.type === 'var' && (t!.value === 'data' || t!.value === 'input')) t = refTerm([t!], cloneLoc(t!.location));
        }
      }
      if (this.RECORDING_PHASE) return null;
      if (unaryMinus && t) {
        const zero: Term = { type: 'number', value: '0', location: cloneLoc(unaryMinus) };
        t = callTerm([opRef('minus', unaryMinus), zero, t], this.withEnd(unaryMinus, this.lastEnd));
      }
      if (key >= 0) {
        const c = this.cache;
        while (c.length > 0 && c[c.length - 1]!.i >= key) c.pop();
        c.push({ i: key, term: t, post: this.save() });
      }
      return t;
    } finally {
      this.leave();
    }
  });

  private refAfter = (): Term | null => this.SUBRULE(this.ref);

  /**
   * A number literal; OPA's checks run at its last token, before it is consumed. The scalars
   * (numbers, strings, variables) are methods inside the rule `term`, not rules: one rule call
   * less per primary. `site` numbers their places in `term` (distinct grammar occurrences).
   */
  private number(site: 0 | 1): Term | null {
    const loc = this.RECORDING_PHASE ? undefined : this.loc();
    const neg = this.option(2 + 2 * site, this.numberSigns[site]!);
    if (neg === false) return null;
    const dot = this.option(3 + 2 * site, this.numberDots[site]!);
    if (dot === false) return null;
    const text = this.RECORDING_PHASE ? '' : this.checkNumber((neg ? '-' : '') + (dot ? '.' : ''));
    if (text === undefined) return null;
    const end = this.RECORDING_PHASE ? 0 : this.tokEnd();
    this.eat(34 + site, T.Number, true);
    return this.RECORDING_PHASE ? null : { type: 'number', value: text, location: this.withEnd(loc!, end) };
  }

  /** `-` of a number: true, or false after OPA's error when no number follows. */
  private numberSigns = [0, 1].map((site) => (): boolean => {
    this.eat(30 + site, T.Sub, false);
    if (this.RECORDING_PHASE || this.is(T.Number) || this.is(T.Dot)) return true;
    this.illegal('expected number');
    return false;
  });

  private numberDots = [0, 1].map((site) => (): boolean => {
    this.eat(32 + site, T.Dot, false);
    if (this.RECORDING_PHASE || this.is(T.Number)) return true;
    this.illegal('expected number');
    return false;
  });

  /** OPA's checks of a number literal (at its token): the text, or undefined after an error. */
  private checkNumber(prefix: string): string | undefined {
    const lit = this.lit;
    if (!prefix.endsWith('.') && lit.length > 1 && lit[0] === '0') {
      const isDec = lit[1] === '.';
      const isSci = lit.length > 2 && (lit[1] === 'e' || lit[1] === 'E');
      if (!isDec && !isSci) {
        this.illegal('expected number without leading zero');
        return undefined;
      }
    }
    const text = prefix + lit;
    if (!/^-?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
      this.illegal('invalid float');
      return undefined;
    }
    if (!numberWithinLimits(text)) {
      this.error(this.loc(), 'number too big');
      return undefined;
    }
    return text;
  }

  private string(): Term | null {
    let t: Term | null = null;
    if (!this.RECORDING_PHASE) {
      const lit = this.lit;
      const loc = this.loc();
      if (lit[0] === '"') {
        const v = unquoteString(lit);
        if (v === undefined) {
          this.error(loc, `illegal string literal: ${lit}`);
          return null;
        }
        t = { type: 'string', value: v, location: loc };
      } else {
        if (lit.length < 2) return null;
        t = { type: 'string', value: lit.slice(1, -1), raw: true, location: loc };
      }
    }
    this.eat(40, T.String, true);
    return t;
  }

  // ------------------------------------------------------------ template strings

  private templateStack: TemplateFrame[] = [];
  private get templateTop(): TemplateFrame {
    return this.templateStack[this.templateStack.length - 1]!;
  }

  /** `$"…{expr}…"`: its parts in turn; the final part is consumed reading on. */
  template = this.RULE('template', (): Term | null => {
    const loc = this.RECORDING_PHASE ? undefined : this.loc();
    if (!this.RECORDING_PHASE && !this.v1) {
      this.error(loc!, 'template strings are not supported by current capabilities');
      return null;
    }
    const f: TemplateFrame = { loc, parts: [], out: undefined, raw: this.OR(this.templateStartAlts) };
    this.templateStack.push(f);
    try {
      this.MANY(this.templateLoop);
    } finally {
      this.templateStack.pop();
    }
    return f.out ?? null;
  });

  /** Which kind of template starts here (its first part, consumed by the loop). */
  private templateStartAlts: IOrAlt<boolean>[] = [
    { ALT: () => (this.lookahead(10, T.TemplateStringPart), false) },
    { ALT: () => (this.lookahead(11, T.TemplateStringEnd), false) },
    { ALT: () => (this.lookahead(12, T.RawTemplateStringPart), true) },
    { ALT: () => (this.lookahead(13, T.RawTemplateStringEnd), true) },
  ];

  private templateLoop = {
    GATE: () => this.templateTop.out === undefined,
    DEF: () => this.OR1(this.templateAlts),
  };

  /** The current part's text (pushed when not empty), or undefined after OPA's error. */
  private templateText(f: TemplateFrame): string | undefined {
    const tok = this.tk();
    const raw = tok === T.RawTemplateStringPart || tok === T.RawTemplateStringEnd;
    const text = templatePartText(this.lit, raw);
    if (text === undefined) {
      this.error(this.loc(), raw ? 'expected template-string part' : `illegal template-string part: ${this.lit}`);
      f.out = null;
      return undefined;
    }
    if (text.length > 0) f.parts.push(stringTerm(text, this.loc()));
    return text;
  }

  private templateExprPart(idx: number, k: T): void {
    const f = this.templateTop;
    if (!this.RECORDING_PHASE && this.templateText(f) === undefined) return;
    this.eat(idx, k, false);
    const expr = idx === 1 ? this.SUBRULE(this.literal) : this.SUBRULE1(this.literal);
    if (this.RECORDING_PHASE) {
      this.eat(idx + 1, T.RBrace, true);
      return;
    }
    const part = expr ? this.templatePart(expr) : (this.error(this.loc(), 'invalid template-string expression'), null);
    if (!part) {
      f.out = null;
      return;
    }
    f.parts.push(part);
    if (!this.is(T.RBrace)) {
      this.error(this.loc(), 'expected } to end template string expression');
      f.out = null;
      return;
    }
    this.eat(idx + 1, T.RBrace, true); // the scanner put the continuation part right after `}`
    if (this.is(T.Whitespace)) this.scan();
  }

  /** An embedded expression as a template part, or null after OPA's error. */
  private templatePart(expr: Expr): TemplateExprPart | null {
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
    return part;
  }

  private templateEnd(idx: number, k: T): void {
    const f = this.templateTop;
    if (!this.RECORDING_PHASE && this.templateText(f) === undefined) return;
    const end = this.RECORDING_PHASE ? 0 : this.tokEnd();
    this.eat(idx, k, true);
    if (!this.RECORDING_PHASE) f.out = { type: 'templatestring', value: { parts: f.parts, raw: f.raw }, location: this.withEnd(f.loc!, end) };
  }

  private templateAlts: OrMethodOpts<void> = ordered([
    { ALT: () => this.templateExprPart(1, T.TemplateStringPart) },
    { ALT: () => this.templateExprPart(3, T.RawTemplateStringPart) },
    { ALT: () => this.templateEnd(5, T.TemplateStringEnd) },
    { ALT: () => this.templateEnd(6, T.RawTemplateStringEnd) },
    {
      ALT: () => {
        if (!this.RECORDING_PHASE) {
          this.error(this.loc(), 'expected template-string part');
          this.templateTop.out = null;
        }
        this.placeholder(7);
      },
    },
  ]);

  // ------------------------------------------------------------ variables

  private variableAlts: IOrAlt<void>[][] = [0, 1].map((site) => [
    { ALT: () => this.eat(20 + site, T.Ident, true) },
    { ALT: () => this.eat(22 + site, T.Contains, true) },
  ]);

  /** A variable (`_` is a fresh wildcard); `contains` is a name where no rule head can follow. */
  private variable(site: 0 | 1): VarTerm {
    let v: VarTerm | undefined;
    if (!this.RECORDING_PHASE) {
      const lit = this.lit;
      v = varTerm(lit === '_' ? this.genWildcard() : lit, this.loc());
    }
    this.or(2 + site, this.variableAlts[site]!);
    return v!;
  }

  // ------------------------------------------------------------ arrays

  /** `]` of an array with `terms`, consumed reading on (OPA's parseTermFinish). */
  private closeArray(idx: number, loc: Location | undefined, terms: Term[] | null): Term | null {
    if (terms === null && !this.RECORDING_PHASE) return null;
    const end = this.RECORDING_PHASE ? 0 : this.tokEnd();
    this.eat(idx, T.RBrack, true);
    return this.RECORDING_PHASE ? null : { type: 'array', value: terms!, location: this.withEnd(loc!, end) };
  }

  private arrayAlts: OrMethodOpts<Term | null> = ordered([
    { ALT: () => this.closeArray(2, this.rLoc, []) },
    { ALT: () => this.listHead(this.arrayRestAlts) },
  ]);

  /**
   * The first element of an array, set or object (after a stray comma, which OPA reports), then
   * the rest of the list; the state the rest needs is handed over in parser fields.
   */
  private listHead(rest: OrMethodOpts<Term | null>): Term | null {
    const loc = this.rLoc;
    const pc = this.OPTION(this.leadingComma) === undefined;
    const s = this.RECORDING_PHASE ? undefined : this.save();
    const head = this.SUBRULE(this.term);
    if (head === null && !this.RECORDING_PHASE) return null;
    this.rLoc = loc;
    this.rHead = head;
    this.rSave = s;
    this.rPc = pc;
    return this.OR1(rest);
  }

  private leadingComma = (): boolean => {
    this.eat(4, T.Comma, false);
    return true;
  };

  /** The list parsed again from the first element as full terms (OPA's fallback). */
  private arrayAgain(idx: 0 | 1, loc: Location | undefined, s: CursorState | undefined): Term | null {
    if (!this.RECORDING_PHASE) this.restore(s!);
    this.rEnd = T.RBrack;
    this.rList = [];
    const terms = idx === 0 ? this.SUBRULE1(this.termList) : this.SUBRULE2(this.termList);
    return this.closeArray(idx === 0 ? 10 : 11, loc, terms);
  }

  /** After the first element (parsed as a plain term): `]`, `,`, `|` or a restart as full terms. */
  private arrayRestAlts: OrMethodOpts<Term | null> = ordered([
    { ALT: () => this.closeArray(5, this.rLoc, [this.rHead!]) },
    {
      ALT: () => {
        const loc = this.rLoc;
        const head = this.rHead!;
        this.eat(7, T.Comma, false);
        this.rEnd = T.RBrack;
        this.rList = this.RECORDING_PHASE ? [] : [head];
        return this.closeArray(8, loc, this.SUBRULE(this.termList));
      },
    },
    {
      ALT: () => {
        const loc = this.rLoc;
        const head = this.rHead!;
        const s = this.rSave;
        if (this.rPc || this.RECORDING_PHASE) {
          this.eat(13, T.Or, false);
          const body = this.SUBRULE(this.body, TO_RBRACK);
          if (body !== null && !this.RECORDING_PHASE) {
            const end = this.tokEnd();
            this.eat(14, T.RBrack, true);
            return { type: 'arraycomprehension', value: { term: head, body }, location: this.withEnd(loc!, end) };
          }
          if (!this.RECORDING_PHASE && !this.is(T.Comma)) return null;
          if (this.RECORDING_PHASE) this.eat(14, T.RBrack, true);
        }
        return this.arrayAgain(1, loc, s);
      },
    },
    {
      ALT: () => {
        this.placeholder(12);
        return this.arrayAgain(0, this.rLoc, this.rSave);
      },
    },
  ]);

  /**
   * `[a, b]` and `[x | body]`. As OPA: the first element is parsed as a plain term, kept when
   * `]` or `,` follows, tried as a comprehension's term at `|`, else the list is parsed again
   * from it as full terms.
   */
  array = this.RULE('array', (): Term | null => {
    this.enter();
    try {
      const loc = this.RECORDING_PHASE ? undefined : this.loc();
      this.eat(1, T.LBrack, false);
      this.rLoc = loc;
      return this.OR(this.arrayAlts);
    } finally {
      this.leave();
    }
  });

  // ------------------------------------------------------------ sets and objects

  /**
   * `{…}`: an object, a set or a comprehension, decided as OPA does (first element as a plain
   * term, then as a full term). The closing `}` is consumed here, reading on.
   */
  setOrObject = this.RULE('setOrObject', (): Term | null => {
    this.enter();
    try {
      const loc = this.RECORDING_PHASE ? undefined : this.loc();
      this.eat(1, T.LBrace, false);
      this.rLoc = loc;
      const t = this.OR(this.braceAlts);
      if (t === null && !this.RECORDING_PHASE) return null;
      const end = this.RECORDING_PHASE ? 0 : this.tokEnd();
      this.eat(2, T.RBrace, true);
      if (this.RECORDING_PHASE) return null;
      t!.location = this.withEnd(loc!, end);
      return t;
    } finally {
      this.leave();
    }
  });

  private braceAlts: OrMethodOpts<Term | null> = ordered([
    {
      ALT: () => {
        // `{}` is an empty object; its `}` is consumed by the rule.
        this.lookahead(3, T.RBrace);
        return this.RECORDING_PHASE ? null : { type: 'object', value: [], location: this.rLoc! };
      },
    },
    { ALT: () => this.listHead(this.braceRestAlts) },
  ]);

  private braceRestAlts: OrMethodOpts<Term | null> = ordered([
    {
      // `|` after a plain term: a set comprehension where one may start.
      GATE: () => this.rPc,
      ALT: () => this.set(0, this.rSave, this.rHead!, this.rLoc),
    },
    { ALT: () => this.set(1, this.rSave, this.rHead!, this.rLoc) },
    { ALT: () => this.set(2, this.rSave, this.rHead!, this.rLoc) },
    { ALT: () => this.object(0, this.rHead!, this.rPc, this.rLoc) },
    {
      ALT: () => {
        const loc = this.rLoc;
        const pc = this.rPc;
        const s = this.rSave;
        this.placeholder(5);
        if (!this.RECORDING_PHASE) this.restore(s!);
        const head = this.infix(0, false);
        if (head === null && !this.RECORDING_PHASE) return null;
        this.rLoc = loc;
        this.rHead = head;
        this.rSave = s;
        this.rPc = pc;
        return this.OR2(this.braceFullAlts);
      },
    },
  ]);

  private braceFullAlts: OrMethodOpts<Term | null> = ordered([
    { ALT: () => this.set(3, this.rSave, this.rHead!, this.rLoc) },
    { ALT: () => this.set(4, this.rSave, this.rHead!, this.rLoc) },
    { ALT: () => this.object(1, this.rHead!, this.rPc, this.rLoc) },
    {
      ALT: () => {
        if (!this.RECORDING_PHASE) this.illegal('non-terminated set');
        this.placeholder(6);
        return null;
      },
    },
  ]);

  /**
   * OPA's `parseSet` at `}`, `,` or `|` (which one: `occ` 0 is `|`, only where a comprehension
   * may start; 1 and 3 `}`, 2 and 4 `,`; each site is its own occurrence in the grammar). The
   * `}` is not consumed.
   */
  private set(occ: 0 | 1 | 2 | 3 | 4, s: CursorState | undefined, head: Term, loc: Location | undefined): Term | null {
    this.enter();
    try {
      const mk = (value: Term[]): Term => ({ type: 'set', value, location: loc! });
      switch (occ) {
        case 1:
        case 3:
          // `}`: recorded as the lookahead; the rule consumes it.
          this.lookahead(occ === 1 ? 10 : 11, T.RBrace);
          return this.RECORDING_PHASE ? null : mk([head]);
        case 2:
        case 4: {
          this.eat(occ === 2 ? 12 : 13, T.Comma, false);
          this.rEnd = T.RBrace;
          this.rList = this.RECORDING_PHASE ? [] : [head];
          const terms = occ === 2 ? this.SUBRULE(this.termList) : this.SUBRULE1(this.termList);
          return terms && !this.RECORDING_PHASE ? mk(terms) : null;
        }
        default: {
          // `|`: a comprehension, else (at `,` after a failed body) the list parsed again.
          this.eat(14, T.Or, false);
          const body = this.SUBRULE(this.body, TO_RBRACE);
          if (this.RECORDING_PHASE) {
            this.rEnd = T.RBrace;
            this.rList = [];
            this.SUBRULE2(this.termList);
            return null;
          }
          if (body) return { type: 'setcomprehension', value: { term: head, body }, location: loc! };
          if (!this.is(T.Comma)) return null;
          this.restore(s!);
          this.rEnd = T.RBrace;
          this.rList = [];
          const terms = this.SUBRULE2(this.termList);
          return terms ? mk(terms) : null;
        }
      }
    } finally {
      this.leave();
    }
  }

  /** OPA's `parseObject` after the first key (`occ`: its site). The `}` is not consumed. */
  private object(occ: 0 | 1, k: Term, pc: boolean, loc: Location | undefined): Term | null {
    this.enter();
    try {
      this.eat(occ === 0 ? 20 : 21, T.Colon, false);
      const s = this.RECORDING_PHASE ? undefined : this.save();
      const v = occ === 0 ? this.SUBRULE1(this.term) : this.SUBRULE2(this.term);
      if (v === null && !this.RECORDING_PHASE) return null;
      let potentialRelation = true;
      if (!this.RECORDING_PHASE && pc) {
        const tok = this.tk();
        if (tok === T.RBrace || tok === T.Comma || tok === T.Or) {
          if (tok !== T.Or) potentialRelation = false;
          const term = this.objectFinish(occ * 2, k, v!, true, loc);
          if (term) return term;
        }
      }
      if (this.RECORDING_PHASE) this.objectFinish(occ * 2, k, v!, true, loc);
      if (!this.RECORDING_PHASE) this.restore(s!);
      if (potentialRelation) {
        const v2 = occ === 0 ? this.infix(1, false) : this.infix(2, false);
        if (v2 === null && !this.RECORDING_PHASE) return null;
        if (this.RECORDING_PHASE || this.is(T.RBrace) || this.is(T.Comma)) {
          const r = this.objectFinish(occ * 2 + 1, k, v2!, false, loc);
          if (!this.RECORDING_PHASE) return r;
        }
      }
      if (!this.RECORDING_PHASE) this.illegal('non-terminated object');
      return null;
    } finally {
      this.leave();
    }
  }

  /** OPA's `parseObjectFinish` (`site`: its call site, for distinct grammar occurrences). */
  private objectFinish(site: number, key: Term, val: Term, pc: boolean, loc: Location | undefined): Term | null {
    this.enter();
    try {
      this.rLoc = loc;
      this.rHead = key;
      this.rLhs = val;
      this.rPc = pc;
      switch (site) {
        case 0: return this.OR3(this.finishAlts[0]!);
        case 1: return this.OR4(this.finishAlts[1]!);
        case 2: return this.OR5(this.finishAlts[2]!);
        default: return this.OR6(this.finishAlts[3]!);
      }
    } finally {
      this.leave();
    }
  }

  private finishAlts: OrMethodOpts<Term | null>[] = [0, 1, 2, 3].map((site) =>
    ordered<Term | null>([
      {
        ALT: () => {
          this.lookahead(30 + site, T.RBrace);
          return this.RECORDING_PHASE ? null : { type: 'object', value: [[this.rHead!, this.rLhs!]], location: this.rLoc! };
        },
      },
      {
        ALT: () => {
          const loc = this.rLoc;
          const key = this.rHead!;
          const val = this.rLhs!;
          if (!this.rPc && !this.RECORDING_PHASE) {
            this.illegal('non-terminated object');
            return null;
          }
          this.eat(40 + site, T.Or, false);
          const body = this.subrule(1 + site, this.body, TO_RBRACE);
          if (body && !this.RECORDING_PHASE) return { type: 'objectcomprehension', value: { key, value: val, body }, location: loc! };
          return null;
        },
      },
      {
        ALT: () => {
          const loc = this.rLoc;
          const key = this.rHead!;
          const val = this.rLhs!;
          this.eat(50 + site, T.Comma, false);
          const r = this.subrule(3 + site, this.termPairList, { ARGS: [T.RBrace, this.RECORDING_PHASE ? [] : [[key, val]]] });
          return r && !this.RECORDING_PHASE ? { type: 'object', value: r, location: loc! } : null;
        },
      },
      {
        ALT: () => {
          this.placeholder(60 + site);
          return null;
        },
      },
    ]),
  );

  // ------------------------------------------------------------ refs and calls

  /** The refs being built, innermost last (the loop's body reads its own frame). */
  private refStack: RefFrame[] = [];
  private get refTop(): RefFrame {
    return this.refStack[this.refStack.length - 1]!;
  }

  /** `.name`, `[term]` and `(args)` right after a term `rHead` (OPA read them with `scanWS`). */
  ref = this.RULE('ref', (): Term | null => {
    this.enter();
    try {
      const head = this.rHead!;
      const loc = head?.location;
      if (!this.RECORDING_PHASE) {
        switch (head.type) {
          case 'var': case 'array': case 'object': case 'set':
          case 'arraycomprehension': case 'objectcomprehension': case 'setcomprehension': case 'call':
            break;
          default:
            this.error(loc, `illegal ref (head cannot be ${typeName(head)})`);
        }
      }
      const frame: RefFrame = { ref: [head], loc, out: undefined };
      this.refStack.push(frame);
      try {
        this.AT_LEAST_ONE(this.refLoop);
      } finally {
        this.refStack.pop();
      }
      if (this.RECORDING_PHASE) return null;
      if (frame.out !== undefined) return frame.out;
      if (this.is(T.Whitespace)) {
        const end = this.lastEnd;
        this.scan();
        return refTerm(frame.ref, this.withEnd(loc, end));
      }
      return refTerm(frame.ref, this.withEnd(loc, this.lastEnd));
    } finally {
      this.leave();
    }
  });

  private refLoop = {
    GATE: () => this.refTop.out === undefined,
    DEF: () => this.OR(this.refAlts),
  };

  private refAlts: IOrAlt<void>[] = [
    {
      ALT: () => {
        this.eat(1, T.Dot, true);
        // A keyword is a name here (`input.if`): OPA reads it as an identifier.
        if (!this.RECORDING_PHASE && isKeywordToken(this.tk())) this.tok = T.Ident;
        this.OR1(this.refNameAlts);
      },
    },
    {
      ALT: () => {
        this.eat(3, T.LBrack, false);
        const t = this.infix(0, true);
        const f = this.refTop;
        if (!this.RECORDING_PHASE && (t === null || !this.is(T.RBrack))) {
          if (t) this.illegal('expected [');
          f.out = null;
          return;
        }
        this.eat(4, T.RBrack, true);
        if (!this.RECORDING_PHASE) f.ref.push(t!);
      },
    },
    {
      ALT: () => {
        const f = this.refTop;
        this.rOp = this.RECORDING_PHASE ? null : refTerm(f.ref, this.withEnd(f.loc!, this.lastEnd));
        this.rLoc = f.loc;
        const call = this.SUBRULE(this.call);
        if (this.RECORDING_PHASE) return;
        let term = call;
        if (term) {
          if (this.is(T.Whitespace)) {
            this.scan();
            f.out = term;
            return;
          }
          if (this.is(T.Dot) || this.is(T.LBrack)) {
            this.rHead = term;
            term = this.ref();
          }
        }
        f.out = term;
      },
    },
  ];

  private refNameAlts: OrMethodOpts<void> = ordered([
    {
      ALT: () => {
        const name = this.RECORDING_PHASE ? null : stringTerm(this.lit, this.loc());
        this.eat(6, T.Ident, true);
        if (!this.RECORDING_PHASE) this.refTop.ref.push(name!);
      },
    },
    {
      ALT: () => {
        if (!this.RECORDING_PHASE) {
          this.illegal('expected identifier');
          this.refTop.out = null;
        }
        this.placeholder(2);
      },
    },
  ]);

  /** `(args)` after the operator `rOp` (a ref starting at `rLoc`). */
  call = this.RULE('call', (): Term | null => {
    this.enter();
    try {
      const operator = this.rOp!;
      const start = this.rLoc!;
      this.eat(1, T.LParen, false);
      this.rOp = operator;
      this.rLoc = start;
      return this.OR(this.callAlts);
    } finally {
      this.leave();
    }
  });

  private callAlts: OrMethodOpts<Term | null> = ordered([
    {
      ALT: () => {
        const operator = this.rOp!;
        const start = this.rLoc!;
        const end = this.RECORDING_PHASE ? 0 : this.tokEnd();
        this.eat(2, T.RParen, true);
        if (this.RECORDING_PHASE) return null;
        const v0 = operator.value[0]!;
        return operator.value.length === 1 && v0.type === 'var' && v0.value === 'set'
          ? { type: 'set', value: [], location: this.withEnd(start, end) }
          : callTerm([operator], this.withEnd(start, end));
      },
    },
    {
      ALT: () => {
        const start = this.rLoc!;
        this.rEnd = T.RParen;
        this.rList = this.RECORDING_PHASE ? [] : [this.rOp!];
        const r = this.SUBRULE(this.termList);
        if (r === null && !this.RECORDING_PHASE) return null;
        const end = this.RECORDING_PHASE ? 0 : this.tokEnd();
        this.eat(3, T.RParen, true);
        return this.RECORDING_PHASE ? null : callTerm(r!, this.withEnd(start, end));
      },
    },
  ]);

  // ------------------------------------------------------------ lists

  /**
   * Terms up to `rEnd`, comma-separated, a trailing comma allowed, appended to `rList`; the end
   * token is not consumed. Null after an error.
   */
  termList = this.RULE('termList', (): Term[] | null => {
    const f: ListFrame = { end: this.rEnd, r: this.rList, out: undefined };
    if (!this.RECORDING_PHASE && this.is(f.end)) return f.r;
    this.listStack.push(f);
    try {
      this.element(f, 0);
      this.MANY(this.listLoop);
    } finally {
      this.listStack.pop();
    }
    return f.out ?? null;
  });

  /** The lists being parsed, innermost last. */
  private listStack: ListFrame[] = [];
  private get listTop(): ListFrame {
    return this.listStack[this.listStack.length - 1]!;
  }

  private listLoop = {
    GATE: () => this.listTop.out === undefined,
    DEF: () => {
      this.eat(1, T.Comma, false);
      const f = this.listTop;
      if (!this.RECORDING_PHASE && this.is(f.end)) {
        f.out = f.r;
        return;
      }
      this.element(f, 1);
    },
  };

  /** One element: the list ends (`out`) at its end token or on an error, else a comma follows. */
  private element(f: ListFrame, idx: 0 | 1): void {
    const term = idx === 0 ? this.infix(0, false) : this.infix(1, false);
    if (this.RECORDING_PHASE) return;
    if (!term) {
      f.out = null;
      return;
    }
    f.r.push(term);
    if (this.is(f.end)) f.out = f.r;
    else if (!this.is(T.Comma)) {
      this.illegal(`expected "," or "${tokenText(f.end)}"`);
      f.out = null;
    }
  }

  /** `key: value` pairs up to `end` (not consumed), after the pairs `r`. Null after an error. */
  termPairList = this.RULE('termPairList', (end: T, r: Array<[Term, Term]>): Array<[Term, Term]> | null => {
    const f: PairFrame = { end, r, out: undefined };
    if (!this.RECORDING_PHASE && this.is(end)) return r;
    this.pairStack.push(f);
    try {
      this.pair(f, 0);
      this.MANY(this.pairLoop);
    } finally {
      this.pairStack.pop();
    }
    return f.out ?? null;
  });

  private pairStack: PairFrame[] = [];

  private pairLoop = {
    GATE: () => this.pairStack[this.pairStack.length - 1]!.out === undefined,
    DEF: () => {
      this.eat(1, T.Comma, false);
      const f = this.pairStack[this.pairStack.length - 1]!;
      if (!this.RECORDING_PHASE && this.is(f.end)) {
        f.out = f.r;
        return;
      }
      this.pair(f, 1);
    },
  };

  private pair(f: PairFrame, idx: 0 | 1): void {
    const key = idx === 0 ? this.infix(0, false) : this.infix(1, false);
    if (!this.RECORDING_PHASE) {
      if (!key) {
        f.out = null;
        return;
      }
      if (!this.is(T.Colon)) {
        this.illegal('expected ":"');
        f.out = null;
        return;
      }
    }
    this.eat(idx === 0 ? 2 : 3, T.Colon, false);
    const val = idx === 0 ? this.infix(2, false) : this.infix(3, false);
    if (this.RECORDING_PHASE) return;
    if (!val) {
      f.out = null;
      return;
    }
    f.r.push([key!, val]);
    if (this.is(f.end)) f.out = f.r;
    else if (!this.is(T.Comma)) {
      this.illegal(`expected "," or "${tokenText(f.end)}"`);
      f.out = null;
    }
  }
}
