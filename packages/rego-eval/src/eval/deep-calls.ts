/**
 * Deep chains of user-function calls (`f1` calls `f2` … calls `fN`) without exhausting the JS
 * stack. The CPS evaluator spends a dozen or more JS frames per nested call; past
 * `DEEP_CALL_DEPTH` nested calls the next call is not made in place: it is thrown
 * (`DeferredCall`) to the outermost call of the chain, which computes it there — on a short
 * stack — and then runs the call that needed it again, which now finds its result. Each
 * deferral costs one re-run of at most `DEEP_CALL_DEPTH` calls, so a chain of N calls costs
 * about 2N. Results of deferred calls are kept by argument value, so re-runs find them.
 *
 * A call in a `with` context (or a mock's) is deferred too, with its context: the outermost
 * call runs it in a context made the same way, and the re-run finds its result by the
 * context's stable id (`stableCtxId`: contexts derived by the same `with` literal with the same
 * values from the same parent share it), so chains with a `with` at every level are not
 * limited by the JS stack either. Rules entered deep in `with` contexts (where deps-first.ts
 * cannot help) are deferred the same way, to the outermost rule (`outermostRule`) or call.
 *
 * With a `print` or `trace` hook, output is buffered per attempt: an attempt that is cut short
 * runs again from its start, so its output is dropped and the rule and function results it
 * cached are undone before it runs again (else they would not print again); the deferred call
 * runs with them in place, as it would nested. A deferred call's output is kept with its result
 * and emitted where the result is used, so the order is that of a nested evaluation.
 */
import type { DocNode } from '../compiler/tree.js';
import { hashKey } from '../value/hash.js';
import type { Value } from '../value/types.js';
import { Ctx, type Cached } from './context.js';

/** Nested function calls evaluated in place before the next one is deferred. */
export const DEEP_CALL_DEPTH = 100;

/** Thrown to the outermost call: compute `node(args)` first. Not an Error: no stack trace is built. */
class DeferredCall {
  constructor(
    readonly node: DocNode,
    /** Undefined for a rule's value (a rule chain with a `with` at every level). */
    readonly args: Value[] | undefined,
    readonly key: string,
    readonly ctx: Ctx,
  ) {}
}

type Effect = { print: string } | { trace: string };
type Memo = Map<unknown, Cached>;

/** What the evaluator exposes here. */
export interface DeepCallHost {
  ctx: Ctx;
  printHook: ((msg: string) => void) | undefined;
  traceHook: ((note: string) => void) | undefined;
  /** Function results memoised while an attempt runs with buffered output (undone if it is cut short). */
  memoLog: Array<[Memo, unknown]> | undefined;
  /** Results of deferred calls in this evaluation. */
  deepResults: DeepResults | undefined;
  ctxIds: Map<string, number> | undefined;
  callBody(node: DocNode, args: Value[]): Cached;
  /** A rule's value computed without the context's cache (for deferred rules). */
  ruleBody(node: DocNode): Cached;
}

/**
 * An id for `ctx` that a context made the same way (same parent id, same `with` literal and
 * values, or the same mock) gets too, within one evaluation. Computed up the chain of parents
 * iteratively (chains of contexts can be thousands deep).
 */
export function stableCtxId(ev: DeepCallHost, ctx: Ctx): number {
  if (ctx.id !== undefined) return ctx.id;
  const ids = (ev.ctxIds ??= new Map());
  const chain: Ctx[] = [];
  let c: Ctx | undefined = ctx;
  while (c !== undefined && c.id === undefined && c.parent !== undefined) {
    chain.push(c);
    c = c.parent;
  }
  // The evaluation's own context (no parent) is 0.
  let id = c === undefined ? 0 : (c.id ??= 0);
  for (let i = chain.length - 1; i >= 0; i--) {
    const x = chain[i]!;
    const o = x.origin!;
    const how = 'mock' in o ? 'm' + o.mock : 'w' + withsId(o.withs) + ':' + o.vals.map((v) => (v === undefined ? '-' : hashKey(v))).join(',');
    const k = id + '/' + how;
    let got = ids.get(k);
    if (got === undefined) ids.set(k, (got = ids.size + 1));
    id = x.id = got;
  }
  return id;
}

