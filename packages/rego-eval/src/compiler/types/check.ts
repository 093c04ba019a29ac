/**
 * OPA's type checker (ast/check.go) on rego-ts's IR. OPA checks the rewritten AST: calls
 * nested in terms are separate expressions with an output variable, `==` is `=`,
 * `some v in xs` is `v = xs[_]`. The checker replays those rewrites on the fly: each literal
 * becomes a list of expressions, checked in order against a type environment of variables,
 * with rule and function types from `RuleTypes` (computed in dependency order).
 */
import type { Location, TypeErrorDetails } from '@rego-ts/rego-parser';
import type { BuiltinDef } from '../../eval/builtin-types.js';
import { forEachChild, litParts, type FnRef, type Lit, type T, type VarT } from '../ir.js';
import { builtinOfVar } from '../builtin-vars.js';
import { argDetails, refInvalidDetails, refString, refUnsupportedDetails, unifyDetails, type RefView } from './details.js';
import { declType } from './decl.js';
import {
  ANY,
  arrayOf,
  hasNil,
  isTop,
  jsonKey,
  keysOf,
  objectOf,
  or,
  select,
  setOf,
  STR,
  typeOfValue,
  unnamed,
  valuesOf,
  type MaybeTy,
  type Prop,
  type Ty,
} from './type.js';
import { unifies } from './unify.js';
import { compareTerms, sortedEntries, sortedItems } from './term-order.js';
import { inheritOpaNumber, opaNumberOf } from '../local-numbering/ir-numbers.js';
import type { RuleTypes } from './rules.js';
import { compare as compareValues } from '../../value/compare.js';
import { isRef } from '../vars.js';
import { isObject, isSet, type Value } from '../../value/types.js';

export interface TypeError {
  msg: string;
  /** Absent for expressions OPA generates without a location (template-string call parts). */
  loc?: Location;
  details?: TypeErrorDetails;
  /** The error may be a consequence of another (an operand without a type). */
  nilCause?: boolean;
}

/** Variable types of one body; closures see their parents'. */
export class Env {
  readonly vars = new Map<number, MaybeTy>();
  constructor(readonly next?: Env) {}
  has(slot: number): boolean {
    for (let e: Env | undefined = this; e; e = e.next) if (e.vars.has(slot)) return true;
    return false;
  }
  get(slot: number): MaybeTy {
    for (let e: Env | undefined = this; e; e = e.next) if (e.vars.has(slot)) return e.vars.get(slot);
    return undefined;
  }
  put(slot: number, t: MaybeTy): void {
    this.vars.set(slot, t);
  }
}

/** An expression of OPA's rewritten body. */
type Expr =
  /** `refLoc`: where errors of the refs in its arguments are reported, when not at `loc`. */
  | { k: 'call'; fn: FnRef; args: T[]; loc: Location; refLoc?: Location }
  | { k: 'eq'; a: T; b: T; loc: Location }
  | { k: 'term'; t: T; loc: Location }
  /** Template-string parts: passed as an array to an `any` argument, their vars become `any`. */
  | { k: 'widen'; terms: T[]; loc: Location };

/** The location of expressions OPA generates without one (dropped from their errors). */
const NO_LOC: Location = { file: '', row: 0, col: 0, offset: 0, end: 0 };

type Comp = Extract<T, { k: 'acomp' | 'scomp' | 'ocomp' }>;
type Template = Extract<T, { k: 'template' }>;

const FN_TYPES = new WeakMap<BuiltinDef, Ty>();
const SIGNATURES = new WeakMap<Ty, { named: Ty[]; fargs: Ty[] }>();

/** Arguments then result of a function type, with names (for messages) and without. */
function callSignature(f: Extract<Ty, { k: 'function' }>): { named: Ty[]; fargs: Ty[] } {
  let sig = SIGNATURES.get(f);
  if (!sig) {
    const named = f.result ? [...f.args, f.result] : f.args;
    SIGNATURES.set(f, (sig = { named, fargs: named.map(unnamed) }));
  }
  return sig;
}

function builtinType(def: BuiltinDef): Ty {
  let t = FN_TYPES.get(def);
  if (!t) FN_TYPES.set(def, (t = declType(def.decl)));
  return t;
}

/** OPA's lookup of a variable: its scopes, then the global environment (built-ins by name). */
function varType(env: Env, v: VarT): MaybeTy {
  if (env.has(v.slot)) return env.get(v.slot);
  const def = builtinOfVar(v);
  return def ? builtinType(def) : undefined;
}

export class Checker {
  /** Types of comprehensions checked for the current expression. */
  private compTypes: Map<Comp, MaybeTy> | undefined;
  /** The set comprehensions OPA makes of template-string parts (see partComps). */
  private readonly templateComps = new WeakMap<Template, Comp[]>();
  /** Calls checked as expressions without a location (template-string call parts). */
  private readonly unlocated = new WeakSet<T>();
  /** The set comprehensions OPA makes of `print` arguments (see printComp). */
  private readonly printComps = new WeakMap<T, Comp>();
  private nextLocal = 0;
  /** Prefix of generated names: OPA's query compiler names them `__localqN__`. */
  localPrefix = '__local';
  private nextSlot = -1;

  /**
   * `opa eval` captures the value of each top-level query call (`count(1)` becomes
   * `count(1, out)`, so `==` stays a call): set for queries compiled that way.
   */
  captureQueryValues = false;
  /** Modules have `a == b` checked as `a = b` (OPA's rewriteEquals stage); queries do not. */
  rewriteEquals = true;

  constructor(private readonly rules: RuleTypes) {}

