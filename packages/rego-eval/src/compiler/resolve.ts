/**
 * AST → IR: resolves every name (local slot, rule-tree node, input, builtin), allocates frame
 * slots, folds constants and reorders bodies for safety.
 */
import type { Body, Expr, Location, RefTerm, Term, With } from '@rego-ts/rego-parser';
import { termString } from '@rego-ts/rego-parser';
import { hashKey } from '../value/hash.js';
import { newPlainObject, RegoObject, RegoSet, type Value } from '../value/types.js';
import type { BuiltinDef } from '../eval/builtin-types.js';
import { constT, type CallT, type CompT, type DataT, type FnRef, type Lit, type T, type TemplateT, type VarT, type WithIR } from './ir.js';
import { markBuiltinVar } from './builtin-vars.js';
import { directTemplatePart } from './template-parts.js';
import { numberLiteral } from './literal.js';
import { reorder } from './safety.js';
import { litClosureVars, setClosureVars, setTemplateClosureVars, termClosureVars } from './closure-safety.js';
import { DocNode, refText } from './tree.js';
import { isRef, refPathVars, uniq } from './vars.js';
import { someDeclaredVars } from './some-decl.js';
import { mergedEntries, setMembers, writtenKeyId } from './object-keys.js';
import { hoistNestedCalls } from './call-hoisting.js';
import { moveComprehensionHeads, type HeadTerm } from './comprehension-heads.js';
import { setIterationOrder } from './set-order.js';
import { hoistBindingRefs } from './dynamic-refs.js';
import { argDeclared } from './rule-args.js';
import { unsafeInClosures } from './closure-globals.js';
import type { LocalNumbers } from './local-numbering/index.js';
import { setOpaNumber } from './local-numbering/ir-numbers.js';

export interface Global {
  root: 'data' | 'input';
  path: string[];
  /** Set for imports: strict mode reports the unused ones. */
  imp?: { text: string; loc: Location; used: boolean };
}

/** Slot allocation for one frame (a rule definition or a query). */
export class Frame {
  n = 0;
  readonly names: string[] = [];
  readonly wildcards = new Set<number>();
  /** References per slot (for strict-mode unused checks). */
  readonly uses: number[] = [];
  /** Declarations: `:=` (one reference is the declaration itself), `some`, args. */
  readonly decls: Array<{ slot: number; kind: 'assigned' | 'declared' | 'arg' | 'every'; loc: Location }> = [];
  alloc(name: string): number {
    this.names.push(name);
    return this.n++;
  }
}

export class Scope {
  readonly vars = new Map<string, number>();
  readonly declared = new Set<string>();
  /** How each declared name was declared (`some` → declared, `:=` → assigned). */
  readonly declKind = new Map<string, 'assigned' | 'declared' | 'arg'>();
  readonly captured = new Set<number>();
  readonly own = new Set<number>();
  /**
   * Names a plain `some x` of this body declares that only its closures use: OPA's safety
   * check does not count them among the body's vars (its `some` declarations are gone by
   * then), so each closure binds them as its own (`some x; y := [1 | x = 1]`).
   */
  closureOnly?: Set<string>;
  constructor(
    readonly parent: Scope | undefined,
    readonly frame: Frame,
  ) {}
  alloc(name: string): number {
    const s = this.frame.alloc(name);
    this.vars.set(name, s);
    this.own.add(s);
    if (name.startsWith('$')) this.frame.wildcards.add(s);
    return s;
  }
}

export interface ResolveEnv {
  root: DocNode;
  builtins: ReadonlyMap<string, BuiltinDef>;
  globals: Map<string, Global>;
  /** `stage`: the OPA stage of an error its message does not tell (compile.ts stageOf). */
  error(code: string, msg: string, loc: Location | undefined, stage?: number): void;
  /** Record expression values of top-level term literals (queries). */
  recordExprs?: boolean;
  v1: boolean;
  strict?: boolean;
  /** `import future.keywords.not`: negation covers the whole expression (no hoisting). */
  futureNot?: boolean;
  /** OPA's numbers of its generated variables, per rego-ts term (local-numbering/). */
  localNumbers?: LocalNumbers;
}


export class Resolver {
  /**
   * Where OPA puts the expression holding the term being resolved — a body literal, or the
   * term itself for a head term or a `with` value (which OPA moves into expressions of their
   * own): the declarations it makes and a comprehension's unsafe head vars are reported there.
   * Restored after a comprehension's body, whose expressions set their own.
   */
  private exprLoc: Location | undefined;
  /** `rego.metadata.rule()` / `chain()` of the rule being resolved (computed at compile time). */
  metadata: (() => { rule: Value; chain: Value }) | undefined;
  /** Counter naming the generated vars of template parts with `with`. */
  private tmplCount = 0;
  /** Template strings resolved so far (rules without any skip their template checks). */
  templates = 0;
  constructor(readonly env: ResolveEnv) {}

  // ---- names ----

