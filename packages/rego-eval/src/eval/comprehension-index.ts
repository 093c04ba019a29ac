/**
 * Comprehension indexing. A comprehension whose only outer variable `v` is used once, in a
 * top-level equality `e == v` / `e = v` of its body (`[x.name | some x in xs; x.group == g]`),
 * has, for every value of `v`, the solutions of its body filtered by `e`'s value. Evaluated
 * for many values of `v` (`some g in groups`), it is evaluated once instead, grouping the
 * solutions by the value of `e`; each later evaluation is a lookup.
 *
 * The grouped run visits the same solutions in the same order as the per-value runs (no
 * other literal reads `v`), so arrays keep their order; object key conflicts are recorded
 * per group and raised when that group is asked for. It starts only at the second
 * evaluation in a `with` scope (a comprehension evaluated once costs no extra work), and is
 * given up for the scope when it throws (say, a strict builtin error in a solution no
 * per-value run would reach): the plain evaluation then runs and reports what it reports.
 * Bodies that print or trace are not indexed (their output would change).
 */
import { RegoError } from '@rego-ts/rego-parser';
import type { CompT, Lit, T } from '../compiler/ir.js';
import { ObjectBuilder } from '../value/collections.js';
import { equal } from '../value/compare.js';
import { hashKey } from '../value/hash.js';
import { RegoSet, type Value } from '../value/types.js';
import type { Ctx } from './context.js';

type Frame = Array<Value | undefined>;

/** What the index needs from the evaluator. */
export interface CompHost {
  ctx: Ctx;
  body(lits: Lit[], i: number, f: Frame, k: () => boolean): boolean;
  term(t: T, f: Frame, k: (v: Value) => boolean): boolean;
}

interface CompIndex {
  /** The outer variable. */
  slot: number;
  /** Literals before and after the keying equality, and the term compared with the variable. */
  pre: Lit[];
  post: Lit[];
  key: T;
  /** The equality is a call of `equal` (a `with` mock of it disables the index). */
  callsEqual: boolean;
  /** Set when the key term turned out not to be evaluable where the equality stands. */
  off?: boolean;
}

/** One group: the comprehension's value for one key, or the conflict its evaluation raises. */
type Group = { value: Value } | { error: RegoError };

/** Per comprehension and `with` scope: evaluated once so far, indexed, being indexed, or not indexable. */
type State = { uses: 1 } | { groups: Map<string, Group> } | 'building' | 'off';

const analysed = new WeakMap<CompT, CompIndex | null>();
const states = new WeakMap<Ctx, Map<CompT, State>>();

function analyse(t: CompT): CompIndex | null {
  if (t.free.length !== 1) return null;
  const slot = t.free[0]!;
  let uses = 0;
  let effects = false;
  const countT = (x: T | undefined): void => {
    if (!x) return;
    switch (x.k) {
      case 'const':
        return;
      case 'var':
        if (x.slot === slot) uses++;
        return;
      case 'ref':
        countT(x.head);
        x.path.forEach(countT);
        return;
      case 'data':
      case 'input':
        x.path.forEach(countT);
        return;
      case 'array':
      case 'set':
        x.items.forEach(countT);
        return;
      case 'object':
        for (const [a, b] of x.entries) {
          countT(a);
          countT(b);
        }
        return;
      case 'call':
        if (x.fn.key === 'trace' || x.fn.key === 'print' || x.fn.key === 'internal.print') effects = true;
        x.args.forEach(countT);
        return;
      case 'acomp':
      case 'scomp':
      case 'ocomp':
        countT(x.head);
        countT(x.value);
        x.body.forEach(countLit);
        return;
      case 'template':
        for (const p of x.parts) if (typeof p !== 'string') countT(p);
        return;
    }
  };
  const countLit = (l: Lit): void => {
    for (const w of l.with ?? []) countT(w.value);
    switch (l.k) {
      case 'term':
        countT(l.t);
        return;
      case 'unify':
        countT(l.a);
        countT(l.b);
        return;
      case 'not':
        l.body.forEach(countLit);
        return;
      case 'some':
        countT(l.key);
        countT(l.value);
        countT(l.domain);
        return;
      case 'every':
        countT(l.key);
        countT(l.value);
        countT(l.domain);
        l.body.forEach(countLit);
        return;
      case 'print':
        effects = true;
        l.args.forEach(countT);
        return;
      case 'nop':
        return;
    }
  };
  countT(t.head);
  countT(t.value);
  t.body.forEach(countLit);
  if (uses !== 1 || effects) return null;
  for (let i = 0; i < t.body.length; i++) {
    const l = t.body[i]!;
    if (l.with) continue;
    let pair: [T, T] | undefined;
    let callsEqual = false;
    if (l.k === 'unify') pair = [l.a, l.b];
    else if (l.k === 'term' && l.slot === undefined && !l.keepFalse && l.t.k === 'call' && l.t.fn.kind === 'builtin' && l.t.fn.key === 'equal' && l.t.args.length === 2) {
      pair = [l.t.args[0]!, l.t.args[1]!];
      callsEqual = true;
    }
    if (!pair) continue;
    const [a, b] = pair;
    const key = isOuter(a, slot) ? b : isOuter(b, slot) ? a : undefined;
    // Terms whose unification with a value is evaluation followed by comparison.
    if (!key || !(key.k === 'ref' || key.k === 'input' || key.k === 'data' || key.k === 'call' || key.k === 'var')) continue;
    return { slot, pre: t.body.slice(0, i), post: t.body.slice(i + 1), key, callsEqual };
  }
  return null;
}

