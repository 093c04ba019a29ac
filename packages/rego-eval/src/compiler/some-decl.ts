/**
 * The variables a `some k, v in xs` declaration declares, as OPA's rewriteSomeDeclStatement
 * finds them: the output variables of `v = xs[k]`. Every variable of the key is one (it is in
 * the ref's path, calls included: `some x-0, v in xs` declares x, which nothing can bind),
 * ref heads excepted; of the value, a bare variable, or every variable of an array or object
 * value (not in object keys). A variable also mentioned by the domain is not declared.
 */
import type { Term, VarTerm } from '@rego-ts/rego-parser';

export function someDeclaredVars(key: Term | undefined, value: Term, domain: Term): VarTerm[] {
  const found = new Map<string, VarTerm>();
  if (key) collect(key, found, false);
  if (value.type === 'var') add(value, found);
  else if (value.type === 'array' || value.type === 'object') collect(value, found, true);
  const inDomain = new Map<string, VarTerm>();
  collect(domain, inDomain, false, true);
  return [...found.values()].filter((v) => !inDomain.has(v.value)).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

function add(v: VarTerm, out: Map<string, VarTerm>): void {
  if (!out.has(v.value)) out.set(v.value, v);
}

/**
 * Vars of `t`, not in ref heads (unless `heads`) nor closures; not in object keys when
 * `skipKeys`. With `heads` (a domain, OPA's Term.Vars), closures are walked too.
 */
function collect(t: Term, out: Map<string, VarTerm>, skipKeys: boolean, heads = false): void {
  switch (t.type) {
    case 'var':
      add(t, out);
      return;
    case 'ref':
      t.value.forEach((x, i) => {
        if (i > 0 || heads || x.type !== 'var') collect(x, out, skipKeys, heads);
      });
      return;
    case 'call':
      // The operator is a ref: its head is skipped, the rest is constant.
      for (let i = 1; i < t.value.length; i++) collect(t.value[i]!, out, skipKeys, heads);
      return;
    case 'array':
    case 'set':
      for (const x of t.value) collect(x, out, skipKeys, heads);
      return;
    case 'object':
      for (const [k, v] of t.value) {
        if (!skipKeys) collect(k, out, skipKeys, heads);
        collect(v, out, skipKeys, heads);
      }
      return;
    case 'templatestring':
      // OPA's Term.Vars() walks template strings: `some v in [$"{v}"]` does not declare v.
      for (const p of t.value.parts) if (p.type === 'templateexpr') collect(p.term, out, skipKeys, heads);
      return;
    case 'arraycomprehension':
    case 'setcomprehension':
    case 'objectcomprehension':
      // And closures, heads and bodies: `some v in [1 | input[v]]` does not declare v (the
      // comprehension closes over the var the expression binds: opa's "closure-self" case).
      if (heads) deepVars(t.value, out);
      return;
    default:
      return;
  }
}

/** Every var under an AST node (OPA's VarVisitor with default params: closures included). */
function deepVars(node: unknown, out: Map<string, VarTerm>): void {
  if (Array.isArray(node)) {
    for (const x of node) deepVars(x, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as { type?: unknown; value?: unknown };
  if (n.type === 'var' && typeof n.value === 'string') {
    add(n as VarTerm, out);
    return;
  }
  for (const [k, v] of Object.entries(node)) if (k !== 'location') deepVars(v, out);
}
