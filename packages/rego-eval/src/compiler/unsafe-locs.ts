/**
 * Where OPA reports an unsafe var of a literal. By its safety check, the calls nested in an
 * expression are expressions of their own, at the call (rewriteExprTerms: `x := count(y)` is
 * `count(y, __l)` then `x = __l`; template strings are calls too), and so are the domains of `some … in` (composite or call)
 * and of `every` (`__l = [y]`, at the domain). A var is reported at the first of these
 * expressions that holds it.
 */
import type { Location } from '@rego-ts/rego-parser';
import { forEachChild, type Lit, type T } from './ir.js';

/** A part of a literal: where OPA's expression is and the vars it holds. */
interface Part {
  loc: Location;
  vars: Set<number>;
}

/** Vars of `t` outside the nested calls (parts of their own, pushed to `parts`). */
function partVars(t: T, vars: Set<number>, parts: Part[]): void {
  switch (t.k) {
    case 'var':
      vars.add(t.slot);
      return;
    case 'call':
      parts.push(callPart(t, parts));
      return;
    case 'template':
      // OPA's internal.template_string call: an expression of its own, at the template.
      parts.push({ loc: t.loc, vars: new Set(t.free) });
      return;
    case 'acomp':
    case 'scomp':
    case 'ocomp':
      for (const v of t.free) vars.add(v);
      return;
  }
  forEachChild(t, (c) => partVars(c, vars, parts));
}

function callPart(c: Extract<T, { k: 'call' }>, parts: Part[]): Part {
  const vars = new Set<number>();
  for (const a of c.args) partVars(a, vars, parts);
  return { loc: c.loc, vars };
}

/** A domain as OPA's expression of its own (`__l = dom`, or the call `f(…, __l)`). */
function domainPart(d: T, loc: Location, parts: Part[]): Part {
  if (d.k === 'call') return callPart(d, parts);
  const vars = new Set<number>();
  partVars(d, vars, parts);
  return { loc, vars };
}

function parts(l: Lit): Part[] {
  const out: Part[] = [];
  const main = new Set<number>();
  for (const w of l.with ?? []) if (w.value) partVars(w.value, main, out);
  switch (l.k) {
    case 'term':
      if (l.t.k === 'call') for (const a of l.t.args) partVars(a, main, out);
      else partVars(l.t, main, out);
      break;
    case 'unify':
      if (l.outArg && l.b.k === 'call') {
        for (const a of l.b.args) partVars(a, main, out);
        partVars(l.a, main, out);
      } else {
        partVars(l.a, main, out);
        partVars(l.b, main, out);
      }
      break;
    case 'some': {
      if (l.key) partVars(l.key, main, out);
      partVars(l.value, main, out);
      const d = l.domain;
      if (l.domainLoc && (d.k === 'call' || d.k === 'array' || d.k === 'set' || d.k === 'object' || d.k === 'acomp' || d.k === 'scomp' || d.k === 'ocomp')) {
        out.push(domainPart(d, l.domainLoc, out));
      } else partVars(d, main, out);
      break;
    }
    case 'every':
      if (l.domainLoc) out.push(domainPart(l.domain, l.domainLoc, out));
      else partVars(l.domain, main, out);
      break;
    case 'not':
      // The calls (and template strings) nested in a negated expression leave it.
      if (l.body.length === 1 && l.body[0]!.k !== 'not') {
        const inner = parts(l.body[0]!);
        inner[inner.length - 1]!.loc = l.loc;
        return inner;
      }
      return [];
    default:
      return [];
  }
  out.push({ loc: l.loc, vars: main });
  return out;
}

export function locBefore(a: Location, b: Location): boolean {
  return a.row < b.row || (a.row === b.row && a.col < b.col);
}

/** Where OPA reports unsafe var `v` of literal `l`. */
export function unsafeVarLoc(l: Lit, v: number): Location {
  let best: Location | undefined;
  for (const p of parts(l)) if (p.vars.has(v) && (!best || locBefore(p.loc, best))) best = p.loc;
  return best ?? l.loc;
}
