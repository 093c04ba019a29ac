/**
 * The module checks `opa fmt` runs before printing v1 (or v0+v1) output: no import shadowing
 * another, no rule, argument or variable named `input`/`data`, no deprecated builtins, no
 * keyword as a rule name. Errors come in opa's order (check by check, not by position).
 */
import { RegoError, type Body, type Import, type Module, type Rule, type Term } from '@rego-ts/rego-parser';

const RESERVED = new Set(['input', 'data']);
const DEPRECATED = new Set([
  'all', 'any', 'cast_array', 'cast_boolean', 'cast_null', 'cast_object', 'cast_set', 'cast_string',
  'net.cidr_overlap', 're_match', 'set_diff',
]);
const KEYWORDS_V1 = new Set([
  'not', 'package', 'import', 'as', 'default', 'else', 'with', 'null', 'true', 'false', 'some', 'if', 'contains', 'in', 'every',
]);

function pathText(imp: Import): string {
  return imp.path.value
    .map((t, i) => (i === 0 ? (t.type === 'var' ? t.value : '?') : t.type === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.value) ? `.${t.value}` : `[${JSON.stringify(t.type === 'string' ? t.value : '?')}]`))
    .join('');
}

function importName(imp: Import): string {
  if (imp.alias) return imp.alias;
  const last = imp.path.value[imp.path.value.length - 1]!;
  return last.type === 'var' || last.type === 'string' ? last.value : '';
}

/** A ref or var that names just `input` / `data`. */
function rootName(t: Term | undefined): string | undefined {
  if (!t) return undefined;
  if (t.type === 'var' && RESERVED.has(t.value)) return t.value;
  if (t.type === 'ref' && t.value.length === 1 && t.value[0]!.type === 'var' && RESERVED.has(t.value[0]!.value)) return t.value[0]!.value;
  return undefined;
}

function operatorName(t: Term): string {
  return t.type === 'ref' ? t.value.map((x, i) => (i === 0 ? (x.type === 'var' ? x.value : '') : x.type === 'string' ? `.${x.value}` : '')).join('') : '';
}

type Visit = { expr?: (e: Body[number]) => void; call?: (op: Term) => void };

function walkBody(body: Body, v: Visit): void {
  for (const e of body) {
    v.expr?.(e);
    const t = e.terms;
    switch (t.type) {
      case 'call':
        // The operator of an expression-level call is the expression's business (`expr`).
        t.args.forEach((a) => walkTerm(a, v));
        break;
      case 'term': walkTerm(t.term, v); break;
      case 'some': t.symbols.forEach((s) => walkTerm(s, v)); break;
      case 'every': walkTerm(t.domain, v); walkBody(t.body, v); break;
      case 'not': walkBody(t.body, v); break;
    }
    for (const w of e.with) walkTerm(w.value, v);
  }
}

function walkTerm(t: Term, v: Visit): void {
  switch (t.type) {
    case 'call':
      v.call?.(t.value[0]!);
      t.value.slice(1).forEach((a) => walkTerm(a, v));
      break;
    case 'ref': case 'array': case 'set': t.value.forEach((x) => walkTerm(x, v)); break;
    case 'object': t.value.forEach(([k, val]) => { walkTerm(k, v); walkTerm(val, v); }); break;
    case 'arraycomprehension': case 'setcomprehension': walkTerm(t.value.term, v); walkBody(t.value.body, v); break;
    case 'objectcomprehension': walkTerm(t.value.key, v); walkTerm(t.value.value, v); walkBody(t.value.body, v); break;
    case 'templatestring': t.value.parts.forEach((p) => p.type === 'templateexpr' && walkTerm(p.term, v)); break;
    default: break;
  }
}

export function checkV1Compatibility(module: Module): RegoError[] {
  const errors: RegoError[] = [];

  const seen = new Map<string, Import>();
  for (const imp of module.imports) {
    const name = importName(imp);
    const prev = seen.get(name);
    if (prev) {
      const text = `import ${pathText(prev)}${prev.alias ? ` as ${prev.alias}` : ''}`;
      errors.push(new RegoError('rego_compile_error', `import must not shadow ${text}`, imp.location));
    } else {
      seen.set(name, imp);
    }
  }

  for (const rule of module.rules) {
    const head = rule.head.ref[0];
    if (head?.type === 'var' && RESERVED.has(head.value)) {
      errors.push(new RegoError('rego_compile_error', `rules must not shadow ${head.value} (use a different rule name)`, rule.location));
    }
    for (const arg of rule.head.args ?? []) {
      const n = arg.type === 'ref' ? rootName(arg) : undefined;
      if (n) errors.push(new RegoError('rego_compile_error', `args must not shadow ${n} (use a different variable name)`, arg.location));
    }
  }
  for (const rule of module.rules) {
    for (let r: typeof rule | undefined = rule; r; r = r.else) {
      walkBody(r.body, {
        expr: (e) => {
          if (e.terms.type !== 'call' || operatorName(e.terms.operator) !== 'assign') return;
          const n = rootName(e.terms.args[0]);
          if (n) errors.push(new RegoError('rego_compile_error', `variables must not shadow ${n} (use a different variable name)`, e.location));
        },
      });
    }
  }

  const deprecated = (op: Term, loc: RegoError['location']): void => {
    const name = operatorName(op);
    if (DEPRECATED.has(name)) errors.push(new RegoError('rego_type_error', `deprecated built-in function calls in expression: ${name}`, loc));
  };
  for (const rule of module.rules) {
    for (let r: typeof rule | undefined = rule; r; r = r.else) {
      for (const t of [...r.head.ref.slice(1), ...(r.head.args ?? []), ...(r.head.key ? [r.head.key] : []), ...(r.head.value ? [r.head.value] : [])]) {
        walkTerm(t, { call: (op) => deprecated(op, op.location) });
      }
      walkBody(r.body, {
        expr: (e) => {
          if (e.terms.type === 'call') deprecated(e.terms.operator, e.location);
        },
        call: (op) => deprecated(op, op.location),
      });
    }
  }

  for (const rule of module.rules) {
    const name = rule.head.ref[0];
    if (rule.head.ref.length < 2 && name?.type === 'var' && KEYWORDS_V1.has(name.value)) {
      errors.push(new RegoError('rego_parse_error', `${name.value} keyword cannot be used for rule name`, rule.location));
    }
  }
  return errors;
}

/**
 * The rule checks a v1 parse applies, for modules parsed as v0 that must also be valid v1
 * (`check --v0-v1`): `if` before bodies, `contains` for multi-value rules, no keyword rule
 * names, no rule without both value and body. Reported as parse errors at the rule.
 */
export function checkV1RuleSyntax(module: Module): RegoError[] {
  const errors: RegoError[] = [];
  const check = (rule: Rule): void => {
    const h = rule.head;
    const kind = h.args && h.args.length > 0 ? 'function' : 'rule';
    const err = (msg: string): void => void errors.push(new RegoError('rego_parse_error', msg, rule.location));
    const name = h.ref[0];
    if (h.ref.length < 2 && name?.type === 'var' && KEYWORDS_V1.has(name.value)) err(`${name.value} keyword cannot be used for rule name`);
    if (rule.generatedBody && h.generatedValue) err(`${kind} must have value assignment and/or body declaration`);
    if (!rule.generatedBody && !h.usesIf && !rule.default) err(`\`if\` keyword is required before ${kind} body`);
    if (!h.value && h.key && !h.usesContains) err('`contains` keyword is required for partial set rules');
  };
  for (const rule of module.rules) for (let r: Rule | undefined = rule; r; r = r.else) check(r);
  return errors;
}