  /** Checks a body in a new environment below `parent`; returns it and the errors. */
  checkBody(parent: Env | undefined, lits: Lit[], extra?: (env: Env, out: Expr[]) => void): { env: Env; errors: TypeError[] } {
    const env = new Env(parent);
    const errors: TypeError[] = [];
    for (const l of lits) {
      const withErr = this.checkWith(l);
      if (withErr) {
        errors.push(withErr);
        continue;
      }
      const exprs: Expr[] = [];
      this.litExprs(l, env, exprs);
      for (const e of exprs) this.checkExpr(env, e, errors);
    }
    if (extra) {
      const exprs: Expr[] = [];
      extra(env, exprs);
      for (const e of exprs) this.checkExpr(env, e, errors);
    }
    return { env, errors };
  }

  /** Expressions to check for the head terms of a rule (OPA moves refs, calls and comprehensions into the body). */
  headExprs(terms: T[], loc: Location): (env: Env, out: Expr[]) => T[] {
    return (env, out) =>
      terms.map((t) => {
        const r = this.rewrite(t, out, loc);
        return this.bindIfDynamic(r, out, loc);
      });
  }

  /** A head term containing refs or comprehensions is bound to a variable in the body (OPA's requiresEval). */
  private bindIfDynamic(r: T, out: Expr[], loc: Location): T {
    if (!hasDynamics(r)) return r;
    const v = this.placeholder();
    this.emit(out, { k: 'eq', a: v, b: r, loc });
    return v;
  }

  /** The terms of a body as OPA's ref checker sees them (`some v in xs` as `xs[_]`). */
  private bodyTerms(lits: Lit[], out: T[] = []): T[] {
    for (const l of lits) {
      switch (l.k) {
        case 'term':
          out.push(l.t);
          break;
        case 'unify':
          out.push(l.a, l.b);
          break;
        case 'some':
          out.push(l.value, appendRef(l.domain, l.key ?? this.placeholder()));
          break;
        case 'not':
          this.bodyTerms(l.body, out);
          break;
        case 'every':
          out.push(l.domain);
          this.bodyTerms(l.body, out);
          break;
        case 'print':
          // Closures to OPA (rewritePrintCalls): their refs are not walked.
          for (const a of l.args) out.push(this.printComp(a, l.loc));
          break;
      }
    }
    return out;
  }

  /**
   * An `every` body's term with each composite ref head (`[v0][_]`, `some x in [v0]`) replaced
   * by an untyped variable, the composite kept beside it: OPA binds such heads to a variable
   * first (rewriteDynamics), and in the unchecked body that binding types nothing.
   */
  private hoistCompositeHeads(t: T): T {
    const h = (x: T): T => this.hoistCompositeHeads(x);
    switch (t.k) {
      case 'ref': {
        const path = t.path.map(h);
        if (t.head.k !== 'var' && compositeView(t.head)) {
          const head = this.placeholder();
          return { k: 'array', items: [h(t.head), { ...t, head, path }], free: [] };
        }
        return { ...t, head: h(t.head), path };
      }
      case 'data':
      case 'input':
        return { ...t, path: t.path.map(h) };
      case 'array':
      case 'set':
        return { ...t, items: t.items.map(h) };
      case 'object':
        return { ...t, entries: t.entries.map(([k, v]) => [h(k), h(v)] as [T, T]) };
      case 'call':
        return { ...t, args: t.args.map(h) };
      default:
        return t;
    }
  }

  /** A function mocked by another function must take arguments of the same types (OPA's checkExprWith). */
  private checkWith(l: Lit): TypeError | undefined {
    for (const w of l.with ?? []) {
      if (w.kind !== 'fn' || !w.fn || !w.key) continue;
      const target = findCall(l, w.key);
      if (!target) continue;
      const tt = this.fnType(target);
      const vt = this.fnType(w.fn);
      if (!tt || tt.k !== 'function' || !vt || vt.k !== 'function') continue;
      if (unifies(tt, vt)) continue;
      return { msg: `${w.key}: arity mismatch`, loc: w.loc, details: argDetails(vt.args.map(unnamed), tt.args, tt.variadic) };
    }
    return undefined;
  }

  private fnType(f: FnRef): MaybeTy {
    return f.kind === 'builtin' ? builtinType(f.def) : this.rules.functionType(f.node);
  }

  /** A generated variable; named as OPA names the one it puts in place of `forT`, if known. */
  private placeholder(forT?: T): T {
    const slot = this.nextSlot--;
    const name = (forT && opaNumberOf(forT)) || `${this.localPrefix}${this.nextLocal++}__`;
    return { k: 'var', slot, name, free: [] };
  }