const withsIds = new WeakMap<object, number>();
function withsId(ws: object): number {
  let id = withsIds.get(ws);
  if (id === undefined) withsIds.set(ws, (id = nextWithsId++));
  return id;
}
let nextWithsId = 0;

/**
 * Results of deferred calls in one evaluation, by function (or rule), context id and argument
 * values, with their output.
 */
export class DeepResults {
  private readonly done = new Map<DocNode, Map<string, { value: Cached; effects: Effect[] }>>();

  get(node: DocNode, key: string): { value: Cached; effects: Effect[] } | undefined {
    return this.done.get(node)?.get(key);
  }

  set(node: DocNode, key: string, value: Cached, effects: Effect[]): void {
    let m = this.done.get(node);
    if (!m) this.done.set(node, (m = new Map()));
    m.set(key, { value, effects });
  }
}

/** A call past the depth limit: its result if a deferred run computed it, else thrown to the outermost call. */
export function deferCall(ev: DeepCallHost, node: DocNode, args: Value[]): Cached {
  return deferred(ev, node, args, stableCtxId(ev, ev.ctx) + '\u0000' + hashKey(args));
}

/**
 * A rule entered past the depth limit in a `with` context (deps-first evaluation cannot compute
 * it ahead there): its value if a deferred run computed it, else thrown to the outermost call.
 */
export function deferRule(ev: DeepCallHost, node: DocNode): Cached {
  return deferred(ev, node, undefined, String(stableCtxId(ev, ev.ctx)));
}

function deferred(ev: DeepCallHost, node: DocNode, args: Value[] | undefined, key: string): Cached {
  const hit = ev.deepResults?.get(node, key);
  if (hit === undefined) throw new DeferredCall(node, args, key, ev.ctx);
  emit(ev, hit.effects);
  return hit.value;
}

/** Whether `e` is a deferral (thrown through the evaluator to the outermost call). */
export function isDeferral(e: unknown): boolean {
  return e instanceof DeferredCall;
}

/**
 * The outermost call of a chain when there is output to keep in order: computes it, first
 * computing any deeper call deferred to it. (Without output the evaluator makes the call
 * itself and hands a deferral to `resumeDeferred`.)
 */
export function outermostCall(ev: DeepCallHost, node: DocNode, args: Value[]): Cached {
  return drive(ev, node, args, undefined);
}

/**
 * The outermost rule `node` with output hooks: evaluated in place, its output given as it comes
 * (a host may stop the evaluation from its print hook). If a rule deep in a `with` chain was
 * deferred, the rules and function results this attempt cached are undone and it runs again
 * under `drive`, buffered, the output already given skipped (evaluation is deterministic, so the
 * nested order starts with the same lines).
 */
export function outermostRule(ev: DeepCallHost, node: DocNode): Cached {
  const { printHook, traceHook } = ev;
  let given = 0;
  if (printHook) ev.printHook = (msg) => (given++, printHook(msg));
  if (traceHook) ev.traceHook = (note) => (given++, traceHook(note));
  const cache = ev.ctx.cache;
  const size = cache.size;
  const outerLog = ev.memoLog;
  const log: Array<[Memo, unknown]> = [];
  ev.memoLog = log;
  let first: DeferredCall;
  try {
    return ev.ruleBody(node);
  } catch (e) {
    if (!(e instanceof DeferredCall)) throw e;
    first = e;
    const added: DocNode[] = [];
    let i = 0;
    for (const n of cache.keys()) if (i++ >= size) added.push(n);
    for (const n of added) cache.delete(n);
    for (const [memo, key] of log) memo.delete(key);
  } finally {
    ev.printHook = printHook;
    ev.traceHook = traceHook;
    if (outerLog !== undefined) outerLog.push(...log);
    ev.memoLog = outerLog;
  }
  return drive(ev, node, undefined, first, given);
}

/**
 * After the outermost call `node(args)` (or rule `node`; no output hooks) threw `e`: finishes it
 * if `e` deferred a call, else rethrows.
 */
export function resumeDeferred(ev: DeepCallHost, node: DocNode, args: Value[] | undefined, e: unknown): Cached {
  if (!(e instanceof DeferredCall)) throw e;
  return drive(ev, node, args, e);
}

