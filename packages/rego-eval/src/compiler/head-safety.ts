/**
 * OPA's check of rule heads (compile.go `checkSafetyRuleHeads`), a stage before the body
 * check: a var of the head must occur somewhere in the body (outside closures) or in the
 * arguments — whether the body actually binds it is the body check's business. Head terms
 * holding refs, comprehensions or calls have been moved into the body by then, so their vars
 * count as body vars. Reported at the var's last occurrence in the head.
 */
import type { Location, Term } from '@rego-ts/rego-parser';
import { forEachChild, type Lit, type T } from './ir.js';
import { openVars, termOpenVars } from './vars.js';
import { movedToBody } from './rule-args.js';
import { mergedEntries, writtenKeyId } from './object-keys.js';

/** Vars of a head term left in the head (calls and template strings go to the body). */
function headVars(t: Term, out: Map<string, Location>): void {
  switch (t.type) {
    case 'var':
      out.delete(t.value);
      out.set(t.value, t.location);
      return;
    case 'array':
    case 'set':
      for (const x of t.value) headVars(x, out);
      return;
    case 'object':
      // Only the entries OPA's parser keeps (a repeated key: first term, last value).
      for (const [ki, vi] of mergedEntries(t.value.map(([k]) => writtenKeyId(k)))) (headVars(t.value[ki]![0], out), headVars(t.value[vi]![1], out));
      return;
  }
}

/**
 * The unsafe head vars of a rule: `heads` are its head terms in OPA's walk order (key, value,
 * ref after the name), `slots` maps the rule's local names, `args` the slots bound by its
 * arguments, `body` its literals with any moved terms, `headTs` the compiled head terms.
 */
export function unsafeHeadVars(heads: Term[], slots: ReadonlyMap<string, number>, args: Iterable<number>, body: Lit[], headTs: Array<T | undefined>): Array<{ name: string; loc: Location }> {
  const vars = new Map<string, Location>();
  for (const h of heads) if (!movedToBody(h, (n) => slots.has(n))) headVars(h, vars);
  if (!vars.size) return [];
  const safe = openVars(body, new Set(args));
  // The calls of head terms are body expressions by then.
  const calls = (t: T): void => (t.k === 'call' ? termOpenVars(t, safe) : forEachChild(t, calls));
  for (const t of headTs) if (t) calls(t);
  const out: Array<{ name: string; loc: Location }> = [];
  for (const [name, loc] of vars) {
    const slot = slots.get(name);
    if (slot !== undefined && !safe.has(slot)) out.push({ name, loc });
  }
  return out;
}

/**
 * Vars a call reads itself: not those of the calls nested in it (their own expressions), nor
 * the vars a ref iterates (`o[_]`: outputs of the call's expression).
 */
function ownVars(t: T, safe: ReadonlySet<number>, out: number[]): number[] {
  switch (t.k) {
    case 'call':
    case 'template':
      return out;
    case 'var':
      out.push(t.slot);
      return out;
    case 'ref': {
      // A ref whose head is unbound iterates nothing: its path vars stay unbound too.
      const head = ownVars(t.head, safe, []);
      out.push(...head);
      const blocked = head.some((v) => !safe.has(v));
      for (const p of t.path) if (blocked || p.k !== 'var') ownVars(p, safe, out);
      return out;
    }
    case 'data':
    case 'input':
      for (const p of t.path) if (p.k !== 'var') ownVars(p, safe, out);
      return out;
  }
  forEachChild(t, (c) => ownVars(c, safe, out));
  return out;
}

/**
 * Calls and template strings in head terms: OPA moves each into the body as an expression of
 * its own (rewriteExprTerms), where the body check reports its unbound vars at its location.
 */
export function unsafeHeadCalls(heads: Array<T | undefined>, safe: ReadonlySet<number>): Array<{ slot: number; loc: Location }> {
  const out: Array<{ slot: number; loc: Location }> = [];
  const visit = (t: T): void => {
    if (t.k === 'call' || t.k === 'template') {
      const args = t.k === 'call' ? t.args : t.parts.filter((p): p is T => typeof p !== 'string');
      const vs = t.k === 'call' ? args.flatMap((a) => ownVars(a, safe, [])) : t.free;
      for (const v of new Set(vs)) if (!safe.has(v)) out.push({ slot: v, loc: t.loc });
      if (t.k === 'call') args.forEach(visit);
      return;
    }
    forEachChild(t, visit);
  };
  for (const h of heads) if (h) visit(h);
  return out;
}
