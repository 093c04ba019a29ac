/**
 * A replay of the OPA compiler stages that generate variables, in OPA's order, each over all
 * rules of all modules before the next (ast/compile.go: rewriteRuleHeadRefs, rewriteLocalVars,
 * rewriteTemplateStrings, rewriteExprTerms, rewriteComprehensionTerms, rewriteRefsInHead,
 * rewriteWithModifiers, rewriteEquals, rewriteDynamicTerms), sharing one counter as OPA's
 * `localvargen` does. Only the shapes that decide how many variables each stage makes, and in
 * which order, are kept; errors are ignored (a module with errors is not evaluated).
 *
 * Not replayed: `print` (rewritePrintCalls), `rego.metadata` calls and explicit `not { … }`
 * bodies — `unsupported` reports them — and the safety stage's reordering of bodies, which
 * moves no counts between rules but can change the order of rewriteDynamicTerms' variables
 * inside a rule whose body opa reorders.
 */
import type { Term } from '@rego-ts/rego-parser';
import type { E, N, RuleN, W } from './tree.js';
import { compareNodes, objectOrder, setOrder } from './compare.js';

type Occ = 'seen' | 'assigned' | 'declared' | 'arg';

class Scopes {
  private scopes: Array<Map<string, { gv: string; occ: Occ }>> = [new Map()];
  copy(): Scopes {
    const s = new Scopes();
    s.scopes = this.scopes.map((m) => new Map(m));
    return s;
  }
  push(): void {
    this.scopes.push(new Map());
  }
  pop(): void {
    this.scopes.pop();
  }
  declared(v: string): string | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const x = this.scopes[i]!.get(v);
      if (x) return x.occ === 'seen' ? undefined : x.gv;
    }
    return undefined;
  }
  occurrence(v: string): Occ | undefined {
    return this.scopes[this.scopes.length - 1]!.get(v)?.occ;
  }
  insert(v: string, gv: string, occ: Occ): void {
    this.scopes[this.scopes.length - 1]!.set(v, { gv, occ });
  }
  top(): Map<string, { gv: string; occ: Occ }> {
    return this.scopes[this.scopes.length - 1]!;
  }
}

const TRUE: N = { k: 'bool', v: true };

function isVar(n: N): n is Extract<N, { k: 'var' }> {
  return n.k === 'var';
}
function isWildcard(name: string): boolean {
  return name.startsWith('$');
}
function opName(e: E): string | undefined {
  if (e.kind !== 'call') return undefined;
  const op = e.terms[0]!;
  if (op.k !== 'ref') return undefined;
  return op.terms.map((t) => (t.k === 'var' ? t.name : t.k === 'str' ? t.v : '?')).join('.');
}
function isScalar(n: N): boolean {
  return n.k === 'null' || n.k === 'bool' || n.k === 'num' || n.k === 'str';
}
function isComp(n: N): n is Extract<N, { k: 'acomp' | 'scomp' | 'ocomp' }> {
  return n.k === 'acomp' || n.k === 'scomp' || n.k === 'ocomp';
}
function eqExpr(a: N, b: N, w: W[] = []): E {
  return { kind: 'call', terms: [{ k: 'ref', terms: [{ k: 'var', name: 'eq' }] }, a, b], negated: false, with: w };
}
function isEquality(e: E): boolean {
  return e.kind === 'call' && e.terms.length === 3 && opName(e) === 'eq';
}
function isEmptyBody(b: E[]): boolean {
  return b.length === 1 && b[0]!.kind === 'term' && b[0]!.t.k === 'bool' && b[0]!.t.v === true;
}
/** OPA's appendToBody: a body that is just `true` is replaced by the first expression. */
function appendToBody(b: E[], es: E[]): E[] {
  if (!es.length) return b;
  if (isEmptyBody(b)) return [...es];
  return [...b, ...es];
}

/** OPA's ContainsRefs || ContainsComprehensions (closures included). */
function requiresEval(n: N | undefined): boolean {
  if (!n) return false;
  switch (n.k) {
    case 'ref':
    case 'acomp':
    case 'scomp':
    case 'ocomp':
      return true;
    case 'call':
      return n.terms.slice(1).some(requiresEval);
    case 'array':
    case 'set':
      return n.items.some(requiresEval);
    case 'object':
      return n.entries.some(([k, v]) => requiresEval(k) || requiresEval(v));
    case 'template':
      return n.parts.some((p) => typeof p !== 'string' && requiresEval(p.t));
    default:
      return false;
  }
}

