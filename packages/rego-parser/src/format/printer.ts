/**
 * The layout engine behind `format`. It follows opa fmt's decisions: which constructs stay on
 * one line depends on the rows the source used, comments are re-attached by row (before a
 * node, or at the end of the line the node starts on), and collections that spanned several
 * rows are printed one row per source row with trailing commas.
 */
import type {
  Body, CallTerm, Comment, Every, Expr, Head, Import, Location, Module, ObjectTerm, Package,
  RefTerm, Rule, SomeDecl, Term, TemplateStringTerm, With,
} from '../ast/index.js';
import { RegoError } from '../errors.js';
import { SourceText } from './source.js';
import { Writer, UnexpectedComment, commentString, dropping } from './writer.js';
import { INFIX, MEMBER_2, MEMBER_3 } from './operators.js';
import { quoteString, escapeTemplateLiteral, isVarCompatible } from './strings.js';
import { refName, isWildcard, termsEqual, termString } from './terms.js';
import { compareImports, groupImports } from './imports.js';

export interface PrinterOptions {
  /** Print v1 syntax (`if`, `contains`, `:=` for all rule values). */
  regoV1: boolean;
  /** Print `if` before rule bodies (v1, or `if` imported). */
  ifs: boolean;
  /** Print multi-value rules with `contains`. */
  contains: boolean;
  /** Some rule needs ref-head syntax, so all heads are printed as refs. */
  refHeads: boolean;
  /** Keywords that must be bracketed when they appear as ref path elements. */
  keywords: string[];
  allowKeywordsInRefs: boolean;
}

/** A list element to lay out: where it was in the source and how to print it. */
interface Item {
  row: number;
  col: number;
  print(): void;
  /** Holds compiler-generated variables (`__local0__`), whose positions are not trusted. */
  generated?: boolean;
}

const IN_ARITY: Record<string, number> = { [MEMBER_2]: 2, [MEMBER_3]: 3 };

export class Printer {
  private readonly w = new Writer();
  private comments: Comment[] = [];
  private writeCommentOnFinalLine = false;
  /** Row overrides: opa fmt re-homes some values onto another node's row. */
  private readonly rowOverride = new Map<Term, number>();
  /** Source ranges opa fmt uses for a term's text instead of its own (else values). */
  private readonly textOverride = new Map<Term, Location>();
  readonly errors: RegoError[] = [];

  constructor(
    private readonly src: SourceText,
    private readonly opts: PrinterOptions,
  ) {}

  output(): string {
    const out = this.w.buf;
    return out.endsWith('\n') ? out.replace(/\n+$/, '') + '\n' : out;
  }

  // ---- comments -------------------------------------------------------------------------

  private rowOf(t: Term): number {
    return this.rowOverride.get(t) ?? t.location.row;
  }

  /** Print the comments above `row`, and keep the one on `row` for the end of the line. */
  private insertComments(row: number): void {
    // Pending comments are sorted by position: nothing to do if the first is further down.
    if (this.comments.length === 0 || this.comments[0]!.location.row > row) return;
    const before: Comment[] = [];
    const after: Comment[] = [];
    let at: Comment | null = null;
    for (const c of this.comments) {
      const d = c.location.row - row;
      if (d < 0) before.push(c);
      else if (d > 0) after.push(c);
      else at = c;
    }
    this.comments = after;
    this.writeComments(before);
    if (before.length > 0 && row - before[before.length - 1]!.location.row > 1) this.w.blankLine();
    this.w.beforeLineEnd(at);
  }

  private writeComments(comments: Comment[]): void {
    let inMetadata = false;
    comments.forEach((c, i) => {
      if (i > 0) {
        const prev = comments[i - 1]!;
        const d = c.location.row - prev.location.row || c.location.col - prev.location.col;
        if (d > 1) {
          this.w.blankLine();
          inMetadata = false;
        } else if (d === 1 && inMetadata && isMetadataComment(c)) {
          this.w.blankLine();
        }
      }
      if (isMetadataComment(c)) inMetadata = true;
      this.w.writeLine(commentString(c));
    });
  }

  /** Run `fn` with no comments pending (package/import paths are printed without them). */
  private withoutComments(fn: () => void): void {
    const saved = this.comments;
    this.comments = [];
    try {
      fn();
    } finally {
      this.comments = saved;
    }
  }

