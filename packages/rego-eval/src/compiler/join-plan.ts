/**
 * Join plans (compile time; used by eval/join-index.ts). A body that iterates base data and
 * then compares something derived only from that iteration with a value bound before it,
 *
 *   host := input.review.object.spec.rules[_].host
 *   other := data.inventory.namespace[_][v]["Ingress"][name]   # the iteration
 *   regex.match("^networking.k8s.io/", v)                        # key-only: iteration vars only
 *   other.spec.rules[_].host == host                             # the comparison
 *
 * does, per evaluation, work proportional to the whole iterated document. Its solutions are
 * exactly the bindings of the iteration and key-only literals whose key (`other.spec.rules[_].host`)
 * equals the probe (`host`): a pure function of base data, which can be indexed by key once per
 * data snapshot. The plan records the pieces; the iteration literal carries it (`join`).
 *
 * Literals between the iteration and the comparison that read values bound before it (`not
 * identical(other, input.review)`) become *deferred*: run only on the matching bindings. That
 * skips their evaluation on the others, which is unobservable only if they can neither bind
 * (several solutions would change the order) nor raise an error; `raiseFree` proves the
 * latter conservatively (non-strict builtin errors are undefined, so strict mode never uses a
 * plan with deferred literals).
 */
import { builtinDecls } from '../builtins/registry.js';
import type { DataT, Lit, T } from './ir.js';
import type { DocNode, RuleDef } from './tree.js';
import { hashKey } from '../value/hash.js';

export interface JoinPlan {
  /** Literals run while the index is built: a copy of the iteration literal, then the key-only ones. */
  build: Lit[];
  /** The compared term, evaluated after `build` for each of its solutions. */
  key: T;
  /** The value looked up: a variable bound before the iteration, or a constant. */
  probe: T;
  /** Literals run on each matching binding, in body order, before the rest of the body. */
  deferred: Lit[];
  /** The body's literals from the iteration to the comparison (checked against the running body). */
  span: Lit[];
  /** Slots the build binds: unbound when the iteration starts, restored for each match. */
  slots: number[];
  /** Path below `data` of the iterated base document (its identity keys the index). */
  basePath: string[];
  /** The comparison is a call of `equal` (mocks disable the index anyway). */
  callsEqual: boolean;
}

/** A literal that starts a join carries its plan. */
export type JoinLit = Extract<Lit, { k: 'unify' }> & { join?: JoinPlan };

/** Builtins that cannot raise (only return undefined) when builtin errors are not strict. */
const RAISE_FREE_BUILTINS = new Set([
  'equal', 'neq', 'lt', 'lte', 'gt', 'gte', 'internal.member_2', 'internal.member_3', 'count', 'concat', 'sprintf',
  'startswith', 'endswith', 'contains', 'lower', 'upper', 'trim', 'trim_space', 'trim_prefix', 'trim_suffix', 'split',
  'replace', 'indexof', 'substring', 'regex.match', 'object.get', 'object.keys', 'array.concat', 'sort', 'type_name',
  'is_string', 'is_number', 'is_boolean', 'is_array', 'is_set', 'is_object', 'is_null',
]);

/** Builtins whose result may differ between evaluations with equal arguments, or that have effects. */
const IMPURE_BUILTINS = new Set(['trace', 'print', 'internal.print', 'http.send', 'net.lookup_ip_addr', 'opa.runtime', 'rand.intn', 'uuid.rfc4122', 'time.now_ns', 'rego.metadata.rule', 'rego.metadata.chain']);

/** Plans every body of the tree (rules, functions, else chains, nested bodies). */
export function planJoins(root: DocNode): void {
  const visit = (n: DocNode): void => {
    const defs = [...n.rules, ...n.funcs];
    if (n.defaultRule) defs.push(n.defaultRule);
    if (n.defaultFunc) defs.push(n.defaultFunc);
    for (const def of defs) for (let d: RuleDef | undefined = def; d; d = d.else) planDef(d);
    for (const c of n.children.values()) visit(c);
  };
  visit(root);
}

function planDef(d: RuleDef): void {
  const args = new Set<number>();
  for (const a of d.args ?? []) varsOf(a, args);
  planBody(d.body, args);
  for (const t of [d.key, d.value, ...(d.args ?? []), ...d.dyn]) if (t) nestedT(t);
}