/** Vars of a term as OPA's safety visitor sees them (not in closures, not call operators). */
function safetyVars(n: N, out: Set<string>): void {
  switch (n.k) {
    case 'var':
      out.add(n.name);
      return;
    case 'ref':
      n.terms.forEach((t) => safetyVars(t, out));
      return;
    case 'call':
      n.terms.slice(1).forEach((t) => safetyVars(t, out));
      return;
    case 'array':
    case 'set':
      n.items.forEach((t) => safetyVars(t, out));
      return;
    case 'object':
      n.entries.forEach(([k, v]) => (safetyVars(k, out), safetyVars(v, out)));
      return;
    default:
      return;
  }
}

/** Rule facts the template-string stage needs (refs to rules OPA knows are defined). */
export interface RuleFacts {
  /** `path`: the ref's elements (`data`, then strings), joined with NUL. */
  knownDefined(path: string): boolean;
}

export class Replay {
  private next = 0;
  /** The name of the variable OPA put in place of each rego-ts term. */
  readonly names = new Map<Term, string>();

  /**
   * `prefix`: `__local` for modules (one generator for the whole compile), `__localq` for a
   * query (a new generator per stage, see runQuery).
   */
  constructor(
    private exclude: ReadonlySet<number>,
    private readonly facts: RuleFacts,
    private readonly prefix = '__local',
  ) {}

  /** For tests: each generated number with its stage, top-level rule index and the term it replaces. */
  trace?: (stage: string, rule: number, n: number, of?: N) => void;
  private stage = '';
  private rule = -1;

  private gen(of?: N): Extract<N, { k: 'var' }> {
    while (this.exclude.has(this.next)) this.next++;
    this.trace?.(this.stage, this.rule, this.next, of);
    return { k: 'var', name: `${this.prefix}${this.next++}__` };
  }

  /** A variable generated in place of `n`, recorded for `n`'s source term. */
  private genFor(n: N): Extract<N, { k: 'var' }> {
    const v = this.gen(n);
    this.record(n, v.name);
    return v;
  }

  private record(n: N, name: string): void {
    if (n.src && !this.names.has(n.src)) this.names.set(n.src, name);
  }

  run(rules: RuleN[]): void {
    const all = (stage: string, f: (r: RuleN) => void): void => {
      this.stage = stage;
      rules.forEach((r, i) => {
        this.rule = i;
        for (let x: RuleN | undefined = r; x; x = x.else) f(x);
      });
    };
    all('RewriteRuleHeadRefs', (r) => this.headRefs(r));
    this.stage = 'RewriteLocalVars';
    rules.forEach((r, i) => ((this.rule = i), this.localVars(r)));
    all('RewriteTemplateStrings', (r) => this.templates(r));
    all('RewriteExprTerms', (r) => this.exprTerms(r));
    all('RewriteComprehensionTerms', (r) => this.comprehensionTerms(r));
    all('RewriteRefsInHead', (r) => this.refsInHead(r));
    all('RewriteWithValues', (r) => (r.body = this.withValues(r.body)));
    all('RewriteDynamicTerms', (r) => (r.body = this.dynamics(r.body)));
  }

  /**
   * A query (`r`: a rule with only a body). OPA's query compiler runs fewer stages (no head
   * rewriting, no rewriteEquals) and makes a new generator for each stage, which starts at 0
   * and skips the `__localqN__` names the query holds by then (newLocalVarGenerator("q", body)):
   * a number a stage made and dropped (an unused `some x`) is made again by a later stage.
   */
  runQuery(r: RuleN): void {
    this.rule = 0;
    const stage = (name: string, f: () => void): void => {
      this.stage = name;
      this.next = 0;
      this.exclude = this.namesIn(r);
      f();
    };
    stage('RewriteLocalVars', () => this.localVarsInRule(r, new Scopes()));
    stage('RewriteTemplateStrings', () => this.templates(r));
    stage('RewriteExprTerms', () => this.exprTerms(r));
    stage('RewriteComprehensionTerms', () => this.comprehensionTerms(r));
    stage('RewriteWithValues', () => (r.body = this.withValues(r.body)));
    stage('RewriteDynamicTerms', () => (r.body = this.dynamics(r.body)));
  }

  /** The numbers of the generator's names that `r`'s body holds (OPA's VarVisitor: every var). */
  private namesIn(r: RuleN): Set<number> {
    const out = new Set<number>();
    const re = new RegExp(`^${this.prefix}(\\d+)__$`);
    const visit = (t: N): void => {
      if (t.k !== 'var') return;
      const m = re.exec(t.name);
      if (m) out.add(Number(m[1]));
    };
    const body = (b: E[]): void => {
      for (const e of b) {
        forExprTerms(e, (x) => forEachTerm(x, visit));
      }
    };
    body(r.body);
    return out;
  }