  /** Fall back to the node's source text (used when comments sit inside a one-line list). */
  private writeUnformatted(loc: Location, fallback: string): void {
    const text = this.src.text(loc);
    this.w.write(text || fallback);
    const lastRow = loc.row + (text.match(/\n/g)?.length ?? 0);
    const kept: Comment[] = [];
    for (const c of this.comments) {
      if (this.writeCommentOnFinalLine && c.location.row === lastRow) {
        this.w.write(' ' + (this.src.text(c.location) || commentString(c)));
        continue;
      }
      if (c.location.row < lastRow) continue;
      kept.push(c);
    }
    this.comments = kept;
  }

  // ---- module ---------------------------------------------------------------------------

  writeModule(module: Module, imports: Import[]): void {
    this.comments = [...module.comments]
      .map((c) => ({ ...c, text: c.text.replace(/\s+$/u, '') }))
      .sort((a, b) => a.location.row - b.location.row || a.location.col - b.location.col);
    const others: Array<Import | Rule> = [...imports, ...module.rules].sort(
      (a, b) => a.location.row - b.location.row || a.location.col - b.location.col,
    );
    this.writePackage(module.package);
    let i = 0;
    while (i < others.length) {
      const imps: Import[] = [];
      while (i < others.length && others[i]!.type === 'import') imps.push(others[i++] as Import);
      if (imps.length) this.writeImports(imps);
      const rules: Rule[] = [];
      while (i < others.length && others[i]!.type === 'rule') rules.push(others[i++] as Rule);
      if (rules.length) this.writeRules(rules);
    }
    const rest = this.comments;
    this.comments = [];
    rest.forEach((c, j) => {
      this.w.writeLine(commentString(c));
      if (j === rest.length - 1) this.w.write('\n');
    });
  }

  private writePackage(pkg: Package): void {
    this.insertComments(pkg.location.row);
    this.w.startLine();
    const path = pkg.path.value;
    const first = path[1];
    if (!first || first.type !== 'string') {
      this.errors.push(new RegoError('rego_format_error', `invalid package path: ${termString(pkg.path)}`, pkg.location));
      return;
    }
    this.w.write('package ');
    this.withoutComments(() => {
      this.writeRefTerms([{ type: 'var', value: first.value, location: first.location }, ...path.slice(2)]);
    });
    this.w.blankLine();
  }

  private writeImports(imports: Import[]): void {
    // A comment on an import's row belongs to that import.
    const attached = new Map<Import, Comment>();
    const rest: Comment[] = [];
    for (const c of this.comments) {
      const imp = imports.find((i) => i.location.row === c.location.row);
      if (imp) attached.set(imp, c);
      else rest.push(c);
    }
    this.comments = rest;
    for (const group of groupImports(imports)) {
      this.insertComments(group[0]!.location.row);
      for (const imp of [...group].sort(compareImports)) {
        this.w.startLine();
        this.w.write('import ');
        this.withoutComments(() => {
          if (imp.path.value[0]?.type === 'var' && imp.path.value[0].value === 'future') {
            const saved = this.opts.keywords;
            this.opts.keywords = [];
            this.writeRefTerms(imp.path.value);
            this.opts.keywords = saved;
          } else {
            this.writeRefTerms(imp.path.value);
          }
        });
        if (imp.alias) this.w.write(` as ${imp.alias}`);
        const c = attached.get(imp);
        if (c) this.w.write(' ' + commentString(c));
        this.w.endLine();
      }
      this.w.blankLine();
    }
  }

  // ---- rules ----------------------------------------------------------------------------

  private groupableOneLiner(rule: Rule): boolean {
    if (rule.body.length > 1 || rule.default) return false;
    return (this.opts.regoV1 || this.opts.ifs) && (this.opts.contains || rule.head.value !== undefined);
  }

  private writeRules(rules: Rule[]): void {
    rules.forEach((rule, i) => {
      try {
        this.insertComments(rule.location.row);
      } catch (e) {
        if (!(e instanceof UnexpectedComment)) throw e;
      }
      try {
        this.writeRule(rule, false);
      } catch (e) {
        if (!(e instanceof UnexpectedComment)) throw e;
        this.comments = []; // opa fmt loses the remaining comments here
      }
      const next = rules[i + 1];
      if (next && this.groupableOneLiner(rule) && this.groupableOneLiner(next) && next.location.row === rule.location.row + 1) {
        return;
      }
      this.w.blankLine();
    });
  }