  private lookup(name: string, scope: Scope): number | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) {
        if (s !== scope && s.closureOnly?.has(name)) {
          // A use of the declaration (not unused), but the closure's own var (Scope.closureOnly).
          scope.frame.uses[v] = (scope.frame.uses[v] ?? 0) + 1;
          return undefined;
        }
        // Every scope passed on the way captures it.
        for (let p = scope; p !== s; p = p.parent!) p.captured.add(v);
        return v;
      }
    }
    return undefined;
  }

  /** OPA's numbers of the variables it puts in place of `ts` (local-numbering/), if known. */
  private opaNumbers(ts: readonly Term[]): Array<string | undefined> | undefined {
    const nums = this.env.localNumbers;
    return nums && ts.map((x) => nums.get(x));
  }

  /** Whether `name` is a declared variable or parameter (renamed by OPA's compiler). */
  private isDeclared(name: string, scope: Scope): boolean {
    for (let s: Scope | undefined = scope; s; s = s.parent) if (s.declared.has(name)) return true;
    return false;
  }

  /** Is `t` a var naming a local (not a rule, import, `input` or `data`, which are refs to OPA)? */
  private isLocalVar(t: Term, scope: Scope): boolean {
    if (t.type !== 'var') return false;
    const n = t.value;
    return this.lookup(n, scope) !== undefined || !(this.env.globals.has(n) || n === 'input' || n === 'data');
  }

  private global(name: string): Global | undefined {
    const g = this.env.globals.get(name);
    if (g) {
      if (g.imp) g.imp.used = true;
      return g;
    }
    if (name === 'input') return { root: 'input', path: [] };
    if (name === 'data') return { root: 'data', path: [] };
    return undefined;
  }

  private varT(name: string, slot: number, scope?: Scope): T {
    if (scope) scope.frame.uses[slot] = (scope.frame.uses[slot] ?? 0) + 1;
    return { k: 'var', slot, name, free: [slot] };
  }

  /** Names used as plain vars in a body (not inside nested bodies). */
  private scanNames(t: Term | undefined, out: Set<string>): void {
    if (!t) return;
    switch (t.type) {
      case 'var':
        out.add(t.value);
        break;
      case 'ref':
      case 'array':
      case 'set':
        for (const x of t.value) this.scanNames(x, out);
        break;
      case 'call':
        // The operator names a function, not a variable.
        for (let i = 1; i < t.value.length; i++) this.scanNames(t.value[i], out);
        break;
      case 'object':
        // Values OPA's parser drops for a repeated key are not uses (object-keys.ts).
        for (const [ki, vi] of mergedEntries(t.value.map(([k]) => writtenKeyId(k)))) {
          this.scanNames(t.value[ki]![0], out);
          this.scanNames(t.value[vi]![1], out);
        }
        break;
      case 'templatestring':
        for (const p of t.value.parts) if (p.type === 'templateexpr') this.scanNames(p.term, out);
        break;
    }
  }

  private scanExpr(e: Expr, out: Set<string>): void {
    const tt = e.terms;
    switch (tt.type) {
      case 'term':
        this.scanNames(tt.term, out);
        break;
      case 'call':
        for (const a of tt.args) this.scanNames(a, out);
        break;
      case 'some':
        for (const s of tt.symbols) if (s.type === 'call') for (const a of s.value.slice(1)) this.scanNames(a, out);
        break;
      case 'every':
        this.scanNames(tt.domain, out);
        break;
    }
    for (const w of e.with) if (!this.isFnName(w.value)) this.scanNames(w.value, out);
  }

  /** A `with` value naming a function or builtin (`with f as count`) is not a var use. */
  private isFnName(t: Term): boolean {
    if (t.type !== 'var' && t.type !== 'ref') return false;
    const name = refName(t);
    if (!name) return false;
    if (this.env.builtins.has(name)) return true;
    const head = name.split('.')[0]!;
    const g = this.env.globals.get(head);
    return !!g && g.root === 'data' && !g.imp;
  }

  /**
   * Pre-allocates body-local vars: names used in the body that are neither declared,
   * visible from an enclosing scope, nor global.
   */
  private prepareScope(body: Body, scope: Scope, extra: Term[] = []): void {
    const used = new Set<string>();
    for (const e of body) this.scanExpr(e, used);
    for (const t of extra) this.scanNames(t, used);
    const declared = new Set<string>();
    for (const e of body) {
      const tt = e.terms;
      if (tt.type === 'call' && refName(tt.operator) === 'assign' && tt.args[0]) {
        const s = new Set<string>();
        this.scanPattern(tt.args[0], s);
        for (const n of s) declared.add(n);
      } else if (tt.type === 'some') {
        for (const sym of tt.symbols) {
          if (sym.type === 'var') {
            declared.add(sym.value);
            if (!used.has(sym.value)) (scope.closureOnly ??= new Set()).add(sym.value);
          }
          else if (sym.type === 'call') for (const v of someInVars(sym)) declared.add(v.value);
        }
      }
    }
    for (const name of used) {
      if (declared.has(name) || name.startsWith('$')) continue;
      if (this.lookup(name, scope) !== undefined) continue;
      if (this.global(name)) continue;
      scope.alloc(name);
    }
  }

  private scanPattern(t: Term, out: Set<string>): void {
    if (t.type === 'var') out.add(t.value);
    else if (t.type === 'array') for (const x of t.value) this.scanPattern(x, out);
    else if (t.type === 'object') for (const [, v] of t.value) this.scanPattern(v, out);
  }

  private declare(t: Term, scope: Scope, kind: 'assigned' | 'declared'): boolean {
    if (t.type === 'var') {
      const name = t.value;
      if (name.startsWith('$')) return true;
      let ok = true;
      if (this.env.v1 && (name === 'input' || name === 'data')) {
        this.env.error('rego_compile_error', `variables must not shadow ${name} (use a different variable name)`, t.location);
        ok = false;
      }
      if (scope.declared.has(name)) {
        const prev = scope.declKind.get(name) ?? kind;
        this.env.error('rego_compile_error', prev === 'arg' ? `arg ${name} redeclared` : `var ${name} ${prev} above`, t.location);
        return false;
      }
      scope.declKind.set(name, kind);
      if (scope.vars.has(name)) {
        this.env.error('rego_compile_error', `var ${name} referenced above`, t.location);
        return false;
      }
      scope.declared.add(name);
      const slot = scope.alloc(name);
      scope.frame.decls.push({ slot, kind, loc: this.exprLoc ?? t.location });
      return ok;
    }
    let ok = true;
    if (t.type === 'array') for (const x of t.value) ok = this.declare(x, scope, kind) && ok;
    else if (t.type === 'object') for (const [, v] of t.value) ok = this.declare(v, scope, kind) && ok;
    else if (t.type === 'ref' && t.value.length === 1 && t.value[0]!.type === 'var' && (t.value[0].value === 'input' || t.value[0].value === 'data')) {
      this.env.error('rego_compile_error', `variables must not shadow ${t.value[0].value} (use a different variable name)`, t.location);
      ok = false;
    } else if (t.type === 'ref' && kind === 'assigned') {
      this.env.error('rego_compile_error', 'cannot assign to ref', t.location);
      ok = false;
    }
    return ok;
  }

  // ---- terms ----

  term(t: Term, scope: Scope): T {
    const r = this.termIR(t, scope);
    // The type checker names the variable OPA puts in place of a call or ref as OPA does; a
    // set literal orders its composite members by the names inside them (set-order.ts).
    const n = this.env.localNumbers?.get(t);
    if (n !== undefined && r.k !== 'const' && r.k !== 'array' && r.k !== 'set' && r.k !== 'object') setOpaNumber(r, n);
    return r;
  }

  private termIR(t: Term, scope: Scope): T {
    switch (t.type) {
      case 'null':
        return constT(null);
      case 'boolean':
        return constT(t.value);
      case 'number':
        return constT(numberLiteral(t.value));
      case 'string':
        return constT(t.value);
      case 'var':
        return this.name(t.value, [], scope, t.location);
      case 'ref': {
        const head = t.value[0]!;
        if (head.type === 'var') return this.name(head.value, t.value.slice(1), scope, t.location);
        const h = this.term(head, scope);
        const path = t.value.slice(1).map((x) => this.term(x, scope));
        return this.mkRef(h, path);
      }
      case 'array': {
        const items = t.value.map((x) => this.term(x, scope));
        if (items.every((x) => x.k === 'const')) return constT(items.map((x) => (x as { v: Value }).v));
        return { k: 'array', items, free: uniq(items.flatMap((x) => x.free)) };
      }
      case 'set': {
        const members = setMembers(t.value);
        const items = members.map((x) => this.term(x, scope));
        if (items.every((x) => x.k === 'const')) {
          const s = new RegoSet();
          for (const x of items) s.add((x as { v: Value }).v, hashKey((x as { v: Value }).v));
          return constT(s);
        }
        const order = setIterationOrder(items, (v) => this.isDeclared(v.name, scope), this.opaNumbers(members));
        return { k: 'set', items, order, free: uniq(items.flatMap((x) => x.free)) };
      }
      case 'object': {
        // Repeated keys are merged as OPA's parser does (object-keys.ts).
        const keys = t.value.map(([k]) => this.term(k, scope));
        const ids = keys.map((k, i): string | undefined => (k.k === 'const' ? 'c' + hashKey(k.v) : writtenKeyId(t.value[i]![0])));
        const entries = mergedEntries(ids).map(([ki, vi]): [T, T] => [keys[ki]!, this.term(t.value[vi]![1], scope)]);
        if (entries.every(([k, v]) => k.k === 'const' && v.k === 'const')) {
          return constT(buildObject(entries.map(([k, v]) => [(k as { v: Value }).v, (v as { v: Value }).v])));
        }
        const order = setIterationOrder(
          entries.map(([k]) => k),
          (v) => this.isDeclared(v.name, scope),
          this.opaNumbers(mergedEntries(ids).map(([ki]) => t.value[ki]![0])),
        );
        return { k: 'object', entries, order, free: uniq(entries.flatMap(([k, v]) => [...k.free, ...v.free])) };
      }
      case 'call':
        return this.callTerm(t.value[0] as RefTerm, t.value.slice(1), scope, t.location, false);
      case 'arraycomprehension':
      case 'setcomprehension': {
        const at = this.exprLoc ?? t.location;
        const cs = new Scope(scope, scope.frame);
        const templates = this.templates;
        this.prepareScope(t.value.body, cs, [t.value.term]);
        const body = this.body(t.value.body, cs, []);
        this.exprLoc = at;
        const headT = this.term(t.value.term, cs);
        const written = this.templates > templates ? body.slice() : undefined;
        const [head] = this.moveHeads(body, cs, [{ t: headT, loc: t.value.term.location }]);
        const lits = this.finishBody(body, cs, [head!], at);
        const c: CompT = { k: t.type === 'arraycomprehension' ? 'acomp' : 'scomp', head: head!, body: lits, free: [...cs.captured] };
        if (written) c.written = written;
        return c;
      }
      case 'objectcomprehension': {
        const at = this.exprLoc ?? t.location;
        const cs = new Scope(scope, scope.frame);
        const templates = this.templates;
        this.prepareScope(t.value.body, cs, [t.value.key, t.value.value]);
        const body = this.body(t.value.body, cs, []);
        this.exprLoc = at;
        const keyT = this.term(t.value.key, cs);
        const valueT = this.term(t.value.value, cs);
        const written = this.templates > templates ? body.slice() : undefined;
        const [head, value] = this.moveHeads(body, cs, [
          { t: keyT, loc: t.value.key.location },
          { t: valueT, loc: t.value.value.location },
        ]);
        const lits = this.finishBody(body, cs, [head!, value!], at);
        const c: CompT = { k: 'ocomp', head: head!, value: value!, body: lits, free: [...cs.captured] };
        if (written) c.written = written;
        return c;
      }
      case 'templatestring': {
        this.templates++;
        const parts: Array<string | T> = [];
        const free: number[] = [];
        let sets: boolean[] | undefined;
        let direct: boolean[] | undefined;
        let partLocs: Location[] | undefined;
        for (const p of t.value.parts) {
          if (p.type === 'string') parts.push(p.value);
          else if (p.with?.length && !this.isLocalVar(p.term, scope)) {
            // `{e with …}`: the modifiers need an expression of their own, so the part becomes
            // `{v | v = e with …}` and the template takes the comprehension's elements. (A var
            // part is taken as it is: OPA drops its modifiers.)
            const x = this.term(withPartComprehension(p.term, p.with, p.location, this.tmplCount++), scope);
            (sets ??= [])[parts.length] = true;
            (partLocs ??= [])[parts.length] = p.term.type === 'call' ? t.location : p.term.location;
            parts.push(x);
            free.push(...x.free);
          } else {
            const x = this.term(p.term, scope);
            // Only a relation that is the part's own call is rejected (opa checks the part's operator).
            const rel = x.k === 'call' && x.fn.kind === 'builtin' && x.fn.def.relation ? x.fn.key : undefined;
            if (rel) this.env.error('rego_compile_error', `illegal call to relation built-in '${rel}' that may cause multiple outputs`, p.location);
            if (directTemplatePart(x)) (direct ??= [])[parts.length] = true;
            // OPA reports a part's undeclared vars at its term; a call part's without a location,
            // which would also move them after the stage's other errors: kept at the template.
            (partLocs ??= [])[parts.length] = p.term.type === 'call' ? t.location : p.term.location;
            parts.push(x);
            free.push(...x.free);
          }
        }
        const tt: TemplateT = { k: 'template', parts, loc: t.location, free: uniq(free) };
        if (sets) tt.sets = sets;
        if (direct) tt.direct = direct;
        if (partLocs) tt.partLocs = partLocs;
        return tt;
      }
    }
    return constT(null);
  }

  private mkRef(head: T, path: T[]): T {
    if (path.length === 0) return head;
    const free = [...head.free];
    for (const p of path) if (p.k !== 'var') free.push(...nonPatternFree(p));
    return { k: 'ref', head, path, free: uniq(free) };
  }

  private name(name: string, rest: Term[], scope: Scope, loc?: Location): T {
    let slot = this.lookup(name, scope);
    if (slot === undefined && name.startsWith('$')) slot = scope.alloc(name);
    if (slot !== undefined) {
      const v = this.varT(name, slot, scope);
      const def = name.startsWith('$') || this.isDeclared(name, scope) ? undefined : this.env.builtins.get(name);
      if (def?.decl) markBuiltinVar(v as VarT, def);
      return this.mkRef(v, rest.map((x) => this.term(x, scope)));
    }
    const g = this.global(name);
    if (g) {
      const path: T[] = [...g.path.map((s) => constT(s)), ...rest.map((x) => this.term(x, scope))];
      return g.root === 'input' ? this.inputT(path) : this.dataT(path, loc);
    }
    const s = scope.alloc(name);
    const v = this.varT(name, s);
    const def = this.env.builtins.get(name);
    if (def?.decl) markBuiltinVar(v as VarT, def);
    return this.mkRef(v, rest.map((x) => this.term(x, scope)));
  }

  private inputT(path: T[]): T {
    return { k: 'input', path, free: uniq(path.flatMap((p) => (p.k === 'var' ? [] : nonPatternFree(p)))) };
  }

  dataT(path: T[], loc?: Location): T {
    let node = this.env.root;
    let i = 0;
    while (i < path.length && !node.hasDocRules) {
      const p = path[i]!;
      if (p.k !== 'const' || typeof p.v !== 'string') break;
      const c = node.children.get(p.v);
      if (!c) break;
      node = c;
      i++;
    }
    const rest = path.slice(i);
    const d: DataT = { k: 'data', node, path: rest, free: uniq(rest.flatMap((p) => (p.k === 'var' ? [] : nonPatternFree(p)))) };
    // Functions used as values are type errors reported at the ref itself.
    if (loc && node.isFunction) d.loc = loc;
    return d;
  }

  /** Resolves a call operator to a function. */
  resolveFn(op: RefTerm, scope: Scope): FnRef | string {
    const name = refName(op);
    if (!name) return refTextOf(op);
    const parts = name.split('.');
    const head = parts[0]!;
    if (this.lookup(head, scope) === undefined) {
      const g = this.global(head);
      if (g && g.root === 'data') {
        const path = [...g.path, ...parts.slice(1)];
        let node: DocNode | undefined = this.env.root;
        for (const s of path) node = node?.children.get(s);
        if (node && node.isFunction) {
          const def = node.funcs[0] ?? node.defaultFunc!;
          return { kind: 'rule', key: refText(path), node, arity: def.args?.length ?? 0 };
        }
        // A document rule called like a function: reported as an arity error (arity 0).
        if (node && node.hasDocRules) return { kind: 'rule', key: refText(path), node, arity: 0 };
        if (head === 'data' || !this.env.builtins.has(name)) return refText(path);
      }
    }
    const def = this.env.builtins.get(name);
    if (def) return { kind: 'builtin', key: name, def, arity: builtinArity(def) };
    return name;
  }

  private callTerm(op: RefTerm, args: Term[], scope: Scope, loc: Location, statement: boolean): T {
    const opName = refName(op);
    if (opName === 'print' || opName === 'internal.print') {
      this.env.error('rego_type_error', `${opName}(${args.map(termString).join(', ')}) used as value`, loc);
      return constT(null);
    }
    if ((opName === 'rego.metadata.rule' || opName === 'rego.metadata.chain') && args.length === 0 && this.lookup('rego', scope) === undefined) {
      const m = this.metadata?.();
      if (m) return constT(opName === 'rego.metadata.rule' ? m.rule : m.chain);
      return constT(opName === 'rego.metadata.rule' ? newPlainObject() : []);
    }
    const fn = this.resolveFn(op, scope);
    const argT = args.map((a) => this.term(a, scope));
    if (typeof fn === 'string') {
      this.env.error('rego_type_error', `undefined function ${fn}`, loc);
      // The arguments stay in the IR (the module fails anyway): OPA's earlier stages still see
      // their variables (`$"{set(x)}"` is `var x is undeclared`, reported first).
      return { k: 'array', items: argT, free: uniq(argT.flatMap((a) => a.free)) };
    }
    if (fn.arity >= 0 && argT.length !== fn.arity && !(statement && argT.length === fn.arity + 1)) {
      if (fn.kind === 'builtin') this.env.error('rego_type_error', `${fn.key}: arity mismatch`, loc);
      else this.env.error('rego_type_error', `function ${fn.key} has arity ${fn.arity}, got ${argT.length} argument${argT.length === 1 ? '' : 's'}`, loc);
    }
    if (fn.kind === 'builtin' && fn.def.deprecated && this.env.v1) {
      this.env.error('rego_type_error', `deprecated built-in function calls in expression: ${fn.key}`, loc);
    }
    return { k: 'call', fn, args: argT, loc, free: uniq(argT.flatMap((a) => a.free)) };
  }

  // ---- bodies ----

  /** Resolves a body's expressions in source order (not yet reordered). */
  body(body: Body, scope: Scope, out: Lit[], mains?: Lit[]): Lit[] {
    for (const e of body) {
      const lits = this.expr(e, scope);
      for (const l of lits) out.push(l);
      mains?.push(lits[lits.length - 1]!);
    }
    return out;
  }

  /** The vars the body last finished binds. */
  lastSafe: ReadonlySet<number> = new Set();

  /** Reorders a resolved body for safety and reports unsafe vars (including head vars). */
  /** A comprehension's heads, moved into its body where OPA's form binds more (comprehension-heads.ts). */
  private moveHeads(lits: Lit[], scope: Scope, heads: HeadTerm[]): T[] {
    const init = new Set<number>();
    for (let s = scope.parent; s; s = s.parent) for (const v of s.vars.values()) init.add(v);
    return moveComprehensionHeads(lits, heads, init, { wildcards: scope.frame.wildcards }, () => {
      const slot = scope.alloc(`$ch${scope.frame.n}`);
      return { k: 'var', slot, name: `$ch${slot}`, free: [slot] };
    });
  }

  finishBody(lits: Lit[], scope: Scope, heads: T[], loc: Location, initial: number[] = [], phantoms: Lit[] = []): Lit[] {
    const init = new Set<number>(initial);
    for (let s = scope.parent; s; s = s.parent) for (const v of s.vars.values()) init.add(v);
    let r = withoutPhantoms(reorder(phantoms.length ? [...lits, ...phantoms] : lits, init, { wildcards: scope.frame.wildcards }), phantoms);
    if (r.unsafe.length) {
      // Unsafe as written: OPA's form with nested calls hoisted may bind the vars (call-hoisting.ts).
      const hoisted = hoistNestedCalls(lits, () => {
        const slot = scope.alloc(`$h${scope.frame.n}`);
        scope.frame.wildcards.add(slot);
        return { k: 'var', slot, name: `$h${slot}`, free: [slot] };
      });
      if (hoisted !== lits) {
        const old = new Set(lits);
        for (const l of hoisted) if (!old.has(l)) setClosureVars(l, litClosureVars(l));
        r = withoutPhantoms(reorder(phantoms.length ? [...hoisted, ...phantoms] : hoisted, init, { wildcards: scope.frame.wildcards }), phantoms);
      }
    }
    const reported = new Set<number>();
    for (const u of r.unsafe) {
      // Vars of literals hoisted out of a negation are unsafe only through those literals.
      // Vars the compiler made (OPA's generated __localN__) are never reported.
      if (reported.has(u.slot) || GENERATED.test(scope.frame.names[u.slot]!)) continue;
      reported.add(u.slot);
      this.env.error('rego_unsafe_var_error', `var ${displayName(scope.frame.names[u.slot]!)} is unsafe`, u.loc);
    }
    for (const h of heads) {
      for (const v of [...h.free, ...patternFree(h)]) {
        if (!r.safe.has(v) && !reported.has(v) && !GENERATED.test(scope.frame.names[v]!)) {
          reported.add(v);
          this.env.error('rego_unsafe_var_error', `var ${displayName(scope.frame.names[v]!)} is unsafe`, loc);
        }
      }
    }
    this.lastSafe = r.safe;
    if (r.unsafe.length) return r.lits;
    for (const u of unsafeInClosures(r.lits, init, { wildcards: scope.frame.wildcards })) {
      if (reported.has(u.slot) || GENERATED.test(scope.frame.names[u.slot]!)) continue;
      reported.add(u.slot);
      this.env.error('rego_unsafe_var_error', `var ${displayName(scope.frame.names[u.slot]!)} is unsafe`, u.loc);
    }
    return hoistBindingRefs(r.lits, init, { wildcards: scope.frame.wildcards }, () => {
      const slot = scope.alloc(`$d${scope.frame.n}`);
      scope.frame.wildcards.add(slot);
      return { k: 'var', slot, name: `$d${slot}`, free: [slot] };
    });
  }

  /** A term OPA moves into an expression of its own (a head term, a `with` value): see exprLoc. */
  termAt(t: Term, scope: Scope): T {
    const outer = this.exprLoc;
    this.exprLoc = t.location;
    try {
      return this.term(t, scope);
    } finally {
      this.exprLoc = outer;
    }
  }

  /** One expression → its literal, preceded by any literals hoisted out of a negation. */
  expr(e: Expr, scope: Scope): Lit[] {
    this.exprLoc = e.location;
    const withs = e.with.length ? e.with.map((w) => this.withIR(w, scope)).filter((w): w is WithIR => !!w) : undefined;
    let lit = this.exprInner(e, scope);
    const out: Lit[] = [];
    if (lit.k === 'every' && refPathVars(lit.domain).length) {
      // OPA evaluates an `every` domain before the `every` (rewriteDynamics): vars in its
      // refs are bound by iteration there (`every x in input[i] { … }`).
      const slot = scope.alloc(`$h${scope.frame.n}`);
      scope.frame.wildcards.add(slot);
      const v: T = { k: 'var', slot, name: `$h${slot}`, free: [slot] };
      out.push({ k: 'unify', a: v, b: lit.domain, loc: lit.domainLoc ?? e.location });
      lit = { ...lit, domain: v };
    }
    // Closure vars OPA's safety check sees in the expression (closure-safety.ts).
    const closure: number[] = [];
    if (e.negated) {
      if (e.terms.type === 'some' || e.terms.type === 'every') {
        this.env.error('rego_parse_error', `illegal negation of '${e.terms.type}'`, e.location);
      }
      if (!this.env.futureNot) lit = this.hoistFromNegation(lit, scope, out, e.location, closure);
      closure.push(...litClosureVars(lit));
      lit = { k: 'not', body: [lit], loc: e.location };
    } else {
      closure.push(...litClosureVars(lit));
      setTemplateClosureVars(lit);
    }
    setClosureVars(lit, closure);
    if (withs && withs.length) {
      lit.with = withs;
      for (const h of out) h.with = withs;
    }
    out.push(lit);
    return out;
  }

  /**
   * OPA evaluates some parts of a negated expression before the negation (compiler stages
   * rewriteExprTerms and rewriteDynamics): calls nested in the arguments, and — except for
   * `==` and `=` — reference and comprehension arguments. If they are undefined, the
   * whole literal fails instead of the negation succeeding.
   */
  private hoistFromNegation(lit: Lit, scope: Scope, out: Lit[], loc: Location, closure: number[]): Lit {
    const hoist = (t: T): T => {
      const slot = scope.alloc(`$h${scope.frame.n}`);
      scope.frame.wildcards.add(slot);
      const v: T = { k: 'var', slot, name: `$h${slot}`, free: [slot] };
      out.push({ k: 'unify', a: v, b: t, hoisted: true, loc });
      return v;
    };
    /** Replaces calls nested in `t` (innermost first) by hoisted vars. */
    const calls = (t: T): T => {
      switch (t.k) {
        case 'call':
          return hoist(this.rebuildCall(t, t.args.map(calls)));
        case 'template':
          // A call to OPA by then (internal.template_string, its parts closures): it leaves the
          // negation in its place among the calls (`not x != [$"{v}", count(v)]`).
          return hoist(t);
        case 'ref': {
          const head = calls(t.head);
          const path = t.path.map(calls);
          return { k: 'ref', head, path, free: uniq([...head.free, ...path.flatMap((p) => (p.k === 'var' ? [] : p.free))]) };
        }
        case 'data':
        case 'input': {
          const path = t.path.map(calls);
          return { ...t, path, free: uniq(path.flatMap((p) => (p.k === 'var' ? [] : p.free))) };
        }
        case 'array': {
          const items = t.items.map(calls);
          return { k: 'array', items, free: uniq(items.flatMap((x) => x.free)) };
        }
        case 'set': {
          const items = t.items.map(calls);
          return { k: 'set', items, order: t.order, free: uniq(items.flatMap((x) => x.free)) };
        }
        case 'object': {
          const entries = t.entries.map(([a, b]) => [calls(a), calls(b)] as [T, T]);
          return { k: 'object', entries, order: t.order, free: uniq(entries.flatMap(([a, b]) => [...a.free, ...b.free])) };
        }
        default:
          return t;
      }
    };
    /** Hoists refs and comprehensions (also inside composite arguments). */
    const dynamics = (t: T): T => {
      switch (t.k) {
        case 'ref':
        case 'data':
        case 'input':
        case 'acomp':
        case 'scomp':
        case 'ocomp':
          // OPA hoists these only after its safety check: their closures still count there.
          termClosureVars(t, closure);
          return hoist(t);
        case 'array': {
          const items = t.items.map(dynamics);
          return { k: 'array', items, free: uniq(items.flatMap((x) => x.free)) };
        }
        case 'set': {
          const items = t.items.map(dynamics);
          return { k: 'set', items, order: t.order, free: uniq(items.flatMap((x) => x.free)) };
        }
        case 'object': {
          const entries = t.entries.map(([a, b]) => [dynamics(a), dynamics(b)] as [T, T]);
          return { k: 'object', entries, order: t.order, free: uniq(entries.flatMap(([a, b]) => [...a.free, ...b.free])) };
        }
        default:
          return t;
      }
    };
    // `==` and `=` keep a ref operand in place but hoist refs inside composite operands.
    const eqSide = (t: T): T => (t.k === 'ref' || t.k === 'data' || t.k === 'input' || t.k === 'acomp' || t.k === 'scomp' || t.k === 'ocomp' ? t : dynamics(t));
    if (lit.k === 'term' && lit.t.k === 'call' && !lit.with) {
      const c = lit.t;
      let args = c.args.map(calls);
      args = c.fn.kind === 'builtin' && c.fn.key === 'equal' ? args.map(eqSide) : args.map(dynamics);
      return { ...lit, t: this.rebuildCall(c, args) };
    }
    if (lit.k === 'term' && lit.t.k !== 'call' && !lit.with) {
      // A term: nested calls leave the negation; refs inside composites (or inside a
      // ref's brackets) too.
      let t = calls(lit.t);
      if (isRef(t)) {
        const path = t.path.map((p) => (isRef(p) ? hoist(p) : dynamics(p)));
        t = t.k === 'ref' ? { ...t, path, free: uniq([...t.head.free, ...path.flatMap((p) => (p.k === 'var' ? [] : p.free))]) } : { ...t, path, free: uniq(path.flatMap((p) => (p.k === 'var' ? [] : p.free))) };
      } else if (t.k !== 'acomp' && t.k !== 'scomp' && t.k !== 'ocomp') t = dynamics(t);
      return { ...lit, t };
    }
    if (lit.k === 'unify' && lit.outArg && lit.b.k === 'call') {
      // `not f(x, out)`: the call with its output argument stays inside the negation.
      const c = lit.b;
      const args = c.args.map(calls).map(dynamics);
      return { ...lit, b: this.rebuildCall(c, args) };
    }
    if (lit.k === 'unify' && !lit.with) {
      const a = lit.a.k === 'call' ? hoist(this.rebuildCall(lit.a, lit.a.args.map(calls))) : eqSide(calls(lit.a));
      const b = lit.b.k === 'call' ? hoist(this.rebuildCall(lit.b, lit.b.args.map(calls))) : eqSide(calls(lit.b));
      return { ...lit, a, b };
    }
    return lit;
  }

  private rebuildCall(c: Extract<T, { k: 'call' }>, args: T[]): T {
    const r: CallT = { k: 'call', fn: c.fn, args, loc: c.loc, free: uniq(args.flatMap((a) => a.free)) };
    if (c.outPath) r.outPath = c.outPath;
    return r;
  }

  private exprInner(e: Expr, scope: Scope): Lit {
    const tt = e.terms;
    const loc = e.location;
    switch (tt.type) {
      case 'term': {
        const t = tt.term;
        if (t.type === 'call') {
          const nm = refName(t.value[0] as RefTerm);
          if (nm === 'print' || nm === 'internal.print') return { k: 'print', args: t.value.slice(1).map((a) => this.term(a, scope)), loc };
        }
        const lit: Lit = { k: 'term', t: this.term(t, scope), loc };
        if (this.env.recordExprs && scope.parent === undefined && !e.negated) lit.slot = scope.frame.alloc('$expr');
        return lit;
      }
      case 'call': {
        const nm = refName(tt.operator);
        if (nm === 'eq' && tt.args.length === 2) {
          return { k: 'unify', a: this.term(tt.args[0]!, scope), b: this.term(tt.args[1]!, scope), loc };
        }
        if (nm === 'assign' && tt.args.length === 2) {
          const b = this.term(tt.args[1]!, scope);
          if (e.negated) this.env.error('rego_compile_error', 'cannot assign vars inside negated expression', loc);
          this.declare(tt.args[0]!, scope, 'assigned');
          const lhs = tt.args[0]!;
          if (lhs.type !== 'var' && lhs.type !== 'array' && lhs.type !== 'object' && lhs.type !== 'ref') {
            this.env.error('rego_compile_error', `cannot assign to ${lhs.type}`, loc);
          }
          return { k: 'unify', a: this.term(lhs, scope), b, loc };
        }
        if (nm === 'print' || nm === 'internal.print') return { k: 'print', args: tt.args.map((a) => this.term(a, scope)), loc };
        const fn = this.resolveFn(tt.operator, scope);
        if (typeof fn !== 'string' && fn.arity >= 0 && tt.args.length === fn.arity + 1) {
          const call = this.callTerm(tt.operator, tt.args.slice(0, -1), scope, loc, false);
          const out = this.term(tt.args[tt.args.length - 1]!, scope);
          // OPA's walk reads the path of a `[[…], v]` pattern to walk only below it.
          if (call.k === 'call' && fn.kind === 'builtin' && fn.def.relationBelow) {
            const path = patternPath(out);
            if (path) call.outPath = path;
          }
          return { k: 'unify', a: out, b: call, outArg: true, loc };
        }
        const call = this.callTerm(tt.operator, tt.args, scope, loc, false);
        const lit: Lit = { k: 'term', t: call, loc };
        if (this.env.recordExprs && scope.parent === undefined && !e.negated) lit.slot = scope.frame.alloc('$expr');
        return lit;
      }
      case 'some': {
        const syms = tt.symbols;
        if (syms.length === 1 && syms[0]!.type === 'call') {
          const c = syms[0]!;
          const cargs = c.value.slice(1);
          const domain = this.term(cargs[cargs.length - 1]!, scope);
          const pats = cargs.slice(0, -1);
          const nd = scope.frame.decls.length;
          // OPA declares them in name order and stops at the first error.
          for (const v of someInVars(c)) if (!this.declare(v, scope, 'declared')) break;
          // `some x in xs` counts as a use of x (opa check --strict does not flag it).
          scope.frame.decls.length = nd;
          const ts = pats.map((p) => this.term(p, scope));
          const domainLoc = cargs[cargs.length - 1]!.location;
          return ts.length === 2 ? { k: 'some', key: ts[0]!, value: ts[1]!, domain, domainLoc, loc } : { k: 'some', value: ts[0]!, domain, domainLoc, loc };
        }
        for (const s of syms) this.declare(s, scope, 'declared');
        return { k: 'nop', loc };
      }
      case 'not': {
        const ns = new Scope(scope, scope.frame);
        this.prepareScope(tt.body, ns);
        const lits = this.body(tt.body, ns, []);
        const body = this.finishBody(lits, ns, [], loc);
        return { k: 'not', body, captured: [...ns.captured], loc };
      }
      case 'every': {
        const domain = this.term(tt.domain, scope);
        const es = new Scope(scope, scope.frame);
        const nd = scope.frame.decls.length;
        if (tt.key) this.declare(tt.key, es, 'declared');
        this.declare(tt.value, es, 'declared');
        // OPA reports an unused `every` var at the first expression of its body.
        const first = tt.body[0]?.location;
        for (let i = nd; i < scope.frame.decls.length; i++) {
          const d = scope.frame.decls[i]!;
          d.kind = 'every';
          if (first) d.loc = first;
        }
        const key = tt.key ? this.term(tt.key, es) : undefined;
        const value = this.term(tt.value, es);
        const templates = this.templates;
        this.prepareScope(tt.body, es);
        const lits = this.body(tt.body, es, []);
        const init = [...patternFree(value), ...(key ? patternFree(key) : [])];
        const body = this.finishBody(lits, es, [], loc, init);
        const lit: Lit = { k: 'every', value, domain, domainLoc: tt.domain.location, body, captured: [...es.captured], loc };
        if (key) lit.key = key;
        if (this.templates > templates) lit.written = lits;
        return lit;
      }
    }
    return { k: 'nop', loc };
  }

  private withIR(w: With, scope: Scope): WithIR | undefined {
    const target = w.target;
    const parts: string[] = [];
    const ref = target.type === 'ref' ? target.value : [target];
    for (const [i, p] of ref.entries()) {
      if (i === 0 && p.type === 'var') parts.push(p.value);
      else if (p.type === 'string') parts.push(p.value);
      else {
        this.env.error('rego_type_error', 'with keyword target must reference existing input, data, or a function', w.location);
        return undefined;
      }
    }
    const valueTerm = () => this.termAt(w.value, scope);
    // Imports and rules of the package name their full paths (`import data.files` … `with files.x`).
    if (parts[0] !== 'input' && parts[0] !== 'data') {
      const g = this.global(parts[0]!);
      if (g) parts.splice(0, 1, g.root, ...g.path);
    }
    if (parts[0] === 'input') return { kind: 'input', path: parts.slice(1), value: valueTerm(), loc: w.location };
    const opRef: RefTerm = target.type === 'ref' ? target : { type: 'ref', value: [target], location: target.location };
    if (parts[0] === 'data') {
      const path = parts.slice(1);
      let node: DocNode | undefined = this.env.root;
      for (const s of path) {
        if (node && node.hasDocRules) {
          this.env.error('rego_compile_error', 'with keyword cannot partially replace virtual document(s)', w.location);
          return undefined;
        }
        node = node?.children.get(s);
      }
      if (node && node.isFunction) return this.fnWith(refText(path), w, scope);
      const r: WithIR = { kind: 'data', path, value: valueTerm(), loc: w.location };
      if (node) r.node = node;
      return r;
    }
    const fn = this.resolveFn(opRef, scope);
    if (typeof fn === 'string') {
      this.env.error('rego_type_error', 'with keyword target must reference existing input, data, or a function', w.location);
      return undefined;
    }
    if (fn.kind === 'builtin') {
      const msg = badBuiltinTarget(fn.key, fn.def);
      if (msg) {
        this.env.error('rego_compile_error', `with keyword replacing built-in function: ${msg}`, w.location);
        return undefined;
      }
    }
    return this.fnWith(fn.key, w, scope);
  }

  private fnWith(key: string, w: With, scope: Scope): WithIR {
    const v = w.value;
    if (v.type === 'var' || v.type === 'ref') {
      const opRef: RefTerm = v.type === 'ref' ? v : { type: 'ref', value: [v], location: v.location };
      const head = opRef.value[0]!;
      if (head.type === 'var' && this.lookup(head.value, scope) === undefined) {
        const fn = this.resolveFn(opRef, scope);
        if (typeof fn !== 'string' && (fn.kind === 'builtin' || fn.node.isFunction)) return { kind: 'fn', path: [], key, fn, loc: w.location };
      }
    }
    return { kind: 'fn', path: [], key, value: this.term(v, scope), loc: w.location };
  }

  // ---- entry points for rules and queries ----

  prepare(body: Body, scope: Scope, extra: Term[] = []): void {
    this.prepareScope(body, scope, extra);
  }

  /** Declares the vars of a function argument (rule-args.ts). */
  declareArg(t: Term, scope: Scope, loc: Location): void {
    const vars: Term[] = [];
    const calls: Term[] = [];
    argDeclared(t, vars, calls);
    for (const v of vars) {
      const n = (v as Extract<Term, { type: 'var' }>).value;
      if (n.startsWith('$')) continue;
      if (scope.vars.has(n)) continue;
      scope.declared.add(n);
      scope.declKind.set(n, 'arg');
      const slot = scope.alloc(n);
      scope.frame.decls.push({ slot, kind: 'arg', loc });
    }
    for (const c of calls) this.env.error('rego_compile_error', 'rule arguments cannot contain calls', c.location);
  }
}

