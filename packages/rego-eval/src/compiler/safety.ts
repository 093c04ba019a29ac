/**
 * Safety analysis with OPA's minimal reordering (`reorderBodyForSafety`): repeatedly take, in
 * source order, the literals whose inputs are bound; whatever is left is unsafe.
 */
import type { Location } from '@rego-ts/rego-parser';
import { forEachChild, litParts, type Lit, type T } from './ir.js';
import { allIn, isRef, nonPatternNeeds, patternVars, refPathVars, uniq } from './vars.js';
import { unifyVars } from './unify-vars.js';
import { closureVars, laxLiteral, templateClosureVars } from './closure-safety.js';
import { inherited, refOutputs, sharedAfter } from './shared-outputs.js';
import { locBefore, unsafeVarLoc } from './unsafe-locs.js';
import { equal } from '../value/compare.js';

function evaluable(t: T, safe: ReadonlySet<number>): boolean {
  return allIn(t.free, safe);
}

/**
 * Can the domain of `some … in domain` be evaluated? OPA evaluates a composite domain first,
 * as an expression of its own (`__l = [x, input[x]]`): the vars in its refs' paths are bound
 * there. Calls in it are expressions of their own before that (call-hoisting.ts).
 */
function domainReady(d: T, safe: ReadonlySet<number>): boolean {
  return evaluable(d, safe) || ownRefsBind(d, safe);
}

/** Are the vars `t` needs bound by `safe` and the paths of its refs? Not for terms with calls. */
function ownRefsBind(t: T, safe: ReadonlySet<number>): boolean {
  if (hasCall(t)) return false;
  const own = refPathVars(t);
  return own.length > 0 && allIn(t.free, new Set([...safe, ...own]));
}

function hasCall(t: T): boolean {
  if (t.k === 'call') return true;
  let found = false;
  forEachChild(t, (c) => (found ||= hasCall(c)));
  return found;
}

/** Every var an operand mentions outside closures (comprehensions count by their captures). */
function operandVars(t: T): number[] {
  return [...t.free, ...refPathVars(t)];
}

/** OPA's outputs of `a = b` (refOutputs, then Unify) and the vars they leave unbound. */
function equality(a: T, b: T, safe: ReadonlySet<number>): { out: number[]; unbound: number[] } {
  const pre = refOutputs(b, safe, refOutputs(a, safe, [])).filter((v) => !safe.has(v));
  const s = pre.length ? new Set([...safe, ...pre]) : safe;
  const u = unifyVars(a, b, s);
  const unbound = uniq([...operandVars(a), ...operandVars(b)].filter((v) => !s.has(v) && !u.has(v)));
  return { out: [...pre, ...u], unbound };
}

/** Vars bound by unifying `a` with `b`, or null while some var of it stays unbound. */
function unifyOut(a: T, b: T, safe: ReadonlySet<number>): number[] | null {
  const e = equality(a, b, safe);
  return e.unbound.length ? null : e.out;
}

/**
 * The vars OPA's outputVarsForBody counts as bound by literal `l` when `safe` are: an
 * equality's outputs and a term's ref iterations even while some other var of it is unbound
 * (`v := {null: y, 1: input[x]}` binds x there), otherwise what the literal binds when it runs.
 */
export function litOutputs(l: Lit, safe: ReadonlySet<number>, info: SafetyInfo): number[] {
  if (l.k === 'unify' && !l.hoisted && !l.outArg && !l.with) return equality(l.a, l.b, safe).out;
  if (l.k === 'term' && !l.with) return tryLit(l, safe, info) ?? refOutputs(l.t, safe, []);
  return tryLit(l, safe, info) ?? [];
}

export interface SafetyInfo {
  wildcards: ReadonlySet<number>;
}