  /** End offset of the rule including its `else` chain (opa's rule text spans the chain). */
  private ruleEnd(rule: Rule): number {
    let end = rule.location.end;
    for (let r = rule.else; r; r = r.else) end = Math.max(end, r.location.end);
    return end;
  }

  private writeRule(rule: Rule, isElse: boolean): void {
    const w = this.w;
    if (!isElse) w.startLine();
    if (rule.default) w.write('default ');
    const isExpandedConst = isTrueBody(rule.body) && !rule.else;
    this.writeCommentOnFinalLine = isExpandedConst;
    const headRow = isElse ? rule.location.row : rule.head.location.row;

    let unexpectedComment = false;
    try {
      this.writeHead(rule, isExpandedConst, isElse);
    } catch (e) {
      if (!(e instanceof UnexpectedComment)) throw e;
      if (e.drop) this.comments = [];
      unexpectedComment = true;
    }

    if (rule.body.length === 0 || isExpandedConst) {
      w.endLine();
      return;
    }
    this.writeCommentOnFinalLine = true;

    const partialSetException = this.opts.contains || rule.head.value !== undefined;
    if ((this.opts.regoV1 || this.opts.ifs) && partialSetException) {
      w.write(' if');
      if (rule.body.length === 1 && rule.body[0]!.location.row === headRow) {
        w.write(' ');
        this.writeExpr(rule.body[0]!);
        w.endLine();
        if (rule.else) this.writeElse(rule);
        return;
      }
    }
    if (unexpectedComment && this.comments.length > 0) {
      w.write(' { ');
    } else {
      w.write(' {');
      w.endLine();
    }
    w.up();
    this.writeBody(rule.body);

    const end = this.ruleEnd(rule);
    let closeRow: number;
    if (!isElse && rule.head.args && rule.head.args.length > 0) {
      closeRow = this.src.closingRow(rule.location, '{', '}', ['(', ')'], end);
    } else if (!isElse && rule.head.key) {
      closeRow = this.src.closingRow(rule.location, '{', '}', ['[', ']'], end);
    } else {
      closeRow = this.src.closingRow(rule.location, '{', '}', undefined, end);
    }
    this.insertComments(closeRow);
    w.down();
    w.startLine();
    w.write('}');
    if (rule.else) this.writeElse(rule);
  }

  private writeElse(rule: Rule): void {
    const elseRule = rule.else!;
    const lines = this.src.text(rule.location, this.ruleEnd(rule)).split('\n');
    const rel = elseRule.location.row - rule.location.row;
    let wasInline = false;
    if (rel > 0 && rel < lines.length && !lines[rel]!.trim().startsWith('else')) wasInline = true;

    const hasCommentAbove =
      (this.comments.length > 0 && this.comments[0]!.location.row < elseRule.location.row) || this.w.beforeEnd !== null;
    if (!hasCommentAbove && wasInline) {
      this.w.write(' ');
    } else {
      this.w.blankLine();
      this.w.startLine();
    }
    this.insertComments(elseRule.location.row);
    if (hasCommentAbove && !wasInline) this.w.startLine();
    const value = elseRule.head.value;
    if (value) {
      // opa gives the value the location of the else head: its row, and the text from
      // `else` to the end of the value.
      this.rowOverride.set(value, elseRule.location.row);
      if (value.location.end > elseRule.location.offset) {
        this.textOverride.set(value, { ...elseRule.location, end: value.location.end });
      }
    }
    this.writeRule(elseRule, true);
  }

  private writeHead(rule: Rule, isExpandedConst: boolean, isElse: boolean): void {
    const head = rule.head;
    const w = this.w;
    const headLoc = isElse ? rule.location : head.location;
    const ref: Term[] = isElse ? [{ type: 'var', value: 'else', location: rule.location }] : head.ref;

    if (this.opts.refHeads || ref.length === 1) {
      dropping(() => this.writeRefTerms(ref));
    } else {
      const c = this.comments[0];
      if (c && ref[1]!.location.row === c.location.row) {
        this.writeUnformatted(headLoc, termString({ type: 'ref', value: ref, location: headLoc }));
        return;
      }
      w.write(`${termString(ref[0]!)}[${termString(ref[1]!)}]`);
    }

    const args = isElse ? undefined : head.args;
    if (args && args.length > 0) {
      w.write('(');
      try {
        this.writeIterable(
          args.map((a) => this.termItem(a, () => this.writeList(a))),
          headLoc.row,
          this.src.closingRow(headLoc, '(', ')'),
        );
      } finally {
        w.write(')');
      }
    }

    if (head.key && !isElse) {
      if (this.opts.contains && !head.value) {
        w.write(' contains ');
        this.writeTerm(head.key);
      } else if (!head.value) {
        w.write('[');
        this.writeTerm(head.key);
        w.write(']');
      }
    }

    const value = head.value;
    if (value && (head.key !== undefined || !isTrue(value) || isExpandedConst || rule.default)) {
      const isRegoV1RefConst = this.opts.regoV1 && isExpandedConst && !head.key && !(args && args.length > 0);
      if (!isElse && this.isGeneratedValue(value, head) && !isRegoV1RefConst) return;
      w.write(head.assign || this.opts.regoV1 ? ' := ' : ' = ');
      this.writeTerm(value);
    }
  }