const isOuter = (t: T, slot: number): boolean => t.k === 'var' && t.slot === slot;

/**
 * The comprehension's value from its index, or undefined when the index does not apply (the
 * caller then evaluates it as usual).
 */
export function indexedComprehension(ev: CompHost, t: CompT, f: Frame): Value | undefined {
  let ix = analysed.get(t);
  if (ix === undefined) analysed.set(t, (ix = analyse(t)));
  if (!ix || ix.off) return undefined;
  const ctx = ev.ctx;
  if (ix.callsEqual && ctx.mocks?.has('equal')) return undefined;
  const kv = f[ix.slot];
  if (kv === undefined) return undefined;
  let byComp = states.get(ctx);
  if (!byComp) states.set(ctx, (byComp = new Map()));
  const st = byComp.get(t);
  let groups: Map<string, Group>;
  if (st === undefined) {
    byComp.set(t, { uses: 1 });
    return undefined;
  }
  if (st === 'building' || st === 'off') return undefined;
  if ('groups' in st) groups = st.groups;
  else {
    byComp.set(t, 'building');
    // Bindings are undone as continuations return, not when an exception unwinds them.
    const saved = f.slice();
    let built: Map<string, Group> | undefined;
    try {
      built = build(ev, t, ix, f);
    } catch (e) {
      for (let i = 0; i < saved.length; i++) f[i] = saved[i];
      // Cancellation and stack exhaustion are not the body's business: pass them on.
      if (!(e instanceof RegoError) || e.code === 'eval_cancel_error' || e.code === 'eval_internal_error') {
        byComp.set(t, 'off');
        throw e;
      }
    }
    if (!built) {
      for (let i = 0; i < saved.length; i++) f[i] = saved[i];
      byComp.set(t, 'off');
      return undefined;
    }
    byComp.set(t, { groups: built });
    groups = built;
  }
  const g = groups.get(hashKey(kv));
  if (!g) return empty(t);
  if ('error' in g) throw g.error;
  return g.value;
}

function empty(t: CompT): Value {
  if (t.k === 'acomp') return [];
  if (t.k === 'scomp') return new RegoSet();
  return new ObjectBuilder().build();
}

/** Not evaluable where the equality stands: the plain evaluation must decide. */
class NotIndexable extends Error {}

/** Runs the body once with the outer variable left out, collecting the head per key. */
function build(ev: CompHost, t: CompT, ix: CompIndex, f: Frame): Map<string, Group> | undefined {
  const arrays = new Map<string, Value[]>();
  const sets = new Map<string, RegoSet>();
  const objects = new Map<string, Map<string, [Value, Value]> | RegoError>();
  const head = t.head;
  const key = ix.key;
  const collect = (g: string): boolean => {
    switch (t.k) {
      case 'acomp': {
        let out = arrays.get(g);
        if (!out) arrays.set(g, (out = []));
        const o = out;
        return ev.term(head, f, (v) => {
          o.push(v);
          return false;
        });
      }
      case 'scomp': {
        let out = sets.get(g);
        if (!out) sets.set(g, (out = new RegoSet()));
        const o = out;
        return ev.term(head, f, (v) => {
          o.add(v);
          return false;
        });
      }
      case 'ocomp': {
        let seen = objects.get(g);
        if (!seen) objects.set(g, (seen = new Map()));
        if (seen instanceof RegoError) return false;
        const s = seen;
        return ev.term(head, f, (kk) =>
          ev.term(t.value!, f, (vv) => {
            if (!objects.has(g) || objects.get(g) instanceof RegoError) return false;
            const h = hashKey(kk);
            const prev = s.get(h);
            if (prev && !equal(prev[1], vv)) {
              // The per-key evaluation stops here with this error; so does this group.
              objects.set(g, new RegoError('eval_conflict_error', 'object keys must be unique', t.body[0]?.loc));
              return false;
            }
            s.set(h, [kk, vv]);
            return false;
          }),
        );
      }
    }
  };
  const keyFree = key.free;
  try {
    ev.body(ix.pre, 0, f, () => {
      for (const s of keyFree) if (f[s] === undefined) throw new NotIndexable();
      return ev.term(key, f, (kv) => {
        const g = hashKey(kv);
        return ev.body(ix.post, 0, f, () => collect(g));
      });
    });
  } catch (e) {
    if (e instanceof NotIndexable) {
      ix.off = true;
      return undefined;
    }
    throw e;
  }
  const out = new Map<string, Group>();
  for (const [g, v] of arrays) out.set(g, { value: v });
  for (const [g, v] of sets) out.set(g, { value: v });
  for (const [g, v] of objects) {
    if (v instanceof RegoError) out.set(g, { error: v });
    else {
      const b = new ObjectBuilder();
      for (const [kk, vv] of v.values()) b.set(kk, vv);
      out.set(g, { value: b.build() });
    }
  }
  return out;
}
