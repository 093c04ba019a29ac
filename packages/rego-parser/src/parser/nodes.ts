/** Small constructors and predicates for AST nodes used by the parser. */
import type { Location } from '../ast/location.js';
import type { Term, RefTerm, VarTerm, CallTerm, StringTerm } from '../ast/terms.js';
import type { Expr, Body } from '../ast/expr.js';

export function cloneLoc(l: Location): Location {
  return { file: l.file, row: l.row, col: l.col, offset: l.offset, end: l.end };
}

export function varTerm(value: string, location: Location): VarTerm {
  return { type: 'var', value, location };
}

export function stringTerm(value: string, location: Location): StringTerm {
  return { type: 'string', value, location };
}

export function refTerm(value: Term[], location: Location): RefTerm {
  return { type: 'ref', value, location };
}

export function callTerm(value: Term[], location: Location): CallTerm {
  return { type: 'call', value, location };
}

export function boolTerm(value: boolean, location: Location): Term {
  return { type: 'boolean', value, location };
}

/** `ref(var name)`: the operator of an infix call. */
export function opRef(name: string, location: Location): RefTerm {
  return refTerm([varTerm(name, cloneLoc(location))], cloneLoc(location));
}

/** `ref(var internal, "member_2")` style operator refs. */
export function dottedOpRef(path: string, location: Location): RefTerm {
  const [head, ...rest] = path.split('.');
  return refTerm(
    [varTerm(head!, cloneLoc(location)), ...rest.map((p) => stringTerm(p, cloneLoc(location)))],
    cloneLoc(location),
  );
}

/** The dotted name of an operator ref (`plus`, `internal.member_2`, `data.a.f`), or ''. */
export function refName(t: Term): string {
  if (t.type === 'var') return t.value;
  if (t.type !== 'ref') return '';
  let out = '';
  for (let i = 0; i < t.value.length; i++) {
    const p = t.value[i]!;
    if (i === 0) {
      if (p.type !== 'var') return '';
      out = p.value;
    } else if (p.type === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.value)) {
      out += '.' + p.value;
    } else return '';
  }
  return out;
}

export function newExpr(terms: Expr['terms'], location: Location): Expr {
  return { type: 'expr', index: 0, negated: false, with: [], location, terms };
}

/** A body of the single generated literal `true` at `loc`. */
export function trueBody(loc: Location): Body {
  const e = newExpr({ type: 'term', term: boolTerm(true, cloneLoc(loc)) }, cloneLoc(loc));
  e.generated = true;
  return [e];
}

/** Ground: contains no vars (refs count as non-ground when they contain vars, like OPA). */
export function isGround(t: Term): boolean {
  switch (t.type) {
    case 'var':
      return false;
    case 'ref':
    case 'array':
    case 'set':
    case 'call':
      return t.value.every(isGround);
    case 'object':
      return t.value.every(([k, v]) => isGround(k) && isGround(v));
    case 'arraycomprehension':
    case 'setcomprehension':
    case 'objectcomprehension':
    case 'templatestring':
      return false;
    default:
      return true;
  }
}

export function typeName(t: Term): string {
  switch (t.type) {
    case 'arraycomprehension':
      return 'arraycomprehension';
    case 'setcomprehension':
      return 'setcomprehension';
    case 'objectcomprehension':
      return 'objectcomprehension';
    default:
      return t.type;
  }
}

/** A deep copy of a term with every location replaced by `loc` (OPA's `setLocRecursive`). */
export function relocate<X extends Term>(t: X, loc: Location): X {
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) o[k] = k === 'location' ? cloneLoc(loc) : walk(v);
      return o;
    }
    return x;
  };
  return walk(t) as X;
}