  /**
   * The parser's implicit `true` value of `p[x] if …` / `p.q if …` heads (a two-element ref
   * without arguments); opa fmt leaves it out. Implicit values of other heads are printed
   * when the rule is a constant (`a.b.c = true`), as opa fmt does.
   */
  private isGeneratedValue(value: Term, head: Head): boolean {
    if (!isTrue(value)) return false;
    const flagged = (head as { generatedValue?: boolean }).generatedValue;
    if (flagged === true) return head.ref.length === 2 && !(head.args && head.args.length > 0);
    if (flagged === false) return false;
    // No flag: a rule made from a lone expression (v0 `f(1)`), whose value opa fmt omits.
    const vl = value.location;
    const hl = head.location;
    if (vl.offset === hl.offset && vl.end === hl.end) return true;
    return this.src.available && this.src.text(vl) !== 'true';
  }

  // ---- bodies and expressions -------------------------------------------------------------

  private writeBody(body: Body): void {
    if (body.length === 0) return;
    this.insertComments(body[0]!.location.row);
    body.forEach((expr, i) => {
      if (i > 0) {
        const prevEnd = this.src.available ? this.src.endRow(body[i - 1]!.location) : body[i - 1]!.location.row;
        if (expr.location.row > prevEnd + 1) this.w.blankLine();
      }
      this.w.startLine();
      try {
        this.writeExpr(expr);
      } catch (e) {
        if (!(e instanceof UnexpectedComment)) throw e;
        if (e.drop) this.comments = [];
      }
      this.w.endLine();
    });
  }

  private writeExpr(expr: Expr): void {
    const w = this.w;
    this.insertComments(expr.location.row);
    if (!w.inline) w.startLine();
    if (expr.negated) w.write('not ');
    const t = expr.terms;
    switch (t.type) {
      case 'some': dropping(() => this.writeSomeDecl(t)); break;
      case 'every': dropping(() => this.writeEvery(t, expr.location)); break;
      case 'call': this.writeFunctionCall(t.operator, t.args); break;
      case 'term': this.writeTerm(t.term); break;
      case 'not': dropping(() => this.writeNotBody(t.body, expr.location)); break;
    }
    this.writeWiths(expr.with, expr.location.row);
  }

  private writeWiths(all: With[], row: number): void {
    let withs: With[] = all;
    if (withs.length === 0) return;
    let lastRow = row;
    if (withs[0]!.location.row === lastRow) {
      this.writeWith(withs[0]!, false);
      lastRow = withs[0]!.location.row;
      withs = withs.slice(1);
    }
    let indented = false;
    try {
      for (const wi of withs) {
        const indent = wi.location.row > lastRow;
        if (indent) {
          if (!indented) {
            this.w.up();
            indented = true;
          }
          this.w.endLine();
          this.w.startLine();
          lastRow = wi.location.row;
        }
        this.writeWith(wi, indent);
      }
    } finally {
      if (indented) this.w.down();
    }
  }

  private writeWith(wi: With, indented: boolean): void {
    this.insertComments(wi.location.row);
    if (!indented) this.w.write(' ');
    this.w.write('with ');
    dropping(() => this.writeTerm(wi.target));
    this.w.write(' as ');
    this.writeTerm(wi.value);
  }

