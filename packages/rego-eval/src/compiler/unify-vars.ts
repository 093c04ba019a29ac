/**
 * The vars an equality binds, as OPA's safety check computes them (ast/unify.go `Unify`):
 * structural, without evaluating anything. A bound var or a ref/call whose inputs are bound
 * binds every var of the other side (`x = [a, b]` with x bound binds a and b); two unbound
 * vars wait for each other; arrays pair up by index when their lengths match, objects by
 * equal keys; different shapes bind nothing. Constant arrays and objects (folded by the
 * resolver) pair up like the literals they were.
 */
import { lookup } from '../eval/values.js';
import { objectSize } from '../value/collections.js';
import { equal } from '../value/compare.js';
import { RegoNumber, RegoSet, type ObjectValue, type Value } from '../value/types.js';
import { constT, type T } from './ir.js';
import { allIn, isRef, refPathVars } from './vars.js';

/** OPA's isRefSafe: the ref's head can be evaluated. */
function refSafe(t: T, safe: ReadonlySet<number>): boolean {
  return t.k === 'ref' ? allIn(t.head.free, safe) : true;
}

/** OPA's isCallSafe: every var of the call is bound. */
function callSafe(t: T, safe: ReadonlySet<number>): boolean {
  return allIn(t.free, safe) && allIn(refPathVars(t), safe);
}

function constItems(t: T): T[] | undefined {
  return t.k === 'const' && Array.isArray(t.v) ? t.v.map(constT) : undefined;
}

function constObject(t: T): ObjectValue | undefined {
  const v = t.k === 'const' ? t.v : undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof RegoSet || v instanceof RegoNumber) return undefined;
  return v as ObjectValue;
}

/** Vars of `t` outside ref heads, object keys, calls and closures (OPA's markAllSafe visitor). */
function valueVars(t: T, out: number[]): number[] {
  switch (t.k) {
    case 'var':
      out.push(t.slot);
      break;
    case 'ref':
    case 'data':
    case 'input':
      for (const p of t.path) valueVars(p, out);
      break;
    case 'array':
    case 'set':
      for (const x of t.items) valueVars(x, out);
      break;
    case 'object':
      for (const [, v] of t.entries) valueVars(v, out);
      break;
    // A call's vars are its inputs: OPA has hoisted it out of the equality before safety
    // (`x = [abs(y)]` is `abs(y, __1); x = [__1]`), so unifying never binds them.
  }
  return out;
}

class Unifier {
  readonly unified = new Set<number>();
  private readonly unknown = new Map<number, Set<number>>();
  constructor(private readonly safe: ReadonlySet<number>) {}

  private isSafe(v: number): boolean {
    return this.safe.has(v) || this.unified.has(v);
  }

  unify(a: T, b: T): void {
    const safe = this.safe;
    switch (a.k) {
      case 'var':
        if (b.k === 'var') {
          if (this.isSafe(b.slot)) this.markSafe(a.slot);
          else if (this.isSafe(a.slot)) this.markSafe(b.slot);
          else {
            this.markUnknown(a.slot, b.slot);
            this.markUnknown(b.slot, a.slot);
          }
        } else if (b.k === 'array' || b.k === 'object') this.unifyAll(a.slot, b);
        else if (isRef(b)) {
          if (refSafe(b, safe)) this.markSafe(a.slot);
        } else if (b.k === 'call') {
          if (callSafe(b, safe)) this.markSafe(a.slot);
        } else this.markSafe(a.slot);
        return;
      case 'ref':
      case 'data':
      case 'input':
      case 'call':
        if (a.k === 'call' ? callSafe(a, safe) : refSafe(a, safe)) {
          if (b.k === 'var') this.markSafe(b.slot);
          else if (b.k === 'array' || b.k === 'object') this.markAllSafe(b);
        }
        return;
      case 'acomp':
      case 'ocomp':
      case 'scomp':
        if (b.k === 'var') this.markSafe(b.slot);
        else if ((a.k === 'acomp' && b.k === 'array') || (a.k === 'ocomp' && b.k === 'object')) this.markAllSafe(b);
        return;
      case 'array':
        if (b.k === 'var') this.unifyAll(b.slot, a);
        else if (b.k === 'acomp' || b.k === 'scomp' || b.k === 'ocomp') this.markAllSafe(a);
        else if (isRef(b)) {
          if (refSafe(b, safe)) this.markAllSafe(a);
        } else if (b.k === 'call') {
          if (callSafe(b, safe)) this.markAllSafe(a);
        } else {
          const items = b.k === 'array' ? b.items : constItems(b);
          if (items && items.length === a.items.length) a.items.forEach((x, i) => this.unify(x, items[i]!));
        }
        return;
      case 'object':
        if (b.k === 'var') this.unifyAll(b.slot, a);
        else if (isRef(b)) {
          if (refSafe(b, safe)) this.markAllSafe(a);
        } else if (b.k === 'call') {
          if (callSafe(b, safe)) this.markAllSafe(a);
        } else if (b.k === 'object') {
          if (b.entries.length !== a.entries.length) return;
          for (const [k, v] of a.entries) {
            const m = b.entries.find(([kb]) => sameKey(k, kb));
            if (m) this.unify(v, m[1]);
          }
        } else {
          const o = constObject(b);
          if (!o || objectSize(o) !== a.entries.length) return;
          for (const [k, v] of a.entries) {
            const x = k.k === 'const' ? lookup(o, k.v) : undefined;
            if (x !== undefined) this.unify(v, constT(x));
          }
        }
        return;
      case 'const': {
        const items = constItems(a);
        if (items && b.k === 'array') return this.unify(b, a);
        if (constObject(a) && b.k === 'object') return this.unify(b, a);
        if (b.k === 'var') this.markSafe(b.slot);
        return;
      }
      default:
        if (b.k === 'var') this.markSafe(b.slot);
    }
  }

  private markAllSafe(t: T): void {
    for (const v of valueVars(t, [])) this.markSafe(v);
  }

  private markSafe(x: number): void {
    this.unified.add(x);
    const vs = this.unknown.get(x);
    this.unknown.delete(x);
    if (vs) for (const v of vs) this.markSafe(v);
    for (const [v, deps] of [...this.unknown]) {
      if (deps.delete(x) && deps.size === 0) this.markSafe(v);
    }
  }

  private markUnknown(a: number, b: number): void {
    const s = this.unknown.get(a);
    if (s) s.add(b);
    else this.unknown.set(a, new Set([b]));
  }

  private unifyAll(a: number, b: T): void {
    if (this.isSafe(a)) return this.markAllSafe(b);
    const unsafe = valueVars(b, []).filter((v) => !this.isSafe(v));
    if (!unsafe.length) this.markSafe(a);
    else for (const v of unsafe) this.markUnknown(a, v);
  }
}

/** Keys OPA finds equal when pairing object literals: equal constants or the same var. */
function sameKey(a: T, b: T): boolean {
  if (a.k === 'const' && b.k === 'const') return equal(a.v, b.v);
  return a.k === 'var' && b.k === 'var' && a.slot === b.slot;
}

/** The vars unifying `a` with `b` binds when `safe` are bound (OPA's `Unify`). */
export function unifyVars(a: T, b: T, safe: ReadonlySet<number>): Set<number> {
  const u = new Unifier(safe);
  u.unify(a, b);
  return u.unified;
}