  // --- rewriteRuleHeadRefs ---------------------------------------------------------------

  private headRefs(r: RuleN): void {
    r.ref.forEach((t, i) => {
      if (isVar(t) || isScalar(t)) return;
      const v = this.genFor(t);
      if (i === r.ref.length - 1 && r.key && compareNodes(r.key, t) === 0) r.key = v;
      r.ref[i] = v;
      r.body = appendToBody(r.body, [eqExpr(v, t)]);
    });
  }

  // --- rewriteLocalVars ------------------------------------------------------------------

  private localVars(rule: RuleN): void {
    const args = new Scopes();
    for (const a of rule.args ?? []) this.argVar(a, args);
    for (let r: RuleN | undefined = rule; r; r = r.else) this.localVarsInRule(r, args);
  }

  private argVar(t: N, s: Scopes): void {
    switch (t.k) {
      case 'var': {
        let gv = s.declared(t.name);
        if (!gv) {
          gv = this.gen().name;
          s.insert(t.name, gv, 'arg');
        }
        this.record(t, gv);
        t.name = gv;
        return;
      }
      case 'object':
        for (const [, v] of objectOrder(t)) this.argVar(v, s);
        t.sorted = false; // a copy
        return;
      case 'array':
        t.items.forEach((x) => this.argVar(x, s));
        return;
      case 'ref':
        t.terms.forEach((x) => this.argVar(x, s));
        return;
      default:
        return;
    }
  }

  private localVarsInRule(r: RuleN, args: Scopes): void {
    const headVars = [...(r.args ?? []), ...(r.key ? [r.key] : []), ...(r.value ? [r.value] : []), ...r.ref].some((t) => !isScalar(t));
    if (headVars) {
      // Comprehensions and template strings in the head declare their own vars first.
      for (const t of [...(r.args ?? []), ...(r.key ? [r.key] : []), ...(r.value ? [r.value] : [])]) this.headNested(t);
    }
    const s = args.copy();
    r.body = this.declBody(s, r.body);
    if (!headVars) return;
    const declared = s.top();
    const rename = (t: N): void =>
      walkTerms(t, (x) => {
        if (x.k === 'var') {
          const d = declared.get(x.name);
          if (d && d.occ !== 'seen') {
            this.record(x, d.gv);
            x.name = d.gv;
          }
        }
        return false;
      });
    // A Transform: the head's sets and objects are copies afterwards, sorted anew.
    const unsort = (t: N): boolean => {
      if (t.k === 'set' || t.k === 'object') t.sorted = false;
      return false;
    };
    for (const t of [...(r.args ?? []), ...r.ref, ...(r.key ? [r.key] : []), ...(r.value ? [r.value] : [])]) (rename(t), walkTerms(t, unsort));
  }

  private headNested(t: N): void {
    switch (t.k) {
      case 'object':
        for (const [k, v] of objectOrder(t)) (this.headNested(k), this.headNested(v));
        t.sorted = false; // a copy
        return;
      case 'set':
        for (const x of setOrder(t)) this.headNested(x);
        t.sorted = false;
        return;
      case 'acomp':
      case 'scomp':
      case 'ocomp':
        this.declComp(new Scopes(), t);
        return;
      case 'template':
        this.declTemplate(new Scopes(), t);
        return;
      default:
        forChildren(t, (c) => this.headNested(c));
    }
  }

  private declBody(s: Scopes, body: E[]): E[] {
    const out: E[] = [];
    for (const e of body) {
      const x = this.declExpr(s, e);
      if (x) out.push(x);
    }
    return out.length ? out : [{ kind: 'term', t: TRUE, negated: false, with: [] }];
  }