  private writeSomeDecl(decl: SomeDecl): void {
    const w = this.w;
    this.insertComments(decl.location.row);
    w.write('some ');
    let row = decl.location.row;
    decl.symbols.forEach((sym, i) => {
      if (sym.type === 'call') {
        const op = sym.value[0]!;
        const name = op.type === 'ref' ? refName(op) : termString(op);
        this.writeInOperator(false, sym.value.slice(1), IN_ARITY[name] ?? 2, sym.location);
        return;
      }
      if (sym.location.row > row) {
        w.endLine();
        w.startLine();
        w.write('\t');
        row = sym.location.row;
      } else if (i > 0) {
        w.write(' ');
      }
      this.writeTerm(sym);
      if (i < decl.symbols.length - 1) w.write(',');
    });
  }

  private writeEvery(every: Every, loc: Location): void {
    const w = this.w;
    this.insertComments(loc.row);
    w.write('every ');
    if (every.key) {
      this.writeTerm(every.key);
      w.write(', ');
    }
    this.writeTerm(every.value);
    w.write(' in ');
    this.writeTerm(every.domain);
    w.write(' {');
    try {
      this.writeComprehensionBody('{', '}', every.body, loc.row, loc);
    } catch (e) {
      if (!(e instanceof UnexpectedComment)) throw e;
      if (e.drop) this.comments = [];
    }
    if (every.body.length === 1 && every.body[0]!.location.row === every.location.row) w.write(' ');
    w.write('}');
  }

  /** `not { body }` (future.keywords.not). */
  private writeNotBody(body: Body, loc: Location): void {
    this.insertComments(loc.row);
    this.w.write('not {');
    try {
      this.writeComprehensionBody('{', '}', body, loc.row, loc);
    } catch (e) {
      if (!(e instanceof UnexpectedComment)) throw e;
      if (e.drop) this.comments = [];
    }
    if (body.length === 1 && body[0]!.location.row === loc.row) this.w.write(' ');
    this.w.write('}');
  }

  /** A call used as a statement: infix operators print infix, `x = a + b` for 3-arg forms. */
  private writeFunctionCall(operator: RefTerm, args: Term[]): void {
    const name = refName(operator);
    if (name === MEMBER_2 || name === MEMBER_3) {
      dropping(() => this.writeInOperator(false, args, IN_ARITY[name]!, operator.location));
      return;
    }
    const infix = INFIX.get(name);
    if (!infix) {
      dropping(() => this.writeFunctionCallPlain(operator, args));
      return;
    }
    if (args.length === 2) {
      dropping(() => this.writeTerm(args[0]!));
      this.w.write(` ${infix} `);
      this.writeTerm(args[1]!);
      return;
    }
    if (args.length === 3) {
      dropping(() => {
        this.writeTerm(args[2]!);
        this.w.write(' = ');
        this.writeTerm(args[0]!);
        this.w.write(` ${infix} `);
        this.writeTerm(args[1]!);
      });
      return;
    }
    this.arityError(name, operator.location);
    this.writeFunctionCallPlain(operator, args);
  }

  private arityError(name: string, loc: Location): void {
    this.errors.push(new RegoError('rego_type_error', `${name}: arity mismatch`, loc));
  }

  private writeFunctionCallPlain(operator: Term, args: Term[]): void {
    if (operator.type === 'ref') this.writeRefTerms(operator.value);
    else this.w.write(termString(operator));
    this.w.write('(');
    try {
      // The operator's own text holds no parenthesis, so opa fmt finds no closing row here.
      this.writeIterable(args.map((a) => this.termItem(a, () => this.writeList(a))), operator.location.row, -1);
    } finally {
      this.w.write(')');
    }
  }

  private writeInOperator(parens: boolean, operands: Term[], arity: number, loc: Location): void {
    if (operands.length !== arity) {
      this.arityError(arity === 3 ? MEMBER_3 : MEMBER_2, loc);
      return;
    }
    if (arity === 2) {
      this.writeTermParens(true, operands[0]!);
      this.w.write(' in ');
      this.writeTermParens(true, operands[1]!);
      return;
    }
    if (parens) this.w.write('(');
    this.writeTermParens(true, operands[0]!);
    this.w.write(', ');
    this.writeTermParens(true, operands[1]!);
    this.w.write(' in ');
    this.writeTermParens(true, operands[2]!);
    if (parens) this.w.write(')');
  }

  // ---- terms ------------------------------------------------------------------------------

