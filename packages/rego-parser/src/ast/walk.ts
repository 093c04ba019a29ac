/**
 * A visitor over a module's rules (else chains included), expressions (in bodies, `not` and
 * `every` bodies, comprehensions) and terms (heads, bodies, `with`, template parts).
 * A call expression `f(x)` is visited as the call term `f(x)`, like a call inside a term.
 */
import type { Body, Expr } from './expr.js';
import type { Module } from './module.js';
import type { Rule } from './rule.js';
import type { Term } from './terms.js';

export interface AstVisitor {
  rule?(rule: Rule): void;
  expr?(expr: Expr): void;
  term?(term: Term): void;
}

export function walkModule(module: Module, v: AstVisitor): void {
  for (const rule of module.rules) walkRule(rule, v);
}

/** A rule and its `else` definitions; a head's first ref element (the name) is not visited. */
export function walkRule(rule: Rule, v: AstVisitor): void {
  for (let r: Rule | undefined = rule; r; r = r.else) {
    v.rule?.(r);
    const h = r.head;
    for (const t of h.ref.slice(1)) walkTerm(t, v);
    for (const t of h.args ?? []) walkTerm(t, v);
    if (h.key) walkTerm(h.key, v);
    if (h.value) walkTerm(h.value, v);
    walkBody(r.body, v);
  }
}

export function walkBody(body: Body, v: AstVisitor): void {
  for (const e of body) walkExpr(e, v);
}

export function walkExpr(e: Expr, v: AstVisitor): void {
  v.expr?.(e);
  const t = e.terms;
  switch (t.type) {
    case 'term':
      walkTerm(t.term, v);
      break;
    case 'call':
      walkTerm({ type: 'call', value: [t.operator, ...t.args], location: e.location }, v);
      break;
    case 'some':
      for (const s of t.symbols) walkTerm(s, v);
      break;
    case 'every':
      if (t.key) walkTerm(t.key, v);
      walkTerm(t.value, v);
      walkTerm(t.domain, v);
      walkBody(t.body, v);
      break;
    case 'not':
      walkBody(t.body, v);
      break;
  }
  for (const w of e.with) {
    walkTerm(w.target, v);
    walkTerm(w.value, v);
  }
}

export function walkTerm(t: Term, v: AstVisitor): void {
  v.term?.(t);
  switch (t.type) {
    case 'ref':
    case 'call':
    case 'array':
    case 'set':
      for (const x of t.value) walkTerm(x, v);
      break;
    case 'object':
      for (const [k, x] of t.value) {
        walkTerm(k, v);
        walkTerm(x, v);
      }
      break;
    case 'arraycomprehension':
    case 'setcomprehension':
      walkTerm(t.value.term, v);
      walkBody(t.value.body, v);
      break;
    case 'objectcomprehension':
      walkTerm(t.value.key, v);
      walkTerm(t.value.value, v);
      walkBody(t.value.body, v);
      break;
    case 'templatestring':
      for (const p of t.value.parts) {
        if (p.type !== 'templateexpr') walkTerm(p, v);
        else {
          walkTerm(p.term, v);
          for (const w of p.with ?? []) {
            walkTerm(w.target, v);
            walkTerm(w.value, v);
          }
        }
      }
      break;
    default:
      break;
  }
}