  private litExprs(l: Lit, env: Env, out: Expr[]): void {
    // Calls in `with` values are evaluated (and checked) before the expression.
    for (const w of l.with ?? []) if (w.value) this.rewrite(w.value, out, w.loc);
    switch (l.k) {
      case 'term': {
        const t = l.t;
        if (t.k === 'call') {
          const args = this.rewriteAll(t.args, out, t.loc);
          if (this.captureQueryValues && l.slot !== undefined) {
            this.emit(out, { k: 'call', fn: t.fn, args: [...args, this.placeholder()], loc: l.loc });
          } else if (this.rewriteEquals && t.fn.kind === 'builtin' && t.fn.key === 'equal' && args.length === 2) this.emit(out, { k: 'eq', a: args[0]!, b: args[1]!, loc: l.loc });
          else this.emit(out, { k: 'call', fn: t.fn, args, loc: l.loc });
        } else this.emit(out, { k: 'term', t: this.rewrite(t, out, l.loc), loc: l.loc });
        break;
      }
      case 'unify':
        if (l.outArg && l.b.k === 'call') {
          const c = l.b;
          const args = [...this.rewriteAll(c.args, out, c.loc), this.rewrite(l.a, out, l.loc)];
          this.emit(out, { k: 'call', fn: c.fn, args, loc: l.loc });
        } else {
          const a = this.rewrite(l.a, out, l.loc);
          const b = this.rewrite(l.b, out, l.loc);
          this.emit(out, { k: 'eq', a, b, loc: l.loc });
        }
        break;
      case 'some': {
        const value = this.rewrite(l.value, out, l.loc);
        const key = l.key ?? this.placeholder();
        out.push({ k: 'eq', a: value, b: this.rewrite(appendRef(l.domain, key), out, l.loc), loc: l.loc });
        break;
      }
      case 'not':
        // A negated expression is checked like any other; `not { … }` bodies are not.
        if (l.body.length === 1 && l.body[0]!.k !== 'not') this.litExprs(l.body[0]!, env, out);
        break;
      case 'every':
      {
        // OPA binds the domain to a generated variable first (`__d = [v1]`, expandExpr) and
        // iterates that: an untyped variable in the domain becomes any, as in any equality with
        // an untyped side (a domain that is not a collection is not an error: `every` is then
        // vacuously true).
        const d = this.rewrite(l.domain, out, l.loc);
        out.push({ k: 'eq', a: this.placeholder(), b: d, loc: l.loc });
        // The body is not type-checked, but OPA checks its closures, then walks its refs, as
        // parts of the one `every` expression: a ref typing a var comes after all closures.
        const body = this.bodyTerms(l.body).map((t) => this.hoistCompositeHeads(t));
        // Template strings are closures there too (OPA rewrites their parts into comprehensions);
        // their template_string calls are not checked: their var parts keep their types.
        for (const t of body) forTemplates(t, (tpl) => this.partComps(tpl).forEach((c) => out.push({ k: 'eq', a: this.placeholder(), b: c, loc: l.loc })));
        if (body.length) out.push({ k: 'term', t: { k: 'array', items: body, free: [] }, loc: l.loc });
        break;
      }
      case 'print':
        // OPA's internal.print([{x | x = arg}, …]): each argument's comprehension bound first.
        for (const a of l.args) out.push({ k: 'eq', a: this.placeholder(), b: this.printComp(a, l.loc), loc: l.loc });
        break;
    }
  }

  /**
   * Replaces calls nested in `t` (not in closures) by output variables, checking each call
   * first. Returns `t` itself when nothing changes.
   */
  private rewrite(t: T, out: Expr[], loc: Location): T {
    switch (t.k) {
      case 'call': {
        const args = this.rewriteAll(t.args, out, t.loc).slice();
        const v = this.placeholder(t);
        args.push(v);
        if (this.unlocated.has(t)) this.emit(out, { k: 'call', fn: t.fn, args, loc: NO_LOC, refLoc: t.loc });
        else this.emit(out, { k: 'call', fn: t.fn, args, loc: t.loc });
        return v;
      }
      case 'ref': {
        let head = this.rewrite(t.head, out, loc);
        if (head.k !== 'var' && (head.k !== 'const' || compositeView(head))) {
          // A composite (or constant) ref head is bound to a variable first (`[1][0]`, OPA's
          // rewriteExprTerms), and that equality's dynamics hoisted (rewriteDynamics):
          // `__a = {x | …}; __b = [__a]; __b[_]` widens `__a` to any there.
          const v = this.placeholder();
          this.emit(out, { k: 'eq', a: v, b: head, loc });
          head = v;
        }
        const path = this.rewriteAll(t.path, out, loc);
        return head === t.head && path === t.path ? t : inheritOpaNumber(t, { ...t, head, path });
      }
      case 'data':
      case 'input': {
        const path = this.rewriteAll(t.path, out, loc);
        return path === t.path ? t : inheritOpaNumber(t, { ...t, path });
      }
      case 'array':
      case 'set':
      case 'object':
        // OPA moves the calls out of a set's members (an object's entries) in its order of them.
        return mapMembers(t, (x) => this.rewrite(x, out, loc));
      case 'template': {
        // OPA's template_string call: each comprehension part bound to a variable first,
        // then its `{v}` (var or constant parts) arguments unified with `any`.
        for (const c of this.partComps(t)) out.push({ k: 'eq', a: this.placeholder(), b: c, loc });
        const simple = t.parts.filter((p): p is T => typeof p !== 'string' && isSimplePart(p));
        if (simple.length) out.push({ k: 'widen', terms: simple, loc });
        return t;
      }
      default:
        return t;
    }
  }

  /**
   * Pushes `e` as OPA's rewriteDynamics leaves it (it runs before the type checker): refs and
   * comprehensions in call arguments, and in composite operands, are bound to variables by
   * expressions of their own first, in order (`__l = data.a[x]; or(__l, {x | …}, out)` types x
   * before the comprehension is checked). Operands that are refs or comprehensions stay.
   */
  private emit(out: Expr[], e: Expr): void {
    const loc = (e.k === 'call' && e.refLoc) || e.loc;
    if (e.k === 'call') {
      let args = e.args;
      for (let i = 0; i < args.length; i++) {
        const x = args[i]!;
        const y = this.dynamics(x, out, loc);
        if (y !== x) {
          if (args === e.args) args = args.slice();
          args[i] = y;
        }
      }
      out.push(args === e.args ? e : { ...e, args });
    } else if (e.k === 'eq') {
      const a = isDynamic(e.a) ? e.a : this.dynamics(e.a, out, loc);
      const b = isDynamic(e.b) ? e.b : this.dynamics(e.b, out, loc);
      out.push(a === e.a && b === e.b ? e : { ...e, a, b });
    } else if (e.k === 'term') {
      const t = isDynamic(e.t) ? e.t : this.dynamics(e.t, out, loc);
      out.push(t === e.t ? e : { ...e, t });
    } else out.push(e);
  }

  /** OPA's rewriteDynamicsOne: `t` with its refs and comprehensions (outside others) bound to variables first. */
  private dynamics(t: T, out: Expr[], loc: Location): T {
    if (isDynamic(t)) {
      const v = this.placeholder(t);
      out.push({ k: 'eq', a: v, b: t, loc });
      return v;
    }
    return t.k === 'array' || t.k === 'set' || t.k === 'object' ? mapMembers(t, (x) => this.dynamics(x, out, loc)) : t;
  }