  private writeTerm(term: Term): void {
    if (this.comments.length === 0) {
      this.writeTermParens(false, term);
      return;
    }
    const w = this.w;
    const len = w.buf.length;
    const level = w.level;
    const saved = this.comments;
    try {
      this.writeTermParens(false, term);
    } catch (e) {
      if (!(e instanceof UnexpectedComment)) throw e;
      w.buf = w.buf.slice(0, len);
      w.level = level;
      const loc = this.textOverride.get(term) ?? this.src.withParens(term);
      const text = this.src.text(loc);
      if (w.beforeEnd && text) {
        const endRow = loc.row + (text.match(/\n/g)?.length ?? 0);
        const r = w.beforeEnd.location.row;
        if (r >= loc.row && r <= endRow) w.beforeEnd = null;
      }
      this.comments = saved;
      this.writeUnformatted(loc, termString(term));
      e.drop = false; // the comments after the term are known again
      throw e;
    }
  }

  private writeTermParens(parens: boolean, term: Term): void {
    const w = this.w;
    this.insertComments(this.rowOf(term));
    if (!w.inline) w.startLine();
    switch (term.type) {
      case 'ref': this.writeRefTerms(term.value); break;
      case 'object': this.writeObject(term); break;
      case 'array':
        w.write('[');
        try {
          this.writeIterable(term.value.map((t) => this.termItem(t, () => this.writeList(t))), term.location.row,
            this.src.closingRow(term.location, '[', ']'));
        } finally {
          w.write(']');
        }
        break;
      case 'set': this.writeSet(term.value, term.location); break;
      case 'arraycomprehension':
        w.write('[');
        try {
          this.writeComprehension('[', ']', term.value.term, term.value.term, term.value.body, term.location);
        } finally {
          w.write(']');
        }
        break;
      case 'setcomprehension':
        w.write('{');
        try {
          this.writeComprehension('{', '}', term.value.term, term.value.term, term.value.body, term.location);
        } finally {
          w.write('}');
        }
        break;
      case 'objectcomprehension': {
        const { key, value, body } = term.value;
        w.write('{');
        try {
          if (key.location.row - term.location.row > 1) {
            w.endLine();
            w.startLine();
          }
          this.writeTerm(key);
          w.write(': ');
          this.rowOverride.set(value, key.location.row);
          this.writeComprehension('{', '}', value, key, body, term.location);
        } finally {
          w.write('}');
        }
        break;
      }
      case 'string': this.writeString(term); break;
      case 'templatestring': this.writeTemplateString(term); break;
      case 'var': w.write(formatVar(term.value)); break;
      case 'call': this.writeCall(parens, term); break;
      case 'null': w.write('null'); break;
      case 'boolean': w.write(String(term.value)); break;
      case 'number': w.write(term.value); break;
    }
    if (!w.inline) w.startLine();
  }

  private writeString(term: Term & { type: 'string' }): void {
    const text = this.src.text(term.location);
    if (term.raw || text.startsWith('`')) {
      this.w.write(text.startsWith('`') ? text : '`' + term.value + '`');
      return;
    }
    // Keep the escapes as written (`"\u0041"` stays so); a string without its own quoted
    // text (e.g. a ref-head key `p.a`) is quoted canonically.
    const last = text[text.length - 1];
    if (last === '"') {
      this.w.write(text.slice(text.indexOf('"')));
      return;
    }
    this.w.write(quoteString(term.value));
  }

  private writeTemplateString(ts: TemplateStringTerm): void {
    const w = this.w;
    const raw = ts.value.raw;
    w.write(raw ? '$`' : '$"');
    const parts = ts.value.parts;
    parts.forEach((p, i) => {
      if (p.type === 'string') {
        w.write(raw ? escapeTemplateLiteral(p.value) : escapeTemplateLiteral(quoteString(p.value).slice(1, -1)));
        return;
      }
      const pt = p.term;
      const constant = pt.type === 'number' || pt.type === 'boolean' || pt.type === 'null' || pt.type === 'string';
      if (constant && !(p.with && p.with.length > 0) && !this.commentBefore(pt)) {
        // opa's parser folds constant parts into the text; its formatter prints them bare.
        w.write(termString(pt).replace(/^"/, '').replace(/"$/, ''));
        return;
      }
      w.write('{');
      w.up();
      if (w.beforeEnd) {
        w.endLine();
        w.startLine();
      } else {
        const before = this.comments.filter((c) => c.location.row < p.location.row);
        if (before.length > 0) {
          w.write(' ');
          w.inline = true;
          this.writeComments(before);
          this.comments = this.comments.slice(before.length);
        }
      }
      this.insertComments(p.location.row);
      if (!w.inline) w.startLine();
      this.writeTerm(p.term);
      this.writeWiths(p.with ?? [], p.location.row);
      const next = parts[i + 1];
      if (next) {
        const before = this.comments.filter((c) => c.location.row < next.location.row);
        if (before.length > 0) {
          w.endLine();
          this.writeComments(before);
          this.comments = this.comments.slice(before.length);
          w.startLine();
        }
      }
      w.write('}');
      w.down();
    });
    w.write(raw ? '`' : '"');
  }