  private declExpr(s: Scopes, e: E): E | undefined {
    if (e.kind === 'call' && opName(e) === 'assign' && e.terms.length === 3) {
      if (e.negated) return e;
      this.declTermRec(s, e.terms[2]!);
      for (const w of e.with) this.declTermRec(s, w.value);
      const lhs = (t: N): void => {
        if (t.k === 'var') return this.declare(s, t, 'assigned');
        if (t.k === 'array') return t.items.forEach(lhs);
        if (t.k === 'object') return objectOrder(t).forEach(([, v]) => walkTerms(v, (x) => (lhs(x), true)));
        if (t.k === 'ref' && t.terms.length === 1 && t.terms[0]!.k === 'var') {
          const v = t.terms[0];
          const name = v.name;
          if (name === 'input' || name === 'data') {
            this.declare(s, { k: 'var', name, src: t.src }, 'assigned');
          }
        }
      };
      lhs(e.terms[1]!);
      e.terms[0] = { k: 'ref', terms: [{ k: 'var', name: 'eq' }] };
      return e;
    }
    if (e.kind === 'some') {
      for (const sym of e.symbols) {
        if (sym.k === 'var') {
          this.declare(s, sym, 'declared');
          continue;
        }
        if (sym.k !== 'call') continue;
        const v = sym.terms;
        let key: N;
        let val: N;
        let container: N;
        if (v.length === 4) [key, val, container] = [v[1]!, v[2]!, v[3]!];
        else [key, val, container] = [this.gen(), v[1]!, v[2]!];
        const rhs: N = container.k === 'ref' ? { k: 'ref', terms: [...container.terms, key], src: undefined } : { k: 'ref', terms: [container, key] };
        const eq = eqExpr(val, rhs, e.with);
        eq.negated = e.negated;
        // outputVarsForExprEq: the pattern's vars not bound by the container, sorted by name.
        const safe = new Set<string>();
        safetyVars(container, safe);
        const outs = new Set<string>();
        safetyVars(val, outs);
        safetyVars(key, outs);
        for (const name of [...outs].filter((n) => !safe.has(n)).sort()) {
          if (s.occurrence(name) !== undefined) continue;
          s.insert(name, this.gen().name, 'declared');
        }
        this.declExprTerms(s, eq);
        return eq;
      }
      return undefined;
    }
    if (e.kind === 'every') {
      this.declTermRec(s, e.domain);
      s.push();
      if (e.key) {
        if (e.key.k === 'var' && !isWildcard(e.key.name)) this.declare(s, e.key, 'declared');
      } else e.key = this.gen();
      if (e.value.k === 'var' && !isWildcard(e.value.name)) this.declare(s, e.value, 'declared');
      e.body = this.declBody(s, e.body);
      this.declExprTerms(s, e);
      s.pop();
      return e;
    }
    this.declExprTerms(s, e);
    return e;
  }

  private declare(s: Scopes, t: Extract<N, { k: 'var' }>, occ: Occ): void {
    if (s.occurrence(t.name) !== undefined) return; // an error in opa
    const gv = this.gen().name;
    s.insert(t.name, gv, occ);
    this.record(t, gv);
    t.name = gv;
  }

  /** rewriteDeclaredVarsInExpr: every term of the expression, then its `with`s. */
  private declExprTerms(s: Scopes, e: E): void {
    switch (e.kind) {
      case 'term':
        this.declTermRec(s, e.t);
        break;
      case 'call':
        e.terms.forEach((t) => this.declTermRec(s, t));
        break;
      case 'some':
        e.symbols.forEach((t) => this.declTermRec(s, t));
        break;
      case 'every':
        if (e.key) this.declTermRec(s, e.key);
        this.declTermRec(s, e.value);
        this.declTermRec(s, e.domain);
        for (const x of e.body) this.declExprTerms(s, x);
        break;
      case 'not':
        for (const x of e.body) this.declExprTerms(s, x);
        break;
    }
    for (const w of e.with) {
      this.declTermRec(s, w.target);
      this.declTermRec(s, w.value);
    }
  }

  /** rewriteDeclaredVarsInTermRecursive. */
  private declTermRec(s: Scopes, t: N): void {
    walkTerms(t, (x) => this.declTerm(s, x));
  }

  /** rewriteDeclaredVarsInTerm: true stops the walk below `t`. */
  private declTerm(s: Scopes, t: N): boolean {
    switch (t.k) {
      case 'var': {
        const gv = s.declared(t.name);
        if (gv) {
          this.record(t, gv);
          t.name = gv;
        } else if (s.occurrence(t.name) === undefined) s.insert(t.name, t.name, 'seen');
        return false;
      }
      case 'ref':
        if (t.terms.length === 1 && t.terms[0]!.k === 'var' && (t.terms[0].name === 'input' || t.terms[0].name === 'data')) {
          const gv = s.declared(t.terms[0].name);
          if (gv) {
            this.record(t, gv);
            Object.assign(t, { k: 'var', name: gv, terms: undefined });
          }
          return true;
        }
        return false;
      case 'object':
        for (const [k, v] of objectOrder(t)) (this.declTermRec(s, k), this.declTermRec(s, v));
        t.sorted = false; // Map: a copy, sorted anew when next iterated
        return true;
      case 'set':
        for (const x of setOrder(t)) this.declTermRec(s, x);
        t.sorted = false;
        return true;
      case 'acomp':
      case 'scomp':
      case 'ocomp':
        this.declComp(s, t);
        return true;
      case 'template':
        this.declTemplate(s, t);
        return true;
      default:
        return false;
    }
  }