/** Why a builtin cannot be a `with` target (OPA's validateWithBuiltinTarget), if it cannot. */
function badBuiltinTarget(n: string, def: BuiltinDef): string | undefined {
  if (n === 'eq' || n === 'rego.metadata.chain' || n === 'rego.metadata.rule') return `replacement of ${JSON.stringify(n)} invalid`;
  if (n.startsWith('internal.')) return `replacement of internal function ${JSON.stringify(n)} invalid`;
  if (def.relation) return 'target must not be a relation';
  if (!def.decl.result) return 'target must not be a void function';
  return undefined;
}

/** The path term of a `[path, v]` output pattern (folded to a constant or not). */
function patternPath(out: T): T | undefined {
  if (out.k === 'array' && out.items.length === 2) return out.items[0]!;
  if (out.k === 'const' && Array.isArray(out.v) && out.v.length === 2) return constT(out.v[0]!);
  return undefined;
}

/** Number of declared args, or -1 for variadic builtins. */
function builtinArity(def: BuiltinDef): number {
  if (def.decl.variadic) return -1;
  return def.decl.args?.length ?? 0;
}

function nonPatternFree(t: T): number[] {
  if (t.k === 'var') return [];
  if (t.k === 'array') return t.items.flatMap(nonPatternFree);
  if (t.k === 'object') return t.entries.flatMap(([k, v]) => [...k.free, ...nonPatternFree(v)]);
  return t.free;
}

