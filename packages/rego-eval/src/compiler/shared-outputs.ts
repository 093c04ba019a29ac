/**
 * A quirk of OPA's safety reordering (compile.go `reorderBodyForSafety`), reproduced because it
 * decides which bodies compile: the output-var set it computes for each expression is *one*
 * set shared by all of them. A call clears it, then leaves in it the vars of the refs in its
 * arguments (`outputVarsForExprCall`), also when the call cannot run yet; an equality does not
 * clear it first (`outputVarsForExprEq`), so it counts those vars as its own outputs, then
 * clears it; an `every` adds to it and returns it. So `v1 == input[v2]; y := 1; v1 = v2` compiles:
 * `y := 1` "binds" v2, left over by the call `v1 == input[v2]` that could not run.
 *
 * This module describes a literal as the sequence of OPA expressions it stands for at that
 * stage (nested calls and composite ref heads are expressions of their own before it:
 * rewriteExprTerms) and replays their effect on the shared set.
 */
import { forEachChild, type Lit, type T } from './ir.js';
import { allIn, patternVars, refPathVars } from './vars.js';

/**
 * OPA's outputVarsForTerms: the vars in the paths of refs whose head is bound — `input[x]`
 * binds x. Comprehensions and template strings are not entered, nor refs whose head is
 * unbound; nor calls unless `intoCalls` (a call nested in an expression is one of its own).
 */
export function refOutputs(t: T, safe: ReadonlySet<number>, out: number[], intoCalls = true): number[] {
  switch (t.k) {
    case 'ref':
      if (!allIn(t.head.free, safe)) return out;
      for (const p of t.path) (patternVars(p, out), refPathVars(p, out));
      break;
    case 'data':
    case 'input':
      for (const p of t.path) (patternVars(p, out), refPathVars(p, out));
      break;
    case 'acomp':
    case 'scomp':
    case 'ocomp':
    case 'template':
      return out;
    case 'call':
      if (!intoCalls) return out;
      break;
  }
  forEachChild(t, (c) => refOutputs(c, safe, out, intoCalls));
  return out;
}

/** One OPA expression, as far as the shared set is concerned. */
type Step = { k: 'call'; args: T[]; out?: T } | { k: 'eq' } | { k: 'every' };

const COMPOSITE = new Set<T['k']>(['array', 'object', 'set', 'acomp', 'scomp', 'ocomp']);

/** The expressions OPA makes of the calls and composite ref heads nested in `t`, in its order. */
function nestedSteps(t: T, out: Step[]): void {
  switch (t.k) {
    case 'call':
      for (const a of t.args) nestedSteps(a, out);
      out.push({ k: 'call', args: t.args });
      return;
    case 'ref':
      nestedSteps(t.head, out);
      for (const p of t.path) nestedSteps(p, out);
      if (COMPOSITE.has(t.head.k)) out.push({ k: 'eq' });
      return;
    case 'template':
      // OPA's internal.template_string call (its parts are closures: no refs).
      out.push({ k: 'call', args: [] });
      return;
    case 'acomp':
    case 'scomp':
    case 'ocomp':
      return;
  }
  forEachChild(t, (c) => nestedSteps(c, out));
}

/** The OPA expressions literal `l` stands for; `wildcards` are vars the compiler made. */
function litSteps(l: Lit, wildcards: ReadonlySet<number>): Step[] {
  const out: Step[] = [];
  for (const w of l.with ?? []) if (w.value) nestedSteps(w.value, out);
  switch (l.k) {
    case 'term':
      if (l.t.k === 'call') {
        for (const a of l.t.args) nestedSteps(a, out);
        out.push({ k: 'call', args: l.t.args });
      } else nestedSteps(l.t, out);
      break;
    case 'unify':
      if (l.outArg && l.b.k === 'call') {
        for (const a of l.b.args) nestedSteps(a, out);
        out.push({ k: 'call', args: l.b.args, out: l.a });
      } else if (l.hoisted) {
        // Taken out of a negation: a call is an expression of its own at this stage, a ref or
        // comprehension is still part of the negated expression (rewriteDynamics runs later).
        if (l.b.k === 'call') out.push({ k: 'call', args: l.b.args });
      } else {
        nestedSteps(l.a, out);
        nestedSteps(l.b, out);
        out.push({ k: 'eq' });
      }
      break;
    case 'some':
      // `v = xs[k]`: a call domain is an expression before it, a composite one is bound first.
      nestedSteps(l.domain, out);
      if (COMPOSITE.has(l.domain.k)) out.push({ k: 'eq' });
      out.push({ k: 'eq' });
      break;
    case 'every':
      // The domain is bound to a var by an equality first (rego-ts may have made it already).
      if (l.domain.k !== 'var' || !wildcards.has(l.domain.slot)) {
        nestedSteps(l.domain, out);
        out.push({ k: 'eq' });
      }
      out.push({ k: 'every' });
      break;
    case 'print':
      out.push({ k: 'call', args: [] });
      break;
  }
  return out;
}