  private declComp(s: Scopes, t: Extract<N, { k: 'acomp' | 'scomp' | 'ocomp' }>): void {
    s.push();
    t.body = this.declBody(s, t.body);
    if (t.k === 'ocomp') {
      this.declTermRec(s, t.key);
      this.declTermRec(s, t.value);
    } else this.declTermRec(s, t.term);
    s.pop();
  }

  private declTemplate(s: Scopes, t: Extract<N, { k: 'template' }>): void {
    for (const p of t.parts) {
      if (typeof p === 'string') continue;
      s.push();
      this.declExprTerms(s, { kind: 'term', t: p.t, negated: false, with: p.with });
      s.pop();
    }
  }

  // --- rewriteTemplateStrings --------------------------------------------------------------

  private templates(r: RuleN): void {
    const visit = (t: N): boolean => {
      if (t.k === 'template') {
        this.templateCall(t);
        return false; // go on into the call made of it
      }
      if (isComp(t)) {
        // The body first, then the head term(s).
        t.body.forEach((e) => forExprTerms(e, (x) => walkTerms(x, visit)));
        if (t.k === 'ocomp') (walkTerms(t.key, visit), walkTerms(t.value, visit));
        else walkTerms(t.term, visit);
        return true;
      }
      return false;
    };
    r.body.forEach((e) => forExprTerms(e, (x) => walkTerms(x, visit)));
    for (const t of [...(r.args ?? []), ...(r.key ? [r.key] : []), ...(r.value && r.value !== r.key ? [r.value] : [])]) walkTerms(t, visit);
  }

  /** The template becomes `internal.template_string([...])`; non-var parts become `{x | x = part}`. */
  private templateCall(t: Extract<N, { k: 'template' }>): void {
    const items: N[] = [];
    for (const p of t.parts) {
      if (typeof p === 'string') {
        items.push({ k: 'str', v: p });
        continue;
      }
      const x = p.t;
      // The parser keeps a scalar `{"a"}` as a plain part.
      if (isScalar(x)) {
        items.push(x);
        continue;
      }
      if (x.k === 'var' || (x.k === 'ref' && this.facts.knownDefined(refPath(x)))) {
        items.push({ k: 'set', items: [x] });
        continue;
      }
      const v = this.gen();
      items.push({ k: 'scomp', term: v, body: [eqExpr(v, x, p.with)] });
    }
    if (!t.parts.length) items.push({ k: 'str', v: '' });
    const call: N = {
      k: 'call',
      terms: [{ k: 'ref', terms: [{ k: 'var', name: 'internal' }, { k: 'str', v: 'template_string' }] }, { k: 'array', items }],
      src: t.src,
    };
    replaceNode(t, call);
  }

  // --- rewriteExprTerms --------------------------------------------------------------------

  private exprTerms(r: RuleN): void {
    const head = (t: N): N => {
      const [support, out] = this.expandTerm(t);
      r.body = appendToBody(r.body, support);
      return out;
    };
    if (r.args) r.args = r.args.map(head);
    const shared = r.key !== undefined && r.key === r.value;
    if (r.key) r.key = head(r.key);
    if (r.value) r.value = shared ? r.key : head(r.value);
    r.body = this.expandBody(r.body);
  }

  private expandBody(b: E[]): E[] {
    return b.flatMap((e) => this.expandExpr(e));
  }

  private expandExpr(e: E): E[] {
    const out: E[] = [];
    for (const w of e.with) {
      const [extra, v] = this.expandTerm(w.value);
      w.value = v;
      out.push(...extra);
    }
    switch (e.kind) {
      case 'term': {
        const [extra, t] = this.expandTerm(e.t);
        if (e.with.length) extra.forEach((x) => (x.with = e.with));
        e.t = t;
        out.push(...extra, e);
        break;
      }
      case 'call':
        for (let i = 1; i < e.terms.length; i++) {
          const [extra, t] = this.expandTerm(e.terms[i]!);
          e.terms[i] = t;
          if (e.with.length) extra.forEach((x) => (x.with = e.with));
          out.push(...extra);
        }
        out.push(e);
        break;
      case 'every': {
        const v = this.gen();
        const eq = eqExpr(v, e.domain, e.with);
        const extra = this.expandExpr(eq);
        e.domain = v;
        e.body = this.expandBody(e.body);
        out.push(...extra, e);
        break;
      }
      case 'not':
        e.body = this.expandBody(e.body);
        out.push(e);
        break;
      case 'some':
        out.push(e);
        break;
    }
    return out;
  }

