/** Small structural helpers over terms: names, plain spelling, ordering, equality. */
import type { Term, RefTerm, Expr, Body } from '../ast/index.js';
import { quoteString, isVarCompatible, KEYWORDS_V1 } from './strings.js';

/** `ref(var a, "b", "c")` → `a.b.c` (operator names of calls). */
export function refName(ref: RefTerm): string {
  return ref.value
    .map((t, i) => (i === 0 ? (t.type === 'var' ? t.value : termString(t)) : t.type === 'string' ? `.${t.value}` : `[${termString(t)}]`))
    .join('');
}

export function isWildcard(name: string): boolean {
  return name.startsWith('$');
}

/** A term's plain spelling (OPA's `String()`), used where opa fmt prints without layout. */
export function termString(t: Term): string {
  switch (t.type) {
    case 'null': return 'null';
    case 'boolean': return String(t.value);
    case 'number': return t.value;
    case 'string': return quoteString(t.value);
    case 'var': return t.value;
    case 'ref':
      return t.value
        .map((e, i) => {
          if (i === 0) return termString(e);
          if (e.type === 'string' && isVarCompatible(e.value) && !KEYWORDS_V1.includes(e.value)) return `.${e.value}`;
          return `[${termString(e)}]`;
        })
        .join('');
    case 'call': {
      const op = t.value[0]!;
      return `${op.type === 'ref' ? refName(op) : termString(op)}(${t.value.slice(1).map(termString).join(', ')})`;
    }
    case 'array': return `[${t.value.map(termString).join(', ')}]`;
    case 'set': return t.value.length === 0 ? 'set()' : `{${t.value.map(termString).join(', ')}}`;
    case 'object': return `{${t.value.map(([k, v]) => `${termString(k)}: ${termString(v)}`).join(', ')}}`;
    case 'arraycomprehension': return `[${termString(t.value.term)} | ${bodyString(t.value.body)}]`;
    case 'setcomprehension': return `{${termString(t.value.term)} | ${bodyString(t.value.body)}}`;
    case 'objectcomprehension':
      return `{${termString(t.value.key)}: ${termString(t.value.value)} | ${bodyString(t.value.body)}}`;
    case 'templatestring': return '$"…"';
  }
}

function bodyString(body: Body): string {
  return body.map(exprString).join('; ');
}

function exprString(e: Expr): string {
  const t = e.terms;
  let s: string;
  switch (t.type) {
    case 'term': s = termString(t.term); break;
    case 'call': s = `${refName(t.operator)}(${t.args.map(termString).join(', ')})`; break;
    case 'some': s = `some ${t.symbols.map(termString).join(', ')}`; break;
    case 'every': s = `every ${t.key ? termString(t.key) + ', ' : ''}${termString(t.value)} in ${termString(t.domain)} { ${bodyString(t.body)} }`; break;
    case 'not': s = `not { ${bodyString(t.body)} }`; break;
  }
  return (e.negated ? 'not ' : '') + s;
}

/** True for terms without variables (refs count as non-ground, as in OPA). */
export function isGround(t: Term): boolean {
  switch (t.type) {
    case 'var': return false;
    case 'ref': return t.value.every(isGround);
    case 'call': return t.value.slice(1).every(isGround);
    case 'array': case 'set': return t.value.every(isGround);
    case 'object': return t.value.every(([k, v]) => isGround(k) && isGround(v));
    case 'arraycomprehension': case 'setcomprehension': case 'objectcomprehension': return false;
    case 'templatestring': return false;
    default: return true;
  }
}

const TYPE_RANK: Record<Term['type'], number> = {
  null: 0, boolean: 1, number: 2, string: 3, var: 4, ref: 5, array: 6, object: 7, set: 8,
  arraycomprehension: 9, objectcomprehension: 10, setcomprehension: 11, call: 12, templatestring: 13,
};

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpList(a: Term[], b: Term[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareTerms(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** OPA's total order on terms, enough for sorting imports and deduplicating sets. */
export function compareTerms(a: Term, b: Term): number {
  if (a.type !== b.type) return TYPE_RANK[a.type] - TYPE_RANK[b.type];
  switch (a.type) {
    case 'null': return 0;
    case 'boolean': return Number(a.value) - Number((b as typeof a).value);
    case 'number': {
      const x = Number(a.value), y = Number((b as typeof a).value);
      return x < y ? -1 : x > y ? 1 : cmpStr(a.value, (b as typeof a).value);
    }
    case 'string': case 'var': return cmpStr(a.value, (b as typeof a).value);
    case 'ref': case 'array': case 'set': case 'call': return cmpList(a.value, (b as typeof a).value);
    case 'object': {
      const bv = (b as typeof a).value;
      for (let i = 0; i < Math.min(a.value.length, bv.length); i++) {
        const c = compareTerms(a.value[i]![0], bv[i]![0]) || compareTerms(a.value[i]![1], bv[i]![1]);
        if (c !== 0) return c;
      }
      return a.value.length - bv.length;
    }
    default: return cmpStr(termString(a), termString(b));
  }
}

export function termsEqual(a: Term, b: Term): boolean {
  return a.type === b.type && compareTerms(a, b) === 0 && termString(a) === termString(b);
}
