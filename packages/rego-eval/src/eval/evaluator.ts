/**
 * The evaluator: continuation-passing backtracking over the compiled IR. Every `k`
 * continuation returns `true` to stop the search (used by `not`, `every` and early exits) and
 * `false` to ask for more solutions. Variables live in per-definition frames (arrays of
 * slots); bindings are undone when a continuation returns, so no trail is needed.
 */
import type { Location } from '@rego-ts/rego-parser';
import { RegoError } from '@rego-ts/rego-parser';
import { BuiltinError } from '../builtins/contract.js';
import type { BuiltinContext, BuiltinDef } from './builtin-types.js';
import type { CallT, CompT, FnRef, Lit, T, TemplateT, VarT, WithIR } from '../compiler/ir.js';
import type { DocNode, RuleDef } from '../compiler/tree.js';
import { compare, equal, sortedKeys } from '../value/compare.js';
import { hashKey } from '../value/hash.js';
import { valueToRegoText } from '../value/json.js';
import { ObjectBuilder } from '../value/collections.js';
import { RegoNumber, RegoObject, RegoSet, newPlainObject, ownGet, type PlainObject, type Value } from '../value/types.js';
import { Ctx, IN_PROGRESS, UNDEF, type Cached, type Mock } from './context.js';
import { candidates, ruleIndex } from './indexing.js';
import { indexedComprehension } from './comprehension-index.js';
import { joinBody } from './join-index.js';
import type { JoinLit } from '../compiler/join-plan.js';
import { DEEP_CALL_DEPTH, deferCall, deferRule, outermostCall, outermostRule, resumeDeferred, type DeepResults } from './deep-calls.js';
import { DEPS_FIRST_DEPTH, evaluateDepsFirst, replayEffects, type PendingEffects } from './deps-first.js';
import { isPlainObj, lookup, mergeValues, setPath } from './values.js';
import { Nested } from './nested.js';

export { lookup, setPath } from './values.js';

type K = () => boolean;
type KV = (v: Value) => boolean;
type Frame = Array<Value | undefined>;

export interface EvalLimits {
  maxSteps?: number;
  deadline?: number;
  signal?: AbortSignal;
}

export type TraceHook = (note: string) => void;

export class Evaluator {
  ctx: Ctx;
  steps = 0;
  /** Receives `trace(note)` messages when set. */
  traceHook: TraceHook | undefined;
  /** Coverage: gets each literal's location before it is evaluated and each rule's when it produced a value. */
  coverHook: ((loc: Location) => void) | undefined;
  /** Nesting of rule documents being computed (nodeValue), for deps-first.ts. */
  private ruleDepth = 0;
  /** Nesting of user-function calls being computed, and the state of deep chains (deep-calls.ts). */
  private callDepth = 0;
  deepResults: DeepResults | undefined = undefined;
  memoLog: Array<[Map<unknown, Cached>, unknown]> | undefined = undefined;
  /** Ids of contexts by how they were made (deep-calls.ts `stableCtxId`). */
  ctxIds: Map<string, number> | undefined = undefined;
  /** Output of rules evaluated early (deps-first.ts), emitted when their value is used. */
  pendingEffects: PendingEffects | undefined = undefined;
  /** Identities of composite function arguments (see `memoKey`). */
  private ids: Map<object, number> | undefined = undefined;
  /** Comprehensions holding a memo of this evaluation (see `comprehension`). */
  private memoised: CompT[] | undefined = undefined;
  readonly builtinErrors: RegoError[] = [];
  private readonly maxSteps: number;
  private readonly deadline: number | undefined;
  private readonly signal: AbortSignal | undefined;

  constructor(
    ctx: Ctx,
    readonly root: DocNode,
    private readonly bctx: BuiltinContext,
    readonly strict: boolean,
    /** Receives `print` output; swapped while rules are evaluated speculatively (deps-first.ts). */
    public printHook: ((msg: string) => void) | undefined,
    limits: EvalLimits,
  ) {
    this.ctx = ctx;
    this.maxSteps = limits.maxSteps ?? Infinity;
    this.deadline = limits.deadline;
    this.signal = limits.signal;
  }

  // ---- bodies and literals ----

  /**
   * Evaluates `lits[i..]`. Literals with at most one solution whose value the fast path gives
   * (`x := input.a.b`, `count(xs) > 0`, `not …`) run in a loop — no continuation is allocated
   * for them — and their bindings are undone when `k` returns; the first literal that needs
   * the general path gets the rest of the body as its continuation. The order of steps,
   * coverage calls, evaluation and errors is that of `lit`.
   */
  body(lits: Lit[], i: number, f: Frame, k: K): boolean {
    const n = lits.length;
    let undo: number[] | undefined;
    let r: boolean;
    run: {
      for (; i < n; i++) {
        const l = lits[i]!;
        if (i + 1 < n && l.k === 'unify' && (l as JoinLit).join !== undefined) {
          const j = joinBody(this, (l as JoinLit).join!, lits, i, f, k);
          if (j !== undefined) {
            r = j;
            break run;
          }
        }
        this.tick();
        if (this.coverHook !== undefined) this.coverHook(l.loc);
        if (l.with) {
          r = this.withLit(l, l.with, f, this.rest(lits, i + 1, f, k));
          break run;
        }
        switch (l.k) {
          case 'term': {
            const q = this.quick(l.t, f);
            if (q === NOPE) {
              const slot = l.slot;
              const keepFalse = l.keepFalse;
              const rest = this.rest(lits, i + 1, f, k);
              r = this.termGeneral(l.t, f, (v) => this.termLit(slot, keepFalse, v, f, rest));
              break run;
            }
            if (q === undefined || (q === false && !l.keepFalse)) {
              r = false;
              break run;
            }
            if (l.slot !== undefined) {
              f[l.slot] = q;
              (undo ??= []).push(l.slot);
            }
            continue;
          }
          case 'unify': {
            const a = l.a;
            const b = l.b;
            // The cases of `unify` that take `b`'s value directly.
            const free = a.k === 'var' && f[a.slot] === undefined;
            if ((free && b.k === 'var' && f[b.slot] === undefined) || !this.evaluable(b, f) || (a.k !== 'var' && a.k !== 'const')) {
              r = this.unify(a, b, f, this.rest(lits, i + 1, f, k));
              break run;
            }
            const q = this.quick(b, f);
            if (q === NOPE) {
              const rest = this.rest(lits, i + 1, f, k);
              r = free ? this.termGeneral(b, f, (v) => this.bind((a as VarT).slot, v, f, rest)) : this.termGeneral(b, f, (v) => this.unifyVal(a, v, f, rest));
              break run;
            }
            if (q === undefined) {
              r = false;
              break run;
            }
            if (free) {
              this.tick();
              f[(a as VarT).slot] = q;
              (undo ??= []).push((a as VarT).slot);
              continue;
            }
            if (!equal(a.k === 'var' ? f[a.slot]! : a.v, q)) {
              r = false;
              break run;
            }
            continue;
          }
          case 'not':
            if (this.body(l.body, 0, f, STOP)) {
              r = false;
              break run;
            }
            continue;
          case 'print':
            this.print(l.args, f);
            continue;
          case 'nop':
            continue;
          default:
            r = this.litInner(l, f, this.rest(lits, i + 1, f, k));
            break run;
        }
      }
      r = k();
    }
    if (undo !== undefined) for (let j = undo.length - 1; j >= 0; j--) f[undo[j]!] = undefined;
    return r;
  }

