/**
 * OPA's rewriteComprehensionTerms: a comprehension head that needs evaluation (it holds a ref)
 * becomes `__localN__ = head` appended to the comprehension's body, and the safety check
 * reorders that body with it. A ref's var keys are generators there, so the head can bind the
 * vars its body uses: `[input.a[k] | k in xs]` runs as `__l = input.a[k]; k in xs`.
 *
 * rego-ts evaluates heads in place; a head is moved only when the body as written leaves a var
 * unbound (its own, or one the head uses), so every other comprehension keeps its shape.
 */
import type { Location } from '@rego-ts/rego-parser';
import type { Lit, T, VarT } from './ir.js';
import { reorder, type SafetyInfo } from './safety.js';
import { holdsRef, refPathVars } from './vars.js';
import { litClosureVars, setClosureVars } from './closure-safety.js';

export interface HeadTerm {
  t: T;
  /** Where the head term is written: OPA's moved equality is there. */
  loc: Location;
}

/**
 * Appends the equalities for `heads` to `lits` when the body needs them (see above) and
 * returns the heads to keep: the fresh vars for the moved terms, the others as they were.
 */
export function moveComprehensionHeads(lits: Lit[], heads: HeadTerm[], init: ReadonlySet<number>, info: SafetyInfo, fresh: () => VarT): T[] {
  const kept = heads.map((h) => h.t);
  if (!heads.some((h) => holdsRef(h.t))) return kept;
  const r = reorder(lits, init, info);
  if (!r.unsafe.length && heads.every((h) => [...h.t.free, ...refPathVars(h.t)].every((v) => r.safe.has(v)))) return kept;
  return heads.map((h) => {
    if (!holdsRef(h.t)) return h.t;
    const v = fresh();
    // A call is an expression with an output: the refs in its arguments bind (as for rule heads).
    const lit: Lit = h.t.k === 'call' ? { k: 'unify', a: v, b: h.t, outArg: true, loc: h.loc } : { k: 'unify', a: v, b: h.t, loc: h.loc };
    setClosureVars(lit, litClosureVars(lit));
    lits.push(lit);
    return v;
  });
}

