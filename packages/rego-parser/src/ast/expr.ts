import type { Location } from './location.js';
import type { Term, RefTerm } from './terms.js';

/** A body is a conjunction of expressions ("literals"), evaluated with backtracking. */
export type Body = Expr[];

/**
 * One literal of a body.
 * - `term`: a single term, e.g. `input.x`, `true`, `f(x)` is NOT this (see `call`).
 * - `call`: an operator or function call used as a statement: `x == 1` is
 *   `call(equal, [x, 1])`, `x := 1` is `call(assign, …)`, `a = b` is `call(eq, …)`,
 *   `count(xs, n)` is a call with the legacy output argument.
 * - `some`: `some x, y` (symbols are vars) or `some x in xs` / `some k, v in xs`
 *   (one symbol: a call term of `internal.member_2` / `internal.member_3`).
 * - `every`: `every k, v in domain { body }`.
 */
export interface Expr {
  type: 'expr';
  /** Position in the enclosing body (0-based). */
  index: number;
  negated: boolean;
  with: With[];
  /** True for expressions the parser generated (e.g. rule bodies `{ true }` for constants). */
  generated?: boolean;
  location: Location;
  terms: ExprTerms;
}

export type ExprTerms = TermExpr | CallExpr | SomeDecl | Every | NotBody;

export interface TermExpr { type: 'term'; term: Term }
export interface CallExpr { type: 'call'; operator: RefTerm; args: Term[] }
export interface SomeDecl { type: 'some'; symbols: Term[]; location: Location }
export interface Every {
  type: 'every';
  key: Term | null;
  value: Term;
  domain: Term;
  body: Body;
  location: Location;
}

/**
 * `not { body }` (OPA ≥ 1.17, only after `import future.keywords.not`): true when the body
 * has no solution. The expression's own `negated` stays false. A plain `not x` keeps the
 * `negated` flag even when that import is present.
 */
export interface NotBody { type: 'not'; body: Body; location: Location }

/** `with target as value`. `target` is a ref (`input.x`, `data.a`, `count`, `data.p.f`) or var. */
export interface With { type: 'with'; target: Term; value: Term; location: Location }