/** Plans the bodies nested in a term (comprehensions). */
function nestedT(t: T): void {
  walkT(t, (x) => {
    if (x.k === 'acomp' || x.k === 'scomp' || x.k === 'ocomp') planBody(x.body, new Set());
  });
}

function planBody(lits: Lit[], bound: Set<number>): void {
  for (const l of lits) {
    switch (l.k) {
      case 'term':
        nestedT(l.t);
        break;
      case 'unify':
        nestedT(l.a);
        nestedT(l.b);
        break;
      case 'not':
        planBody(l.body, new Set());
        break;
      case 'every':
        planBody(l.body, new Set());
        nestedT(l.domain);
        break;
      case 'some':
        nestedT(l.domain);
        break;
      default:
        break;
    }
  }
  for (let i = 0; i < lits.length; i++) {
    if ((lits[i] as JoinLit).join) continue;
    const p = planAt(lits, i, bound);
    if (p) (lits[i] as JoinLit).join = p;
  }
}

/** The base-data path of a ref that only reads base data up to its first variable, else undefined. */
function basePathOf(d: DataT): { path: string[]; vars: number[] } | undefined {
  let n = d.node;
  if (n.hasDocRules || n.isFunction) return undefined;
  let i = 0;
  for (; i < d.path.length; i++) {
    const p = d.path[i]!;
    if (p.k !== 'const' || typeof p.v !== 'string') break;
    const c = n.children.get(p.v);
    if (!c) break;
    n = c;
    if (n.hasDocRules || n.isFunction) return undefined;
  }
  // The first step below the rule tree must be a constant key into base data.
  const first = d.path[i];
  if (!first || first.k !== 'const' || typeof first.v !== 'string') return undefined;
  const path = [...n.path];
  const vars: number[] = [];
  for (; i < d.path.length; i++) {
    const p = d.path[i]!;
    if (p.k === 'const' && vars.length === 0) {
      if (typeof p.v !== 'string') return undefined;
      path.push(p.v);
    } else if (p.k === 'var') vars.push(p.slot);
    else if (p.k !== 'const') return undefined;
  }
  return vars.length ? { path, vars } : undefined;
}