  /** `ts` rewritten; the same array when no element changes. */
  private rewriteAll(ts: T[], out: Expr[], loc: Location): T[] {
    let res = ts;
    for (let i = 0; i < ts.length; i++) {
      const x = ts[i]!;
      const y = this.rewrite(x, out, loc);
      if (y !== x) {
        if (res === ts) res = ts.slice();
        res[i] = y;
      }
    }
    return res;
  }

  /**
   * OPA rewrites each template-string part that is not a var (or constant) into a set
   * comprehension `{x | x = part}`: a closure like any other, also for the re-check of
   * closures nested in comprehensions (checkNestedComps). Made once per template.
   */
  private partComps(t: Template): Comp[] {
    let comps = this.templateComps.get(t);
    if (!comps) {
      comps = [];
      for (const p of t.parts) {
        if (typeof p === 'string' || isSimplePart(p)) continue;
        const x = this.placeholder();
        // A call part is a new call term there, without a location (its arguments keep theirs).
        if (p.k === 'call') this.unlocated.add(p);
        const loc = p.k === 'call' ? NO_LOC : t.loc;
        comps.push({ k: 'scomp', head: x, body: [{ k: 'unify', a: x, b: p, loc }], free: [] });
      }
      this.templateComps.set(t, comps);
    }
    return comps;
  }

  /** The set comprehension `{x | x = arg}` OPA makes of a `print` argument (rewritePrintCalls). */
  private printComp(arg: T, loc: Location): Comp {
    let c = this.printComps.get(arg);
    if (!c) {
      const x = this.placeholder();
      c = { k: 'scomp', head: x, body: [{ k: 'unify', a: x, b: arg, loc }], free: [] };
      this.printComps.set(arg, c);
    }
    return c;
  }

  /** Calls `f` on each closure of a body's literals (print arguments too), in order. */
  private forBodyClosures(lits: Lit[], f: (c: Comp) => void): void {
    for (const l of lits) {
      if (l.k === 'print') {
        for (const w of l.with ?? []) if (w.value) this.forClosures(w.value, f);
        for (const a of l.args) f(this.printComp(a, l.loc));
        continue;
      }
      const terms: T[] = [];
      const nested: Lit[] = [];
      litParts(l, terms, nested);
      for (const t of terms) this.forClosures(t, f);
      if (nested.length) this.forBodyClosures(nested, f);
    }
  }

  /** Calls `f` on each closure in `t` (comprehensions, template-string parts), not descending into them. */
  private forClosures(t: T, f: (c: Comp) => void): void {
    if (t.k === 'acomp' || t.k === 'scomp' || t.k === 'ocomp') f(t);
    else if (t.k === 'template') this.partComps(t).forEach(f);
    else forEachChild(t, (c) => this.forClosures(c, f));
  }

  private checkExpr(env: Env, e: Expr, errors: TypeError[]): void {
    const saved = this.compTypes;
    this.compTypes = undefined;
    const before = errors.length;
    try {
      this.checkExprIn(env, e, errors);
    } finally {
      this.compTypes = saved;
    }
    for (let i = before; i < errors.length; i++) if (errors[i]!.loc === NO_LOC) errors[i] = { ...errors[i]!, loc: undefined };
  }

  private checkExprIn(env: Env, e: Expr, errors: TypeError[]): void {
    const terms = e.k === 'call' ? e.args : e.k === 'eq' ? [e.a, e.b] : e.k === 'widen' ? e.terms : e.k === 'term' ? [e.t] : [];
    let closureErrs: TypeError[] | undefined;
    for (const t of terms) {
      if (!hasClosures(t)) continue;
      forComprehensions(t, (c) => {
        const r = this.checkComp(env, c);
        if (r.length) closureErrs = r;
        else this.checkNestedComps(env, c, (errs) => (closureErrs = errs));
      });
    }
    if (closureErrs) errors.push(...closureErrs);
    const before = errors.length;
    const refLoc = (e.k === 'call' && e.refLoc) || e.loc;
    for (const t of terms) this.checkRefs(env, t, refLoc, errors);
    const refErrs = errors.length > before;
    let err: TypeError | undefined;
    if (e.k === 'call') err = this.checkCall(env, e);
    else if (e.k === 'eq') err = this.checkEq(env, e);
    else if (e.k === 'widen') for (const t of e.terms) this.unify1(env, t, ANY, true);
    if (err && !((closureErrs || refErrs) && err.nilCause)) errors.push(err);
  }

  /**
   * OPA's checkClosures walks into a comprehension without errors and checks the closures
   * nested in it again, in the environment of the enclosing expression: their variables bound
   * only by the outer comprehension are then untyped there (the last error found wins).
   */
  private checkNestedComps(env: Env, c: Comp, onErr: (errs: TypeError[]) => void): void {
    const visit = (n: Comp): void => {
      const cached = this.compTypes?.has(n);
      const r = this.checkComp(env, n);
      if (!cached) this.compTypes?.delete(n); // typed in the wrong scope: not for reuse
      if (r.length) onErr(r);
      else this.checkNestedComps(env, n, onErr);
    };
    for (const h of [c.head, ...(c.value ? [c.value] : [])]) this.forClosures(h, visit);
    this.forBodyClosures(c.body, visit);
  }

  /** Checks a comprehension body (and head) once per expression; its type is kept. */
  private checkComp(env: Env, c: Comp): TypeError[] {
    const heads = [c.head, ...(c.value ? [c.value] : [])];
    let rewritten: T[] = heads;
    const r = this.checkBody(env, c.body, (benv, out) => {
      const loc = c.body[0]?.loc ?? { file: '', row: 0, col: 0, offset: 0, end: 0 };
      rewritten = heads.map((h) => this.bindIfDynamic(this.rewrite(h, out, loc), out, loc));
    });
    let t: MaybeTy;
    if (!r.errors.length) {
      const h = this.typeOf(r.env, rewritten[0]!);
      if (c.k === 'acomp') t = arrayOf([], h);
      else if (c.k === 'scomp') t = setOf(h);
      else t = objectOf([], { key: h, value: this.typeOf(r.env, rewritten[1]!) });
    }
    (this.compTypes ??= new Map()).set(c, t);
    return r.errors;
  }

