/**
 * Template-string parts that OPA embeds directly instead of through `{x | x = part}`
 * (compile.go `isRefToKnownDefinedRule`): a ref to a rule it believes always defined — here,
 * the only definition of a document being a constant (./constant-rule.ts). Such a rule can
 * still be undefined (`{"a": data.nope}`, `1 if { not true }`), and then the whole template
 * is undefined rather than printing `<undefined>`.
 */
import { isConstantRule } from './constant-rule.js';
import type { T } from './ir.js';

/** True when an undefined value of part `t` makes the whole template undefined. */
export function directTemplatePart(t: T): boolean {
  if (t.k !== 'data' || t.path.length !== 0) return false;
  const n = t.node;
  return n.funcs.length === 0 && !n.defaultRule && n.rules.length === 1 && isConstantRule(n.rules[0]!.ast);
}