  /** The continuation that evaluates `lits[i..]` and then `k`. */
  private rest(lits: Lit[], i: number, f: Frame, k: K): K {
    return i === lits.length ? k : () => this.body(lits, i, f, k);
  }

  tick(): void {
    const s = ++this.steps;
    if (s > this.maxSteps) throw new RegoError('eval_cancel_error', 'caller cancelled query execution: step budget exhausted');
    if ((s & 1023) === 0) {
      if (this.signal?.aborted) throw new RegoError('eval_cancel_error', 'caller cancelled query execution');
      if (this.deadline !== undefined && Date.now() > this.deadline) throw new RegoError('eval_cancel_error', 'caller cancelled query execution: deadline exceeded');
    }
  }

  lit(l: Lit, f: Frame, k: K): boolean {
    this.tick();
    if (this.coverHook !== undefined) this.coverHook(l.loc);
    if (l.with) return this.withLit(l, l.with, f, k);
    return this.litInner(l, f, k);
  }

  private litInner(l: Lit, f: Frame, k: K): boolean {
    switch (l.k) {
      case 'term': {
        // Most expressions have one value: take it directly, no continuation to allocate.
        const q = this.quick(l.t, f);
        if (q !== NOPE) return q === undefined ? false : this.termLit(l.slot, l.keepFalse, q, f, k);
        const slot = l.slot;
        const keepFalse = l.keepFalse;
        return this.termGeneral(l.t, f, (v) => this.termLit(slot, keepFalse, v, f, k));
      }
      case 'unify':
        return this.unify(l.a, l.b, f, k);
      case 'not':
        return this.body(l.body, 0, f, () => true) ? false : k();
      case 'some': {
        const key = l.key;
        const value = l.value;
        return this.term(l.domain, f, (d) =>
          this.iterate(d, (kk, vv) => (key ? this.unifyVal(key, kk, f, () => this.unifyVal(value, vv, f, k)) : this.unifyVal(value, vv, f, k))),
        );
      }
      case 'every': {
        const key = l.key;
        const value = l.value;
        const body = l.body;
        return this.term(l.domain, f, (d) => {
          if (!isCollection(d)) return false;
          let ok = true;
          this.iterate(d, (kk, vv) => {
            const found = key
              ? this.unifyVal(key, kk, f, () => this.unifyVal(value, vv, f, () => this.body(body, 0, f, () => true)))
              : this.unifyVal(value, vv, f, () => this.body(body, 0, f, () => true));
            if (!found) {
              ok = false;
              return true;
            }
            return false;
          });
          return ok ? k() : false;
        });
      }
      case 'print':
        this.print(l.args, f);
        return k();
      case 'nop':
        return k();
    }
  }

  /** An expression literal's value `v`: false fails (unless kept), else bound to its slot if any. */
  private termLit(slot: number | undefined, keepFalse: boolean | undefined, v: Value, f: Frame, k: K): boolean {
    if (v === false && !keepFalse) return false;
    if (slot === undefined) return k();
    f[slot] = v;
    const r = k();
    f[slot] = undefined;
    return r;
  }

  // ---- with ----

  private withLit(l: Lit, ws: WithIR[], f: Frame, k: K): boolean {
    const vals: Array<Value | undefined> = new Array(ws.length);
    const go = (i: number): boolean => {
      if (i === ws.length) {
        const inner = this.deriveCtx(ws, vals);
        const saved = this.ctx;
        this.ctx = inner;
        try {
          return this.litInner(l, f, () => {
            this.ctx = saved;
            const r = k();
            this.ctx = inner;
            return r;
          });
        } finally {
          this.ctx = saved;
        }
      }
      const w = ws[i]!;
      if (!w.value) return go(i + 1);
      return this.term(w.value, f, (v) => {
        vals[i] = v;
        return go(i + 1);
      });
    };
    return go(0);
  }

  private deriveCtx(ws: WithIR[], vals: Array<Value | undefined>): Ctx {
    const cur = this.ctx;
    let input = cur.input;
    let data = cur.data;
    let overrides = cur.overrides;
    let mocks = cur.mocks;
    ws.forEach((w, i) => {
      const v = vals[i];
      if (w.kind === 'input') {
        input = w.path.length === 0 ? v : setPath(input, w.path, v!);
      } else if (w.kind === 'data') {
        if (w.node && (w.node.hasVirtual || w.node.isFunction)) {
          overrides = new Map(overrides);
          overrides.set(w.node, v!);
        } else data = setPath(data, w.path, v!);
      } else {
        mocks = new Map(mocks);
        const m: Mock = {};
        if (w.fn) m.fn = w.fn;
        else m.value = v!;
        mocks.set(w.key!, m);
      }
    });
    const ctx = new Ctx(input, data, overrides, mocks);
    ctx.parent = cur;
    ctx.origin = { withs: ws, vals: vals.slice() };
    return ctx;
  }

  // ---- terms ----

  term(t: T, f: Frame, k: KV): boolean {
    if (t.k !== 'const' && t.k !== 'var') {
      const q = this.quick(t, f);
      if (q !== NOPE) return q === undefined ? false : k(q);
    }
    return this.termGeneral(t, f, k);
  }