  /** OPA's TypeEnv.GetByValue. */
  typeOf(env: Env, t: T): MaybeTy {
    switch (t.k) {
      case 'const':
        return typeOfValue(t.v);
      case 'var':
        return varType(env, t);
      case 'template':
        return STR;
      case 'array':
        return t.items.length ? arrayOf(t.items.map((x) => this.typeOf(env, x))) : arrayOf([], ANY);
      case 'set': {
        let u: MaybeTy;
        for (const x of t.items) u = or(u, this.typeOf(env, x));
        return setOf(u ?? ANY);
      }
      case 'object': {
        const stat: Prop[] = [];
        let dyn: { key: MaybeTy; value: MaybeTy } | undefined;
        // The last variable key's value types the dynamic part. OPA iterates an object in the
        // order of its keys' terms: keys that OPA's rewriting replaced by generated variables
        // in the order of those names (`__local10__` before `__local9__`); otherwise in the
        // order the resolver computed from OPA's names (`order`: a var declared with `:=` or a
        // parameter is renamed `__localN__` and sorts before `y` in `{y: 0, x: ""}`).
        const generated = t.entries.every(([k]) => k.k === 'const' || (k.k === 'var' && k.name.startsWith('__local')));
        const entries = generated ? sortedEntries(t.entries) : t.order ? t.order.map((i) => t.entries[i]!) : t.entries;
        for (const [k, v] of entries) {
          if (k.k === 'const') stat.push({ key: jsonKey(k.v), value: this.typeOf(env, v) as Ty });
          else dyn = { key: this.typeOf(env, k), value: this.typeOf(env, v) };
        }
        if (!stat.length && !dyn) dyn = { key: ANY, value: ANY };
        return objectOf(dedupeProps(stat), dyn);
      }
      case 'acomp':
      case 'scomp':
      case 'ocomp':
        if (!this.compTypes?.has(t)) this.checkComp(env, t);
        return this.compTypes!.get(t);
      case 'ref':
        if (t.head.k === 'var') {
          const ht = varType(env, t.head);
          return ht === undefined ? undefined : selectRef(ht, t.path);
        }
        return undefined;
      case 'input':
        return ANY;
      case 'data':
        return this.rules.dataRefType(t.node, t.path);
      case 'call': {
        // Only reached for terms not rewritten (e.g. `with` values): the declared result.
        const f = t.fn.kind === 'builtin' ? builtinType(t.fn.def) : this.rules.functionType(t.fn.node);
        return f && f.k === 'function' ? f.result : undefined;
      }
    }
  }

  private checkCall(env: Env, e: Extract<Expr, { k: 'call' }>): TypeError | undefined {
    const ftpe = e.fn.kind === 'builtin' ? builtinType(e.fn.def) : this.rules.functionType(e.fn.node);
    if (!ftpe || ftpe.k !== 'function') return undefined;
    const { named, fargs } = callSignature(ftpe);
    const args = e.args;
    if (args.length > fargs.length && !ftpe.variadic) return undefined; // arity: reported earlier
    if (args.length < ftpe.args.length) return undefined;
    const variadic = ftpe.variadic && unnamed(ftpe.variadic);
    const pre: MaybeTy[] = new Array(args.length);
    for (let i = 0; i < args.length; i++) pre[i] = this.typeOf(env, args[i]!);
    for (let i = 0; i < args.length; i++) {
      const w = i < fargs.length ? fargs[i] : variadic;
      const p = pre[i];
      if (p && !hasNil(p) && !unifies(p, w)) return this.argError(e, pre, named, ftpe.variadic);
      if (!this.unify1(env, args[i]!, w, false)) {
        return this.argError(e, args.map((x) => this.typeOf(env, x)), named, ftpe.variadic);
      }
    }
    return undefined;
  }

  private argError(e: Extract<Expr, { k: 'call' }>, have: MaybeTy[], want: Ty[], variadic: Ty | undefined): TypeError {
    const name = e.fn.kind === 'builtin' ? e.fn.key : e.fn.node.refText;
    return { msg: `${name}: invalid argument(s)`, loc: e.loc, details: argDetails(have, want, variadic), nilCause: have.some(hasNil) };
  }

  private checkEq(env: Env, e: Extract<Expr, { k: 'eq' }>): TypeError | undefined {
    const ta = this.typeOf(env, e.a);
    const tb = this.typeOf(env, e.b);
    if (this.unify2(env, e.a, ta, e.b, tb)) return undefined;
    return { msg: 'match error', loc: e.loc, details: unifyDetails(ta, tb), nilCause: hasNil(ta) || hasNil(tb) };
  }

  private unify2(env: Env, a: T, ta: MaybeTy, b: T, tb: MaybeTy): boolean {
    const nilA = hasNil(ta);
    const nilB = hasNil(tb);
    if (nilA && !nilB) return this.unify1(env, a, tb, false);
    if (nilB && !nilA) return this.unify1(env, b, ta, false);
    if (!nilA && !nilB) return unifies(ta, tb);
    if (a.k === 'array') return this.unify2Array(env, a, b);
    if (a.k === 'object') return this.unify2Object(env, a, b);
    if (a.k === 'var') {
      if (b.k === 'var') return this.unify1(env, a, ANY, false) && this.unify1(env, b, this.typeOf(env, a), false);
      if (b.k === 'array') return this.unify2Array(env, b, a);
      if (b.k === 'object') return this.unify2Object(env, b, a);
    }
    if (a.k === 'var' && ta === undefined && tb !== undefined) return this.unify1(env, a, tb, false);
    if (b.k === 'var' && tb === undefined && ta !== undefined) return this.unify1(env, b, ta, false);
    return false;
  }

