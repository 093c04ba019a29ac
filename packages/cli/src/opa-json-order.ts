/**
 * Key order of `opa parse --format json`: OPA marshals most nodes as maps (keys sorted) and
 * a few as structs (declaration order). Reordering our JSON AST the same way makes the
 * output byte-identical, not just equal.
 */
import type { Module, Term } from '@rego-ts/rego-parser';
import { RawNumber } from './go-json.js';
const ORDERS: Record<string, string[]> = {
  module: ['package', 'imports', 'annotations', 'rules', 'comments'],
  author: ['name', 'email'],
  schema: ['path', 'schema', 'definition'],
  head: ['name', 'args', 'key', 'value', 'assign', 'ref', 'location'],
  term: ['location', 'type', 'value'],
  comprehension: ['term', 'key', 'value', 'body'],
  template: ['parts', 'multi_line'],
  comment: ['Text', 'Location'],
  location: ['file', 'row', 'col', 'text'],
};

/**
 * Inside an annotation only a few structs keep their order; its YAML maps (custom, labels,
 * schema definitions) are sorted even where they look like AST nodes.
 */
function annotationKind(parentKey: string | undefined, path: string[]): string | undefined {
  if (path.length === 0) {
    if (parentKey === 'location') return 'location';
    if (parentKey === 'authors') return 'author';
    if (parentKey === 'schemas') return 'schema';
  }
  if (path.length === 1 && path[0] === 'schemas' && (parentKey === 'path' || parentKey === 'schema')) return 'term';
  return undefined;
}

function kindOf(x: Record<string, unknown>, parentKey: string | undefined): string | undefined {
  if (parentKey === undefined) return 'module';
  if (parentKey === 'location' || parentKey === 'Location') return 'location';
  if (parentKey === 'comments') return 'comment';
  if (parentKey === 'head') return 'head';
  if ('type' in x && 'value' in x) return 'term';
  if (parentKey === 'value' && 'body' in x) return 'comprehension';
  if (parentKey === 'value' && 'parts' in x) return 'template';
  return undefined; // a map in OPA: sorted keys
}

/**
 * Reorders keys as opa prints them; number terms get their literal spelling back from
 * `literals` (numeric value → the one literal with that value in the module).
 */
export function opaKeyOrder(x: unknown, literals: Map<number, string>, parentKey?: string, annotation?: string[]): unknown {
  if (Array.isArray(x)) return x.map((v) => opaKeyOrder(v, literals, parentKey, annotation));
  if (!x || typeof x !== 'object') return x;
  const obj = x as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (annotation || parentKey === 'annotations') {
    // `annotation`: the keys from the annotation object down to this one's parent.
    const kind = annotation ? annotationKind(parentKey, annotation) : undefined;
    const below = annotation ? [...annotation, parentKey!] : [];
    const out: Record<string, unknown> = {};
    for (const k of sortKeys(keys, kind ? ORDERS[kind]! : [])) {
      out[k] = kind === 'term' ? opaKeyOrder(obj[k], literals, k) : opaKeyOrder(obj[k], literals, k, below);
    }
    return out;
  }
  const kind = kindOf(obj, parentKey);
  const out: Record<string, unknown> = {};
  for (const k of sortKeys(keys, kind ? ORDERS[kind]! : [])) out[k] = opaKeyOrder(obj[k], literals, k);
  if (kind === 'term' && out.type === 'number' && typeof out.value === 'number') {
    const text = literals.get(out.value);
    if (text !== undefined) out.value = new RawNumber(text);
  }
  return out;
}

/** Keys in `order` first (in that order), the others sorted. */
function sortKeys(keys: string[], order: string[]): string[] {
  return [...keys].sort((a, b) => {
    const i = order.indexOf(a);
    const j = order.indexOf(b);
    return (i < 0 ? order.length : i) - (j < 0 ? order.length : j) || (a < b ? -1 : a > b ? 1 : 0);
  });
}

/** Numeric value → literal, for the values written with a single spelling in the module. */
export function numberLiterals(module: Module): Map<number, string> {
  const seen = new Map<number, Set<string>>();
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object') {
      const t = x as Term;
      if (t.type === 'number' && typeof t.value === 'string') {
        const n = Number(t.value);
        if (!seen.has(n)) seen.set(n, new Set());
        seen.get(n)!.add(t.value);
      }
      for (const [k, v] of Object.entries(x)) if (k !== 'location') visit(v);
    }
  };
  visit(module.rules);
  visit(module.imports);
  const out = new Map<number, string>();
  for (const [n, texts] of seen) if (texts.size === 1) out.set(n, [...texts][0]!);
  return out;
}
