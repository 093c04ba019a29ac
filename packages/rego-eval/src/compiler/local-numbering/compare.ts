/**
 * OPA's order of terms (ast/compare.go) on the replay tree: OPA iterates object and set
 * literals in this order when it rewrites them, so it decides which member's variable is
 * generated first.
 */
import type { E, N, W } from './tree.js';
import { compare as compareValues } from '../../value/compare.js';
import { numberLiteral } from '../literal.js';
import { lexCompare } from '../lex-compare.js';

const RANK: Record<N['k'], number> = {
  null: 0,
  bool: 1,
  num: 2,
  str: 3,
  template: 4,
  var: 5,
  ref: 6,
  array: 7,
  object: 8,
  set: 9,
  acomp: 10,
  ocomp: 11,
  scomp: 12,
  call: 13,
};

export function compareNodes(a: N, b: N): number {
  const ra = RANK[a.k];
  const rb = RANK[b.k];
  if (ra !== rb) return ra - rb;
  switch (a.k) {
    case 'null':
      return 0;
    case 'bool':
      return Number(a.v) - Number((b as typeof a).v);
    case 'num':
      return compareValues(numberLiteral(a.v), numberLiteral((b as typeof a).v));
    case 'str':
    case 'var': {
      const x = a.k === 'str' ? a.v : a.name;
      const y = b.k === 'str' ? b.v : (b as { name: string }).name;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'ref':
    case 'call':
      return compareLists(a.terms, (b as typeof a).terms);
    case 'array':
      return compareLists(a.items, (b as typeof a).items);
    case 'set':
      return compareLists(sortNodes(a.items), sortNodes((b as typeof a).items));
    case 'object': {
      const x = sortEntries(a.entries);
      const y = sortEntries((b as typeof a).entries);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareNodes(x[i]![0], y[i]![0]) || compareNodes(x[i]![1], y[i]![1]);
        if (c) return c;
      }
      return x.length - y.length;
    }
    case 'template':
      return compareTemplates(a, b as typeof a);
    case 'acomp':
    case 'scomp': {
      const y = b as typeof a;
      return compareNodes(a.term, y.term) || compareBodies(a.body, y.body);
    }
    case 'ocomp': {
      const y = b as typeof a;
      return compareNodes(a.key, y.key) || compareNodes(a.value, y.value) || compareBodies(a.body, y.body);
    }
  }
}

/** OPA's Body.Compare: expression by expression, then the shorter first. */
function compareBodies(a: E[], b: E[]): number {
  return lexCompare(a, b, compareExprs);
}

const EXPR_ORDER: Record<E['kind'], number> = { some: 0, term: 1, call: 2, every: 3, not: 4 };

/**
 * OPA's Expr.Compare: kind, index (here the position, the same for both), negation (a plain
 * one first), terms, then the `with` modifiers.
 */
function compareExprs(a: E, b: E): number {
  const c = EXPR_ORDER[a.kind] - EXPR_ORDER[b.kind] || Number(a.negated) - Number(b.negated);
  if (c) return c;
  return compareExprTerms(a, b) || compareWiths(a.with, b.with);
}

function compareExprTerms(a: E, b: E): number {
  switch (a.kind) {
    case 'term':
      return compareNodes(a.t, (b as typeof a).t);
    case 'call':
      return compareLists(a.terms, (b as typeof a).terms);
    case 'some':
      return compareLists(a.symbols, (b as typeof a).symbols);
    case 'every': {
      const y = b as typeof a;
      const keys = a.key && y.key ? compareNodes(a.key, y.key) : Number(!!a.key) - Number(!!y.key);
      return keys || compareNodes(a.value, y.value) || compareNodes(a.domain, y.domain) || compareBodies(a.body, y.body);
    }
    case 'not':
      return compareBodies(a.body, (b as typeof a).body);
  }
}

type Part = Extract<N, { k: 'template' }>['parts'][number];

/**
 * OPA's TemplateString.Compare: fewer parts first, then part by part; text and scalar parts
 * (terms to OPA) before expressions, a single-term expression before a call, then the
 * expressions' terms and their `with` modifiers.
 */
function compareTemplates(a: Extract<N, { k: 'template' }>, b: Extract<N, { k: 'template' }>): number {
  if (a.parts.length !== b.parts.length) return a.parts.length - b.parts.length;
  for (let i = 0; i < a.parts.length; i++) {
    const x = a.parts[i]!;
    const y = b.parts[i]!;
    const c = partOrder(x) - partOrder(y) || compareNodes(partTerm(x), partTerm(y)) || compareWiths(partWith(x), partWith(y));
    if (c) return c;
  }
  return 0;
}

function partWith(p: Part): W[] {
  return typeof p === 'string' ? [] : p.with;
}

/** OPA's withSliceCompare: modifier by modifier (target, then value), then fewer first. */
function compareWiths(a: W[], b: W[]): number {
  return lexCompare(a, b, (x, y) => compareNodes(x.target, y.target) || compareNodes(x.value, y.value));
}

function partOrder(p: Part): number {
  if (typeof p === 'string') return 0;
  const k = p.t.k;
  if (k === 'null' || k === 'bool' || k === 'num' || k === 'str') return 0;
  return k === 'call' ? 2 : 1;
}

function partTerm(p: Part): N {
  return typeof p === 'string' ? { k: 'str', v: p } : p.t;
}

function compareLists(a: N[], b: N[]): number {
  return lexCompare(a, b, compareNodes);
}

export function sortNodes(xs: N[]): N[] {
  return xs.slice().sort(compareNodes);
}

export function sortEntries(xs: Array<[N, N]>): Array<[N, N]> {
  return xs.slice().sort((p, q) => compareNodes(p[0], q[0]));
}

/** A set's members in OPA's iteration order: sorted when first iterated, then kept. */
export function setOrder(t: Extract<N, { k: 'set' }>): N[] {
  if (!t.sorted) {
    t.items = sortNodes(t.items);
    t.sorted = true;
  }
  return t.items;
}

/** An object's entries in OPA's iteration order (as setOrder). */
export function objectOrder(t: Extract<N, { k: 'object' }>): Array<[N, N]> {
  if (!t.sorted) {
    t.entries = sortEntries(t.entries);
    t.sorted = true;
  }
  return t.entries;
}