  private unify2Array(env: Env, a: Extract<T, { k: 'array' }>, b: T): boolean {
    if (b.k === 'array') {
      if (a.items.length !== b.items.length) return false;
      for (let i = 0; i < a.items.length; i++) {
        const x = a.items[i]!;
        const y = b.items[i]!;
        if (!this.unify2(env, x, this.typeOf(env, x), y, this.typeOf(env, y))) return false;
      }
      return true;
    }
    if (b.k === 'const' && Array.isArray(b.v)) return this.unify2Array(env, a, { k: 'array', items: b.v.map(constTerm), free: [] });
    if (b.k === 'var') return this.unify1(env, a, ANY, false) && this.unify1(env, b, this.typeOf(env, a), false);
    return false;
  }

  private unify2Object(env: Env, a: Extract<T, { k: 'object' }>, b: T): boolean {
    if (b.k === 'object' || (b.k === 'const' && isObject(b.v))) {
      const be = b.k === 'object' ? b.entries : objectEntries(b.v);
      const common: Array<[T, T]> = [];
      for (const [k, v] of a.entries) {
        const m = be.find(([k2]) => sameKey(k, k2));
        if (m) common.push([v, m[1]]);
      }
      if (a.entries.length !== be.length || be.length !== common.length) return false;
      for (const [x, y] of common) if (!this.unify2(env, x, this.typeOf(env, x), y, this.typeOf(env, y))) return false;
      return true;
    }
    if (b.k === 'var') return this.unify1(env, a, ANY, false) && this.unify1(env, b, this.typeOf(env, a), false);
    return false;
  }

  /** OPA's unify1: checks `t` against `tpe`, inferring variable types. */
  private unify1(env: Env, t: T, tpe: MaybeTy, union: boolean): boolean {
    const view = compositeView(t);
    if (view) {
      if (!tpe) return false;
      const u = tpe;
      if (u.k === 'any') {
        if (u.of.length === 0) {
          if (view.k === 'object') for (const [k, v] of view.entries) (this.unify1(env, k, ANY, true), this.unify1(env, v, ANY, true));
          else for (const x of view.items) this.unify1(env, x, ANY, true);
          return true;
        }
        let ok = false;
        for (const x of u.of) ok = this.unify1(env, t, x, true) || ok;
        return ok;
      }
      if (view.k === 'array' && u.k === 'array') {
        if (view.items.length !== u.static.length && u.dynamic === undefined) return false;
        for (let i = 0; i < view.items.length; i++) if (!this.unify1(env, view.items[i]!, i < u.static.length ? u.static[i] : u.dynamic, union)) return false;
        return true;
      }
      if (view.k === 'object' && u.k === 'object') {
        if (view.entries.length !== u.static.length && !(u.dynamic && u.dynamic.value !== undefined)) return false;
        for (const [k, v] of view.entries) {
          if (k.k === 'const') {
            const child = select(u, jsonKey(k.v));
            if (!child || !this.unify1(env, v, child, union)) return false;
          } else this.unify1(env, v, ANY, union);
        }
        return true;
      }
      if (view.k === 'set' && u.k === 'set') {
        const of = valuesOf(u);
        for (const x of view.items) if (!this.unify1(env, x, of, union)) return false;
        return true;
      }
      return false;
    }
    switch (t.k) {
      case 'var': {
        const cur = varType(env, t);
        if (!union) {
          if (cur !== undefined) return unifies(cur, tpe);
          env.put(t.slot, tpe);
        } else env.put(t.slot, or(cur, tpe));
        return true;
      }
      default:
        return unifies(this.typeOf(env, t), tpe);
    }
  }

  /** OPA's refChecker over the refs of a term (not inside closures). */
  private checkRefs(env: Env, t: T, loc: Location, errs: TypeError[]): void {
    switch (t.k) {
      case 'ref': {
        this.checkRefs(env, t.head, loc, errs);
        const e = this.checkLocalRef(env, t, loc);
        if (e) errs.push(e);
        for (const p of t.path) this.checkRefs(env, p, loc, errs);
        return;
      }
      case 'input':
        for (const p of t.path) {
          if (p.k === 'var') {
            // input is any: a key var of a known type must unify with any (a function's does not).
            const exist = varType(env, p);
            if (exist === undefined) env.put(p.slot, ANY);
            else if (!unifies(exist, ANY)) errs.push({ msg: `undefined ref: ${refText(inputView(t))}`, loc, details: refInvalidDetails(inputView(t), t.path.indexOf(p) + 1, exist, ANY, []) });
          }
          this.checkRefs(env, p, loc, errs);
        }
        return;
      case 'data': {
        const e = this.checkDataRef(env, t, loc);
        if (e) errs.push(e);
        for (const p of t.path) this.checkRefs(env, p, loc, errs);
        return;
      }
      case 'array':
        for (const x of t.items) this.checkRefs(env, x, loc, errs);
        return;
      case 'set':
        for (const x of sortedItems(t.items)) this.checkRefs(env, x, loc, errs);
        return;
      case 'object':
        for (const [k, v] of sortedEntries(t.entries)) (this.checkRefs(env, k, loc, errs), this.checkRefs(env, v, loc, errs));
        return;
      case 'call':
        for (const a of t.args) this.checkRefs(env, a, loc, errs);
        return;
      default:
        return;
    }
  }

  private checkLocalRef(env: Env, t: Extract<T, { k: 'ref' }>, loc: Location): TypeError | undefined {
    const view: RefView = { head: t.head, path: t.path };
    const headType = t.head.k === 'var' ? varType(env, t.head) : undefined;
    if (headType !== undefined) return this.checkRefLeaf(env, headType, view, 1, loc);
    // An untyped head: OPA types it (and the keys) as any.
    if (t.head.k === 'var') env.put(t.head.slot, ANY);
    else this.unify1(env, t.head, ANY, false);
    return this.checkRefLeaf(env, ANY, view, 1, loc);
  }