  /** `term` without the `quick` attempt (for callers that already made it). */
  private termGeneral(t: T, f: Frame, k: KV): boolean {
    switch (t.k) {
      case 'const':
        return k(t.v);
      case 'var': {
        const v = f[t.slot];
        if (v === undefined) throw new RegoError('eval_internal_error', `var ${t.name} is unbound`);
        return k(v);
      }
      case 'ref':
        return this.term(t.head, f, (h) => this.walk(h, t.path, 0, f, k));
      case 'data':
        return this.dataRef(t.node, t.path, 0, f, k);
      case 'input': {
        const inp = this.ctx.input;
        if (inp === undefined) return false;
        return this.walk(inp, t.path, 0, f, k);
      }
      case 'array':
        return this.list(t.items, 0, new Array(t.items.length), f, (vs) => k(vs.slice()));
      case 'set':
        return this.list(t.items, 0, new Array(t.items.length), f, (vs) => {
          const s = new RegoSet();
          for (const v of vs) s.add(v);
          if (t.order) setTermOrder(s, vs, t.order);
          return k(s);
        });
      case 'object': {
        const flat: T[] = [];
        for (const [a, b] of t.entries) flat.push(a, b);
        return this.list(flat, 0, new Array(flat.length), f, (vs) => k(objectOf(vs, t.order)));
      }
      case 'call':
        if (t.outPath) return this.list(t.args, 0, new Array(t.args.length), f, (vs) => this.callBelow(t, vs.slice(), f, k));
        return this.list(t.args, 0, new Array(t.args.length), f, (vs) => this.call(t.fn, vs.slice(), t.loc, k));
      case 'acomp':
      case 'scomp':
      case 'ocomp':
        return k(this.comprehension(t, f));
      case 'template': {
        const s = this.template(t, f);
        return s === undefined ? false : k(s);
      }
    }
  }

  /**
   * A comprehension's value. Its last value is kept on the comprehension with its scope and
   * captured value (at most one captured variable): the value depends on nothing else, so an
   * evaluation in the same scope with the same captured value (by identity) reuses it —
   * `labels := {[k, v] | v := obj.labels[k]}` in a loop over other objects is built once.
   * Skipping it is unobservable: bodies are pure, rule and function values are cached per
   * scope anyway, a throwing evaluation stores nothing, and nothing is reused while print,
   * trace or coverage hooks are set.
   */
  private comprehension(t: CompT, f: Frame): Value {
    const free = t.free;
    const ctx = this.ctx;
    // The captured value, null when there is none; undefined: not memoised.
    let key: Value | undefined;
    if (free.length <= 1 && this.printHook === undefined && this.traceHook === undefined && this.coverHook === undefined) {
      key = free.length === 0 ? null : f[free[0]!];
      if (key !== undefined && t.mctx === ctx && t.mkey === key) return t.mval!;
    }
    const v = indexedComprehension(this, t, f) ?? this.comprehensionValue(t, f);
    if (key !== undefined) {
      if (t.mctx !== ctx) (this.memoised ??= []).push(t);
      t.mctx = ctx;
      t.mkey = key;
      t.mval = v;
    }
    return v;
  }

  /** Drops the comprehension memos of this evaluation (so the IR keeps no input alive). */
  releaseMemos(): void {
    const ts = this.memoised;
    if (ts === undefined) return;
    for (const t of ts) {
      t.mctx = undefined;
      t.mkey = undefined;
      t.mval = undefined;
    }
    this.memoised = undefined;
  }

  private comprehensionValue(t: CompT, f: Frame): Value {
    const head = t.head;
    if (t.k === 'acomp') {
      const out: Value[] = [];
      this.body(t.body, 0, f, () =>
        this.term(head, f, (v) => {
          out.push(v);
          return false;
        }),
      );
      return out;
    }
    if (t.k === 'scomp') {
      const out = new RegoSet();
      this.body(t.body, 0, f, () =>
        this.term(head, f, (v) => {
          out.add(v);
          return false;
        }),
      );
      return out;
    }
    const seen = new Map<string, [Value, Value]>();
    const value = t.value!;
    this.body(t.body, 0, f, () =>
      this.term(head, f, (kk) =>
        this.term(value, f, (vv) => {
          const h = hashKey(kk);
          const prev = seen.get(h);
          if (prev && !equal(prev[1], vv)) throw new RegoError('eval_conflict_error', 'object keys must be unique', t.body[0]?.loc);
          seen.set(h, [kk, vv]);
          return false;
        }),
      ),
    );
    const b = new ObjectBuilder();
    for (const [kk, vv] of seen.values()) b.set(kk, vv);
    return b.build();
  }

  /** Evaluates terms left to right (cross product of their values). */
  private list(items: T[], i: number, acc: Value[], f: Frame, k: (vs: Value[]) => boolean, done?: boolean[]): boolean {
    if (done) return this.listAny(items, acc, f, k, done);
    for (; i < items.length; i++) {
      const t = items[i]!;
      if (t.k === 'const') acc[i] = t.v;
      else if (t.k === 'var' && f[t.slot] !== undefined) acc[i] = f[t.slot]!;
      else if (!this.evaluable(t, f)) {
        // Some item binds vars another one needs (`x == xs[x]`): evaluate out of order.
        const d = new Array<boolean>(items.length).fill(false);
        for (let j = 0; j < i; j++) d[j] = true;
        return this.listAny(items, acc, f, k, d);
      } else {
        const j = i;
        return this.term(t, f, (v) => {
          acc[j] = v;
          return this.list(items, j + 1, acc, f, k);
        });
      }
    }
    return k(acc);
  }

  private listAny(items: T[], acc: Value[], f: Frame, k: (vs: Value[]) => boolean, done: boolean[]): boolean {
    let j = -1;
    for (let i = 0; i < items.length; i++) {
      if (!done[i] && this.evaluable(items[i]!, f)) {
        j = i;
        break;
      }
    }
    if (j < 0) {
      if (done.every(Boolean)) return k(acc);
      return false;
    }
    return this.term(items[j]!, f, (v) => {
      acc[j] = v;
      done[j] = true;
      const r = this.listAny(items, acc, f, k, done);
      done[j] = false;
      return r;
    });
  }

  private allValues(t: T, f: Frame): Value[] {
    const out = new Map<string, Value>();
    try {
      this.term(t, f, (v) => {
        out.set(hashKey(v), v);
        return false;
      });
    } catch (e) {
      if (e instanceof RegoError && (e.code === 'eval_builtin_error' || e.code === 'eval_type_error')) return [];
      throw e;
    }
    return [...out.values()];
  }