/** Vars a literal binds when run with `safe` bound, or null if it cannot run yet. */
export function tryLit(l: Lit, safe: ReadonlySet<number>, info: SafetyInfo): number[] | null {
  for (const w of l.with ?? []) if (w.value && !evaluable(w.value, safe)) return null;
  switch (l.k) {
    case 'term': {
      if (!hoistedCallsReady(l.t, safe, true)) return null;
      const out = refPathVars(l.t);
      for (const v of l.t.free) if (!safe.has(v) && !out.includes(v)) return null;
      return out;
    }
    case 'unify':
      if (l.hoisted) {
        // Taken out of a negation: it may not bind the negation's own vars.
        if (!evaluable(l.b, safe) || !allIn(refPathVars(l.b), safe)) return null;
        return patternVars(l.a);
      }
      if (!hoistedCallsReady(l.a, safe) || !hoistedCallsReady(l.b, safe, !!l.outArg)) return null;
      // A call with an output (OPA's outputVarsForExprCall): the refs in its arguments bind
      // the vars in their paths (`or(x, data.a[x], out)`).
      if (l.outArg && l.b.k === 'call' && !evaluable(l.b, safe) && l.b.args.every((x) => !hasCall(x))) {
        const c: T = { k: 'array', items: l.b.args, free: l.b.free };
        return ownRefsBind(c, safe) && allIn(nonPatternNeeds(l.a), safe) ? [...patternVars(l.a), ...refPathVars(c)] : null;
      }
      return unifyOut(l.a, l.b, safe);
    case 'not': {
      if (l.captured) return allIn(l.captured, safe) ? [] : null;
      let s = new Set(safe);
      for (const inner of l.body) {
        const r = tryLit(inner, s, info);
        if (!r) return null;
        for (const v of r) if (!s.has(v)) return null;
        s = new Set([...s, ...r]);
      }
      return [];
    }
    case 'some':
      if (!domainReady(l.domain, safe)) return null;
      {
        // OPA's `some x in xs` is `x = xs[k]` with the calls of x hoisted after it: the domain's
        // refs bind their path vars before x's calls need them (`some f(i) in input[i]`).
        const s = new Set([...safe, ...refPathVars(l.domain)]);
        if (l.key && !allIn(nonPatternNeeds(l.key), s)) return null;
        if (!allIn(nonPatternNeeds(l.value), s)) return null;
      }
      return [...(l.key ? patternVars(l.key) : []), ...patternVars(l.value), ...refPathVars(l.domain)];
    case 'every':
      return evaluable(l.domain, safe) && allIn(l.captured, safe) ? [] : null;
    case 'print':
      for (const a of l.args) if (!evaluable(a, safe)) return null;
      return [];
    case 'nop':
      return [];
  }
}

/**
 * OPA hoists the calls nested in an expression (all but the expression's `own` call) into
 * expressions of their own, run before it: each needs its inputs bound already or by the refs
 * of its own arguments (its nested calls run before it), never by refs elsewhere in the
 * expression — `v := f(g(y), data.a[y])` leaves y unsafe for g.
 */
function hoistedCallsReady(t: T, safe: ReadonlySet<number>, own = false): boolean {
  return hoistedCallNeeds(t, safe, own, []).length === 0;
}

/** The inputs of the hoisted calls in `t` that are not bound (see hoistedCallsReady). */
function hoistedCallNeeds(t: T, safe: ReadonlySet<number>, own: boolean, out: number[]): number[] {
  if (t.k === 'acomp' || t.k === 'scomp' || t.k === 'ocomp' || t.k === 'template') return out;
  if (t.k === 'call' && !own) {
    const s = new Set([...safe, ...refOutputs(t, safe, [])]);
    for (const v of t.free) if (!s.has(v)) out.push(v);
  }
  forEachChild(t, (c) => hoistedCallNeeds(c, safe, false, out));
  return out;
}

/**
 * The output vars OPA computes for a literal in its closure check (outputVarsForExpr). For a
 * term, or a call without an output argument, they are the vars of the ref paths in it (not
 * in nested calls), even those already bound: `v := input[_]; [1 | v] > input[v]` stays unsafe.
 */
function opaOutputs(l: Lit, r: number[] | null, safe: ReadonlySet<number>): number[] {
  if (l.k === 'term') {
    // `with` values must be bound first: until then, no outputs.
    for (const w of l.with ?? []) if (w.value && !evaluable(w.value, safe)) return [];
    const out: number[] = [];
    const walk = (t: T): void => {
      if (t.k === 'call') return; // nested calls are hoisted out of the expression
      if (t.k === 'array' || t.k === 'set') t.items.forEach(walk);
      else if (t.k === 'object') for (const [k, v] of t.entries) (walk(k), walk(v));
      else refPathVars(t, out);
    };
    if (l.t.k === 'call') l.t.args.forEach(walk);
    else walk(l.t);
    return out;
  }
  return r?.filter((v) => !safe.has(v)) ?? [];
}

function templateReady(l: Lit, safe: ReadonlySet<number>, globals: ReadonlySet<number>): boolean {
  if (l.k !== 'term') return true;
  return templateVars(l.t, []).every((v) => safe.has(v) || globals.has(v));
}