  private checkDataRef(env: Env, t: Extract<T, { k: 'data' }>, loc: Location): TypeError | undefined {
    const n = t.node;
    if (n.isFunction && !n.hasDocRules && (n.funcs[0] ?? n.defaultFunc)?.args?.length) {
      const view = dataView(t);
      const ft = this.rules.functionType(n);
      return {
        msg: `function ${n.refText} used as reference, not called`,
        loc: t.loc ?? loc,
        details: refUnsupportedDetails(view, view.path.length, ft),
      };
    }
    const view = dataView(t);
    const res = this.rules.walkData(n.path, t.path);
    if (res.kind === 'leaf') return this.checkRefLeaf(env, res.type, view, res.idx + 1, loc);
    if (res.kind === 'none') {
      // Base data (or a tree without typed rules yet): any, and so are the keys.
      for (let i = 0; i < t.path.length; i++) {
        const p = t.path[i]!;
        if (p.k !== 'var') continue;
        const exist = varType(env, p);
        if (exist === undefined) env.put(p.slot, ANY);
        else if (!unifies(exist, ANY)) return { msg: `undefined ref: ${refText(view)}`, loc, details: refInvalidDetails(view, n.path.length + i + 1, exist, ANY, []) };
      }
      return undefined;
    }
    if (res.kind === 'var') {
      const p = view.path[res.idx - 1] as Extract<T, { k: 'var' }>;
      const exist = varType(env, p);
      if (exist !== undefined) {
        if (!unifies(STR, exist)) return { msg: `undefined ref: ${refText(view)}`, loc, details: refInvalidDetails(view, res.idx, exist, STR, res.oneOf) };
      } else env.put(p.slot, STR);
    }
    return undefined;
  }

  /** OPA's checkRefLeaf: `tpe` is the type at element `idx` - 1 of the ref. */
  private checkRefLeaf(env: Env, tpe: MaybeTy, ref: RefView, idx: number, loc: Location): TypeError | undefined {
    for (;;) {
      if (idx === ref.path.length + 1) return undefined;
      const head = ref.path[idx - 1]!;
      const keys = keysOf(tpe);
      if (keys === undefined) return { msg: `undefined ref: ${refText(ref)}`, loc, details: refUnsupportedDetails(ref, idx - 1, tpe) };
      const view = head.k === 'const' ? compositeView(head) : undefined;
      if (head.k === 'var') {
        const exist = varType(env, head);
        if (exist !== undefined) {
          if (!unifies(exist, keys)) return { msg: `undefined ref: ${refText(ref)}`, loc, details: refInvalidDetails(ref, idx, exist, keys, oneOfFor(tpe)) };
        } else env.put(head.slot, keys);
      } else if (head.k === 'ref' || head.k === 'data' || head.k === 'input') {
        const exist = this.typeOf(env, head);
        if (exist !== undefined && !unifies(exist, keys)) return { msg: `undefined ref: ${refText(ref)}`, loc, details: refInvalidDetails(ref, idx, exist, keys, oneOfFor(tpe)) };
      } else if (head.k === 'array' || head.k === 'object' || head.k === 'set' || view) {
        if (!this.unify1(env, head, keys, false)) return { msg: `undefined ref: ${refText(ref)}`, loc, details: refInvalidDetails(ref, idx, this.typeOf(env, head), keys, []) };
      } else if (head.k === 'const') {
        const child = select(tpe, jsonKey(head.v));
        if (child === undefined) return { msg: `undefined ref: ${refText(ref)}`, loc, details: refInvalidDetails(ref, idx, undefined, keys, oneOfFor(tpe)) };
        tpe = child;
        idx++;
        continue;
      }
      tpe = valuesOf(tpe);
      idx++;
    }
  }
}

function refText(ref: RefView): string {
  return refString(ref);
}

function inputView(t: Extract<T, { k: 'input' }>): RefView {
  return { head: { k: 'root', name: 'input' }, path: t.path };
}

function dataView(t: Extract<T, { k: 'data' }>): RefView {
  return { head: { k: 'root', name: 'data' }, path: [...t.node.path.map(constTerm), ...t.path] };
}

function constTerm(v: Value): T {
  return { k: 'const', v, free: [] };
}

/** Elements of a composite term or of a constant composite value. */
function compositeView(t: T): { k: 'array' | 'set'; items: T[] } | { k: 'object'; entries: Array<[T, T]> } | undefined {
  switch (t.k) {
    case 'array':
    case 'set':
      return { k: t.k, items: t.k === 'set' ? sortedItems(t.items) : t.items };
    case 'object':
      return { k: 'object', entries: sortedEntries(t.entries) };
    case 'const': {
      const v = t.v;
      if (Array.isArray(v)) return { k: 'array', items: v.map(constTerm) };
      if (isSet(v)) return { k: 'set', items: [...v.map.values()].map(constTerm) };
      if (isObject(v)) return { k: 'object', entries: objectEntries(v) };
      return undefined;
    }
    default:
      return undefined;
  }
}

function objectEntries(v: Value): Array<[T, T]> {
  if (v && typeof v === 'object' && 'map' in v && !isSet(v)) return [...(v.map as Map<string, [Value, Value]>).values()].map(([k, x]) => [constTerm(k), constTerm(x)]);
  return Object.keys(v as object).map((k) => [constTerm(k), constTerm((v as Record<string, Value>)[k]!)]);
}

function sameKey(a: T, b: T): boolean {
  if (a.k === 'const' && b.k === 'const') return compareValues(a.v, b.v) === 0;
  if (a.k === 'var' && b.k === 'var') return a.slot === b.slot;
  return false;
}

function dedupeProps(ps: Prop[]): Prop[] {
  const out: Prop[] = [];
  for (const p of ps) {
    const i = out.findIndex((q) => compareValues(q.key, p.key) === 0);
    if (i >= 0) out[i] = p;
    else out.push(p);
  }
  return out;
}