  /** A `#` comment between a template expression's `{` and its term (opa then keeps the braces). */
  private commentBefore(t: Term): boolean {
    const text = this.src.text({ ...t.location, offset: 0, end: t.location.offset });
    const open = text.lastIndexOf('{');
    return open >= 0 && text.slice(open).includes('#');
  }

  /** A ref: the head, then `.name` or `[term]` for each path element. */
  private writeRefTerms(terms: Term[]): void {
    const head = terms[0];
    if (!head) return;
    this.writeTermParens(head.type === 'call' && this.src.parenthesized(head), head);
    for (const t of terms.slice(1)) {
      if (t.type === 'string') {
        this.writeRefStringPath(t.value, t.location);
      } else if (t.type === 'var') {
        this.w.write(`[${formatVar(t.value)}]`);
      } else {
        this.w.write('[');
        try {
          this.writeTerm(t);
        } catch (e) {
          if (!(e instanceof UnexpectedComment)) throw e;
          this.w.write('\n');
        }
        this.w.write(']');
      }
    }
  }

  private writeRefStringPath(s: string, loc: Location): void {
    let bracket = !isVarCompatible(s);
    if (!bracket && this.opts.keywords.includes(s)) {
      bracket = !this.opts.allowKeywordsInRefs || this.src.text(loc).startsWith('"');
    }
    this.w.write(bracket ? `[${quoteString(s)}]` : `.${s}`);
  }

  private writeCall(parens: boolean, term: CallTerm): void {
    const op = term.value[0]!;
    const args = term.value.slice(1);
    const name = op.type === 'ref' ? refName(op) : termString(op);
    if (name === MEMBER_2 || name === MEMBER_3) {
      this.writeInOperator(true, args, IN_ARITY[name]!, term.location);
      return;
    }
    const infix = INFIX.get(name);
    if (!infix) {
      this.writeFunctionCallPlain(op, args);
      return;
    }
    if (args.length !== 2) {
      this.arityError(name, term.location);
      return;
    }
    if (parens) this.w.write('(');
    this.writeTermParens(true, args[0]!);
    this.w.write(` ${infix} `);
    this.writeTermParens(true, args[1]!);
    if (parens) this.w.write(')');
  }

  private isParenthesizedOr(t: Term): boolean {
    if (t.type !== 'call') return false;
    const op = t.value[0]!;
    return op.type === 'ref' && refName(op) === 'or' && this.src.parenthesized(t);
  }

  /** A list element; `a | b` keeps its parentheses when it had them. */
  private writeList(t: Term): void {
    if (this.isParenthesizedOr(t)) {
      this.w.write('(');
      try {
        this.writeTerm(t);
      } finally {
        this.w.write(')');
      }
      return;
    }
    this.writeTerm(t);
  }

  private writeObject(obj: ObjectTerm): void {
    this.w.write('{');
    try {
      // A repeated key keeps its first position and takes the last value (as OPA's objects).
      const entries: Array<[Term, Term]> = [];
      for (const [k, v] of obj.value) {
        const i = entries.findIndex(([ek]) => termsEqual(ek, k));
        if (i >= 0) entries[i] = [entries[i]![0], v];
        else entries.push([k, v]);
      }
      const items = entries.map(([k, v]) =>
        this.termItem(k, () => {
          this.writeList(k);
          this.w.write(': ');
          this.writeList(v);
        }),
      );
      this.writeIterable(items, obj.location.row, this.src.closingRow(obj.location, '{', '}'));
    } finally {
      this.w.write('}');
    }
  }

  private writeSet(elems: Term[], loc: Location): void {
    if (elems.length === 0) {
      this.w.write('set()');
      this.insertComments(this.src.closingRow(loc, '(', ')'));
      return;
    }
    const unique: Term[] = [];
    for (const e of elems) if (!unique.some((u) => termsEqual(u, e))) unique.push(e);
    this.w.write('{');
    try {
      this.writeIterable(unique.map((t) => this.termItem(t, () => this.writeList(t))), loc.row,
        this.src.closingRow(loc, '{', '}'));
    } finally {
      this.w.write('}');
    }
  }

