/** A visitor over every term of a Rego module (heads, bodies, else chains, comprehensions, `with`). */
import type { Body, Expr, Module, Rule, Term } from '@rego-ts/rego-parser';

export type TermVisitor = (term: Term) => void;

export function walkModule(module: Module, visit: TermVisitor): void {
  for (const rule of module.rules) walkRule(rule, visit);
}

function walkRule(rule: Rule, visit: TermVisitor): void {
  for (let r: Rule | undefined = rule; r; r = r.else) {
    const h = r.head;
    for (const t of h.ref.slice(1)) walkTerm(t, visit);
    for (const t of h.args ?? []) walkTerm(t, visit);
    if (h.key) walkTerm(h.key, visit);
    if (h.value) walkTerm(h.value, visit);
    walkBody(r.body, visit);
  }
}

export function walkBody(body: Body, visit: TermVisitor): void {
  for (const e of body) walkExpr(e, visit);
}

function walkExpr(e: Expr, visit: TermVisitor): void {
  const t = e.terms;
  switch (t.type) {
    case 'term':
      walkTerm(t.term, visit);
      break;
    case 'call':
      // Seen as a call term, so visitors handle `f(x)` statements and `f(x)` terms alike.
      walkTerm({ type: 'call', value: [t.operator, ...t.args], location: e.location }, visit);
      break;
    case 'some':
      for (const s of t.symbols) walkTerm(s, visit);
      break;
    case 'every':
      if (t.key) walkTerm(t.key, visit);
      walkTerm(t.value, visit);
      walkTerm(t.domain, visit);
      walkBody(t.body, visit);
      break;
  }
  for (const w of e.with) {
    walkTerm(w.target, visit);
    walkTerm(w.value, visit);
  }
}

export function walkTerm(t: Term, visit: TermVisitor): void {
  visit(t);
  switch (t.type) {
    case 'ref':
    case 'call':
    case 'array':
    case 'set':
      for (const x of t.value) walkTerm(x, visit);
      break;
    case 'object':
      for (const [k, v] of t.value) {
        walkTerm(k, visit);
        walkTerm(v, visit);
      }
      break;
    case 'arraycomprehension':
    case 'setcomprehension':
      walkTerm(t.value.term, visit);
      walkBody(t.value.body, visit);
      break;
    case 'objectcomprehension':
      walkTerm(t.value.key, visit);
      walkTerm(t.value.value, visit);
      walkBody(t.value.body, visit);
      break;
    case 'templatestring':
      for (const p of t.value.parts) walkTerm(p.type === 'templateexpr' ? p.term : p, visit);
      break;
    default:
      break;
  }
}

/** `data.a.b["c d"][x]` — the textual form of a ref (for messages). */
export function refText(terms: Term[]): string {
  let out = '';
  terms.forEach((t, i) => {
    if (i === 0) out += t.type === 'var' ? t.value : `<${t.type}>`;
    else if (t.type === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.value)) out += `.${t.value}`;
    else if (t.type === 'string') out += `[${JSON.stringify(t.value)}]`;
    else if (t.type === 'var') out += `[${t.value}]`;
    else if (t.type === 'number') out += `[${t.value}]`;
    else out += `[<${t.type}>]`;
  });
  return out;
}