  private template(t: TemplateT, f: Frame): string | undefined {
    const { parts, sets, loc } = t;
    let s = '';
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (typeof p === 'string') {
        s += p;
        continue;
      }
      const vs = sets?.[i] ? this.allValues(p, f).flatMap((set) => (set as RegoSet).sorted(compare)) : this.allValues(p, f);
      if (vs.length > 1) throw new RegoError('eval_conflict_error', 'template-strings must not produce multiple outputs', loc);
      if (vs.length === 0) {
        if (t.direct?.[i]) return undefined;
        s += '<undefined>';
      }
      else s += typeof vs[0] === 'string' ? vs[0] : valueToRegoText(vs[0]!);
    }
    return s;
  }

  private print(args: T[], f: Frame): void {
    const hook = this.printHook;
    if (!hook) return;
    let lines: string[] = [''];
    args.forEach((a, i) => {
      const vs = this.allValues(a, f).sort(compare);
      const texts = vs.length ? vs.map((v) => (typeof v === 'string' ? v : valueToRegoText(v))) : ['<undefined>'];
      const next: string[] = [];
      for (const l of lines) for (const t of texts) next.push(i === 0 ? t : `${l} ${t}`);
      lines = next;
    });
    for (const l of lines) hook(l);
  }

  // ---- unification ----

  unify(a: T, b: T, f: Frame, k: K): boolean {
    if (a.k === 'var' && f[a.slot] === undefined) {
      if (b.k === 'var' && f[b.slot] === undefined) return false;
      if (this.evaluable(b, f)) {
        const q = this.quick(b, f);
        if (q !== NOPE) return q === undefined ? false : this.bind(a.slot, q, f, k);
        return this.termGeneral(b, f, (v) => this.bind(a.slot, v, f, k));
      }
    }
    if (this.evaluable(b, f)) {
      const q = this.quick(b, f);
      if (q !== NOPE) return q === undefined ? false : this.unifyVal(a, q, f, k);
      return this.termGeneral(b, f, (v) => this.unifyVal(a, v, f, k));
    }
    if (this.evaluable(a, f)) return this.term(a, f, (v) => this.unifyVal(b, v, f, k));
    if (a.k === 'array' && b.k === 'array') {
      if (a.items.length !== b.items.length) return false;
      return this.unifyItems(a.items, b.items, 0, f, k);
    }
    if (a.k === 'object' && b.k === 'object') {
      if (a.entries.length !== b.entries.length) return false;
      const bs: T[] = [];
      const as: T[] = [];
      for (const [ka, va] of a.entries) {
        if (ka.k !== 'const') return false;
        const m = b.entries.find(([kb]) => kb.k === 'const' && equal(kb.v, ka.v));
        if (!m) return false;
        as.push(va);
        bs.push(m[1]);
      }
      return this.unifyItems(as, bs, 0, f, k);
    }
    return false;
  }

  private unifyItems(as: T[], bs: T[], i: number, f: Frame, k: K): boolean {
    if (i === as.length) return k();
    // Prefer a pair that can run now; defer the others.
    for (let j = i; j < as.length; j++) {
      const a = as[j]!;
      const b = bs[j]!;
      if (this.evaluable(a, f) || this.evaluable(b, f)) {
        const ra = as.slice();
        const rb = bs.slice();
        ra.splice(j, 1);
        rb.splice(j, 1);
        ra.splice(i, 0, a);
        rb.splice(i, 0, b);
        return this.unify(a, b, f, () => this.unifyItems(ra, rb, i + 1, f, k));
      }
    }
    return this.unify(as[i]!, bs[i]!, f, () => this.unifyItems(as, bs, i + 1, f, k));
  }

  private evaluable(t: T, f: Frame): boolean {
    const fr = t.free;
    for (let i = 0; i < fr.length; i++) if (f[fr[i]!] === undefined) return false;
    return true;
  }

  private bind(slot: number, v: Value, f: Frame, k: K): boolean {
    this.tick();
    f[slot] = v;
    const r = k();
    f[slot] = undefined;
    return r;
  }

  unifyVal(t: T, v: Value, f: Frame, k: K): boolean {
    switch (t.k) {
      case 'var': {
        const cur = f[t.slot];
        if (cur === undefined) return this.bind(t.slot, v, f, k);
        return equal(cur, v) ? k() : false;
      }
      case 'const':
        return equal(t.v, v) ? k() : false;
      case 'array': {
        if (!Array.isArray(v) || v.length !== t.items.length) return false;
        return this.unifyValItems(t.items, v, 0, f, k);
      }
      case 'object': {
        if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof RegoSet || v instanceof RegoNumber) return false;
        const size = v instanceof RegoObject ? v.size : Object.keys(v).length;
        if (size !== t.entries.length) return false;
        if (!this.evaluableKeys(t, f)) return false;
        const keys: T[] = t.entries.map((e) => e[0]);
        return this.list(keys, 0, new Array(keys.length), f, (ks) => {
          const vals: Value[] = [];
          for (const kk of ks) {
            const x = lookup(v, kk);
            if (x === undefined) return false;
            vals.push(x);
          }
          return this.unifyValItems(
            t.entries.map((e) => e[1]),
            vals,
            0,
            f,
            k,
          );
        });
      }
      default: {
        if (!this.evaluable(t, f)) return false;
        const q = this.quick(t, f);
        if (q !== NOPE) return q !== undefined && equal(q, v) ? k() : false;
        return this.termGeneral(t, f, (x) => (equal(x, v) ? k() : false));
      }
    }
  }

  private evaluableKeys(t: { entries: Array<[T, T]> }, f: Frame): boolean {
    for (const [kk] of t.entries) if (!this.evaluable(kk, f)) return false;
    return true;
  }

  private unifyValItems(ts: T[], vs: Value[], i: number, f: Frame, k: K): boolean {
    if (i === ts.length) return k();
    return this.unifyVal(ts[i]!, vs[i]!, f, () => this.unifyValItems(ts, vs, i + 1, f, k));
  }

  // ---- refs ----

  /** `base`: walking base data, where integer keys address string object keys. */
  walk(v: Value, path: T[], i: number, f: Frame, k: KV, base = false): boolean {
    for (; i < path.length; i++) {
      const p = path[i]!;
      let key: Value | undefined;
      if (p.k === 'const') key = p.v;
      else if (p.k === 'var') {
        key = f[p.slot];
        if (key === undefined) {
          const j = i;
          const slot = p.slot;
          return this.iterate(v, (kk, child) => this.bind(slot, kk, f, () => this.walk(child, path, j + 1, f, k, base)));
        }
      } else {
        const j = i;
        if (this.evaluable(p, f)) {
          return this.term(p, f, (kv) => {
            const c = lookup(v, base && typeof kv === 'number' && isPlainObj(v) ? String(kv) : kv);
            return c === undefined ? false : this.walk(c, path, j + 1, f, k, base);
          });
        }
        return this.iterate(v, (kk, child) => this.unifyVal(p, kk, f, () => this.walk(child, path, j + 1, f, k, base)));
      }
      if (base && typeof key === 'number' && isPlainObj(v)) key = String(key);
      const next = lookup(v, key);
      if (next === undefined) return false;
      v = next;
    }
    return k(v);
  }

  /** Calls `k(key, value)` for each element in Rego order; stops when `k` returns true. */
  iterate(v: Value, k: (key: Value, val: Value) => boolean): boolean {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (k(i, v[i]!)) return true;
      return false;
    }
    if (typeof v !== 'object' || v === null) return false;
    if (v instanceof RegoSet) {
      for (const e of v.termOrder ?? v.sorted(compare)) if (k(e, e)) return true;
      return false;
    }
    if (v instanceof RegoObject) {
      for (const [a, b] of v.sorted(compare)) if (k(a, b)) return true;
      return false;
    }
    if (v instanceof RegoNumber) return false;
    const o = v as PlainObject;
    for (const key of sortedKeys(o)) if (k(key, o[key]!)) return true;
    return false;
  }

  // ---- data: base and virtual documents ----

  private baseAt(path: readonly string[]): Value | undefined {
    let v: Value | undefined = this.ctx.data;
    for (const s of path) {
      if (v === undefined || v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
      v = lookup(v, s);
    }
    return v;
  }

  dataRef(node: DocNode, path: T[], i: number, f: Frame, k: KV): boolean {
    const ov = this.ctx.overrides;
    if (ov && i === 0) {
      // A replaced ancestor hides everything below it.
      for (let a: DocNode | undefined = node; a; a = a.parent) {
        const r = ov.get(a);
        if (r !== undefined) {
          const rest: T[] = node.path.slice(a.path.length).map((s) => ({ k: 'const', v: s, free: [] }));
          return this.walk(r, [...rest, ...path], 0, f, k);
        }
      }
    }
    for (;;) {
      if (ov) {
        const r = ov.get(node);
        if (r !== undefined) return this.walk(r, path, i, f, k);
      }
      if (node.hasDocRules || i === path.length) {
        const v = (node.hasDocRules ? this.baseAt(node.path) : undefined) ?? this.nodeValue(node);
        if (v === undefined) return false;
        return this.walk(v, path, i, f, k);
      }
      if (node.isFunction) {
        if (!zeroArity(node)) return false;
        const v = this.nodeValue(node);
        return v === undefined ? false : this.walk(v, path, i, f, k);
      }
      const p = path[i]!;
      let key: Value | undefined;
      if (p.k === 'const') key = p.v;
      else if (p.k === 'var') key = f[p.slot];
      else if (this.evaluable(p, f)) {
        const j = i;
        const n = node;
        return this.term(p, f, (kv) => this.dataStep(n, kv, path, j, f, k));
      }
      if (key === undefined) {
        const j = i;
        const n = node;
        return this.iterateNode(n, (kk) => this.unifyVal(p, kk, f, () => this.dataStep(n, kk, path, j, f, k)));
      }
      if (typeof key !== 'string') return this.dataStep(node, key, path, i, f, k);
      const c = node.children.get(key);
      if (!c) return this.dataStep(node, key, path, i, f, k);
      node = c;
      i++;
    }
  }

  private dataStep(node: DocNode, key: Value, path: T[], i: number, f: Frame, k: KV): boolean {
    if (typeof key === 'number' && Number.isInteger(key)) key = String(key);
    if (typeof key !== 'string') return false;
    const c = node.children.get(key);
    if (c) {
      if (c.isFunction && !c.hasDocRules && !zeroArity(c)) return false;
      return this.dataRef(c, path, i + 1, f, k);
    }
    const base = this.baseAt(node.path);
    if (base === undefined) return false;
    const v = lookup(base, key);
    if (v === undefined) return false;
    return this.walk(v, path, i + 1, f, k, true);
  }

  /** Keys of a namespace node: child nodes and base-document keys, in Rego order. */
  private iterateNode(node: DocNode, k: (key: string) => boolean): boolean {
    const base = this.baseAt(node.path);
    let keys: string[] = node.sortedChildren;
    if (base !== undefined && typeof base === 'object' && base !== null && !Array.isArray(base) && !(base instanceof RegoSet) && !(base instanceof RegoObject)) {
      const bk = sortedKeys(base as PlainObject);
      if (bk.length) {
        const all = new Set([...keys, ...bk]);
        keys = [...all].sort((a, b) => compare(a, b));
      }
    }
    for (const key of keys) if (k(key)) return true;
    return false;
  }

  nodeValue(node: DocNode): Value | undefined {
    const ctx = this.ctx;
    const ov = ctx.overrides?.get(node);
    if (ov !== undefined) return ov;
    const cache = ctx.cache;
    const hit = cache.get(node);
    if (hit !== undefined) {
      if (this.pendingEffects) replayEffects(this, node);
      return hit === UNDEF || hit === IN_PROGRESS ? undefined : hit;
    }
    cache.set(node, IN_PROGRESS);
    let c: Cached;
    try {
      if (this.ruleDepth === 0 && this.callDepth === 0) {
        // The outermost rule: rules deferred from deep `with` chains are finished here.
        if (this.printHook === undefined && this.traceHook === undefined) {
          try {
            c = this.ruleBody(node);
          } catch (e) {
            c = resumeDeferred(this, node, undefined, e);
          }
        } else c = outermostRule(this, node);
      } else {
        // In a `with` context deep in a rule chain, deps-first evaluation cannot compute the
        // rule ahead (its dependencies run in other contexts): it is deferred (deep-calls.ts).
        c = ctx.parent !== undefined && this.ruleDepth >= DEEP_CALL_DEPTH ? deferRule(this, node) : this.ruleBody(node);
      }
    } catch (e) {
      cache.delete(node);
      throw e;
    }
    cache.set(node, c);
    return c === UNDEF ? undefined : c;
  }

  /** A rule's (or namespace's) value, computed in the current context; its cache is the caller's. */
  ruleBody(node: DocNode): Cached {
    let v: Value | undefined;
    this.ruleDepth++;
    try {
      // Deep in a rule chain: compute the rule's dependencies bottom-up first.
      if (this.ruleDepth > DEPS_FIRST_DEPTH) evaluateDepsFirst(this, node);
      if (node.hasDocRules) v = this.evalRules(node);
      else if (node.isFunction) v = zeroArity(node) ? this.callRuleValue(node, []) : undefined;
      else v = this.namespaceValue(node);
    } finally {
      this.ruleDepth--;
    }
    return v === undefined ? UNDEF : v;
  }

  private namespaceValue(node: DocNode): Value | undefined {
    const base = this.baseAt(node.path);
    if (node.children.size === 0 && !this.ctx.overrides) return base ?? newPlainObject();
    const out = newPlainObject();
    const baseObj = isPlainObj(base ?? null) ? (base as PlainObject) : undefined;
    if (baseObj) for (const key of Object.keys(baseObj)) out[key] = baseObj[key]!;
    for (const key of node.sortedChildren) {
      const child = node.children.get(key)!;
      if (child.isFunction && !child.hasDocRules && !zeroArity(child)) continue;
      let cv = this.nodeValue(child);
      if (cv === undefined) continue;
      if (cv instanceof RegoSet && cv.termOrder) {
        // OPA plugs a rule's value into its package's value and caches that: later refs to
        // the rule iterate the plain set (compiler/set-order.ts).
        cv = plainSet(cv);
        if (this.ctx.cache.get(child) !== undefined) this.ctx.cache.set(child, cv);
      }
      const prev = ownGet(out, key);
      // Base documents win over rules at the same path.
      out[key] = prev !== undefined ? (mergeValues(prev, cv) ?? prev) : cv;
    }
    return out;
  }

  // ---- rules ----

  /** The definitions of a node that can apply to the current input (rule indexing). */
  private defsFor(node: DocNode): RuleDef[] {
    const ix = ruleIndex(node);
    return ix ? candidates(node, ix, this.ctx.input, lookup, this.ctx.mocks) : node.rules;
  }

  private evalRules(node: DocNode): Value | undefined {
    const rules = this.defsFor(node);
    const first = node.rules[0] ?? node.defaultRule!;
    if (first.kind === 'complete') return this.evalComplete(node, rules);
    if (first.kind === 'multi' && (node.flatSet ??= node.rules.every((r) => r.dyn.length === 0))) {
      const s = new RegoSet();
      for (const d of rules) {
        const fr: Frame = new Array(d.nslots);
        const key = d.key!;
        const add = (v: Value): boolean => {
          s.add(v);
          if (this.coverHook !== undefined) this.coverHook(d.loc);
          return false;
        };
        this.body(d.body, 0, fr, () => {
          const q = this.quick(key, fr);
          if (q === NOPE) return this.termGeneral(key, fr, add);
          return q === undefined ? false : add(q);
        });
      }
      return s;
    }
    // Object-building rules (var keys, general ref heads).
    const tree = new Nested();
    for (const d of rules) {
      const fr: Frame = new Array(d.nslots);
      const leafT = d.kind === 'multi' ? d.key! : d.value!;
      this.body(d.body, 0, fr, () =>
        this.list(d.dyn, 0, new Array(d.dyn.length), fr, (keys) =>
          this.term(leafT, fr, (v) => {
            tree.insert(keys, v, d.kind === 'multi', d.loc);
            if (this.coverHook !== undefined) this.coverHook(d.loc);
            return false;
          }),
        ),
      );
    }
    // Rules deeper in the tree (`p.q[x] := 1` next to `p.q.r := 2`) add leaves.
    for (const key of node.sortedChildren) this.insertSubtree(tree, node.children.get(key)!, [key], first.loc);
    return tree.build();
  }

  private insertSubtree(tree: Nested, n: DocNode, keys: Value[], loc: Location): void {
    if (n.hasDocRules) {
      const v = this.nodeValue(n);
      if (v !== undefined) tree.mergeLeaf(keys, v, loc);
      return;
    }
    if (n.isFunction) return;
    for (const key of n.sortedChildren) this.insertSubtree(tree, n.children.get(key)!, [...keys, key], loc);
  }

  private evalComplete(node: DocNode, rules: RuleDef[]): Value | undefined {
    let result: Value | undefined;
    for (const def of rules) {
      for (let d: RuleDef | undefined = def; d; d = d.else) {
        const got = this.evalDefValue(d);
        if (got !== undefined) {
          if (result === undefined) {
            result = got;
          } else if (!equal(result, got)) {
            throw new RegoError('eval_conflict_error', 'complete rules must not produce multiple outputs', d.loc);
          }
          break;
        }
      }
    }
    if (result === undefined && node.defaultRule) result = this.evalDefValue(node.defaultRule);
    return result;
  }

  private evalDefValue(d: RuleDef, args?: Value[]): Value | undefined {
    let got: Value | undefined;
    const fr: Frame = new Array(d.nslots);
    const value = d.value!;
    // Plain variable parameters (the usual `f(x, y)`) are bound directly rather than through
    // unification continuations: a call then costs a few JS frames, so chains of nested
    // function calls go deep before the stack runs out.
    let bound = !args;
    if (args && d.args && varParams(d.args)) {
      const ps = d.args;
      for (let i = 0; i < ps.length; i++) {
        const slot = (ps[i] as { slot: number }).slot;
        this.tick();
        const cur = fr[slot];
        if (cur === undefined) fr[slot] = args[i];
        else if (!equal(cur, args[i]!)) return undefined;
      }
      bound = true;
    }
    if (bound && (d.trivial ??= trivialBody(d.body))) {
      // `p := expr` without conditions: no body machinery (keeps long rule chains shallow).
      const q = this.quick(value, fr);
      if (q !== NOPE) {
        if (q !== undefined && this.coverHook !== undefined) this.coverHook(d.loc);
        return q;
      }
    }
    const record = (v: Value): boolean => {
      if (got === undefined) got = v;
      else if (!equal(got, v)) {
        throw new RegoError(
          'eval_conflict_error',
          d.kind === 'function' ? 'functions must not produce multiple outputs for same inputs' : 'complete rules must not produce multiple outputs',
          d.loc,
        );
      }
      return false;
    };
    const run = (): boolean =>
      this.body(d.body, 0, fr, () => {
        const q = this.quick(value, fr);
        if (q === NOPE) return this.termGeneral(value, fr, record);
        return q === undefined ? false : record(q);
      });
    if (!bound && args && d.args) this.unifyValItems(d.args, args, 0, fr, run);
    else run();
    if (got !== undefined && this.coverHook !== undefined) this.coverHook(d.loc);
    return got;
  }

  // ---- calls ----

  call(fn: FnRef, args: Value[], loc: Location, k: KV): boolean {
    const mocks = this.ctx.mocks;
    if (mocks) {
      const m = mocks.get(fn.key);
      if (m) return this.callMock(m, args, loc, k);
    }
    if (fn.kind === 'builtin') return this.callBuiltin(fn.def, args, loc, k);
    return this.callRule(fn.node, args, k);
  }

  private callMock(m: Mock, args: Value[], loc: Location, k: KV): boolean {
    if (!m.fn) return k(m.value!);
    // Replacements run unmocked: a mock never calls another mock (or itself).
    const cur = this.ctx;
    m.inner ??= new WeakMap();
    let inner = m.inner.get(cur);
    if (!inner) {
      m.inner.set(cur, (inner = new Ctx(cur.input, cur.data, cur.overrides, undefined)));
      inner.parent = cur;
      inner.origin = { mock: m.fn.key };
    }
    const saved = this.ctx;
    this.ctx = inner;
    try {
      const fn = m.fn;
      const n = fn.arity >= 0 ? fn.arity : args.length;
      // A replacement may take fewer args only if it is a constant-like function of arity 0.
      return this.call(fn, args.slice(0, Math.max(n, 0)), loc, (v) => {
        this.ctx = saved;
        const r = k(v);
        this.ctx = inner;
        return r;
      });
    } finally {
      this.ctx = saved;
    }
  }

  /**
   * A walk-like relation with its output pattern's path: the elements known now (constants and
   * bound vars; anything else is left open) narrow what it produces, as in OPA.
   */
  private callBelow(t: CallT, args: Value[], f: Frame, k: KV): boolean {
    const fn = t.fn;
    const path = t.outPath!;
    let prefix: (Value | undefined)[] | undefined;
    if (path.k === 'array') prefix = path.items.map((p) => knownValue(p, f));
    else {
      const v = knownValue(path, f);
      if (Array.isArray(v)) prefix = v;
    }
    if (!prefix || fn.kind !== 'builtin' || this.ctx.mocks?.has(fn.key)) return this.call(fn, args, t.loc, k);
    return this.callBuiltin(fn.def, args, t.loc, k, prefix);
  }

  private callBuiltin(def: BuiltinDef, args: Value[], loc: Location, k: KV, prefix?: (Value | undefined)[]): boolean {
    let r: Value | undefined;
    if (this.traceHook && def.name === 'trace' && typeof args[0] === 'string') this.traceHook(args[0]);
    try {
      r = prefix && def.relationBelow ? def.relationBelow(args, prefix) : def.fn(args, this.bctx);
    } catch (e) {
      this.builtinFailure(def, e, loc);
      return false;
    }
    if (r === undefined) return false;
    if (def.relation) {
      for (const x of r as Value[]) if (k(x)) return true;
      return false;
    }
    // OPA passes builtins plugged values: a literal's order does not survive (`s | set()`).
    return k(r instanceof RegoSet && r.termOrder ? plainSet(r) : r);
  }

  private callRule(node: DocNode, args: Value[], k: KV): boolean {
    const ctx = this.ctx;
    const fnCache = (ctx.fnCache ??= new Map());
    let memo = fnCache.get(node);
    if (!memo) fnCache.set(node, (memo = new Map()));
    // One argument: the value itself when composite (by identity), else its hash key.
    let h: unknown;
    if (args.length === 1) {
      const a = args[0]!;
      h = typeof a === 'object' && a !== null && !(a instanceof RegoNumber) ? a : hashKey(a);
    } else {
      let s = '';
      for (const a of args) s += this.memoKey(a) + '\u0001';
      h = s;
    }
    let c: Cached | undefined = memo.get(h);
    if (c === undefined) {
      // The outermost call of a chain, or one nested too deep to make here (deep-calls.ts).
      const depth = this.callDepth;
      if (depth === 0 && this.printHook === undefined && this.traceHook === undefined) {
        try {
          c = this.callBody(node, args);
        } catch (e) {
          c = resumeDeferred(this, node, args, e);
        }
      } else c = depth === 0 ? outermostCall(this, node, args) : depth >= DEEP_CALL_DEPTH ? deferCall(this, node, args) : this.callBody(node, args);
      memo.set(h, c);
      if (this.memoLog !== undefined) this.memoLog.push([memo, h]);
    }
    return c === UNDEF ? false : k(c);
  }

  /** Evaluates a function's definitions for `args` (no memo). */
  callBody(node: DocNode, args: Value[]): Cached {
    this.callDepth++;
    try {
      let result: Value | undefined;
      for (const def of node.funcs) {
        for (let d: RuleDef | undefined = def; d; d = d.else) {
          const got = this.evalDefValue(d, args);
          if (got !== undefined) {
            if (result === undefined) result = got;
            else if (!equal(result, got)) throw new RegoError('eval_conflict_error', 'functions must not produce multiple outputs for same inputs', d.loc);
            break;
          }
        }
      }
      if (result === undefined && node.defaultFunc) result = this.evalDefValue(node.defaultFunc, args);
      return result === undefined ? UNDEF : result;
    } finally {
      this.callDepth--;
    }
  }

  /**
   * Memo key of a function argument: scalars by value, composites by identity (cheap). The
   * identities are numbered per evaluation, in a Map that dies with it: a global WeakMap
   * entry for every fresh input object (JSON parsed per request) cost more than it saved.
   */
  private memoKey(v: Value): string {
    if (typeof v === 'object' && v !== null && !(v instanceof RegoNumber)) {
      const ids = (this.ids ??= new Map());
      let id = ids.get(v);
      if (id === undefined) ids.set(v, (id = ids.size));
      return '\u0002' + id;
    }
    return hashKey(v);
  }

  /** Direct result of a rule function call (undefined when it has no value). */
  private callRuleValue(node: DocNode, args: Value[]): Value | undefined {
    let out: Value | undefined;
    this.callRule(node, args, (v) => {
      out = v;
      return true;
    });
    return out;
  }

  /**
   * Fast path for terms that need no iteration: constants, bound vars, refs with bound keys,
   * composites and calls of those. Returns NOPE when the general (CPS) path is needed.
   */
  quick(t: T, f: Frame): Value | undefined | typeof NOPE {
    switch (t.k) {
      case 'const':
        return t.v;
      case 'var': {
        const v = f[t.slot];
        return v === undefined ? NOPE : v;
      }
      case 'input': {
        const v = this.ctx.input;
        if (v === undefined) return undefined;
        return this.quickPath(v, t.path, f);
      }
      case 'ref': {
        const h = this.quick(t.head, f);
        if (h === NOPE || h === undefined) return h;
        return this.quickPath(h, t.path, f);
      }
      case 'data': {
        const node = t.node;
        if (!node.hasDocRules || this.ctx.overrides) return NOPE;
        const v = this.baseAt(node.path) ?? this.nodeValue(node);
        if (v === undefined) return undefined;
        return this.quickPath(v, t.path, f);
      }
      case 'array': {
        const items = t.items;
        const out: Value[] = new Array(items.length);
        for (let i = 0; i < items.length; i++) {
          const v = this.quick(items[i]!, f);
          if (v === NOPE || v === undefined) return v;
          out[i] = v;
        }
        return out;
      }
      case 'object': {
        const es = t.entries;
        const vs: Value[] = new Array(es.length * 2);
        for (let i = 0; i < es.length; i++) {
          const e = es[i]!;
          const kv = this.quick(e[0], f);
          if (kv === NOPE || kv === undefined) return kv;
          vs[2 * i] = kv;
          const v = this.quick(e[1], f);
          if (v === NOPE || v === undefined) return v;
          vs[2 * i + 1] = v;
        }
        return objectOf(vs, t.order);
      }
      case 'set': {
        const items = t.items;
        const out = new RegoSet();
        const vs: Value[] | undefined = t.order ? new Array(items.length) : undefined;
        for (let i = 0; i < items.length; i++) {
          const v = this.quick(items[i]!, f);
          if (v === NOPE || v === undefined) return v;
          out.add(v);
          if (vs) vs[i] = v;
        }
        if (vs) setTermOrder(out, vs, t.order!);
        return out;
      }
      case 'call': {
        const fn = t.fn;
        if (this.ctx.mocks || (fn.kind === 'builtin' && fn.def.relation)) return NOPE;
        const as = t.args;
        const args: Value[] = new Array(as.length);
        for (let i = 0; i < as.length; i++) {
          const v = this.quick(as[i]!, f);
          if (v === NOPE || v === undefined) return v;
          args[i] = v;
        }
        if (fn.kind === 'rule') return this.callRuleValue(fn.node, args);
        return this.builtinValue(fn.def, args, t.loc);
      }
      default:
        return NOPE;
    }
  }

  private quickPath(v: Value, path: T[], f: Frame): Value | undefined | typeof NOPE {
    for (let i = 0; i < path.length; i++) {
      const p = path[i]!;
      let key: Value | undefined;
      if (p.k === 'const') key = p.v;
      else if (p.k === 'var') {
        key = f[p.slot];
        if (key === undefined) return NOPE;
      } else return NOPE;
      const next = lookup(v, key);
      if (next === undefined) return undefined;
      v = next;
    }
    return v;
  }

  private builtinValue(def: BuiltinDef, args: Value[], loc: Location): Value | undefined {
    if (this.traceHook && def.name === 'trace' && typeof args[0] === 'string') this.traceHook(args[0]);
    try {
      const r = def.fn(args, this.bctx);
      return r instanceof RegoSet && r.termOrder ? plainSet(r) : r;
    } catch (e) {
      this.builtinFailure(def, e, loc);
      return undefined;
    }
  }

  private builtinFailure(def: BuiltinDef, e: unknown, loc: Location): void {
    if (e instanceof BuiltinError) {
      const err = new RegoError(e.code, e.message, loc);
      if (e.halt || this.strict) throw err;
      this.builtinErrors.push(err);
      return;
    }
    if (e instanceof RegoError) throw e;
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw e;
    const err = new RegoError('eval_builtin_error', `${def.name}: ${e instanceof Error ? e.message : String(e)}`, loc);
    if (this.strict) throw err;
    this.builtinErrors.push(err);
  }
}

