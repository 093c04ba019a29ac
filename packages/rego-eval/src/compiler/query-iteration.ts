import type { Expr, Term } from '@rego-ts/rego-parser';

/**
 * Whether a query expression may iterate, as `opa eval` decides it: a ref with a variable
 * after its head, or a call to a relation builtin (`walk`), outside comprehensions. A lone
 * query expression without iteration reports its value even when `false`; otherwise a
 * `false` value fails the query.
 */
export function exprIterates(e: Expr): boolean {
  const t = e.terms;
  let found = false;
  switch (t.type) {
    case 'term':
      found = termIterates(t.term);
      break;
    case 'call':
      found = refIterates(t.operator.value) || t.args.some(termIterates);
      break;
    default:
      return false;
  }
  return found || e.with.some((w) => termIterates(w.target) || termIterates(w.value));
}

function refIterates(parts: Term[]): boolean {
  if (parts.length === 1 && parts[0]!.type === 'var' && parts[0]!.value === 'walk') return true;
  for (let i = 1; i < parts.length; i++) if (parts[i]!.type === 'var') return true;
  return parts.some(termIterates);
}

function termIterates(t: Term): boolean {
  switch (t.type) {
    case 'ref':
      return refIterates(t.value);
    case 'call':
      return t.value.some(termIterates);
    case 'array':
    case 'set':
      return t.value.some(termIterates);
    case 'object':
      return t.value.some(([k, v]) => termIterates(k) || termIterates(v));
    case 'templatestring':
      return t.value.parts.some((p) => p.type === 'templateexpr' && termIterates(p.term));
    default:
      return false;
  }
}
