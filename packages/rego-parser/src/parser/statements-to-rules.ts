/**
 * Bare statements that become rules (OPA `parser_ext.go` `ParseRuleFromBody`): `x = 1`,
 * `p[x]` (v0 set), `a.b.c`, `f(x) = y`, `f(x)`. Returns the rule or the message of OPA's
 * error.
 */
import type { Term, RefTerm } from '../ast/terms.js';
import type { Body, Expr } from '../ast/expr.js';
import type { Head, Rule } from '../ast/rule.js';
import type { Location } from '../ast/location.js';
import { BUILTIN_NAMES } from './builtin-names.js';
import { boolTerm, cloneLoc, isGround, refName, trueBody, typeName } from './nodes.js';
import { termString } from './rego-text.js';

type Result = Rule | string;

function head(ref: Term[], loc: Location, value?: Term): Head {
  const h: Head = { type: 'head', name: ref[0]!.type === 'var' ? ref[0]!.value : '', ref, assign: false, location: cloneLoc(loc) };
  if (value) h.value = value;
  return h;
}

function rule(h: Head, loc: Location, bodyLoc: Location): Rule {
  return { type: 'rule', default: false, head: h, body: trueBody(bodyLoc), location: cloneLoc(loc), generatedBody: true };
}

export function ruleFromBody(body: Body): Result {
  if (body.length !== 1) return 'multiple expressions cannot be used for rule head';
  return ruleFromExpr(body[0]!);
}

function ruleFromExpr(expr: Expr): Result {
  if (expr.with.length > 0) return 'expressions using with keyword cannot be used for rule head';
  if (expr.negated) return 'negated expressions cannot be used for rule head';
  const t = expr.terms;
  if (t.type === 'some') return "'some' declarations cannot be used for rule head";
  if (t.type === 'term') {
    const term = t.term;
    if (term.type === 'ref') {
      return term.value.length > 2 ? completeRuleWithDots(term) : partialSetRule(term);
    }
    return `${typeName(term)} cannot be used for rule name`;
  }
  if (t.type !== 'call') return 'expression cannot be used for rule head';
  const op = refName(t.operator);
  if ((op === 'eq' || op === 'assign') && t.args.length === 2) {
    const r = completeRuleFromEq(expr, t.args[0]!, t.args[1]!);
    if (typeof r !== 'string' && op === 'assign') r.head.assign = true;
    return r;
  }
  if (BUILTIN_NAMES.has(op)) return 'rule name conflicts with built-in function';
  return ruleFromCall(t.operator, t.args);
}

function completeRuleFromEq(expr: Expr, lhs: Term, rhs: Term): Result {
  let r = ruleFromCallEq(lhs, rhs);
  if (typeof r === 'string') r = partialObjectRule(lhs, rhs);
  if (typeof r === 'string') r = completeRule(lhs, rhs);
  if (typeof r !== 'string') {
    r.location = cloneLoc(expr.location);
    r.head.location = cloneLoc(expr.location);
  }
  return r;
}

function completeRule(lhs: Term, rhs: Term): Result {
  let h: Head;
  if (lhs.type === 'var') h = head([lhs], lhs.location, rhs);
  else if (lhs.type === 'ref') {
    if (lhs.value[0]!.type !== 'var') return `invalid rule head: ${termString(lhs)}`;
    h = head(lhs.value, lhs.location, rhs);
    if (lhs.value.length > 1 && !isGround(lhs.value[lhs.value.length - 1]!)) return 'ref not ground';
  } else return `${typeName(lhs)} cannot be used for rule name`;
  return rule(h, lhs.location, rhs.location);
}

function completeRuleWithDots(term: RefTerm): Result {
  if (term.value[0]!.type !== 'var') return `invalid rule head: ${termString(term)}`;
  const h = head(term.value, term.location, boolTerm(true, cloneLoc(term.location)));
  h.generatedValue = true;
  const r = rule(h, term.location, term.location);
  delete r.generatedBody; // set again by the caller (all statement rules have generated bodies)
  return r;
}

function partialObjectRule(lhs: Term, rhs: Term): Result {
  if (lhs.type !== 'ref') return `${typeName(lhs)} cannot be used as rule name`;
  if (lhs.value[0]!.type !== 'var') return `invalid rule head: ${termString(lhs)}`;
  const h = head(lhs.value, rhs.location, rhs);
  if (lhs.value.length === 2) {
    h.key = lhs.value[1];
    h.opaName = true;
  }
  return rule(h, rhs.location, rhs.location);
}

function partialSetRule(term: RefTerm): Result {
  if (term.value.length === 1) return 'refs cannot be used for rule head';
  if (term.value[0]!.type !== 'var') return `invalid rule head: ${termString(term)}`;
  let h: Head;
  if (term.value.length === 2) {
    h = head([term.value[0]!], term.location);
    h.key = term.value[1];
  } else h = head(term.value, term.location);
  return rule(h, term.location, term.location);
}

function ruleFromCallEq(lhs: Term, rhs: Term): Result {
  if (lhs.type !== 'call') return 'must be call';
  const op = lhs.value[0]!;
  if (op.type !== 'ref') return `${typeName(op)}s cannot be used in function signature`;
  if (op.value[0]!.type !== 'var') return `invalid rule head: ${termString(op)}`;
  const h = head(op.value, lhs.location, rhs);
  h.args = lhs.value.slice(1);
  return rule(h, lhs.location, rhs.location);
}

function ruleFromCall(operator: RefTerm, args: Term[]): Result {
  if (args.length === 0) return 'rule argument list must take at least one argument';
  if (operator.value[0]!.type !== 'var') return `invalid rule head: ${termString(operator)}`;
  const loc = operator.location;
  const h = head(operator.value, loc, boolTerm(true, cloneLoc(loc)));
  h.args = args;
  return rule(h, loc, loc);
}