const NOPE: unique symbol = Symbol('nope');
/** A continuation that stops at the first solution (`not`). */
const STOP: K = () => true;

/** A term's value when it is a constant or a bound var (no evaluation), else undefined. */
function knownValue(p: T, f: Frame): Value | undefined {
  return p.k === 'const' ? p.v : p.k === 'var' ? f[p.slot] : undefined;
}

/**
 * An object literal's value from its keys and values (`vs` alternating, in written order). Keys
 * equal only at evaluation (`{x: 1, y: 2}` with `x == y`) keep the value OPA keeps: the last in
 * its order of the keys' terms (`order`), else the first written.
 */
function objectOf(vs: Value[], order?: number[]): Value {
  const b = new ObjectBuilder();
  const seen = vs.length > 2 ? new Set<string>() : undefined;
  for (let i = 0; i < vs.length; i += 2) {
    if (seen) {
      const h = hashKey(vs[i]!);
      if (seen.has(h)) {
        if (order) return objectInOrder(vs, order);
        continue;
      }
      seen.add(h);
    }
    b.set(vs[i]!, vs[i + 1]!);
  }
  return b.build();
}

/** The object with, of entries with equal keys, the value of the one latest in `order`. */
function objectInOrder(vs: Value[], order: number[]): Value {
  const winner = new Map<string, number>();
  const n = vs.length / 2;
  // Entries missing from `order` (merged terms) count as first.
  for (let i = 0; i < n; i++) if (!order.includes(i)) winner.set(hashKey(vs[2 * i]!), i);
  for (const i of order) winner.set(hashKey(vs[2 * i]!), i);
  const b = new ObjectBuilder();
  for (const i of winner.values()) b.set(vs[2 * i]!, vs[2 * i + 1]!);
  return b.build();
}

