export type { Location } from './location.js';
export type * from './terms.js';
export type * from './expr.js';
export type { Head, Rule, RuleKind } from './rule.js';
export { ruleKind, headRefTerm } from './rule.js';
export type * from './module.js';
export type * from './annotations.js';