  /** expandExprTerm: the support expressions and the term left in place. */
  private expandTerm(t: N): [E[], N] {
    switch (t.k) {
      case 'call': {
        const support: E[] = [];
        for (let i = 1; i < t.terms.length; i++) {
          const [extra, x] = this.expandTerm(t.terms[i]!);
          t.terms[i] = x;
          support.push(...extra);
        }
        const out = this.genFor(t);
        support.push({ kind: 'call', terms: [...t.terms, out], negated: false, with: [] });
        return [support, out];
      }
      case 'ref': {
        const support: E[] = [];
        t.terms = t.terms.map((x, i) => {
          if (i === 0 && x.k === 'var') return x;
          const [extra, y] = this.expandTerm(x);
          support.push(...extra);
          return y;
        });
        const subject = t.terms[0]!;
        if (subject.k === 'array' || subject.k === 'object' || subject.k === 'set' || isComp(subject) || subject.k === 'call') {
          const v = this.gen();
          support.push(eqExpr(v, subject));
          t.terms[0] = v;
        }
        return [support, t];
      }
      case 'array': {
        const support: E[] = [];
        t.items = t.items.map((x) => {
          const [extra, y] = this.expandTerm(x);
          support.push(...extra);
          return y;
        });
        return [support, t];
      }
      case 'object': {
        const support: E[] = [];
        const entries = objectOrder(t).map(([k, v]): [N, N] => {
          const [e1, k2] = this.expandTerm(k);
          const [e2, v2] = this.expandTerm(v);
          support.push(...e1, ...e2);
          return [k2, v2];
        });
        return [support, { k: 'object', entries, src: t.src }];
      }
      case 'set': {
        const support: E[] = [];
        const items = setOrder(t).map((x) => {
          const [extra, y] = this.expandTerm(x);
          support.push(...extra);
          return y;
        });
        return [support, { k: 'set', items, src: t.src }];
      }
      case 'acomp':
      case 'scomp': {
        const [support, term] = this.expandTerm(t.term);
        t.term = term;
        t.body = this.expandBody(appendToBody(t.body, support));
        return [[], t];
      }
      case 'ocomp': {
        const [s1, key] = this.expandTerm(t.key);
        t.body = appendToBody(t.body, s1);
        t.key = key;
        const [s2, value] = this.expandTerm(t.value);
        t.value = value;
        t.body = this.expandBody(appendToBody(t.body, s2));
        return [[], t];
      }
      default:
        return [[], t];
    }
  }

  // --- rewriteComprehensionTerms (pre-order over the whole rule) -----------------------------

  private comprehensionTerms(r: RuleN): void {
    const visit = (t: N): boolean => {
      if (t.k === 'acomp' || t.k === 'scomp') {
        if (requiresEval(t.term)) {
          const v = this.gen();
          t.body = appendToBody(t.body, [eqExpr(v, t.term)]);
          t.term = v;
        }
      } else if (t.k === 'ocomp') {
        if (requiresEval(t.key)) {
          const v = this.gen();
          t.body = appendToBody(t.body, [eqExpr(v, t.key)]);
          t.key = v;
        }
        if (requiresEval(t.value)) {
          const v = this.gen();
          t.body = appendToBody(t.body, [eqExpr(v, t.value)]);
          t.value = v;
        }
      }
      return false;
    };
    // Transform order: head (ref, args, key, value), then the body.
    r.ref.forEach((t) => walkTransform(t, visit));
    (r.args ?? []).forEach((t) => walkTransform(t, visit));
    if (r.key) walkTransform(r.key, visit);
    if (r.value && r.value !== r.key) walkTransform(r.value, visit);
    r.body.forEach((e) => forExprTerms(e, (x) => walkTransform(x, visit)));
  }

  // --- rewriteRefsInHead ---------------------------------------------------------------------