/** Vars of the template strings in `t`, outside comprehensions. */
function templateVars(t: T, out: number[]): number[] {
  if (t.k === 'template') out.push(...t.free);
  else if (t.k !== 'acomp' && t.k !== 'scomp' && t.k !== 'ocomp') forEachChild(t, (c) => templateVars(c, out));
  return out;
}

export interface Unsafe {
  slot: number;
  loc: Location;
}

/** Reorders `lits` for safety. Returns the order, the bound set, and unsafe vars. */
export function reorder(
  lits: Lit[],
  initial: Iterable<number>,
  info: SafetyInfo,
  sharedOutputs = true,
  skipInputs = true,
): { lits: Lit[]; safe: Set<number>; unsafe: Unsafe[] } {
  const safe = new Set(initial);
  const globals = new Set(safe);
  const out: Lit[] = [];
  let rest = lits;
  let progress = true;
  // Skipped by OPA's "closure-self" case: they keep their vars unsafe, even once bound.
  const selfSkipped = new Set<Lit>();
  /** `some` literals kept back only by their iteration key (see below): reported by no var. */
  const keyStuck = new Set<Lit>();
  // OPA's output-var set shared by the expressions it looks at (shared-outputs.ts).
  let shared = new Set<number>();
  /** Was a literal placed with vars it took from the shared set? */
  let inheritedUsed = false;
  while (rest.length && progress) {
    progress = false;
    const next: Lit[] = [];
    for (const l of rest) {
      let inh = sharedOutputs ? inherited(l, shared, safe, info.wildcards) : [];
      if (inh.length && l.k === 'some' && (l.domain.k === 'var' || isRef(l.domain)) && !domainReady(l.domain, safe)) {
        // `some v in xs` is `v = xs[k]` with k fresh: an inherited xs binds no k (OPA's ref
        // outputs need the head bound), so it cannot run; k alone stays unsafe, never reported.
        // (A composite domain is `__l = [...]` first: that equality may inherit.)
        keyStuck.add(l);
        inh = [];
      } else keyStuck.delete(l);
      const s = inh.length ? new Set([...safe, ...inh]) : safe;
      // A template string is a call OPA runs as an expression of its own before this one: its
      // vars must be bound already, not by the literal itself — unless the literal is an
      // equality, which binds the template's output (or takes it from OPA's shared output set,
      // shared-outputs.ts) and may then bind them.
      const ran = templateReady(l, s, globals) ? tryLit(l, s, info) : null;
      const r = ran && inh.length ? [...ran, ...inh] : ran;
      shared = sharedAfter(l, shared, safe, ran, info.wildcards, skipInputs);
      const cv = closureVars(l)?.filter((v) => !globals.has(v));
      if (cv?.length) {
        // OPA's quirk (closure-safety.ts): only the closure vars must be bound.
        const outs = new Set(opaOutputs(l, r, safe));
        if (cv.length === outs.size && cv.every((v) => outs.has(v))) {
          selfSkipped.add(l);
          next.push(l);
          continue;
        }
        const lax = r ? undefined : cv.every((v) => s.has(v)) ? laxLiteral(l) : undefined;
        if (lax) {
          for (const v of inh) safe.add(v);
          if (inh.length) inheritedUsed = true;
          out.push(lax);
          progress = true;
          continue;
        }
      }
      if (r) {
        for (const v of r) safe.add(v);
        if (inh.length) inheritedUsed = true;
        out.push(l);
        progress = true;
      } else next.push(l);
    }
    rest = next;
  }
  let unsafe: Unsafe[] = [];
  if (rest.length) {
    unsafe = unsafeOf(rest, safe, globals, selfSkipped, keyStuck);
    // Reported by other literals; should none be, the key-stuck ones are.
    if (!unsafe.length && keyStuck.size) unsafe = unsafeOf(rest, safe, globals, selfSkipped, new Set());
    out.push(...rest);
  }
  if (inheritedUsed && !unsafe.length) {
    if (onlyUnificationsUnbound(out, initial, info)) {
      // Accepted only through the shared outputs: OPA's order runs some unifications with vars
      // unbound, which its evaluator then binds to each other (`v1 = v2`). The same conjunction
      // in an order where each literal runs with its inputs bound (`==` is a unification in
      // modules: rewriteEquals; `[a, b] = [c, d]` is `a = c; b = d`) gives the same answers,
      // when there is one. (A call run with an unbound input fails in OPA: then OPA's order is
      // kept, it fails here too.)
      const evalOrder = reorder(lits.flatMap(evalForm), initial, info, false);
      if (!evalOrder.unsafe.length) return { lits: evalOrder.lits, safe, unsafe };
    } else if (skipInputs) {
      // Unless the call reads the unbound input in a set, an object key or a ref head, which
      // OPA's check skips and its evaluator reads unbound (`[x] = [count({x})]` is 1): that
      // opa bug is not copied, the body is checked without the skip.
      return reorder(lits, initial, info, sharedOutputs, false);
    }
    // Nor when a comprehension would run with a var only the shared outputs bind: opa v1.17.1
    // evaluates it with the var unbound (`v0 = count([1 | input.a[v0]])` counts all of
    // input.a); opa v1.22.3 reports the var unsafe (its safety check no longer shares outputs
    // between expressions), and so does rego-ts.
    const strict = reorder(lits, initial, info, false);
    const read = closureReads(lits);
    if (strict.unsafe.some((u) => read.has(u.slot))) return { lits: out, safe, unsafe: strict.unsafe };
  }
  return { lits: out, safe, unsafe };
}