function patternFree(t: T): number[] {
  if (t.k === 'var') return [t.slot];
  if (t.k === 'array') return t.items.flatMap(patternFree);
  if (t.k === 'object') return t.entries.flatMap(([, v]) => patternFree(v));
  return [];
}

export function refName(op: RefTerm | Term): string {
  if (op.type !== 'ref') return op.type === 'var' ? op.value : '';
  // Called for every expression and call while resolving: no iterator or array per call.
  const ts = op.value;
  let name = '';
  for (let i = 0; i < ts.length; i++) {
    const p = ts[i]!;
    if (i === 0 && p.type === 'var') name = p.value;
    else if (p.type === 'string') name = i === 0 ? p.value : name + '.' + p.value;
    else return '';
  }
  return name;
}

function refTextOf(op: RefTerm): string {
  return refName(op) || 'ref';
}

export function displayName(n: string): string {
  return n.startsWith('$') ? '_' : n;
}

export function buildObject(entries: Array<[Value, Value]>): Value {
  if (entries.every(([k]) => typeof k === 'string')) {
    const o = newPlainObject();
    for (const [k, v] of entries) o[k as string] = v;
    return o;
  }
  const o = new RegoObject();
  for (const [k, v] of entries) o.set(k, v, hashKey(k));
  return o;
}


