/**
 * Join indexes (plans: compiler/join-plan.ts). For a body that iterates base data and compares
 * a key computed from the iteration alone with a value bound before it, the bindings of the
 * iteration and key-only literals are computed once per base document and grouped by key; an
 * evaluation then visits only the bindings whose key equals its probe, in their original
 * order, and runs the deferred literals and the rest of the body on each.
 *
 * The index belongs to the iterated base document (a WeakMap on its identity: base data is
 * immutable once given to an evaluation, and `with data…` replacements build new objects), and
 * to the strictness of builtin errors. It is built at the second use for the same document (a
 * document evaluated once costs no extra work). It is not used under function mocks or virtual
 * document replacements, with trace or coverage hooks, or when the running body or its bound
 * variables are not as planned; a build that raises is given up for that document (the plain
 * evaluation then runs and reports what it reports), so results and errors are those of the
 * unindexed evaluation.
 */
import { RegoError } from '@rego-ts/rego-parser';
import type { Lit, T } from '../compiler/ir.js';
import type { JoinPlan } from '../compiler/join-plan.js';
import { equal } from '../value/compare.js';
import { hashKey } from '../value/hash.js';
import type { Value } from '../value/types.js';
import type { Ctx } from './context.js';
import { lookup } from './values.js';

type Frame = Array<Value | undefined>;

const STEP_BUDGET = /step budget exhausted/;

/** What the index needs from the evaluator. */
export interface JoinHost {
  ctx: Ctx;
  steps: number;
  readonly strict: boolean;
  traceHook: unknown;
  coverHook: unknown;
  body(lits: Lit[], i: number, f: Frame, k: () => boolean): boolean;
  term(t: T, f: Frame, k: (v: Value) => boolean): boolean;
}

/** One binding of the build: its key and the values of the plan's slots. */
interface Entry {
  key: Value;
  vals: Array<Value | undefined>;
}

type State = { uses: 1 } | Map<string, Entry[]> | 'building' | 'off';

/** Per iterated document: per plan, for non-strict [0] and strict [1] builtin errors. */
const states = new WeakMap<object, [Map<JoinPlan, State>, Map<JoinPlan, State>]>();

/**
 * Evaluates `lits[i..]` (lits[i] carries `plan`) through the index, or returns undefined when
 * the index does not apply (the caller then evaluates as usual).
 */
export function joinBody(ev: JoinHost, plan: JoinPlan, lits: Lit[], i: number, f: Frame, k: () => boolean): boolean | undefined {
  const ctx = ev.ctx;
  if (ctx.mocks || ctx.overrides || ev.traceHook || ev.coverHook) return undefined;
  if (ev.strict && plan.deferred.length) return undefined;
  const span = plan.span;
  for (let j = 0; j < span.length; j++) if (lits[i + j] !== span[j]) return undefined;
  const slots = plan.slots;
  for (let j = 0; j < slots.length; j++) if (f[slots[j]!] !== undefined) return undefined;
  const probe = plan.probe;
  let pv: Value | undefined;
  if (probe.k === 'const') pv = probe.v;
  else if (probe.k === 'var') pv = f[probe.slot];
  if (pv === undefined) return undefined;
  let doc: Value | undefined = ctx.data;
  for (const seg of plan.basePath) {
    if (doc === undefined || doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
    doc = lookup(doc, seg);
  }
  if (doc === undefined || doc === null || typeof doc !== 'object') return undefined;
  let byDoc = states.get(doc);
  if (!byDoc) states.set(doc, (byDoc = [new Map(), new Map()]));
  const byPlan = byDoc[ev.strict ? 1 : 0];
  const st = byPlan.get(plan);
  let groups: Map<string, Entry[]>;
  if (st === undefined) {
    byPlan.set(plan, { uses: 1 });
    return undefined;
  }
  if (st === 'building' || st === 'off') return undefined;
  if (st instanceof Map) groups = st;
  else {
    byPlan.set(plan, 'building');
    // The build's steps are not the evaluation's: a step budget sees only what the indexed
    // evaluation does, or, when the build exhausts it, the plain evaluation from where it was.
    const steps = ev.steps;
    let built: Map<string, Entry[]>;
    try {
      built = build(ev, plan, f);
    } catch (e) {
      ev.steps = steps;
      // Bindings are undone as continuations return, not when an exception unwinds them.
      for (const s of slots) f[s] = undefined;
      if (e instanceof RegoError && e.code === 'eval_cancel_error' && STEP_BUDGET.test(e.message)) {
        byPlan.set(plan, { uses: 1 }); // a later evaluation, with more budget left, may build
        return undefined;
      }
      if (e instanceof RegoError && e.code !== 'eval_cancel_error' && e.code !== 'eval_internal_error') {
        byPlan.set(plan, 'off');
        return undefined;
      }
      // Cancellation and stack exhaustion are not the body's business: pass them on (a later
      // evaluation may build).
      byPlan.delete(plan);
      throw e;
    }
    ev.steps = steps;
    byPlan.set(plan, built);
    groups = built;
  }
  const bucket = groups.get(hashKey(pv));
  if (!bucket) return false;
  const rest = i + span.length;
  const deferred = plan.deferred;
  const next = (): boolean => ev.body(lits, rest, f, k);
  for (const e of bucket) {
    if (!equal(e.key, pv)) continue;
    const vals = e.vals;
    for (let j = 0; j < slots.length; j++) f[slots[j]!] = vals[j];
    let stop: boolean;
    try {
      stop = deferred.length ? ev.body(deferred, 0, f, next) : next();
    } finally {
      for (let j = 0; j < slots.length; j++) f[slots[j]!] = undefined;
    }
    if (stop) return true;
  }
  return false;
}

/** Runs the iteration and key-only literals once, grouping their bindings by key (in order). */
function build(ev: JoinHost, plan: JoinPlan, f: Frame): Map<string, Entry[]> {
  const groups = new Map<string, Entry[]>();
  const slots = plan.slots;
  const key = plan.key;
  ev.body(plan.build, 0, f, () =>
    ev.term(key, f, (kv) => {
      const vals: Array<Value | undefined> = new Array(slots.length);
      for (let j = 0; j < slots.length; j++) vals[j] = f[slots[j]!];
      const h = hashKey(kv);
      let g = groups.get(h);
      if (!g) groups.set(h, (g = []));
      g.push({ key: kv, vals });
      return false;
    }),
  );
  return groups;
}