  private writeComprehension(open: string, close: string, term: Term, parensOf: Term, body: Body, loc: Location): void {
    const termRow = this.rowOf(term);
    if (termRow - loc.row >= 1) {
      this.w.endLine();
      this.w.startLine();
    }
    this.writeTermParens(parensOf.type === 'call' && term.type === 'call' && this.src.parenthesized(parensOf), term);
    this.w.write(' |');
    this.writeComprehensionBody(open, close, body, termRow, loc);
  }

  private writeComprehensionBody(open: string, close: string, body: Body, termRow: number, compr: Location): void {
    const w = this.w;
    const lines = groupRows(body.map((e) => ({ row: e.location.row, col: e.location.col, print: () => undefined })), termRow);
    const closeRow = this.src.closingRow(compr, open, close);
    if ((body[0] && body[0].location.row - termRow > 0) || lines.length > 1) {
      w.endLine();
      w.up();
      try {
        this.writeBody(body);
        this.insertComments(closeRow);
      } finally {
        w.down();
        w.startLine();
      }
      return;
    }
    w.write(' ');
    body.forEach((e, i) => {
      this.writeExpr(e);
      if (i < body.length - 1) w.write('; ');
    });
    this.insertComments(closeRow);
  }

  private termItem(t: Term, print: () => void): Item {
    return { row: this.rowOf(t), col: t.location.col, print, generated: hasGeneratedVar(t) };
  }

  /** Lay out a list: one line if the source had it on one row, else one row per source row. */
  private writeIterable(items: Item[], lastRow: number, closeRow: number): void {
    const w = this.w;
    const lines = groupRows(items, lastRow);
    if (lines.length === 1) {
      for (const c of this.comments) {
        if (c.location.row >= closeRow) break; // sorted: none further down can be inside
        if (c.location.row > lastRow) throw new UnexpectedComment(c.location.row);
      }
    }
    if (lines.length > 1) {
      w.delayBeforeEnd();
      w.startMultilineSeq();
    }
    lines.forEach((line, i) => {
      line.forEach((item, j) => {
        dropping(() => item.print());
        if (j < line.length - 1) w.write(', ');
      });
      if (i < lines.length - 1) {
        w.write(',');
        w.endLine();
        w.startLine();
      }
    });
    if (lines.length > 1) {
      w.write(',');
      w.endLine();
      this.insertComments(closeRow);
      w.down();
      w.startLine();
    }
  }
}

/** Split items (sorted by position) into runs that shared a source row. */
function groupRows(items: Item[], lastRow: number): Item[][] {
  if (items.some((it) => it.generated)) return [items];
  const sorted = [...items].sort((a, b) => a.row - b.row || a.col - b.col);
  const lines: Item[][] = [];
  let cur: Item[] = [];
  let last = lastRow;
  sorted.forEach((it, i) => {
    if (it.row - last > 0 && i > 0) {
      lines.push(cur);
      cur = [];
    }
    last = it.row;
    cur.push(it);
  });
  lines.push(cur);
  return lines;
}

function hasGeneratedVar(t: Term): boolean {
  switch (t.type) {
    case 'var': return t.value.startsWith('__local');
    case 'ref': case 'call': case 'array': case 'set': return t.value.some(hasGeneratedVar);
    case 'object': return t.value.some(([k, v]) => hasGeneratedVar(k) || hasGeneratedVar(v));
    case 'arraycomprehension': case 'setcomprehension': return hasGeneratedVar(t.value.term);
    case 'objectcomprehension': return hasGeneratedVar(t.value.key) || hasGeneratedVar(t.value.value);
    default: return false;
  }
}

function formatVar(name: string): string {
  return isWildcard(name) ? '_' : name;
}

function isTrue(t: Term): boolean {
  return t.type === 'boolean' && t.value === true;
}

/** A body that is exactly `true` (what the parser generates for rules without a body). */
function isTrueBody(body: Body): boolean {
  if (body.length !== 1) return false;
  const e = body[0]!;
  return !e.negated && e.with.length === 0 && e.terms.type === 'term' && isTrue(e.terms.term);
}

function isMetadataComment(c: Comment): boolean {
  return c.location.col === 1 && c.text.trim().startsWith('METADATA');
}
