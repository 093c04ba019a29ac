/**
 * Known class `opa-version-some-template-domain` (known.ts): opa v1.17.1 accepts
 * `some v in [$"a {v}"]` — its safety check treats the template string as a closure of the
 * expression that binds v — and then evaluates the template before v is bound (printing the
 * var's name); opa v1.22.3 reports `var v is unsafe`, as rego-ts does.
 */
import { walkModule, walkTerm, type Expr, type Term } from '@rego-ts/rego-parser';
import { unsafeOnlyWhere } from './unsafe-only.js';

/** Whether rego-ts rejects `source` only with unsafe vars that a `some … in` domain's template strings read. */
export function unsafeOnlyInSomeTemplateDomains(source: string): boolean {
  return unsafeOnlyWhere(source, (module) => {
    const exprs: Expr[] = [];
    walkModule(module, { expr: (e) => exprs.push(e) });
    return (name, row, col) => exprs.some((e) => e.location.row === row && e.location.col === col && templateReadsOwnVar(e, name));
  });
}

/** `some k, v in D` declaring `name`, where a template string in D reads k or v. */
function templateReadsOwnVar(e: Expr, name: string): boolean {
  if (e.terms.type !== 'some' || e.terms.symbols.length !== 1) return false;
  const c = e.terms.symbols[0]!;
  if (c.type !== 'call') return false;
  const args = c.value.slice(1);
  const domain = args[args.length - 1];
  const declared = new Set<string>();
  for (const a of args.slice(0, -1)) varsOf(a, declared);
  if (!domain || !declared.has(name)) return false;
  let found = false;
  walkTerm(domain, {
    term: (t) => {
      if (t.type !== 'templatestring') return;
      const read = new Set<string>();
      varsOf(t, read);
      if ([...read].some((v) => declared.has(v))) found = true;
    },
  });
  return found;
}

function varsOf(t: Term, out: Set<string>): void {
  walkTerm(t, { term: (x) => void (x.type === 'var' && out.add(x.value)) });
}