/** The set comprehension `{v | v = term with …}` standing for a template part with modifiers. */
function withPartComprehension(term: Term, withs: With[], location: Location, n: number): Term {
  const v: Term = { type: 'var', value: `$tmpl${n}`, location };
  const eq: RefTerm = { type: 'ref', value: [{ type: 'var', value: 'eq', location }], location };
  const expr: Expr = { type: 'expr', index: 0, negated: false, with: withs, location, terms: { type: 'call', operator: eq, args: [v, term] } };
  return { type: 'setcomprehension', value: { term: v, body: [expr] }, location };
}

/** The vars `some k, v in xs` (a `member` call term) declares. */
function someInVars(c: Extract<Term, { type: 'call' }>): ReturnType<typeof someDeclaredVars> {
  const args = c.value.slice(1);
  const domain = args[args.length - 1]!;
  return args.length === 3 ? someDeclaredVars(args[0], args[1]!, domain) : someDeclaredVars(undefined, args[0]!, domain);
}

/** Vars the compiler made (OPA's generated __localN__): never reported as unsafe. */
const GENERATED = /^\$(h|rh|ch|d|tmpl)\d/;

/**
 * The reordered body without `phantoms`: equalities OPA appends to a body for head terms that
 * need evaluation (rewriteRefsInHead), which rego-ts evaluates in the head instead; they take
 * part in the safety reordering only (shared-outputs.ts).
 */
function withoutPhantoms<R extends { lits: Lit[] }>(r: R, phantoms: Lit[]): R {
  if (!phantoms.length) return r;
  const drop = new Set(phantoms);
  return { ...r, lits: r.lits.filter((l) => !drop.has(l)) };
}
