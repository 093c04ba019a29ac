/**
 * A `with` scope: the input and data seen by evaluation, replaced virtual documents, function
 * mocks, and the caches that are only valid for exactly this combination.
 */
import type { DocNode } from '../compiler/tree.js';
import type { FnRef } from '../compiler/ir.js';
import type { Value } from '../value/types.js';

export const UNDEF: unique symbol = Symbol('undefined');
export type Cached = Value | typeof UNDEF;

export interface Mock {
  fn?: FnRef;
  value?: Value;
  /** Per calling context: the context a replacement function runs in (no mocks). */
  inner?: WeakMap<Ctx, Ctx>;
}

/** Marks a document being evaluated (a reference back to it while it is, is undefined). */
export const IN_PROGRESS: unique symbol = Symbol('in progress');

export class Ctx {
  /** Rule values (and `IN_PROGRESS` while one is computed). */
  readonly cache = new Map<DocNode, Cached | typeof IN_PROGRESS>();
  /** Function results by argument key; created on the first call (most queries make none). */
  fnCache: Map<DocNode, Map<unknown, Cached>> | undefined = undefined;
  /**
   * How this context was made from `parent` (a `with` literal and its values, or a mock's
   * unmocked context): contexts made the same way from the same parent get the same id
   * (`stableCtxId` in deep-calls.ts), so a re-run of a deep chain finds its deferred calls.
   */
  parent: Ctx | undefined = undefined;
  origin: { withs: object; vals: ReadonlyArray<Value | undefined> } | { mock: string } | undefined = undefined;
  /** The id above, once computed. */
  id: number | undefined = undefined;

  constructor(
    readonly input: Value | undefined,
    readonly data: Value,
    readonly overrides: Map<DocNode, Value> | undefined,
    readonly mocks: Map<string, Mock> | undefined,
  ) {}
}
