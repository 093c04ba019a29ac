/**
 * `opa parse`'s default output: the AST as an indented tree, one node per line, children one
 * space deeper. Terms are transparent (their value is printed at the term's depth); scalars
 * print as values, other nodes by type name, in the order OPA walks them.
 */
import type { Body, Expr, Module, Rule, Term } from '@rego-ts/rego-parser';

/** Go's `strconv.Quote` for the ASCII-printable common case, JSON escapes otherwise. */
function quote(s: string): string {
  return JSON.stringify(s);
}

export function prettyModule(m: Module): string {
  const out: string[] = [];
  const line = (depth: number, text: string): void => void out.push(' '.repeat(depth) + text);

  const term = (t: Term, d: number): void => {
    switch (t.type) {
      case 'null': line(d, 'null'); break;
      case 'boolean': line(d, String(t.value)); break;
      case 'number': line(d, t.value); break;
      case 'string': line(d, quote(t.value)); break;
      case 'var': line(d, t.value.startsWith('$') ? '_' : t.value); break;
      case 'ref': case 'call': case 'array': case 'set':
        line(d, t.type);
        t.value.forEach((x) => term(x, d + 1));
        break;
      case 'object':
        line(d, 'object');
        t.value.forEach(([k, v]) => { term(k, d + 1); term(v, d + 1); });
        break;
      case 'arraycomprehension': case 'setcomprehension':
        line(d, t.type);
        term(t.value.term, d + 1);
        body(t.value.body, d + 1);
        break;
      case 'objectcomprehension':
        line(d, t.type);
        term(t.value.key, d + 1);
        term(t.value.value, d + 1);
        body(t.value.body, d + 1);
        break;
      case 'templatestring':
        line(d, 'templatestring');
        break;
    }
  };

  const expr = (e: Expr, d: number): void => {
    line(d, `expr ${e.negated ? 'negated ' : ''}index=${e.index}`);
    const t = e.terms;
    switch (t.type) {
      case 'term': term(t.term, d + 1); break;
      case 'call': term(t.operator, d + 1); t.args.forEach((a) => term(a, d + 1)); break;
      case 'some': line(d + 1, 'somedecl'); t.symbols.forEach((s) => term(s, d + 2)); break;
      case 'every':
        line(d + 1, 'every');
        if (t.key) term(t.key, d + 2);
        term(t.value, d + 2);
        term(t.domain, d + 2);
        body(t.body, d + 2);
        break;
      case 'not':
        line(d + 1, 'not');
        body(t.body, d + 2);
        break;
    }
    for (const w of e.with) {
      line(d + 1, 'with');
      term(w.target, d + 2);
      term(w.value, d + 2);
    }
  };

  const body = (b: Body, d: number): void => {
    line(d, 'body');
    b.forEach((e) => expr(e, d + 1));
  };

  const rule = (r: Rule, d: number): void => {
    line(d, 'rule');
    line(d + 1, 'head');
    term({ type: 'ref', value: r.head.ref, location: r.head.location }, d + 2);
    if (r.head.args && r.head.args.length) {
      line(d + 2, 'args');
      r.head.args.forEach((a) => term(a, d + 3));
    }
    if (r.head.value) term(r.head.value, d + 2);
    body(r.body, d + 1);
    if (r.else) rule(r.else, d + 1);
  };

  line(0, 'module');
  line(1, 'package');
  term(m.package.path, 2);
  for (const i of m.imports) {
    line(1, 'import');
    term(i.path, 2);
    line(2, i.alias ?? '');
  }
  m.rules.forEach((r) => rule(r, 1));
  m.comments.forEach(() => line(1, 'comment'));
  return out.join('\n') + '\n';
}