interface Pending {
  node: DocNode;
  /** Undefined for a rule. */
  args: Value[] | undefined;
  key: string;
  /** The context it was called in. */
  ctx: Ctx;
  /** Output of its last attempt, up to where that was cut short (for an error raised deeper). */
  before: Effect[];
  /** What its cut-short attempt cached: undone before it runs again. */
  added?: { rules: DocNode[]; memos: Array<[Memo, unknown]> };
}

/** Runs deferred calls deepest first on a short stack, then the calls that needed them. */
function drive(ev: DeepCallHost, node: DocNode, args: Value[] | undefined, first: DeferredCall | undefined, skip = 0): Cached {
  const ctx = ev.ctx;
  const results = (ev.deepResults ??= new DeepResults());
  const { printHook, traceHook } = ev;
  // An enclosing attempt's memo log (outermostRule) also gets what this drive memoises.
  const outerLog = ev.memoLog;
  // Output an earlier attempt of the outermost rule already gave (outermostRule).
  const out = (effects: Effect[]): void => {
    const n = Math.min(skip, effects.length);
    skip -= n;
    emit(ev, n ? effects.slice(n) : effects);
  };
  // Without output to keep in order, nothing cached needs undoing: a re-run reuses it.
  const buffered = printHook !== undefined || traceHook !== undefined;
  const pending: Pending[] = [{ node, args, key: '', ctx, before: [] }];
  if (first) pending.push(pendingOf(first, ctx));
  const cache = ctx.cache;
  for (;;) {
    const top = pending[pending.length - 1]!;
    if (top.added) {
      for (const n of top.added.rules) cache.delete(n);
      for (const [memo, key] of top.added.memos) memo.delete(key);
      top.added = undefined;
    }
    const effects: Effect[] = [];
    const cacheSize = cache.size;
    if (buffered) {
      ev.memoLog = [];
      if (printHook) ev.printHook = (msg) => void effects.push({ print: msg });
      if (traceHook) ev.traceHook = (note) => void effects.push({ trace: note });
    }
    let value: Cached;
    try {
      ev.ctx = top.ctx;
      value = top.args ? ev.callBody(top.node, top.args) : ev.ruleBody(top.node);
    } catch (e) {
      if (!(e instanceof DeferredCall)) {
        // A real error: first the output a nested evaluation would have printed up to it.
        ev.printHook = printHook;
        ev.traceHook = traceHook;
        for (const p of pending) out(p === top ? effects : p.before);
        throw e;
      }
      if (buffered) {
        const rules: DocNode[] = [];
        let i = 0;
        for (const n of cache.keys()) if (i++ >= cacheSize) rules.push(n);
        top.added = { rules, memos: ev.memoLog ?? [] };
      }
      top.before = effects;
      pending.push(pendingOf(e, ctx));
      continue;
    } finally {
      const log = ev.memoLog;
      if (outerLog !== undefined && log !== undefined && log !== outerLog) outerLog.push(...log);
      ev.memoLog = outerLog;
      ev.printHook = printHook;
      ev.traceHook = traceHook;
      ev.ctx = ctx;
    }
    pending.pop();
    if (pending.length === 0) {
      out(effects);
      return value;
    }
    results.set(top.node, top.key, value, effects);
  }
}

/**
 * A deferred call to run. One made in a `with` or mock context (not the outermost call's,
 * `outer`) runs in a fresh copy of it (same id): the caches of the attempt that deferred it
 * may hold values whose output was dropped.
 */
function pendingOf(d: DeferredCall, outer: Ctx): Pending {
  let ctx = d.ctx;
  if (ctx !== outer) {
    const copy = new Ctx(ctx.input, ctx.data, ctx.overrides, ctx.mocks);
    copy.parent = ctx.parent;
    copy.origin = ctx.origin;
    copy.id = ctx.id;
    ctx = copy;
  }
  return { node: d.node, args: d.args, key: d.key, ctx, before: [] };
}

function emit(ev: DeepCallHost, effects: Effect[]): void {
  for (const e of effects) {
    if ('print' in e) ev.printHook?.(e.print);
    else ev.traceHook?.(e.trace);
  }
}
