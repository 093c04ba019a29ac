/**
 * Long rule chains (`r0 := r1`, `r1 := r2`, … thousands deep, as generated policies have)
 * without a JS stack overflow. Rule values are computed on demand, one JS recursion per
 * rule; once that nesting passes `DEPS_FIRST_DEPTH`, the static dependencies of the rule
 * being entered (compiler/rule-deps.ts) are evaluated bottom-up from an explicit stack, each into the
 * per-context cache, so the recursion below finds them cached and stays shallow.
 *
 * Evaluating a dependency early is speculative: the rule might never have been reached. So
 * the speculation has no observable effect of its own: its `print`/`trace` output (and coverage) is kept
 * with the cached value and emitted when that value is first used (where evaluating in place
 * would have emitted it), and an error it raises is kept aside and thrown when the rule is
 * entered again (evaluation is deterministic within a context, so in place it would raise
 * the same error). Cancellation (`maxSteps`, deadline, signal) propagates at once.
 */
import { RegoError, type Location } from '@rego-ts/rego-parser';
import type { DocNode } from '../compiler/tree.js';
import type { Ctx } from './context.js';
import { DEEP_CHAIN_DEPTH, depsBottomUp, ruleDeps } from '../compiler/rule-deps.js';

/** Rule nesting from which dependencies are evaluated first. */
export const DEPS_FIRST_DEPTH = DEEP_CHAIN_DEPTH;

/** Output of a speculative evaluation, replayed in order through the evaluator's hooks. */
type Effect = { print: string } | { trace: string } | { cover: Location };

/** Per context: effects of speculated rules whose cached value has not been used yet. */
export type PendingEffects = WeakMap<Ctx, Map<DocNode, Effect[]>>;

/** What of the evaluator the speculation needs. */
export interface DepsFirstHost {
  ctx: Ctx;
  printHook: ((msg: string) => void) | undefined;
  traceHook: ((note: string) => void) | undefined;
  coverHook: ((loc: Location) => void) | undefined;
  /** Set once some speculation had output; nodeValue then replays it on a cache hit. */
  pendingEffects: PendingEffects | undefined;
  nodeValue(node: DocNode): unknown;
}

/** Errors raised by speculative evaluations (and the output before them), per context. */
const failures = new WeakMap<Ctx, Map<DocNode, { error: RegoError; effects: Effect[] }>>();

/**
 * Called when rule nesting passes `DEPS_FIRST_DEPTH`, as `node` (not cached) is entered:
 * throws the error a speculation of `node` raised, else evaluates the not yet cached static
 * dependencies of `node`, deepest first.
 */
export function evaluateDepsFirst(ev: DepsFirstHost, node: DocNode): void {
  const ctx = ev.ctx;
  // Replaced documents (`with data.x as …`) are resolved along paths: leave them to dataRef.
  if (ctx.overrides) return;
  const failed = failures.get(ctx);
  const f = failed?.get(node);
  if (f) {
    const effects = f.effects;
    f.effects = [];
    replay(ev, effects);
    throw f.error;
  }
  // Cached or in progress (`IN_PROGRESS` is kept in the cache): nothing to do.
  const order = depsBottomUp(node, ruleDeps, (d) => ctx.cache.has(d) || !!failed?.has(d));
  for (const d of order) speculate(ev, d);
}

/** On a cache hit of `node`: emits the output its speculative evaluation kept, once. */
export function replayEffects(ev: DepsFirstHost, node: DocNode): void {
  const pending = ev.pendingEffects!.get(ev.ctx);
  const effects = pending?.get(node);
  if (!effects) return;
  pending!.delete(node);
  replay(ev, effects);
}

function replay(ev: DepsFirstHost, effects: Effect[]): void {
  // Through the current hooks: inside another speculation, they are kept with that one.
  for (const e of effects) {
    if ('print' in e) ev.printHook?.(e.print);
    else if ('trace' in e) ev.traceHook?.(e.trace);
    else ev.coverHook?.(e.cover);
  }
}

function speculate(ev: DepsFirstHost, node: DocNode): void {
  const ctx = ev.ctx;
  if (ctx.cache.has(node)) return;
  const effects: Effect[] = [];
  const { printHook, traceHook, coverHook } = ev;
  if (printHook) ev.printHook = (msg) => void effects.push({ print: msg });
  if (traceHook) ev.traceHook = (note) => void effects.push({ trace: note });
  if (coverHook) ev.coverHook = (loc) => void effects.push({ cover: loc });
  try {
    ev.nodeValue(node);
  } catch (e) {
    if (e instanceof RegoError && e.code !== 'eval_cancel_error') {
      let failed = failures.get(ctx);
      if (!failed) failures.set(ctx, (failed = new Map()));
      failed.set(node, { error: e, effects });
      return;
    }
    // Cancellation propagates; a stack overflow leaves the rule to be evaluated in place.
    if (!(e instanceof RangeError)) throw e;
    return;
  } finally {
    ev.printHook = printHook;
    ev.traceHook = traceHook;
    ev.coverHook = coverHook;
  }
  if (effects.length) {
    ev.pendingEffects ??= new WeakMap();
    let pending = ev.pendingEffects.get(ctx);
    if (!pending) ev.pendingEffects.set(ctx, (pending = new Map()));
    pending.set(node, effects);
  }
}