function planAt(lits: Lit[], i: number, args: Set<number>): JoinPlan | undefined {
  const l = lits[i]!;
  if (l.k !== 'unify' || l.with || l.outArg) return undefined;
  const pair = l.a.k === 'var' && l.b.k === 'data' ? ([l.a, l.b] as const) : l.b.k === 'var' && l.a.k === 'data' ? ([l.b, l.a] as const) : undefined;
  if (!pair) return undefined;
  const [bindVar, d] = pair;
  const base = basePathOf(d);
  if (!base) return undefined;
  const before = new Set(args);
  for (let j = 0; j < i; j++) varsOfLit(lits[j]!, before);
  const keyVars = new Set([bindVar.slot, ...base.vars]);
  for (const s of keyVars) if (before.has(s)) return undefined;
  const { join: _planned, ...copy } = l as JoinLit;
  const build: Lit[] = [copy];
  const deferred: Lit[] = [];
  const deferredBound = new Set<number>();
  /** Vars of every literal but `skip`, for telling a literal's local vars from shared ones. */
  const elsewhere = (skip: number): Set<number> => {
    const s = new Set(args);
    lits.forEach((x, j) => j !== skip && varsOfLit(x, s));
    return s;
  };
  for (let j = i + 1; j < lits.length; j++) {
    const L = lits[j]!;
    if (L.with) return undefined;
    const cmp = compareOf(L, keyVars, before, deferredBound);
    if (cmp) {
      const slots = new Set<number>();
      for (const b of build) varsOfLit(b, slots);
      varsOf(cmp.key, slots);
      return {
        build,
        key: cmp.key,
        probe: cmp.probe,
        deferred,
        span: lits.slice(i, j + 1),
        slots: [...slots],
        basePath: base.path,
        callsEqual: cmp.callsEqual,
      };
    }
    const vs = varsOfLit(L, new Set());
    if ([...vs].every((s) => !before.has(s) && !deferredBound.has(s)) && pureLit(L)) {
      for (const s of vs) keyVars.add(s);
      build.push(L);
      continue;
    }
    const known = (s: number): boolean => before.has(s) || keyVars.has(s) || deferredBound.has(s);
    if (L.k === 'not') {
      const shared = elsewhere(j);
      if ([...vs].every((s) => known(s) || !shared.has(s)) && L.body.every(raiseFreeLit)) {
        deferred.push(L);
        continue;
      }
      return undefined;
    }
    if (L.k === 'term' && L.slot === undefined && !L.keepFalse && L.t.k === 'call' && [...vs].every(known) && singleValued(L.t, known) && raiseFree(L.t)) {
      deferred.push(L);
      continue;
    }
    if (L.k === 'unify' && !L.outArg && L.a.k === 'var' && !known(L.a.slot) && [...varsOf(L.b, new Set())].every(known) && singleValued(L.b, known) && raiseFree(L.b)) {
      deferredBound.add(L.a.slot);
      deferred.push(L);
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** `key == probe` / `key = probe` with the key computed from the iteration alone. */
function compareOf(L: Lit, keyVars: Set<number>, before: Set<number>, deferredBound: Set<number>): { key: T; probe: T; callsEqual: boolean } | undefined {
  let pair: [T, T] | undefined;
  let callsEqual = false;
  if (L.k === 'unify' && !L.outArg) pair = [L.a, L.b];
  else if (L.k === 'term' && L.slot === undefined && !L.keepFalse && L.t.k === 'call' && L.t.fn.kind === 'builtin' && L.t.fn.key === 'equal' && L.t.args.length === 2) {
    pair = [L.t.args[0]!, L.t.args[1]!];
    callsEqual = true;
  }
  if (!pair) return undefined;
  for (const [key, probe] of [pair, [pair[1], pair[0]]] as Array<[T, T]>) {
    const probeOk = probe.k === 'const' || (probe.k === 'var' && before.has(probe.slot) && !keyVars.has(probe.slot));
    if (!probeOk) continue;
    if (key.k !== 'var' && key.k !== 'ref' && key.k !== 'call') continue;
    if (!key.free.every((s) => keyVars.has(s))) continue;
    // Other vars of the key are iterated inside it (`other.rules[_].host`): new ones only.
    const vs = varsOf(key, new Set());
    if ([...vs].some((s) => before.has(s) || deferredBound.has(s))) continue;
    if (key.k === 'var' && !keyVars.has(key.slot)) continue;
    if (!pureT(key)) continue;
    return { key, probe, callsEqual };
  }
  return undefined;
}

// ---- purity: a function of the iteration's bindings and nothing else ----

const pureFns = new WeakMap<DocNode, boolean>();

function pureT(t: T): boolean {
  let ok = true;
  walkT(t, (x) => {
    if (!ok) return;
    if (x.k === 'input' || x.k === 'data') ok = false;
    else if (x.k === 'call') {
      if (x.fn.kind === 'builtin') {
        const name = x.fn.key;
        if (IMPURE_BUILTINS.has(name) || x.fn.def.nondeterministic || !builtinDecls().has(name)) ok = false;
      } else if (!pureFn(x.fn.node)) ok = false;
    } else if (x.k === 'acomp' || x.k === 'scomp' || x.k === 'ocomp') {
      if (!x.body.every(pureLit)) ok = false;
    }
  });
  return ok;
}

/**
 * Whether every term of `l` passes `term`, nested bodies checked with `lit`. A literal with
 * `with` or a `print` never passes: both have effects the join plans cannot reorder.
 */
function litTermsAll(l: Lit, term: (t: T) => boolean, lit: (l: Lit) => boolean): boolean {
  if (l.with) return false;
  switch (l.k) {
    case 'term':
      return term(l.t);
    case 'unify':
      return term(l.a) && term(l.b);
    case 'not':
      return l.body.every(lit);
    case 'some':
      return (!l.key || term(l.key)) && term(l.value) && term(l.domain);
    case 'every':
      return (!l.key || term(l.key)) && term(l.value) && term(l.domain) && l.body.every(lit);
    case 'print':
      return false;
    case 'nop':
      return true;
  }
}

function pureLit(l: Lit): boolean {
  return litTermsAll(l, pureT, pureLit);
}

function defsOf(n: DocNode): RuleDef[] {
  const out: RuleDef[] = [];
  for (const def of [...n.funcs, ...(n.defaultFunc ? [n.defaultFunc] : [])]) for (let d: RuleDef | undefined = def; d; d = d.else) out.push(d);
  return out;
}

function pureFn(n: DocNode): boolean {
  const c = pureFns.get(n);
  if (c !== undefined) return c;
  pureFns.set(n, false); // recursion is a compile error; this only guards the walk
  const ok = defsOf(n).every((d) => d.body.every(pureLit) && [d.value, ...(d.args ?? [])].every((t) => !t || pureT(t)));
  pureFns.set(n, ok);
  return ok;
}

// ---- raise-freedom: no error whatever the values (builtin errors not strict) ----

const raiseFreeFns = new WeakMap<DocNode, boolean>();

export function raiseFree(t: T): boolean {
  let ok = true;
  walkT(t, (x) => {
    if (!ok) return;
    switch (x.k) {
      case 'data':
        // Base documents only: virtual ones run rules (conflicts).
        if (x.node.hasVirtual || x.node.isFunction) ok = false;
        break;
      case 'call':
        if (x.fn.kind === 'builtin') ok = RAISE_FREE_BUILTINS.has(x.fn.key);
        else ok = raiseFreeFn(x.fn.node);
        break;
      case 'ocomp': // key conflicts
      case 'template': // several values
        ok = false;
        break;
      case 'acomp':
      case 'scomp':
        ok = x.body.every(raiseFreeLit);
        break;
      default:
        break;
    }
  });
  return ok;
}

export function raiseFreeLit(l: Lit): boolean {
  return litTermsAll(l, raiseFree, raiseFreeLit);
}

function raiseFreeFn(n: DocNode): boolean {
  const c = raiseFreeFns.get(n);
  if (c !== undefined) return c;
  raiseFreeFns.set(n, false);
  const defs = defsOf(n);
  const ok = defs.every((d) => d.body.every(raiseFreeLit) && [d.value, ...(d.args ?? [])].every((t) => !t || raiseFree(t))) && conflictFree(n);
  raiseFreeFns.set(n, ok);
  return ok;
}

/**
 * True when no two solutions of the function's definitions can give different values: every
 * value is the same constant (`f(x) { ... }` is `true`), or each definition has at most one
 * solution and the definitions exclude each other (`x.g == ""` against `x.g != ""`).
 */
function conflictFree(n: DocNode): boolean {
  const defs = n.funcs;
  const all = defsOf(n).filter((d) => !d.isDefault);
  const v0 = all[0]?.value;
  if (v0 && v0.k === 'const' && all.every((d) => d.value?.k === 'const' && hashKey(d.value.v) === hashKey(v0.v))) return true;
  if (defs.some((d) => d.else)) return false;
  const facts: Array<Facts | undefined> = defs.map(singleSolution);
  if (facts.some((f) => f === undefined)) return false;
  for (let a = 0; a < facts.length; a++) for (let b = a + 1; b < facts.length; b++) if (!exclusive(facts[a]!, facts[b]!)) return false;
  return true;
}

/** Normalised term text → constraints: `eq` values it must equal, `ne` values it must differ from. */
type Facts = Map<string, { eq: Set<string>; ne: Set<string> }>;

/**
 * The conditions a definition places on its arguments, when its body has at most one solution
 * (no iteration); undefined otherwise. Terms are normalised through `x := t` bindings and
 * argument positions so that two definitions' conditions can be compared.
 */
function singleSolution(d: RuleDef): Facts | undefined {
  const names = new Map<number, string>();
  (d.args ?? []).forEach((a, i) => {
    if (a.k === 'var') names.set(a.slot, `$arg${i}`);
  });
  const bound = new Set<number>(names.keys());
  const known = (s: number): boolean => bound.has(s);
  const norm = (t: T): string | undefined => {
    if (t.k === 'const') return 'c' + hashKey(t.v);
    if (t.k === 'var') return names.get(t.slot);
    if (t.k === 'ref') {
      let s = norm(t.head);
      if (s === undefined) return undefined;
      for (const p of t.path) {
        const ps = norm(p);
        if (ps === undefined) return undefined;
        s += '[' + ps + ']';
      }
      return s;
    }
    return undefined;
  };
  const facts: Facts = new Map();
  const add = (a: T, b: T, eq: boolean): void => {
    for (const [x, c] of [[a, b], [b, a]] as Array<[T, T]>) {
      if (c.k !== 'const') continue;
      const key = norm(x);
      if (key === undefined) continue;
      let f = facts.get(key);
      if (!f) facts.set(key, (f = { eq: new Set(), ne: new Set() }));
      (eq ? f.eq : f.ne).add(hashKey(c.v));
    }
  };
  for (const l of d.body) {
    if (l.with) return undefined;
    if (l.k === 'unify') {
      if (l.a.k === 'var' && !bound.has(l.a.slot) && singleValued(l.b, known)) {
        bound.add(l.a.slot);
        const n = norm(l.b);
        if (n !== undefined) names.set(l.a.slot, n);
        continue;
      }
      if (!singleValued(l.a, known) || !singleValued(l.b, known)) return undefined;
      add(l.a, l.b, true);
    } else if (l.k === 'term') {
      if (!singleValued(l.t, known)) return undefined;
      if (l.slot !== undefined) bound.add(l.slot);
      const t = l.t;
      if (t.k === 'call' && t.fn.kind === 'builtin' && (t.fn.key === 'equal' || t.fn.key === 'neq') && t.args.length === 2) add(t.args[0]!, t.args[1]!, t.fn.key === 'equal');
    } else if (l.k !== 'not' && l.k !== 'nop') return undefined;
  }
  if (d.value && !singleValued(d.value, known)) return undefined;
  return facts;
}

function exclusive(a: Facts, b: Facts): boolean {
  for (const [key, fa] of a) {
    const fb = b.get(key);
    if (!fb) continue;
    for (const x of fa.eq) {
      if (fb.ne.has(x)) return true;
      for (const y of fb.eq) if (y !== x) return true;
    }
    for (const x of fa.ne) if (fb.eq.has(x)) return true;
  }
  return false;
}

/** At most one value: no iteration (every ref key and var known), no relations, no virtual documents. */
function singleValued(t: T, known: (s: number) => boolean): boolean {
  let ok = true;
  walkT(t, (x) => {
    if (!ok) return;
    switch (x.k) {
      case 'var':
        if (!known(x.slot)) ok = false;
        break;
      case 'data':
        if (x.node.hasVirtual || x.node.isFunction) ok = false;
        break;
      case 'call':
        if (x.fn.kind === 'builtin' && x.fn.def.relation) ok = false;
        break;
      case 'template':
        ok = false;
        break;
      default:
        break;
    }
  });
  return ok;
}

// ---- variables and walking ----

/** Calls `f` on `t` and every term inside it, comprehension heads and bodies included. */
function walkT(t: T, f: (x: T) => void): void {
  f(t);
  switch (t.k) {
    case 'ref':
      walkT(t.head, f);
      for (const p of t.path) walkT(p, f);
      return;
    case 'data':
    case 'input':
      for (const p of t.path) walkT(p, f);
      return;
    case 'array':
    case 'set':
      for (const x of t.items) walkT(x, f);
      return;
    case 'object':
      for (const [a, b] of t.entries) (walkT(a, f), walkT(b, f));
      return;
    case 'call':
      for (const a of t.args) walkT(a, f);
      return;
    case 'acomp':
    case 'scomp':
    case 'ocomp':
      walkT(t.head, f);
      if (t.value) walkT(t.value, f);
      for (const l of t.body) walkLitTerms(l, f);
      return;
    case 'template':
      for (const p of t.parts) if (typeof p !== 'string') walkT(p, f);
      return;
    default:
      return;
  }
}

function walkLitTerms(l: Lit, f: (x: T) => void): void {
  for (const w of l.with ?? []) if (w.value) walkT(w.value, f);
  switch (l.k) {
    case 'term':
      walkT(l.t, f);
      return;
    case 'unify':
      walkT(l.a, f);
      walkT(l.b, f);
      return;
    case 'not':
      for (const x of l.body) walkLitTerms(x, f);
      return;
    case 'some':
      if (l.key) walkT(l.key, f);
      walkT(l.value, f);
      walkT(l.domain, f);
      return;
    case 'every':
      if (l.key) walkT(l.key, f);
      walkT(l.value, f);
      walkT(l.domain, f);
      for (const x of l.body) walkLitTerms(x, f);
      return;
    case 'print':
      for (const a of l.args) walkT(a, f);
      return;
    case 'nop':
      return;
  }
}

function varsOf(t: T, out: Set<number>): Set<number> {
  walkT(t, (x) => {
    if (x.k === 'var') out.add(x.slot);
  });
  return out;
}

function varsOfLit(l: Lit, out: Set<number>): Set<number> {
  walkLitTerms(l, (x) => {
    if (x.k === 'var') out.add(x.slot);
  });
  if (l.k === 'term' && l.slot !== undefined) out.add(l.slot);
  return out;
}
