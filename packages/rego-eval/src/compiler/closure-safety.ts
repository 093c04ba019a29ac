/**
 * A quirk of OPA's safety check (compile.go `reorderBodyForSafety`), reproduced because it
 * decides which policies compile: when an expression contains a closure (comprehension,
 * `every`, explicit `not { }`) that refers to variables of the enclosing body, OPA *replaces*
 * the expression's unsafe variables with those closure variables. Once they are bound, the
 * expression is accepted even if its other variables are not — so `v := [1]; not x = [1 | v[_]]`
 * compiles (x is then bound inside the negation only) while `not x = [1]` does not.
 *
 * The closure variables are those OPA still sees in the expression at that stage: calls
 * nested in operands have been hoisted into expressions of their own (rewriteExprTerms), but
 * refs and comprehensions have not (rewriteDynamics runs after the safety check).
 */
import type { Lit, T } from './ir.js';
import { litVars } from './vars.js';

const closures = new WeakMap<Lit, number[]>();

/** Records the closure vars OPA sees in `lit` (nothing when there are none). */
export function setClosureVars(lit: Lit, vars: Iterable<number>): void {
  const vs = [...new Set(vars)];
  if (vs.length) closures.set(lit, vs);
}

export function closureVars(lit: Lit): number[] | undefined {
  return closures.get(lit);
}

const templateClosures = new WeakMap<Lit, number[]>();

/**
 * Template-string parts that are not variables become comprehensions (rewriteTemplateStrings)
 * in a call OPA evaluates as an expression of its own, before the literal: they take no part
 * in the quirk above, but when they use unbound vars, OPA reports those instead of the
 * literal's other vars. Recorded for literals not negated (`x := $"{f(y)}"`).
 */
export function setTemplateClosureVars(lit: Lit): void {
  const out: number[] = [];
  switch (lit.k) {
    case 'term':
      termClosureVars(lit.t, out, true, true);
      break;
    case 'unify':
      termClosureVars(lit.a, out, true, true);
      termClosureVars(lit.b, out, true, true);
      break;
  }
  if (out.length) templateClosures.set(lit, [...new Set(out)]);
}

export function templateClosureVars(lit: Lit): number[] | undefined {
  return templateClosures.get(lit);
}

/**
 * Vars captured by the closures of `t`. Calls are not entered (OPA hoists nested calls out
 * of the expression), except the expression's own call when `top`.
 */
export function termClosureVars(t: T | undefined, out: number[], top = false, templates = false): number[] {
  if (!t) return out;
  switch (t.k) {
    case 'acomp':
    case 'scomp':
    case 'ocomp':
      out.push(...t.free);
      break;
    case 'call':
      if (top) for (const a of t.args) termClosureVars(a, out, false, templates);
      break;
    case 'template':
      if (templates) for (const p of t.parts) if (typeof p !== 'string' && p.k !== 'var') allVars(p, out);
      break;
    case 'ref':
      // A composite or comprehension subject (`[x | …][0]`) is hoisted too (expandExprRef).
      for (const p of t.path) termClosureVars(p, out, false, templates);
      break;
    case 'data':
    case 'input':
      for (const p of t.path) termClosureVars(p, out, false, templates);
      break;
    case 'array':
    case 'set':
      for (const x of t.items) termClosureVars(x, out, false, templates);
      break;
    case 'object':
      for (const [k, v] of t.entries) {
        termClosureVars(k, out, false, templates);
        termClosureVars(v, out, false, templates);
      }
      break;
  }
  return out;
}

/** Closure vars of a literal as written (not negated). */
export function litClosureVars(l: Lit): number[] {
  const out: number[] = [];
  switch (l.k) {
    case 'term':
      termClosureVars(l.t, out, true);
      break;
    case 'unify':
      termClosureVars(l.a, out, !!l.outArg);
      termClosureVars(l.b, out, !!l.outArg);
      break;
    case 'every':
      out.push(...l.captured);
      break;
    case 'not':
      if (l.captured) out.push(...l.captured);
      break;
  }
  return out;
}

/**
 * The literal OPA would accept with unbound vars, as it then evaluates it: `==` is a
 * unification there (compiler stage rewriteEquals), also inside a negation. Undefined for
 * literals rego-ts cannot evaluate with unbound vars (other calls): they stay unsafe.
 */
export function laxLiteral(l: Lit): Lit | undefined {
  if (l.k === 'unify' && !l.outArg) return l;
  if (l.k === 'term' && l.t.k === 'call' && l.t.fn.kind === 'builtin' && l.t.fn.key === 'equal' && l.t.args.length === 2) {
    const lit: Lit = { k: 'unify', a: l.t.args[0]!, b: l.t.args[1]!, loc: l.loc };
    if (l.with) lit.with = l.with;
    return lit;
  }
  if (l.k === 'not' && !l.captured && l.body.length === 1) {
    const inner = laxLiteral(l.body[0]!);
    return inner ? { ...l, body: [inner] } : undefined;
  }
  return undefined;
}

/** Every var of `t`, nested bodies included. */
function allVars(t: T, out: number[]): void {
  const s = new Set<number>();
  litVars({ k: 'term', t, loc: { file: '', row: 0, col: 0, offset: 0, end: 0 } }, s);
  out.push(...s);
}
