/**
 * OPA's idea of a "constant" rule (compile.go `isConstantRule`), which decides whether its
 * template-string stage embeds a rule ref directly or through `{x | x = ref}` — visible in a
 * template's value (undefined vs `<undefined>`) and in OPA's numbering of generated vars.
 * The check runs on rules as written (before heads are moved into bodies), so it is defined
 * here on the AST.
 */
import type { Body, Expr, Rule, Term } from '@rego-ts/rego-parser';

/**
 * OPA's `isEmptyBody`: one expression whose term is `true`. Like OPA it looks at the term
 * only, so `not true` and `true with …` count as empty too (opa ≥ v1.14 then also *drops*
 * such a body when it appends a moved head term; rego-ts does not copy that, see
 * docs/reliability.md, `opa-version-not-true-body`).
 */
export function isEmptyBody(body: Body): boolean {
  if (body.length !== 1) return false;
  const t = body[0]!.terms;
  return t.type === 'term' && t.term.type === 'boolean' && t.term.value === true;
}

/** `isConstantRule`: an empty body and a scalar, var or ground composite value. */
export function isConstantRule(r: Rule): boolean {
  const v = r.head.value;
  if (!v || !isEmptyBody(r.body)) return false;
  switch (v.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'var':
      return true;
    case 'array':
    case 'object':
    case 'set':
      return isGround(v);
    default:
      return false;
  }
}

/**
 * OPA's `IsGround`: no vars, except a ref's head and a call's operator; a comprehension is
 * ground when its head and body are, a template string never is.
 */
export function isGround(t: Term): boolean {
  switch (t.type) {
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return true;
    case 'var':
    case 'templatestring':
      return false;
    case 'ref':
    case 'call':
      return t.value.slice(1).every(isGround);
    case 'array':
    case 'set':
      return t.value.every(isGround);
    case 'object':
      return t.value.every(([k, v]) => isGround(k) && isGround(v));
    case 'arraycomprehension':
    case 'setcomprehension':
      return isGround(t.value.term) && bodyGround(t.value.body);
    case 'objectcomprehension':
      return isGround(t.value.key) && isGround(t.value.value) && bodyGround(t.value.body);
  }
}

function bodyGround(b: Body): boolean {
  return b.every(exprGround);
}

/** `Expr.IsGround`: a call's operands, a term, a `not { … }` body; `some`/`every`/`with` pass. */
function exprGround(e: Expr): boolean {
  const x = e.terms;
  switch (x.type) {
    case 'term':
      return isGround(x.term);
    case 'call':
      return x.args.every(isGround);
    case 'not':
      return bodyGround(x.body);
    case 'some':
      // OPA has already rewritten `some x in xs` into a call holding a generated var.
      return x.symbols.every(isGround);
    case 'every':
      return true;
  }
}
