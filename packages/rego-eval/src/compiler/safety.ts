/**
 * Safety analysis with OPA's minimal reordering (`reorderBodyForSafety`): repeatedly take, in
 * source order, the literals whose inputs are bound; whatever is left is unsafe.
 */
import type { Location } from '@rego-ts/rego-parser';
import { forEachChild, type Lit, type T } from './ir.js';
import { nonPatternNeeds, patternVars, refPathVars } from './vars.js';
import { closureVars, laxLiteral, templateClosureVars } from './closure-safety.js';

function allIn(xs: readonly number[], safe: ReadonlySet<number>): boolean {
  for (const x of xs) if (!safe.has(x)) return false;
  return true;
}

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

/** Vars bound by unifying `a` with `b`, or null when neither side can be evaluated yet. */
/** Length of an array term or constant, if known. */
function arrayLen(t: T): number | undefined {
  if (t.k === 'array') return t.items.length;
  if (t.k === 'const' && Array.isArray(t.v)) return t.v.length;
  return undefined;
}

function unifyOut(a: T, b: T, safe: ReadonlySet<number>): number[] | null {
  // Arrays of different lengths never unify: OPA leaves their vars unbound (unsafe).
  const la = arrayLen(a);
  const lb = arrayLen(b);
  if (la !== undefined && lb !== undefined && la !== lb) return null;
  if (evaluable(b, safe) && allIn(nonPatternNeeds(a), safe)) {
    return [...patternVars(a), ...refPathVars(a), ...refPathVars(b)];
  }
  if (evaluable(a, safe) && allIn(nonPatternNeeds(b), safe)) {
    return [...patternVars(b), ...refPathVars(a), ...refPathVars(b)];
  }
  if (a.k === 'array' && b.k === 'array' && a.items.length === b.items.length) {
    const s = new Set(safe);
    const out: number[] = [];
    // Element pairs may depend on each other: iterate until no progress.
    const todo = a.items.map((x, i) => [x, b.items[i]!] as const);
    let progress = true;
    while (todo.length && progress) {
      progress = false;
      for (let i = 0; i < todo.length; i++) {
        const r = unifyOut(todo[i]![0], todo[i]![1], s);
        if (r) {
          for (const v of r) s.add(v), out.push(v);
          todo.splice(i--, 1);
          progress = true;
        }
      }
    }
    return todo.length ? null : out;
  }
  if (a.k === 'object' && b.k === 'object' && a.entries.length === b.entries.length) {
    const s = new Set(safe);
    const out: number[] = [];
    for (const [ka, va] of a.entries) {
      if (ka.k !== 'const') return null;
      const m = b.entries.find(([kb]) => kb.k === 'const' && JSON.stringify(kb.v) === JSON.stringify(ka.v));
      if (!m) return null;
      const r = unifyOut(va, m[1], s);
      if (!r) return null;
      for (const v of r) s.add(v), out.push(v);
    }
    return out;
  }
  return null;
}

export interface SafetyInfo {
  wildcards: ReadonlySet<number>;
}

/** Vars a literal binds when run with `safe` bound, or null if it cannot run yet. */
export function tryLit(l: Lit, safe: ReadonlySet<number>, info: SafetyInfo): number[] | null {
  for (const w of l.with ?? []) if (w.value && !evaluable(w.value, safe)) return null;
  switch (l.k) {
    case 'term': {
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
      if (l.key && !allIn(nonPatternNeeds(l.key), safe)) return null;
      if (!allIn(nonPatternNeeds(l.value), safe)) return null;
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

export interface Unsafe {
  slot: number;
  loc: Location;
}

/** Reorders `lits` for safety. Returns the order, the bound set, and unsafe vars. */
export function reorder(
  lits: Lit[],
  initial: Iterable<number>,
  info: SafetyInfo,
): { lits: Lit[]; safe: Set<number>; unsafe: Unsafe[] } {
  const safe = new Set(initial);
  const globals = new Set(safe);
  const out: Lit[] = [];
  let rest = lits;
  let progress = true;
  // Skipped by OPA's "closure-self" case: they keep their vars unsafe, even once bound.
  const selfSkipped = new Set<Lit>();
  while (rest.length && progress) {
    progress = false;
    const next: Lit[] = [];
    for (const l of rest) {
      const r = tryLit(l, safe, info);
      const cv = closureVars(l)?.filter((v) => !globals.has(v));
      if (cv?.length) {
        // OPA's quirk (closure-safety.ts): only the closure vars must be bound.
        const outs = new Set(opaOutputs(l, r, safe));
        if (cv.length === outs.size && cv.every((v) => outs.has(v))) {
          selfSkipped.add(l);
          next.push(l);
          continue;
        }
        const lax = r ? undefined : cv.every((v) => safe.has(v)) ? laxLiteral(l) : undefined;
        if (lax) {
          out.push(lax);
          progress = true;
          continue;
        }
      }
      if (r) {
        for (const v of r) safe.add(v);
        out.push(l);
        progress = true;
      } else next.push(l);
    }
    rest = next;
  }
  const unsafe: Unsafe[] = [];
  if (rest.length) {
    const seen = new Set<number>();
    for (const l of rest) {
      // OPA replaces the unsafe vars of an expression by those of its closures still unbound.
      const cv = selfSkipped.has(l) ? undefined : [...(closureVars(l) ?? []), ...(templateClosureVars(l) ?? [])].filter((v) => !globals.has(v) && !safe.has(v));
      for (const v of cv?.length ? cv : neededVars(l, safe)) {
        if ((!safe.has(v) || (selfSkipped.has(l) && !globals.has(v))) && !seen.has(v)) {
          seen.add(v);
          unsafe.push({ slot: v, loc: l.loc });
        }
      }
    }
    out.push(...rest);
  }
  return { lits: out, safe, unsafe };
}

/** Vars a literal reads (for unsafe-var messages). */
function neededVars(l: Lit, safe: ReadonlySet<number>): number[] {
  const out: number[] = [];
  const add = (t: T | undefined): void => {
    if (t) out.push(...t.free);
  };
  switch (l.k) {
    case 'term':
      add(l.t);
      break;
    case 'unify':
      if (l.hoisted) out.push(...refPathVars(l.b));
      else add(l.a);
      add(l.b);
      break;
    case 'not':
      for (const b of l.body) out.push(...neededVars(b, safe), ...(b.k === 'term' ? refPathVars(b.t) : []));
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
  return out;
}