/** A ref with one more key (`some x in xs` → `xs[_]`). */
function appendRef(domain: T, key: T): T {
  if (domain.k === 'ref') return { ...domain, path: [...domain.path, key] };
  if (domain.k === 'data' || domain.k === 'input') return { ...domain, path: [...domain.path, key] };
  return { k: 'ref', head: domain, path: [key], free: [] };
}

/** OPA's selectRef: the type reached through `path` (vars/composites select all values). */
export function selectRef(tpe: MaybeTy, path: T[]): MaybeTy {
  for (const p of path) {
    if (tpe === undefined) return undefined;
    if (p.k === 'const' && !compositeView(p)) tpe = select(tpe, jsonKey(p.v));
    else if (p.k === 'var' || p.k === 'ref' || p.k === 'data' || p.k === 'input' || p.k === 'array' || p.k === 'object' || p.k === 'set' || p.k === 'const') tpe = valuesOf(tpe);
    else tpe = undefined;
  }
  return tpe;
}

/** Allowed keys of an object type, for `want (one of)`. */
function oneOfFor(t: MaybeTy): Value[] {
  const out: Value[] = [];
  const visit = (x: MaybeTy): void => {
    if (!x) return;
    if (x.k === 'object') for (const p of x.static) out.push(p.key);
    else if (x.k === 'any') x.of.forEach(visit);
  };
  visit(t);
  const uniq = out.filter((v, i) => out.findIndex((w) => compareValues(v, w) === 0) === i);
  return uniq.sort(compareValues);
}

function hasDynamics(t: T): boolean {
  if (isDynamic(t)) return true;
  switch (t.k) {
    case 'array':
    case 'set':
      return t.items.some(hasDynamics);
    case 'object':
      return t.entries.some(([k, v]) => hasDynamics(k) || hasDynamics(v));
    default:
      return false;
  }
}

/** The target of a call with the given key in a literal (for `with` checks). */
function findCall(l: Lit, key: string): FnRef | undefined {
  let found: FnRef | undefined;
  const visit = (t: T): void => {
    if (found) return;
    switch (t.k) {
      case 'call':
        if (t.fn.key === key) found = t.fn;
        t.args.forEach(visit);
        return;
      case 'ref':
        visit(t.head);
        t.path.forEach(visit);
        return;
      case 'data':
      case 'input':
        t.path.forEach(visit);
        return;
      case 'array':
      case 'set':
        t.items.forEach(visit);
        return;
      case 'object':
        t.entries.forEach(([a, b]) => (visit(a), visit(b)));
        return;
      default:
        return;
    }
  };
  if (l.k === 'term') visit(l.t);
  else if (l.k === 'unify') (visit(l.a), visit(l.b));
  else if (l.k === 'not') for (const x of l.body) if (x.k === 'term') visit(x.t);
  return found;
}

/** Does `t` contain a comprehension (outside other comprehensions)? */
function hasClosures(t: T): boolean {
  switch (t.k) {
    case 'acomp':
    case 'scomp':
    case 'ocomp':
      return true;
    case 'ref':
      return hasClosures(t.head) || t.path.some(hasClosures);
    case 'data':
    case 'input':
      return t.path.length > 0 && t.path.some(hasClosures);
    case 'array':
    case 'set':
      return t.items.some(hasClosures);
    case 'object':
      return t.entries.some(([k, v]) => hasClosures(k) || hasClosures(v));
    case 'call':
      return t.args.some(hasClosures);
    default:
      return false;
  }
}

/** Calls `f` on each template string in `t`, not descending into comprehensions. */
function forTemplates(t: T, f: (tpl: Extract<T, { k: 'template' }>) => void): void {
  if (t.k === 'template') f(t);
  else forEachChild(t, (c) => forTemplates(c, f));
}

/** A ref or a comprehension: left in place as an operand by OPA's rewriteDynamics. */
function isDynamic(t: T): boolean {
  return isRef(t) || t.k === 'acomp' || t.k === 'scomp' || t.k === 'ocomp';
}

/** A template-string part OPA passes as `{part}` (not a comprehension). */
function isSimplePart(p: T): boolean {
  return p.k === 'var' || p.k === 'const';
}

/** Calls `f` on each comprehension in `t`, not descending into them. */
function forComprehensions(t: T, f: (c: Comp) => void): void {
  if (t.k === 'acomp' || t.k === 'scomp' || t.k === 'ocomp') f(t);
  else forEachChild(t, (c) => forComprehensions(c, f));
}

/** Indices of `xs` in OPA's order of their keys (stable). */
function sortedOrder<X>(xs: X[], key: (x: X) => T): number[] {
  const idx = xs.map((_, i) => i);
  return xs.length < 2 ? idx : idx.sort((i, j) => compareTerms(key(xs[i]!), key(xs[j]!)));
}

/**
 * `t` with `f` applied to its members in OPA's order of them (array items by index, set members
 * and object entries sorted, a key before its value); `t` itself when nothing changes.
 */
function mapMembers(t: Extract<T, { k: 'array' | 'set' | 'object' }>, f: (x: T) => T): T {
  if (t.k === 'object') {
    let entries = t.entries;
    for (const i of sortedOrder(t.entries, (e) => e[0])) {
      const [a, b] = t.entries[i]!;
      const a2 = f(a);
      const b2 = f(b);
      if (a2 !== a || b2 !== b) {
        if (entries === t.entries) entries = t.entries.slice();
        entries[i] = [a2, b2];
      }
    }
    return entries === t.entries ? t : { ...t, entries };
  }
  let items = t.items;
  const order = t.k === 'set' ? sortedOrder(t.items, (x) => x) : t.items.keys();
  for (const i of order) {
    const x = t.items[i]!;
    const y = f(x);
    if (y !== x) {
      if (items === t.items) items = t.items.slice();
      items[i] = y;
    }
  }
  return items === t.items ? t : { ...t, items };
}
