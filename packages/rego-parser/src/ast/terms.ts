import type { Location } from './location.js';
import type { Body, With } from './expr.js';

/**
 * Terms are the values of Rego expressions. The `type` strings equal OPA's JSON AST
 * (`opa parse --format json`) so that alignment checks can compare shapes directly.
 */
export type Term =
  | NullTerm
  | BooleanTerm
  | NumberTerm
  | StringTerm
  | VarTerm
  | RefTerm
  | CallTerm
  | ArrayTerm
  | ObjectTerm
  | SetTerm
  | ArrayComprehensionTerm
  | SetComprehensionTerm
  | ObjectComprehensionTerm
  | TemplateStringTerm;

export interface NullTerm { type: 'null'; location: Location }
export interface BooleanTerm { type: 'boolean'; value: boolean; location: Location }

/** A number kept exactly as written (`1.0`, `1e3`, `123456789012345678901234567890`). */
export interface NumberTerm { type: 'number'; value: string; location: Location }

/** A string; `raw` is true when it was written with backticks (the formatter keeps that). */
export interface StringTerm { type: 'string'; value: string; raw?: boolean; location: Location }

/**
 * A variable. Wildcards `_` are renamed by the parser to `$0`, `$1`, … (OPA's
 * `WildcardPrefix`), so every wildcard is a distinct variable.
 */
export interface VarTerm { type: 'var'; value: string; location: Location }

/**
 * A reference `head.a[b]`. `value[0]` is the head (a var, or a composite/call for refs like
 * `[1,2][i]` or `f(x).y`); later elements are the path: `.a` is a string term, `[t]` is `t`.
 */
export interface RefTerm { type: 'ref'; value: Term[]; location: Location }

/**
 * A call `f(a, b)` or an infix operator (`a + b` is `plus(a, b)`). `value[0]` is the
 * operator as a ref of names (e.g. `ref(var plus)`, `ref(var count)`, `ref(var data, "x", "f")`,
 * `ref(var io, "jwt", "decode")`), the rest are the arguments.
 */
export interface CallTerm { type: 'call'; value: Term[]; location: Location }

export interface ArrayTerm { type: 'array'; value: Term[]; location: Location }
/** Object literal: key/value pairs in source order (keys may be any term). */
export interface ObjectTerm { type: 'object'; value: Array<[Term, Term]>; location: Location }
/** Set literal: `{1, 2}` or `set()`. */
export interface SetTerm { type: 'set'; value: Term[]; location: Location }

export interface ArrayComprehensionTerm {
  type: 'arraycomprehension';
  value: { term: Term; body: Body };
  location: Location;
}
export interface SetComprehensionTerm {
  type: 'setcomprehension';
  value: { term: Term; body: Body };
  location: Location;
}
export interface ObjectComprehensionTerm {
  type: 'objectcomprehension';
  value: { key: Term; value: Term; body: Body };
  location: Location;
}

/**
 * A template string `$"a {x} b"` / `` $`a {x}` ``. `parts` alternates literal text
 * (string terms) and embedded expressions, in source order.
 */
export interface TemplateStringTerm {
  type: 'templatestring';
  value: { parts: Array<StringTerm | TemplateExprPart>; raw: boolean };
  location: Location;
}
/** An embedded `{expr}` of a template string: a single term (which may be a call). */
export interface TemplateExprPart {
  type: 'templateexpr';
  term: Term;
  /** `with` modifiers written inside the braces (`{f(x) with input as y}`). */
  with?: With[];
  location: Location;
}