/** The vars the comprehensions in `lits` take from their body (captured, at any depth). */
function closureReads(lits: Lit[]): Set<number> {
  const read = new Set<number>();
  const terms: T[] = [];
  const pending = [...lits];
  while (pending.length || terms.length) {
    const l = pending.pop();
    if (l) {
      litParts(l, terms, pending);
      continue;
    }
    const t = terms.pop()!;
    if (t.k === 'acomp' || t.k === 'scomp' || t.k === 'ocomp') for (const v of t.free) read.add(v);
    forEachChild(t, (c) => terms.push(c));
  }
  return read;
}

/** The unsafe vars of the literals left unplaced, each at the first literal reporting it. */
function unsafeOf(rest: Lit[], safe: ReadonlySet<number>, globals: ReadonlySet<number>, selfSkipped: ReadonlySet<Lit>, skip: ReadonlySet<Lit>): Unsafe[] {
  const unsafe: Unsafe[] = [];
  // A var unsafe in several expressions is reported at the first of them (OPA's unsafeVars.Vars).
  const seen = new Map<number, Unsafe>();
  for (const l of rest) {
    if (skip.has(l)) continue;
    // OPA replaces the unsafe vars of an expression by those of its closures still unbound.
    const cv = selfSkipped.has(l) ? undefined : [...(closureVars(l) ?? []), ...(templateClosureVars(l) ?? [])].filter((v) => !globals.has(v) && !safe.has(v));
    for (const v of cv?.length ? cv : neededVars(l, safe)) {
      if (!safe.has(v) || (selfSkipped.has(l) && !globals.has(v))) {
        const loc = unsafeVarLoc(l, v);
        const u = seen.get(v);
        if (!u) {
          const nu = { slot: v, loc };
          seen.set(v, nu);
          unsafe.push(nu);
        } else if (locBefore(loc, u.loc)) u.loc = loc;
      }
    }
  }
  return unsafe;
}

/**
 * Does every literal of `order` that is not a unification run with its inputs bound? A
 * unification that cannot run yet binds its vars once the other side is bound (OPA binds
 * vars to vars), so it is retried after each literal.
 */
function onlyUnificationsUnbound(order: Lit[], initial: Iterable<number>, info: SafetyInfo): boolean {
  const bound = new Set(initial);
  let pending: Lit[] = [];
  const run = (l: Lit): boolean => {
    const r = tryLit(l, bound, info);
    if (r) for (const v of r) bound.add(v);
    return !!r;
  };
  for (const l of order.flatMap(evalForm)) {
    if (!run(l)) {
      if (l.k !== 'unify' || l.outArg || l.hoisted || l.with || !plainPattern(l.a) || !plainPattern(l.b)) return false;
      pending.push(l);
      continue;
    }
    for (let again = true; again && pending.length; ) {
      const before = pending.length;
      pending = pending.filter((p) => !run(p));
      again = pending.length < before;
    }
  }
  return true;
}

/** A term OPA can unify with unbound vars in it: vars, constants and collections of them. */
function plainPattern(t: T): boolean {
  switch (t.k) {
    case 'var':
    case 'const':
      return true;
    case 'array':
    case 'set':
      return t.items.every(plainPattern);
    case 'object':
      return t.entries.every(([k, v]) => plainPattern(k) && plainPattern(v));
    default:
      return false;
  }
}