/**
 * Are the inputs of a call with arguments `args` bound, as OPA's outputVarsForExprCall sees
 * them? Its visitor skips closures, sets, object keys and ref heads. A nested call or template
 * string is an expression before it, whose output is bound once it can be placed: all its vars
 * are inputs.
 */
function inputsBound(args: T[], safe: ReadonlySet<number>, skip: boolean): boolean {
  const vs: number[] = [];
  const walk = (t: T): void => {
    switch (t.k) {
      case 'var':
        vs.push(t.slot);
        return;
      case 'call':
      case 'template':
        vs.push(...t.free);
        return;
      case 'acomp':
      case 'scomp':
      case 'ocomp':
        return;
      case 'set':
        if (skip) return;
        break;
      case 'object':
        if (!skip) break;
        for (const [, v] of t.entries) walk(v);
        return;
      case 'ref':
        if (!skip) break;
        if (t.head.k !== 'var') walk(t.head);
        t.path.forEach(walk);
        return;
    }
    forEachChild(t, walk);
  };
  args.forEach(walk);
  return allIn(vs, safe);
}

/** Can the `with` values of `l` be evaluated? If not, OPA leaves the shared set alone. */
function withReady(l: Lit, safe: ReadonlySet<number>): boolean {
  for (const w of l.with ?? []) if (w.value && !allIn(w.value.free, safe)) return false;
  return true;
}

/**
 * The vars of the shared set that literal `l` takes as its own outputs: those not yet bound,
 * when its first expression is an equality or an `every`.
 */
export function inherited(l: Lit, shared: ReadonlySet<number>, safe: ReadonlySet<number>, wildcards: ReadonlySet<number>): number[] {
  if (!shared.size || !withReady(l, safe)) return [];
  const first = litSteps(l, wildcards)[0];
  if (!first || first.k === 'call') return [];
  return [...shared].filter((v) => !safe.has(v));
}

/**
 * The shared set after literal `l` was looked at with `safe` bound; `ran` its outputs if it could
 * run. `skipInputs`: a call's inputs are read as OPA's visitor reads them, sets, object keys and
 * ref heads skipped (safety.ts retries without it where that would evaluate an unbound var).
 */
export function sharedAfter(
  l: Lit,
  shared: Set<number>,
  safe: ReadonlySet<number>,
  ran: readonly number[] | null,
  wildcards: ReadonlySet<number>,
  skipInputs = true,
): Set<number> {
  if (!withReady(l, safe)) return shared;
  let cur = shared;
  const steps = litSteps(l, wildcards);
  for (const s of steps) {
    if (s.k === 'eq') cur = new Set();
    else if (s.k === 'call') {
      const out: number[] = [];
      for (const a of s.args) refOutputs(a, safe, out, false);
      if (s.out) refOutputs(s.out, safe, out, false);
      // Its output args once its inputs (outside closures) are bound, even while its
      // closures keep it from being placed (outputVarsForExprCall ignores them).
      if (s.out && inputsBound(s.args, new Set([...safe, ...out]), skipInputs)) patternVars(s.out, out);
      cur = new Set(out);
    }
  }
  // A call that can run leaves all its outputs there (they are bound once it is placed).
  if (ran && steps[steps.length - 1]?.k === 'call') for (const v of ran) if (!safe.has(v)) cur.add(v);
  return cur;
}