/** A body that always succeeds once without binding anything (`p := v` rules). */
function trivialBody(body: Lit[]): boolean {
  for (const l of body) if (l.k !== 'term' || l.with || l.t.k !== 'const' || l.t.v === false) return false;
  return true;
}

/** Whether every parameter is a variable (bound without unification). */
function varParams(ps: T[]): boolean {
  for (let i = 0; i < ps.length; i++) if (ps[i]!.k !== 'var') return false;
  return true;
}

/** Zero-argument functions (`f() := 1`) also appear as documents, as in OPA. */
function zeroArity(n: DocNode): boolean {
  const d = n.funcs[0] ?? n.defaultFunc;
  return !!d && (d.args?.length ?? 0) === 0;
}


// ---- helpers ----

function isCollection(v: Value): boolean {
  return typeof v === 'object' && v !== null && !(v instanceof RegoNumber);
}

/**
 * Records OPA's iteration order of a set literal's members (`vs` in source order, `order` from
 * compiler/set-order.ts) when it differs from Rego's order of the set: another order, or a
 * value visited twice. The usual literal needs nothing (one comparison per member).
 */
function setTermOrder(s: RegoSet, vs: Value[], order: number[]): void {
  let prev = vs[order[0]!]!;
  for (let i = 1; i < order.length; i++) {
    const v = vs[order[i]!]!;
    if (compare(prev, v) >= 0) {
      s.termOrder = order.map((j) => vs[j]!);
      return;
    }
    prev = v;
  }
}

/** The same set without a literal's iteration order. */
function plainSet(s: RegoSet): RegoSet {
  const out = new RegoSet();
  for (const v of s.values()) out.add(v);
  return out;
}
