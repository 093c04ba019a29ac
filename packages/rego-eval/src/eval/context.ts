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

export class Ctx {
  readonly cache = new Map<DocNode, Cached>();
  readonly fnCache = new Map<DocNode, Map<string, Cached>>();
  readonly inProgress = new Set<DocNode>();

  constructor(
    readonly input: Value | undefined,
    readonly data: Value,
    readonly overrides: Map<DocNode, Value> | undefined,
    readonly mocks: Map<string, Mock> | undefined,
  ) {}
}