  private refsInHead(r: RuleN): void {
    const move = (t: N): N => {
      const v = this.gen();
      r.body = appendToBody(r.body, [eqExpr(v, t)]);
      return v;
    };
    const shared = r.key !== undefined && r.key === r.value;
    if (requiresEval(r.key)) r.key = move(r.key!);
    if (shared) r.value = r.key;
    else if (requiresEval(r.value)) r.value = move(r.value!);
    if (r.args) r.args = r.args.map((a) => (requiresEval(a) ? move(a) : a));
  }

  // --- rewriteWithModifiers (every body, outermost first) ------------------------------------

  private withValues(b: E[]): E[] {
    const out: E[] = [];
    for (const e of b) {
      for (const w of e.with) {
        if (!requiresEval(w.value) || isFunctionMock(w)) continue;
        const v = this.gen();
        out.push(eqExpr(v, w.value));
        w.value = v;
      }
      out.push(e);
    }
    for (const e of out) {
      forNestedBodies(e, (body, set) => set(this.withValues(body)));
    }
    return out;
  }

  // --- rewriteEquals + rewriteDynamicTerms -----------------------------------------------------

  private dynamics(b: E[]): E[] {
    const out: E[] = [];
    for (const e of b) {
      if (e.kind === 'call' && e.terms.length === 3 && opName(e) === 'equal') e.terms[0] = { k: 'ref', terms: [{ k: 'var', name: 'eq' }] };
      if (isEquality(e) && e.kind === 'call') {
        e.terms[1] = this.dynInTerm(e, e.terms[1]!, out);
        e.terms[2] = this.dynInTerm(e, e.terms[2]!, out);
      } else if (e.kind === 'call') {
        for (let i = 1; i < e.terms.length; i++) e.terms[i] = this.dynOne(e, e.terms[i]!, out);
      } else if (e.kind === 'every') {
        e.domain = this.dynOne(e, e.domain, out);
        e.body = this.dynamics(e.body);
      } else if (e.kind === 'not') {
        e.body = this.dynamics(e.body);
      } else if (e.kind === 'term') {
        e.t = this.dynInTerm(e, e.t, out);
      }
      out.push(e);
    }
    return out;
  }

  private dynInTerm(e: E, t: N, out: E[]): N {
    switch (t.k) {
      case 'ref':
        for (let i = 1; i < t.terms.length; i++) t.terms[i] = this.dynOne(e, t.terms[i]!, out);
        return t;
      case 'acomp':
      case 'scomp':
      case 'ocomp':
        t.body = this.dynamics(t.body);
        return t;
      default:
        return this.dynOne(e, t, out);
    }
  }

  private dynOne(e: E, t: N, out: E[]): N {
    switch (t.k) {
      case 'ref': {
        for (let i = 1; i < t.terms.length; i++) t.terms[i] = this.dynOne(e, t.terms[i]!, out);
        const v = this.genFor(t);
        out.push(eqExpr(v, t, e.with));
        return v;
      }
      case 'array':
        t.items = t.items.map((x) => this.dynOne(e, x, out));
        return t;
      case 'object': {
        const entries = objectOrder(t).map(([k, v]): [N, N] => {
          const k2 = this.dynOne(e, k, out);
          const v2 = this.dynOne(e, v, out);
          return [k2, v2];
        });
        return { k: 'object', entries, src: t.src };
      }
      case 'set':
        return { k: 'set', items: setOrder(t).map((x) => this.dynOne(e, x, out)), src: t.src };
      case 'acomp':
      case 'scomp':
      case 'ocomp': {
        t.body = this.dynamics(t.body);
        const v = this.genFor(t);
        out.push(eqExpr(v, t, e.with));
        return v;
      }
      default:
        return t;
    }
  }
}

/** A `with` replacing a function by a ref to another (not evaluated, not rewritten). */
function isFunctionMock(w: W): boolean {
  const target = w.target;
  const isDoc = target.k === 'ref' && target.terms[0]!.k === 'var' && (target.terms[0].name === 'input' || target.terms[0].name === 'data');
  return !isDoc && w.value.k === 'ref';
}

function refPath(r: Extract<N, { k: 'ref' }>): string {
  return r.terms.map((t) => (t.k === 'var' ? t.name : t.k === 'str' ? t.v : '\u0001')).join('\u0000');
}

function replaceNode(from: N, to: N): void {
  for (const k of Object.keys(from)) delete (from as unknown as Record<string, unknown>)[k];
  Object.assign(from, to);
}

/** Immediate child terms (not into closures' bodies). */
function forChildren(t: N, f: (c: N) => void): void {
  switch (t.k) {
    case 'ref':
    case 'call':
      t.terms.forEach(f);
      return;
    case 'array':
    case 'set':
      t.items.forEach(f);
      return;
    case 'object':
      t.entries.forEach(([k, v]) => (f(k), f(v)));
      return;
    case 'template':
      for (const p of t.parts) if (typeof p !== 'string') f(p.t);
      return;
    default:
      return;
  }
}

