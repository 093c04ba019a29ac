/**
 * OPA's rewriteDynamicTerms, where rego-ts needs it: a ref nested in a composite or a call
 * argument is evaluated before its expression, as `$d = ref`. The safety check counts the vars
 * in such a ref's path as bound by the expression (`y := [x, input[x]]` binds x), but the
 * evaluator reads a composite's members in order, so `x` would be read before the ref binds
 * it. Only literals that read a var bound by a nested ref are rewritten; the others keep their
 * compiled shape.
 */
import type { Lit, T } from './ir.js';
import { tryLit, type SafetyInfo } from './safety.js';
import { isRef, refPathVars, uniq } from './vars.js';

type NewVar = () => Extract<T, { k: 'var' }>;

/** Vars of `t`'s nested refs (not `t` itself) that `safe` leaves unbound. */
function nestedRefOutputs(t: T, safe: ReadonlySet<number>, top: boolean, out: Set<number>): void {
  if (!top && isRef(t)) {
    for (const v of refPathVars(t)) if (!safe.has(v)) out.add(v);
    return;
  }
  switch (t.k) {
    case 'ref':
      nestedRefOutputs(t.head, safe, false, out);
      return;
    case 'array':
    case 'set':
      for (const x of t.items) nestedRefOutputs(x, safe, false, out);
      return;
    case 'object':
      for (const [k, v] of t.entries) (nestedRefOutputs(k, safe, false, out), nestedRefOutputs(v, safe, false, out));
      return;
    case 'call':
      for (const a of t.args) nestedRefOutputs(a, safe, false, out);
      return;
  }
}

/** `t` with its nested refs that bind vars moved out into `$d = ref` literals pushed onto `pre`. */
function hoist(t: T, safe: ReadonlySet<number>, top: boolean, fresh: NewVar, pre: Lit[], from: Lit): T {
  if (!top && isRef(t)) {
    if (refPathVars(t).every((v) => safe.has(v))) return t;
    const v = fresh();
    pre.push({ k: 'unify', a: v, b: t, loc: from.loc, ...(from.with ? { with: from.with } : {}) });
    return v;
  }
  const sub = (x: T): T => hoist(x, safe, false, fresh, pre, from);
  switch (t.k) {
    case 'ref': {
      const head = sub(t.head);
      return head === t.head ? t : { ...t, head, free: uniq([...head.free, ...t.path.flatMap((p) => (p.k === 'var' ? [] : p.free))]) };
    }
    case 'array':
    case 'set': {
      const items = t.items.map(sub);
      return { ...t, items, free: uniq(items.flatMap((x) => x.free)) };
    }
    case 'object': {
      const entries = t.entries.map(([k, v]) => [sub(k), sub(v)] as [T, T]);
      return { ...t, entries, free: uniq(entries.flatMap(([k, v]) => [...k.free, ...v.free])) };
    }
    case 'call': {
      const args = t.args.map(sub);
      return { ...t, args, free: uniq(args.flatMap((a) => a.free)) };
    }
    default:
      return t;
  }
}

function readsAny(ts: T[], vs: ReadonlySet<number>): boolean {
  return ts.some((t) => t.free.some((v) => vs.has(v)));
}

/** Rewrites the (safety-ordered) `lits` bound from `initial` on; returns `lits` if nothing changes. */
export function hoistBindingRefs(lits: Lit[], initial: Iterable<number>, info: SafetyInfo, fresh: NewVar): Lit[] {
  const safe = new Set(initial);
  let out: Lit[] | undefined;
  lits.forEach((l, i) => {
    let lit = l;
    if ((l.k === 'unify' && !l.hoisted) || l.k === 'term') {
      const ops = l.k === 'unify' ? [l.a, l.b] : [l.t];
      const outs = new Set<number>();
      for (const t of ops) nestedRefOutputs(t, safe, true, outs);
      if (outs.size && readsAny(ops, outs)) {
        const pre: Lit[] = [];
        const [a, b] = ops.map((t) => hoist(t, safe, true, fresh, pre, l));
        lit = l.k === 'unify' ? { ...l, a: a!, b: b! } : { ...l, t: a! };
        out ??= lits.slice(0, i);
        out.push(...pre);
        for (const p of pre) for (const v of tryLit(p, safe, info) ?? []) safe.add(v);
      }
    }
    out?.push(lit);
    for (const v of tryLit(lit, safe, info) ?? []) safe.add(v);
  });
  return out ?? lits;
}
