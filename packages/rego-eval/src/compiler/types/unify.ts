/** OPA's `unifies`: can a value of type `a` also be of type `b`? (Undefined types never unify.) */
import { compareTypes, keysOf, selectPos, selectProp, unnamed, type MaybeTy, type Ty } from './type.js';

export function unifies(a: MaybeTy, b: MaybeTy): boolean {
  if (!a || !b) return false;
  a = unnamed(a);
  b = unnamed(b);
  if (a.k === 'any' && unifiesAny(a, b)) return true;
  if (b.k === 'any' && unifiesAny(b, a)) return true;
  if (a.k === 'any' || b.k === 'any') return false;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'array': {
      const bb = b as typeof a;
      if (!arraysStatic(a, bb) || !arraysStatic(bb, a)) return false;
      return a.dynamic === undefined || bb.dynamic === undefined || unifies(a.dynamic, bb.dynamic);
    }
    case 'object': {
      const bb = b as typeof a;
      if (!objectsStatic(a, bb) || !objectsStatic(bb, a)) return false;
      // As OPA: an unknown dynamic value (e.g. of a comprehension over untyped vars) unifies.
      return !a.dynamic?.value || !bb.dynamic?.value || unifies(a.dynamic.value, bb.dynamic.value);
    }
    case 'set':
      return unifies(a.of, (b as typeof a).of);
    case 'function': {
      const bb = b as typeof a;
      if (a.args.length !== bb.args.length) return false;
      return a.args.every((x, i) => unifies(x, bb.args[i]));
    }
    default:
      return true;
  }
}

function unifiesAny(a: Extract<Ty, { k: 'any' }>, b: Ty): boolean {
  if (b.k === 'function') return false;
  for (const x of a.of) if (unifies(x, b)) return true;
  return a.of.length === 0;
}

function arraysStatic(a: Extract<Ty, { k: 'array' }>, b: Extract<Ty, { k: 'array' }>): boolean {
  for (let i = 0; i < a.static.length; i++) if (!unifies(a.static[i], selectPos(b, i))) return false;
  return true;
}

function objectsStatic(a: Extract<Ty, { k: 'object' }>, b: Extract<Ty, { k: 'object' }>): boolean {
  for (const p of a.static) {
    const tb = selectProp(b, p.key);
    if (tb === undefined) {
      if (a.dynamic?.value || b.dynamic?.value) continue;
      return false;
    }
    if (!unifies(p.value, tb)) return false;
  }
  return true;
}

/** Keys type usable to index `t` (OPA's types.Keys), re-exported for the ref checker. */
export { keysOf, compareTypes };
