/**
 * OPA's rule index decides which definitions to evaluate before running any body: a
 * definition whose indexed condition on `input` fails is skipped, so errors (conflicts,
 * strict builtin errors) and prints of the rest of its body never happen. The conditions it
 * indexes (ast/index.go `refindices.Update`) are top-level literals without `with` or `not`:
 * a naked ground ref into input or base data (`input.a.b`: must be defined), `ref = value` / `ref == value` with a
 * scalar or constant value (must equal it) or a var (must be defined). The compiler creates
 * many `__local0__ = input.a` literals of the latter kind before indexing: for the head's
 * key and value (rewriteRefsInHead) and, in rewriteDynamics, for every ground ref that is a
 * call argument (calls nested in calls and in the head too), a member of a composite
 * operand, a ref key, or an `every` domain — outside comprehensions. rego-ts reproduces this
 * by checking those conditions first: a condition without vars is moved to the front of the
 * body, the others get a definedness check there.
 *
 * Not covered (the check would be weaker than OPA's index, never stricter): `input.a[_] = "c"`
 * conditions, vars bound to constants earlier in the body.
 */
import type { DataT, InputT, Lit, T } from './ir.js';
import type { DocNode } from './tree.js';

type IndexRef = InputT | DataT;
import { RegoNumber, type Value } from '../value/types.js';

/** Rules at or below a tree node. */
function hasRules(n: DocNode): boolean {
  if (n.hasDocRules || n.isFunction) return true;
  for (const c of n.children.values()) if (hasRules(c)) return true;
  return false;
}

/**
 * A ground ref the index can use (`isValidIndexRef`): into input, or into base data (no
 * rule at or below the node it reaches).
 */
function indexRef(t: T): t is IndexRef {
  if (t.k === 'input') return t.path.every((p) => p.k === 'const');
  if (t.k !== 'data' || t.path.length + t.node.path.length === 0 || !t.path.every((p) => p.k === 'const')) return false;
  // Base data: the path leaves the rule tree, or ends at a node without rules at or below.
  let n = t.node;
  for (const p of t.path) {
    if (n.hasDocRules || n.isFunction) return false;
    const c = typeof (p as { v: unknown }).v === 'string' ? n.children.get((p as { v: string }).v) : undefined;
    if (!c) return true;
    n = c;
  }
  return !hasRules(n);
}

/** A value the index compares against (`indexValue`): a scalar or an array of scalars. */
function constValue(t: T): boolean {
  if (t.k !== 'const') return false;
  const scalar = (v: Value) => v === null || typeof v !== 'object' || v instanceof RegoNumber;
  return scalar(t.v) || (Array.isArray(t.v) && t.v.every(scalar));
}

/** The indexed ref of a literal, and whether the literal has no vars (can be moved). */
function condition(l: Lit): { ref: IndexRef; movable: boolean } | undefined {
  if (l.with) return undefined;
  let a: T;
  let b: T;
  if (l.k === 'term') {
    if (indexRef(l.t)) return { ref: l.t, movable: true };
    if (l.t.k !== 'call' || l.t.fn.kind !== 'builtin' || l.t.fn.key !== 'equal' || l.t.args.length !== 2) return undefined;
    [a, b] = l.t.args as [T, T];
  } else if (l.k === 'unify' && !l.outArg && !l.hoisted) {
    a = l.a;
    b = l.b;
  } else return undefined;
  if (indexRef(b)) [a, b] = [b, a];
  if (!indexRef(a)) return undefined;
  if (constValue(b)) return { ref: a, movable: true };
  if (b.k === 'var') return { ref: a, movable: false };
  return undefined;
}

/**
 * Ground index refs in `t` that rewriteDynamics binds to a var first (`inArg`: `t` itself is
 * in such a position).
 */
function dynamicRefs(t: T | undefined, out: IndexRef[], inArg: boolean): void {
  if (!t) return;
  switch (t.k) {
    case 'input':
      if (inArg && indexRef(t)) out.push(t);
      for (const p of t.path) dynamicRefs(p, out, true);
      break;
    case 'data':
      if (inArg && indexRef(t)) out.push(t);
      for (const p of t.path) dynamicRefs(p, out, true);
      break;
    case 'ref':
      dynamicRefs(t.head, out, true);
      for (const p of t.path) dynamicRefs(p, out, true);
      break;
    case 'array':
    case 'set':
      for (const x of t.items) dynamicRefs(x, out, true);
      break;
    case 'object':
      for (const [k, v] of t.entries) {
        dynamicRefs(k, out, true);
        dynamicRefs(v, out, true);
      }
      break;
    case 'call':
      for (const a of t.args) dynamicRefs(a, out, true);
      break;
  }
}

/** The refs a literal's rewriteDynamics binds first (none under `with`). */
function litDynamicRefs(l: Lit, out: IndexRef[]): void {
  if (l.with) return;
  switch (l.k) {
    case 'term':
      // `==` is a unification by then (rewriteEquals): its ref operands stay in place.
      if (l.t.k === 'call' && l.t.fn.kind === 'builtin' && l.t.fn.key === 'equal' && l.t.args.length === 2) {
        for (const a of l.t.args) dynamicRefs(a, out, false);
      } else dynamicRefs(l.t, out, false);
      break;
    case 'unify':
      dynamicRefs(l.a, out, !!l.hoisted);
      dynamicRefs(l.b, out, !!l.hoisted);
      break;
    case 'every':
      dynamicRefs(l.domain, out, true);
      break;
    case 'some':
      // `some x in [input.a]`: the collection is bound to a var first, its member refs too.
      dynamicRefs(l.domain, out, false);
      break;
  }
}

/**
 * The body with OPA's index conditions checked first. `heads` are the key/value terms of
 * the head; `alloc` gives a fresh frame slot for a definedness check.
 */
export function withIndexGuards(body: Lit[], heads: Array<T | undefined>, alloc: () => number): Lit[] {
  const moved: Lit[] = [];
  const rest: Lit[] = [];
  const defined: IndexRef[] = [];
  for (const l of body) {
    const c = condition(l);
    if (c?.movable) moved.push(l);
    else {
      if (c) defined.push(c.ref);
      litDynamicRefs(l, defined);
      rest.push(l);
    }
  }
  for (const h of heads) dynamicRefs(h, defined, true);
  // One check per ref.
  const seen = new Set<string>();
  const refs = defined.filter((r) => {
    const k = JSON.stringify([r.k === 'data' ? r.node.path : [], r.path.map((p) => (p as { v: unknown }).v)]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  // Only a body that can fail in another way, raise an error or print needs the guards.
  const other = rest.some((l) => !condition(l) && !(l.k === 'term' && l.t.k === 'const'));
  if (!other || (moved.length === 0 && refs.length === 0)) return body;
  const guards: Lit[] = refs.map((ref) => {
    const slot = alloc();
    return { k: 'unify', a: { k: 'var', slot, name: `$ix${slot}`, free: [slot] }, b: ref, loc: body[0]!.loc };
  });
  return [...moved, ...guards, ...rest];
}
