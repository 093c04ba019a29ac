/**
 * The compiled form of bodies and terms. The compiler resolves every name once (local slot,
 * rule-tree node, input, builtin), folds constants and orders literals for safety, so the
 * evaluator only switches on `k` and never looks at the AST again.
 */
import type { Location } from '@rego-ts/rego-parser';
import type { Value } from '../value/types.js';
import type { DocNode } from './tree.js';
import type { BuiltinDef } from '../eval/builtin-types.js';
import type { Ctx } from '../eval/context.js';

export type T =
  | ConstT
  | VarT
  | RefT
  | DataT
  | InputT
  | ArrayT
  | ObjectT
  | SetT
  | CallT
  | CompT
  | TemplateT;

interface Base {
  /** Slots of variables that must be bound for the term to be evaluated as a value. */
  free: number[];
}

export interface ConstT extends Base { k: 'const'; v: Value }
export interface VarT extends Base { k: 'var'; slot: number; name: string }
/** A ref on an arbitrary head (local var, composite, call result). */
export interface RefT extends Base { k: 'ref'; head: T; path: T[] }
/** A ref into `data`: starts at a statically known tree node, then walks `path`. */
export interface DataT extends Base {
  k: 'data';
  node: DocNode;
  path: T[];
  /** Source position, kept only for refs to functions (for their type error). */
  loc?: Location;
}
export interface InputT extends Base { k: 'input'; path: T[] }
export interface ArrayT extends Base { k: 'array'; items: T[] }
export interface ObjectT extends Base {
  k: 'object';
  entries: Array<[T, T]>;
  /**
   * OPA's order of the keys' terms (indexes into `entries`; see set-order.ts), when keys vary:
   * OPA plugs the literal in that order, so of keys equal at evaluation the last one's value wins.
   */
  order?: number[];
}
export interface SetT extends Base {
  k: 'set';
  items: T[];
  /** OPA's iteration order of the members (indexes into `items`; see set-order.ts). */
  order?: number[];
}
export interface CallT extends Base {
  k: 'call';
  fn: FnRef;
  args: T[];
  loc: Location;
  /**
   * `walk(x, [path, v])`: the output pattern's path term, read when the call is made (its known
   * elements: constants and bound vars) so that only what lies below them is walked.
   */
  outPath?: T;
}
export interface CompT extends Base {
  k: 'acomp' | 'scomp' | 'ocomp';
  head: T;
  value?: T;
  body: Lit[];
  /** The body as written (see `Written`), when it or the head holds a template string. */
  written?: Lit[];
  /** The evaluator's last value of this comprehension: its scope, captured value and value. */
  mctx?: Ctx;
  mkey?: Value | null;
  mval?: Value;
}
export interface TemplateT extends Base {
  k: 'template';
  parts: Array<string | T>;
  /** Parts written with `with` modifiers: set comprehensions of the part's values (`sets[i]`). */
  sets?: boolean[];
  /** Parts whose undefined value makes the template undefined (see template-parts.ts). */
  direct?: boolean[];
  /** Where a part's undeclared vars are reported (OPA: at its term). */
  partLocs?: Location[];
  loc: Location;
}

/** A call target. `key` identifies it for `with` mocks (`count`, `data.p.f`). */
export type FnRef =
  | { kind: 'builtin'; key: string; def: BuiltinDef; arity: number }
  | { kind: 'rule'; key: string; node: DocNode; arity: number };

export interface WithIR {
  /** 'input' / 'data' path replacement, or a function mock. */
  kind: 'input' | 'data' | 'fn';
  path: string[];
  /** For fn mocks: the mocked target key. */
  key?: string;
  /** Replacement: a value term, or (fn mocks) another function. */
  value?: T;
  fn?: FnRef;
  /** Data node the path ends at (virtual doc replacement), when any. */
  node?: DocNode;
  loc: Location;
}

/**
 * `written` on a comprehension or `every`: its body's literals in written order, before the
 * safety check reorders them and before OPA's later stages add to them (a comprehension head
 * moved into the body, calls hoisted out of an unsafe body). OPA checks template strings at that
 * stage (template-vars.ts), taking the vars each expression binds in one pass in that order.
 */
export type Lit =
  | { k: 'term'; t: T; slot?: number; keepFalse?: boolean; with?: WithIR[]; loc: Location }
  | { k: 'unify'; a: T; b: T; outArg?: boolean; hoisted?: boolean; with?: WithIR[]; loc: Location }
  | { k: 'not'; body: Lit[]; captured?: number[]; with?: WithIR[]; loc: Location }
  /** `domainLoc`: where the domain is written (OPA's expressions made of it are there). */
  | { k: 'some'; key?: T; value: T; domain: T; domainLoc?: Location; with?: WithIR[]; loc: Location }
  | { k: 'every'; key?: T; value: T; domain: T; domainLoc?: Location; body: Lit[]; written?: Lit[]; captured: number[]; with?: WithIR[]; loc: Location }
  | { k: 'print'; args: T[]; with?: WithIR[]; loc: Location }
  | { k: 'nop'; with?: WithIR[]; loc: Location };

export type LitKind = Lit['k'];

export function constT(v: Value): ConstT {
  return { k: 'const', v, free: [] };
}

/**
 * Calls `f` on the direct subterms of `t` evaluated in its own scope: a ref's head and path,
 * collection members, call arguments. Comprehension bodies and template parts are not entered.
 */
export function forEachChild(t: T, f: (c: T) => void): void {
  switch (t.k) {
    case 'ref':
      f(t.head);
      for (const p of t.path) f(p);
      return;
    case 'data':
    case 'input':
      for (const p of t.path) f(p);
      return;
    case 'array':
    case 'set':
      for (const x of t.items) f(x);
      return;
    case 'object':
      for (const [k, v] of t.entries) (f(k), f(v));
      return;
    case 'call':
      for (const a of t.args) f(a);
      return;
    default:
      return;
  }
}

/**
 * Pushes the terms of literal `l` (its `with` values first) onto `terms`, and the literals of
 * its nested bodies (`not`, `every`) onto `lits`, for walks that handle nesting themselves.
 */
export function litParts(l: Lit, terms: T[], lits: Lit[]): void {
  for (const w of l.with ?? []) if (w.value) terms.push(w.value);
  switch (l.k) {
    case 'term':
      terms.push(l.t);
      return;
    case 'unify':
      terms.push(l.a, l.b);
      return;
    case 'some':
      terms.push(l.value, l.domain, ...(l.key ? [l.key] : []));
      return;
    case 'not':
      lits.push(...l.body);
      return;
    case 'every':
      terms.push(l.domain);
      lits.push(...l.body);
      return;
    case 'print':
      terms.push(...l.args);
      return;
  }
}
