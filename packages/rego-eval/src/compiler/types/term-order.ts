/**
 * OPA's order of terms (ast/compare.go) on rego-ts's IR. OPA keeps the members of object
 * and set literals sorted and walks them in that order, also when its compiler moves the
 * calls they contain into the body: so the type checker meets `{f(x): 1, 0: input[x]}` as
 * `input[x]` first. A literal is sorted once, when first walked, before OPA renames its local
 * variables and rewrites its template strings into `internal.template_string` calls in place
 * (the cached order stays): so variables compare by their source names and template strings
 * sort before variables (`{f(x), $"{x}"}` meets the template first).
 */
import type { FnRef, T, TemplateT, WithIR } from '../ir.js';
import { compare as compareValues } from '../../value/compare.js';
import { lexCompare } from '../lex-compare.js';
import { isObject, isSet, RegoNumber, type Value } from '../../value/types.js';

/** OPA's sortOrder of a value kind. */
function rank(t: T): number {
  switch (t.k) {
    case 'const':
      return constRank(t.v);
    case 'var':
      return 5;
    case 'ref':
    case 'data':
    case 'input':
      return 6;
    case 'array':
      return 7;
    case 'object':
      return 8;
    case 'set':
      return 9;
    case 'acomp':
      return 10;
    case 'ocomp':
      return 11;
    case 'scomp':
      return 12;
    case 'template':
      return 4;
    case 'call':
      return 13;
  }
}

function constRank(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return 1;
  if (typeof v === 'string') return 3;
  if (Array.isArray(v)) return 7;
  if (isSet(v)) return 9;
  if (isObject(v)) return 8;
  return 2;
}

/** Negative, zero or positive as `a` sorts before, with or after `b` in OPA. */
export function compareTerms(a: T, b: T): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (a.k === 'const' && b.k === 'const') return compareValues(a.v, b.v);
  switch (ra) {
    case 5:
      return cmpStr((a as Extract<T, { k: 'var' }>).name, (b as Extract<T, { k: 'var' }>).name);
    case 6:
      return compareSlices(refTerms(a), refTerms(b));
    case 7:
    case 9:
      return compareSlices(sortedIfSet(items(a)), sortedIfSet(items(b)));
    case 8:
      return compareEntries(sortedEntries(entries(a)), sortedEntries(entries(b)));
    case 13:
      return compareSlices(callTerms(a), callTerms(b));
    case 4:
      return compareTemplates(a as TemplateT, b as TemplateT);
    default:
      return 0; // comprehensions: left in source order
  }

  function sortedIfSet(ts: T[]): T[] {
    return ra === 9 ? sortedItems(ts) : ts;
  }
}

/** The members of a set in OPA's order. */
export function sortedItems(ts: T[]): T[] {
  return ts.length < 2 ? ts : ts.slice().sort(compareTerms);
}

/** The entries of an object in OPA's order (by key). */
export function sortedEntries(es: Array<[T, T]>): Array<[T, T]> {
  return es.length < 2 ? es : es.slice().sort((x, y) => compareTerms(x[0], y[0]));
}

/**
 * OPA's TemplateString.Compare: fewer parts first, then part by part. OPA's parser keeps a
 * text part, or a part that is a scalar literal, as a term; any other part is an expression,
 * and expressions sort after terms, a single-term expression before a call, then by their
 * terms and their `with` modifiers (Expr.Compare: fewer first, then target and value of each).
 * Backquoted and quoted templates compare alike in opa v1.17.1 (`{$`{x}`, $"{x}"}` is one
 * member). A part with `with` modifiers is held here as `{v | v = e with …}` (see resolve.ts):
 * it compares as `e` and its modifiers.
 */
function compareTemplates(a: TemplateT, b: TemplateT): number {
  if (a.parts.length !== b.parts.length) return a.parts.length - b.parts.length;
  for (let i = 0; i < a.parts.length; i++) {
    const x = partOf(a, i);
    const y = partOf(b, i);
    const c = partOrder(x.t) - partOrder(y.t) || compareTerms(partTerm(x.t), partTerm(y.t)) || compareWiths(x.with, y.with);
    if (c !== 0) return c;
  }
  return 0;
}

const NO_WITH: readonly WithIR[] = [];

