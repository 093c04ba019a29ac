/**
 * OPA's rewriteExprTerms on a resolved body: every call nested in an expression becomes an
 * expression of its own (`x := [f(input[i]), i]` is `f(input[i], $h); x = [$h, i]`), so the
 * vars of refs inside the call's arguments are bound by it before the enclosing expression
 * runs; so does the composite head of a ref (`[x, input[x]][1]`). rego-ts keeps them in place
 * (fewer steps at evaluation); the compiler uses this form only for bodies that are unsafe
 * without it.
 */
import type { Lit, T } from './ir.js';
import { uniq } from './vars.js';

const COMPOSITE = new Set<T['k']>(['array', 'object', 'set', 'acomp', 'scomp', 'ocomp']);

/** `lits` with nested calls (and composite ref heads) hoisted (the same array when there are none). */
export function hoistNestedCalls(lits: Lit[], fresh: () => Extract<T, { k: 'var' }>): Lit[] {
  let changed = false;
  const out: Lit[] = [];
  for (const l of lits) {
    const before: Lit[] = [];
    const hoist = (t: T): T => {
      if (t.k !== 'call') return t;
      const v = fresh();
      // At the call, as OPA's expression made of it (where its unsafe vars are reported).
      before.push({ k: 'unify', a: v, b: rebuild(t, t.args.map(nested)), outArg: true, loc: t.loc });
      return v;
    };
    /** `t` with the calls in it replaced by hoisted vars, innermost first. */
    const nested = (t: T): T => {
      switch (t.k) {
        case 'call':
          return hoist(t);
        case 'ref': {
          let head = nested(t.head);
          if (COMPOSITE.has(head.k)) {
            // A composite ref head is an expression of its own too (`[1, 2][i]`: expandExprRef).
            const v = fresh();
            before.push({ k: 'unify', a: v, b: head, loc: l.loc });
            head = v;
          }
          const path = t.path.map(nested);
          return same(path, t.path) && head === t.head ? t : { k: 'ref', head, path, free: uniq([...head.free, ...pathFree(path)]) };
        }
        case 'data':
        case 'input': {
          const path = t.path.map(nested);
          return same(path, t.path) ? t : { ...t, path, free: pathFree(path) };
        }
        case 'array':
        case 'set': {
          const items = t.items.map(nested);
          return same(items, t.items) ? t : { k: t.k, items, free: uniq(items.flatMap((x) => x.free)) };
        }
        case 'object': {
          const entries = t.entries.map(([a, b]) => [nested(a), nested(b)] as [T, T]);
          return entries.every(([a, b], i) => a === t.entries[i]![0] && b === t.entries[i]![1])
            ? t
            : { k: 'object', entries, order: t.order, free: uniq(entries.flatMap(([a, b]) => [...a.free, ...b.free])) };
        }
        default:
          return t;
      }
    };
    /** A call keeps its place at the top of an expression; its arguments' calls leave. */
    const top = (t: T): T => (t.k === 'call' ? rebuild(t, t.args.map(nested)) : nested(t));
    let lit = l;
    if (!l.with) {
      if (l.k === 'term') lit = withTerm(l, top(l.t));
      // An operand of an equality is no call's top: `x = f(y)` is `f(y, $h); x = $h`.
      else if (l.k === 'unify' && !l.hoisted) lit = l.outArg ? withSides(l, l.a, top(l.b)) : withSides(l, nested(l.a), nested(l.b));
      else if (l.k === 'some') {
        // A call domain too is an expression of its own (`some v in f(x)`).
        const domain = nested(l.domain);
        if (domain !== l.domain) lit = { ...l, domain };
      }
    }
    if (before.length) changed = true;
    out.push(...before, lit);
  }
  return changed ? out : lits;
}

function withTerm(l: Extract<Lit, { k: 'term' }>, t: T): Lit {
  return t === l.t ? l : { ...l, t };
}

function withSides(l: Extract<Lit, { k: 'unify' }>, a: T, b: T): Lit {
  return a === l.a && b === l.b ? l : { ...l, a, b };
}

function rebuild(c: Extract<T, { k: 'call' }>, args: T[]): T {
  return same(args, c.args) ? c : { ...c, args, free: uniq(args.flatMap((a) => a.free)) };
}

/** Free vars of a ref path: its var keys are bound by iteration, not needed. */
function pathFree(path: T[]): number[] {
  return uniq(path.flatMap((p) => (p.k === 'var' ? [] : p.free)));
}

function same(a: T[], b: T[]): boolean {
  return a.every((x, i) => x === b[i]);
}