/**
 * Literal `l` as the unifications it amounts to when evaluated: `a == b` as `a = b` (below), and
 * an equality of arrays of one length as the equalities of their items, which OPA's evaluator
 * binds one by one (`[x, y] = [1, $h]` binds x before $h is known).
 */
function evalForm(l: Lit): Lit[] {
  const u = equalAsUnify(l) ?? l;
  if (u.k !== 'unify' || u.outArg || u.hoisted || u.with) return [u];
  const pairs = itemPairs(u.a, u.b);
  return pairs ? pairs.flatMap(([a, b]) => evalForm({ k: 'unify', a, b, loc: u.loc })) : [u];
}

/**
 * The items unified with each other when `a` and `b` unify: of arrays of one length, or of
 * objects with the same constant keys (each once). Undefined for anything else.
 */
function itemPairs(a: T, b: T): Array<[T, T]> | undefined {
  if (a.k === 'array' && b.k === 'array') return a.items.length === b.items.length ? a.items.map((x, i) => [x, b.items[i]!]) : undefined;
  if (a.k !== 'object' || b.k !== 'object' || a.entries.length !== b.entries.length) return undefined;
  const out: Array<[T, T]> = [];
  for (const [ka, va] of a.entries) {
    if (ka.k !== 'const') return undefined;
    const hits = b.entries.filter(([kb]) => kb.k === 'const' && equal(ka.v, kb.v));
    if (hits.length !== 1 || a.entries.filter(([k]) => k.k === 'const' && equal(k.v, ka.v)).length !== 1) return undefined;
    out.push([va, hits[0]![1]]);
  }
  return out;
}

/** `a == b` as the unification OPA makes of it in modules (rewriteEquals). */
function equalAsUnify(l: Lit): Lit | undefined {
  return l.k === 'term' && l.t.k === 'call' && l.t.fn.kind === 'builtin' && l.t.fn.key === 'equal' ? laxLiteral(l) : undefined;
}

/** Vars a literal reads (for unsafe-var messages). */
function neededVars(l: Lit, safe: ReadonlySet<number>, negated = false): number[] {
  const out: number[] = [];
  const add = (t: T | undefined): void => {
    if (t) out.push(...t.free);
  };
  switch (l.k) {
    case 'term': {
      add(l.t);
      // Vars in the paths of refs whose head is unbound are unsafe too (`x.y[z]`).
      const outs = refOutputs(l.t, safe, []);
      out.push(...refPathVars(l.t).filter((v) => !outs.includes(v)));
      break;
    }
    case 'unify':
      if (l.hoisted) {
        out.push(...refPathVars(l.b));
        add(l.b);
      } else if (negated) {
        // A negated expression binds nothing.
        out.push(...operandVars(l.a), ...operandVars(l.b));
      } else {
        out.push(...equality(l.a, l.b, safe).unbound);
        // Inputs of hoisted calls the expression's own refs seemed to bind.
        hoistedCallNeeds(l.a, safe, false, out);
        hoistedCallNeeds(l.b, safe, !!l.outArg, out);
      }
      break;
    case 'not':
      for (const b of l.body) out.push(...neededVars(b, safe, true), ...(b.k === 'term' ? refPathVars(b.t) : []));
      break;
    case 'some':
      // Calls in the key or value are hoisted by OPA: their inputs must be bound.
      if (l.key) out.push(...nonPatternNeeds(l.key));
      out.push(...nonPatternNeeds(l.value));
      // `v = xs[k]` binds nothing while xs cannot be evaluated: its vars are unsafe too.
      if (!domainReady(l.domain, safe)) out.push(...(l.key ? patternVars(l.key) : []), ...patternVars(l.value));
      add(l.domain);
      break;
    case 'every':
      add(l.domain);
      break;
    case 'print':
      l.args.forEach(add);
      break;
  }
  for (const w of l.with ?? []) add(w.value);
  // While a `with` value is unbound, OPA's expression binds nothing (outputVarsForExpr).
  if (l.with?.some((w) => w.value && !evaluable(w.value, safe))) {
    if (l.k === 'unify' && !l.hoisted) out.push(...patternVars(l.a), ...patternVars(l.b));
    else if (l.k === 'some') out.push(...(l.key ? patternVars(l.key) : []), ...patternVars(l.value));
  }
  return out;
}
