/**
 * `opa parse`'s default output: the AST as an indented tree, one node per line, children one
 * space deeper. Terms are transparent (their value is printed at the term's depth); scalars
 * print as values, other nodes by type name, in the order OPA walks them.
 */
import type { Body, Expr, Module, Rule, Term } from '@rego-ts/rego-parser';

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;
const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** Go's `strconv.Quote` (how OPA prints a string value). */
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

const RANK: Record<Term['type'], number> = {
  null: 0, boolean: 1, number: 2, string: 3, var: 4, ref: 5, array: 6, object: 7, set: 8,
  arraycomprehension: 9, objectcomprehension: 10, setcomprehension: 11, call: 12, templatestring: 13,
};

/** OPA's order of terms, by which it iterates object keys and set elements. */
function compare(a: Term, b: Term): number {
  if (a.type !== b.type) return RANK[a.type] - RANK[b.type];
  const list = (x: Term[], y: Term[]): number => {
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = compare(x[i]!, y[i]!);
      if (c) return c;
    }
    return x.length - y.length;
  };
  switch (a.type) {
    case 'boolean': return Number(a.value) - Number((b as typeof a).value);
    case 'number': return Number(a.value) - Number((b as typeof a).value);
    case 'string': case 'var': {
      const y = (b as typeof a).value;
      return a.value < y ? -1 : a.value > y ? 1 : 0;
    }
    case 'ref': case 'array': case 'set': case 'call': return list(a.value, (b as typeof a).value);
    case 'object': return list(a.value.flat(), (b as typeof a).value.flat());
    default: return 0;
  }
}

/**
 * opa parse passes scalar values through Go's Printf as the format string (no arguments), so
 * `%` sequences in them come out as Printf renders a verb without operand: `%3D` becomes
 * `%!D(MISSING)`, `%%` becomes `%`. Reproduced for identical output.
 */
function printfNoArgs(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '%') {
      out += s[i];
      continue;
    }
    let j = i + 1;
    while (j < s.length && '+-# 0'.includes(s[j]!)) j++;
    while (j < s.length && /[0-9]/.test(s[j]!)) j++;
    if (s[j] === '.') {
      j++;
      while (j < s.length && /[0-9]/.test(s[j]!)) j++;
    }
    if (j >= s.length) {
      out += '%!(NOVERB)';
      i = j;
      continue;
    }
    const verb = String.fromCodePoint(s.codePointAt(j)!);
    out += verb === '%' ? '%' : `%!${verb}(MISSING)`;
    i = j + verb.length - 1;
  }
  return out;
}

export function prettyModule(m: Module): string {
  // With `import future.keywords.not`, OPA represents `not x` as a not-body.
  const notBodies = m.imports.some(
    (i) => i.path.value.map((t) => (t.type === 'var' || t.type === 'string' ? t.value : '')).join('.') === 'future.keywords.not',
  );
  const out: string[] = [];
  const line = (depth: number, text: string): void => void out.push(' '.repeat(depth) + text);

  const term = (t: Term, d: number): void => {
    switch (t.type) {
      case 'null': line(d, 'null'); break;
      case 'boolean': line(d, String(t.value)); break;
      case 'number': line(d, printfNoArgs(t.value)); break;
      case 'string': line(d, printfNoArgs(quote(t.value))); break;
      case 'var': line(d, printfNoArgs(t.value.startsWith('$') ? '_' : t.value)); break;
      case 'ref': case 'call': case 'array':
        line(d, t.type);
        t.value.forEach((x) => term(x, d + 1));
        break;
      case 'set':
        line(d, 'set');
        [...t.value].sort(compare).forEach((x) => term(x, d + 1));
        break;
      case 'object':
        line(d, 'object');
        [...t.value].sort((x, y) => compare(x[0], y[0])).forEach(([k, v]) => { term(k, d + 1); term(v, d + 1); });
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
    if (e.negated && notBodies) {
      line(d, `expr index=${e.index}`);
      line(d + 1, 'not');
      line(d + 2, 'body');
      expr({ ...e, negated: false, index: 0 }, d + 3);
      return;
    }
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
