import type { Rule } from '../ast/rule.js';
import { RegoError } from '../errors.js';
import { KEYWORDS_V1 } from '../lexer/tokens.js';

/**
 * The rule-level Rego v1 checks OPA runs at parse time (`rego_v1.go` `checkRegoV1Rule`) for
 * v1 modules and v0 modules importing `rego.v1`. Applied to every rule of an else chain.
 */
export function checkRegoV1Rule(rule: Rule): RegoError[] {
  const errs: RegoError[] = [];
  const err = (msg: string) =>
    errs.push(new RegoError('rego_parse_error', msg, { ...rule.location }));
  const h = rule.head;
  const t = h.args && h.args.length > 0 ? 'function' : 'rule';
  if (h.ref.length < 2 && KEYWORDS_V1.has(h.name)) err(`${h.name} keyword cannot be used for rule name`);
  if (rule.generatedBody && h.generatedValue) err(`${t} must have value assignment and/or body declaration`);
  if (!rule.generatedBody && !h.usesIf && !rule.default) err(`\`if\` keyword is required before ${t} body`);
  if (!h.value && h.key && !h.usesContains) err('`contains` keyword is required for partial set rules');
  return errs;
}