/** Part `i` as OPA holds it: its term, and its `with` modifiers. */
function partOf(t: TemplateT, i: number): { t: string | T; with: readonly WithIR[] } {
  const p = t.parts[i]!;
  if (typeof p !== 'string' && t.sets?.[i] && p.k === 'scomp' && p.head.k === 'var') {
    // The comprehension's own equality holds the part's term and modifiers.
    const head = p.head.slot;
    const eq = p.body.find((l) => l.k === 'unify' && l.a.k === 'var' && l.a.slot === head);
    if (eq && eq.k === 'unify') return { t: eq.b, with: eq.with ?? NO_WITH };
  }
  return { t: p, with: NO_WITH };
}

function partOrder(p: string | T): number {
  if (typeof p === 'string') return 0;
  if (p.k === 'const') return p.v === null || typeof p.v !== 'object' || p.v instanceof RegoNumber ? 0 : 1;
  return p.k === 'call' ? 2 : 1;
}

function partTerm(p: string | T): T {
  return typeof p === 'string' ? str(p) : p;
}

/** OPA's withSliceCompare: modifier by modifier (target, then value), then fewer first. */
function compareWiths(a: readonly WithIR[], b: readonly WithIR[]): number {
  return lexCompare(a, b, (x, y) => compareTerms(withTarget(x), withTarget(y)) || compareTerms(withValue(x), withValue(y)));
}

/** The target as OPA's ref (`input.a`, `data.p.q`, `count`). */
function withTarget(w: WithIR): T {
  if (w.kind === 'fn') return operator(w.key ?? '');
  const [head, ...rest] = [w.kind, ...w.path];
  return { k: 'ref', head: name(head!), path: rest.map(str), free: [] };
}

/** The replacement: a value, or a ref to the function that mocks. */
function withValue(w: WithIR): T {
  if (w.value) return w.value;
  return w.fn ? operator(fnName(w.fn)) : constOf(null);
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareSlices(a: T[], b: T[]): number {
  return lexCompare(a, b, compareTerms);
}

function compareEntries(a: Array<[T, T]>, b: Array<[T, T]>): number {
  return lexCompare(a, b, (x, y) => compareTerms(x[0], y[0]) || compareTerms(x[1], y[1]));
}

const str = (s: string): T => ({ k: 'const', v: s, free: [] });
const name = (s: string): T => ({ k: 'var', slot: -1, name: s, free: [] });

/** A ref as OPA's list of terms: a variable head, then the path. */
function refTerms(t: T): T[] {
  switch (t.k) {
    case 'ref':
      return [t.head, ...t.path];
    case 'input':
      return [name('input'), ...t.path];
    case 'data':
      return [name('data'), ...t.node.path.map(str), ...t.path];
    default:
      return [t];
  }
}

/** A call as OPA's list of terms: the operator's ref, then the arguments. */
function callTerms(t: T): T[] {
  if (t.k !== 'call') return [t];
  return [operator(fnName(t.fn)), ...t.args];
}

function fnName(f: FnRef): string {
  return f.kind === 'builtin' ? f.key : ['data', ...f.node.path].join('.');
}

function operator(dotted: string): T {
  const [head, ...rest] = dotted.split('.');
  return { k: 'ref', head: name(head!), path: rest.map(str), free: [] };
}

function items(t: T): T[] {
  if (t.k === 'array' || t.k === 'set') return t.items;
  if (t.k === 'const' && Array.isArray(t.v)) return t.v.map(constOf);
  if (t.k === 'const' && isSet(t.v)) return [...t.v.map.values()].map(constOf);
  return [];
}

function entries(t: T): Array<[T, T]> {
  if (t.k === 'object') return t.entries;
  if (t.k === 'const' && isObject(t.v)) return [...objectPairs(t.v)].map(([k, v]) => [constOf(k), constOf(v)]);
  return [];
}

function constOf(v: Value): T {
  return { k: 'const', v, free: [] };
}

function objectPairs(v: Value): Array<[Value, Value]> {
  if (v && typeof v === 'object' && 'map' in v && !isSet(v)) return [...(v.map as Map<string, [Value, Value]>).values()];
  return Object.keys(v as object).map((k) => [k, (v as Record<string, Value>)[k]!]);
}
