/**
 * Template-string parts that OPA embeds directly instead of through `{x | x = part}`
 * (compile.go `isRefToKnownDefinedRule`): a ref to a rule it believes always defined — here,
 * the only definition of a document being a constant whose value is a scalar or a composite
 * without comprehensions. Such a rule can still be undefined (`{"a": data.nope}`), and then
 * the whole template is undefined rather than printing `<undefined>`.
 */
import type { Rule, Term } from '@rego-ts/rego-parser';
import type { T } from './ir.js';

/** OPA's `IsGround` on a constant rule's value: no comprehensions (vars there are globals). */
function ground(t: Term): boolean {
  switch (t.type) {
    case 'arraycomprehension':
    case 'setcomprehension':
    case 'objectcomprehension':
    case 'templatestring':
      return false;
    case 'ref':
    case 'call':
    case 'array':
    case 'set':
      return t.value.every(ground);
    case 'object':
      return t.value.every(([k, v]) => ground(k) && ground(v));
    default:
      return true;
  }
}

/** OPA's `isConstantRule`: body `true`, value a scalar or a ground composite. */
function constantRule(r: Rule): boolean {
  const b = r.body;
  if (b.length !== 1 || b[0]!.negated || b[0]!.with.length) return false;
  const tt = b[0]!.terms;
  if (tt.type !== 'term' || tt.term.type !== 'boolean' || tt.term.value !== true) return false;
  const v = r.head.value;
  if (!v) return false;
  switch (v.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return true;
    case 'array':
    case 'object':
    case 'set':
      return ground(v);
    default:
      return false;
  }
}

/** True when an undefined value of part `t` makes the whole template undefined. */
export function directTemplatePart(t: T): boolean {
  if (t.k !== 'data' || t.path.length !== 0) return false;
  const n = t.node;
  return n.funcs.length === 0 && !n.defaultRule && n.rules.length === 1 && constantRule(n.rules[0]!.ast);
}