/** Pre-order walk of terms, into closures' heads and bodies; `f` returning true stops below. */
export function walkTerms(t: N, f: (t: N) => boolean): void {
  walk(t, f, false);
}

/** Transform's order: the node first (it may rewrite it), then its children, bodies included. */
function walkTransform(t: N, f: (t: N) => boolean): void {
  walk(t, f, true);
}

/**
 * The two walks differ in two ways: a transform maps sets and objects (copies that are sorted
 * again when next iterated), and it does not enter a template part's `with` modifiers.
 */
function walk(t: N, f: (t: N) => boolean, transform: boolean): void {
  if (f(t)) return;
  const rec = (x: N): void => walk(x, f, transform);
  switch (t.k) {
    case 'acomp':
    case 'scomp':
      rec(t.term);
      t.body.forEach((e) => forExprTerms(e, rec));
      return;
    case 'ocomp':
      rec(t.key);
      rec(t.value);
      t.body.forEach((e) => forExprTerms(e, rec));
      return;
    case 'object':
      for (const [k, v] of objectOrder(t)) (rec(k), rec(v));
      if (transform) t.sorted = false;
      return;
    case 'set':
      for (const x of setOrder(t)) rec(x);
      if (transform) t.sorted = false;
      return;
    case 'template':
      if (!transform) {
        for (const p of t.parts) {
          if (typeof p === 'string') continue;
          rec(p.t);
          p.with.forEach((w) => (rec(w.target), rec(w.value)));
        }
        return;
      }
      forChildren(t, rec);
      return;
    default:
      forChildren(t, rec);
  }
}

/** The terms of an expression in OPA's walk order (every: key, value, domain; then `with`s). */
function forExprTerms(e: E, f: (t: N) => void): void {
  switch (e.kind) {
    case 'term':
      f(e.t);
      break;
    case 'call':
      e.terms.forEach(f);
      break;
    case 'some':
      e.symbols.forEach(f);
      break;
    case 'every':
      if (e.key) f(e.key);
      f(e.value);
      f(e.domain);
      e.body.forEach((x) => forExprTerms(x, f));
      break;
    case 'not':
      e.body.forEach((x) => forExprTerms(x, f));
      break;
  }
  for (const w of e.with) (f(w.target), f(w.value));
}

/** Bodies nested in an expression (closures, every, not), with a setter. */
function forNestedBodies(e: E, f: (b: E[], set: (b: E[]) => void) => void): void {
  const term = (t: N): void => {
    if (t.k === 'acomp' || t.k === 'scomp' || t.k === 'ocomp') {
      f(t.body, (b) => (t.body = b));
      if (t.k === 'ocomp') (term(t.key), term(t.value));
      else term(t.term);
      return;
    }
    if (t.k === 'object') return t.entries.forEach(([k, v]) => (term(k), term(v)));
    if (t.k === 'set' || t.k === 'array') return t.items.forEach(term);
    if (t.k === 'ref' || t.k === 'call') return t.terms.forEach(term);
  };
  switch (e.kind) {
    case 'term':
      term(e.t);
      break;
    case 'call':
      e.terms.forEach(term);
      break;
    case 'every':
      term(e.domain);
      f(e.body, (b) => (e.body = b));
      break;
    case 'not':
      f(e.body, (b) => (e.body = b));
      break;
    default:
      break;
  }
  for (const w of e.with) term(w.value);
}

/** Every term below `t` (closures included), without touching any literal's cached order. */
export function forEachTerm(t: N, f: (t: N) => void): void {
  f(t);
  switch (t.k) {
    case 'acomp':
    case 'scomp':
      forEachTerm(t.term, f);
      t.body.forEach((e) => forExprTerms(e, (x) => forEachTerm(x, f)));
      return;
    case 'ocomp':
      forEachTerm(t.key, f);
      forEachTerm(t.value, f);
      t.body.forEach((e) => forExprTerms(e, (x) => forEachTerm(x, f)));
      return;
    case 'template':
      for (const p of t.parts) {
        if (typeof p === 'string') continue;
        forEachTerm(p.t, f);
        p.with.forEach((w) => (forEachTerm(w.target, f), forEachTerm(w.value, f)));
      }
      return;
    default:
      forChildren(t, (c) => forEachTerm(c, f));
  }
}
