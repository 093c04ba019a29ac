import type { Location } from './location.js';
import type { Term, RefTerm } from './terms.js';
import type { Body } from './expr.js';
import type { Annotation } from './annotations.js';

/**
 * A rule head.
 * - `ref`: the head reference; `ref[0]` is a var (the rule name), later elements are
 *   string terms (`.a`) or arbitrary terms (`[x]`). `p` → `[var p]`; `a.b[x]` →
 *   `[var a, "b", var x]`.
 * - `name`: the first segment's name when the head is a single name (OPA keeps `name`
 *   only for such heads; for ref heads it is `""` there). We always fill it with `ref[0]`.
 * - `args`: function arguments (absent for non-functions).
 * - `key`: the element of a multi-value rule (`p contains x`, v0 `p[x] { }`).
 * - `value`: the value of single-value rules (`:= v`, `= v`, generated `true`).
 * - `assign`: true when written with `:=`.
 */
export interface Head {
  type: 'head';
  name: string;
  ref: Term[];
  args?: Term[];
  key?: Term;
  value?: Term;
  assign: boolean;
  /** True when `value` is the `true` the parser filled in (`p if …`, `f(x) if …`, `a.b { }`). */
  generatedValue?: boolean;
  /** The head was written with `if` / with `contains` (v1 checks and the formatter use it). */
  usesIf?: boolean;
  usesContains?: boolean;
  /**
   * OPA's own AST keeps `name` only for single-name heads and for the back-compat forms
   * `p[k] = v` / `p.q = v` (two-segment refs); this marks the latter for `toOpaJson`.
   */
  opaName?: boolean;
  location: Location;
}

/**
 * A rule. `else` chains are a linked list (`else` of the first definition holds the second…).
 * For default rules `default` is true and the body is the generated `true`.
 */
export interface Rule {
  type: 'rule';
  default: boolean;
  head: Head;
  body: Body;
  else?: Rule;
  /**
   * True when `body` is the `true` the parser filled in for a rule written without a body
   * (constants, `contains` without body, statements like `p[x]`). Default rules also get a
   * generated `true` body (its expr has `generated: true`) but, as in OPA, not this flag.
   */
  generatedBody?: boolean;
  /**
   * The module's annotations that apply to this rule, as OPA attaches them (`rule.Annotations`):
   * document-scope blocks of its path and rule-scope blocks above it (see `annotation-attach.ts`).
   */
  annotations?: Annotation[];
  location: Location;
}

export type RuleKind = 'single' | 'multi' | 'function';

/** The rule kind as the evaluator sees it (§2.2 of the spec). */
export function ruleKind(rule: Rule): RuleKind {
  if (rule.head.args) return 'function';
  if (rule.head.key && !rule.head.value) return 'multi';
  return 'single';
}

/** The head ref as a ref term (for messages and indexing). */
export function headRefTerm(head: Head): RefTerm {
  return { type: 'ref', value: head.ref, location: head.location };
}
