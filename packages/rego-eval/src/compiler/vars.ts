/**
 * Variable sets of compiled terms, used by safety analysis (compile time only).
 * - needs: vars that must be bound to evaluate the term as a value (`free`);
 * - patternVars: bare vars a unification can bind (`x`, `[x, y]`, `{"k": x}`);
 * - refPathVars: vars in ref index positions, bound by iteration (`xs[i]`).
 */
import { forEachChild, type Lit, type T } from './ir.js';

/** A reference term: a ref on a local, or on `data` / `input`. */
export function isRef(t: T): t is Extract<T, { k: 'ref' | 'data' | 'input' }> {
  return t.k === 'ref' || t.k === 'data' || t.k === 'input';
}

/** A ref, or a collection or call holding one outside closures (OPA's ContainsRefs). */
export function holdsRef(t: T): boolean {
  if (isRef(t)) return true;
  switch (t.k) {
    case 'array':
    case 'set':
      return t.items.some(holdsRef);
    case 'object':
      return t.entries.some(([k, v]) => holdsRef(k) || holdsRef(v));
    case 'call':
      return t.args.some(holdsRef);
    default:
      return false;
  }
}

/** Whether every var of `xs` is in `safe`. */
export function allIn(xs: readonly number[], safe: ReadonlySet<number>): boolean {
  for (const x of xs) if (!safe.has(x)) return false;
  return true;
}

export function patternVars(t: T, out: number[] = []): number[] {
  switch (t.k) {
    case 'var':
      out.push(t.slot);
      break;
    case 'array':
      for (const x of t.items) patternVars(x, out);
      break;
    case 'object':
      for (const [, v] of t.entries) patternVars(v, out);
      break;
  }
  return out;
}

/** Needs of the non-pattern parts of a pattern (calls, refs, object keys inside it). */
export function nonPatternNeeds(t: T, out: number[] = []): number[] {
  switch (t.k) {
    case 'var':
      break;
    case 'array':
      for (const x of t.items) nonPatternNeeds(x, out);
      break;
    case 'object':
      for (const [k, v] of t.entries) {
        for (const s of k.free) out.push(s);
        nonPatternNeeds(v, out);
      }
      break;
    default:
      for (const s of t.free) out.push(s);
  }
  return out;
}

export function refPathVars(t: T, out: number[] = []): number[] {
  switch (t.k) {
    case 'ref':
      refPathVars(t.head, out);
      for (const p of t.path) {
        patternVars(p, out);
        refPathVars(p, out);
      }
      break;
    case 'data':
    case 'input':
      for (const p of t.path) {
        patternVars(p, out);
        refPathVars(p, out);
      }
      break;
    case 'array':
    case 'set':
      for (const x of t.items) refPathVars(x, out);
      break;
    case 'object':
      for (const [k, v] of t.entries) {
        refPathVars(k, out);
        refPathVars(v, out);
      }
      break;
    case 'call':
      for (const x of t.args) refPathVars(x, out);
      break;
    case 'template':
      break;
  }
  return out;
}

/** Every var slot mentioned by a literal (nested bodies included). */
export function litVars(l: Lit, out: Set<number>): void {
  const term = (t: T | undefined): void => {
    if (!t) return;
    switch (t.k) {
      case 'var':
        out.add(t.slot);
        break;
      case 'ref':
        term(t.head);
        t.path.forEach(term);
        break;
      case 'data':
      case 'input':
        t.path.forEach(term);
        break;
      case 'array':
      case 'set':
        t.items.forEach(term);
        break;
      case 'object':
        for (const [k, v] of t.entries) {
          term(k);
          term(v);
        }
        break;
      case 'call':
        t.args.forEach(term);
        break;
      case 'acomp':
      case 'scomp':
      case 'ocomp':
        term(t.head);
        term(t.value);
        for (const b of t.body) litVars(b, out);
        break;
      case 'template':
        for (const p of t.parts) if (typeof p !== 'string') term(p);
        break;
    }
  };
  switch (l.k) {
    case 'term':
      term(l.t);
      break;
    case 'unify':
      term(l.a);
      term(l.b);
      break;
    case 'not':
      for (const b of l.body) litVars(b, out);
      break;
    case 'some':
      term(l.key);
      term(l.value);
      term(l.domain);
      break;
    case 'every':
      term(l.key);
      term(l.value);
      term(l.domain);
      for (const b of l.body) litVars(b, out);
      break;
    case 'print':
      l.args.forEach(term);
      break;
  }
  for (const w of l.with ?? []) term(w.value);
}

export function uniq(xs: number[]): number[] {
  return xs.length < 2 ? xs : [...new Set(xs)];
}

/** Vars of `t` outside closures (comprehensions, template strings). */
export function termOpenVars(t: T, out: Set<number>): void {
  if (t.k === 'var') out.add(t.slot);
  // forEachChild skips closures: their vars are not the term's own.
  else forEachChild(t, (c) => termOpenVars(c, out));
}

/** Vars of a body outside closures (comprehensions, template strings, `every` bodies). */
export function openVars(lits: Lit[], out: Set<number>): Set<number> {
  for (const l of lits) {
    for (const w of l.with ?? []) if (w.value) termOpenVars(w.value, out);
    switch (l.k) {
      case 'term':
        termOpenVars(l.t, out);
        break;
      case 'unify':
        termOpenVars(l.a, out);
        termOpenVars(l.b, out);
        break;
      case 'not':
        openVars(l.body, out);
        break;
      case 'some':
        if (l.key) termOpenVars(l.key, out);
        termOpenVars(l.value, out);
        termOpenVars(l.domain, out);
        break;
      case 'every':
        termOpenVars(l.domain, out);
        break;
      case 'print':
        for (const a of l.args) termOpenVars(a, out);
        break;
    }
  }
  return out;
}
