/**
 * The public entry points: `compile` → `CompiledPolicy` → `prepare(query)` →
 * `PreparedQuery.evaluate(...)` (OPA's result-set shape), plus `policy.evaluate(path)`.
 */
import type { Body, Location, Module, RegoVersion } from '@rego-ts/rego-parser';
import { RegoError, RegoErrors } from '@rego-ts/rego-parser';
import { defaultBuiltins, sharedDefaultBuiltins } from './builtins/defaults.js';
import type { BuiltinContext, BuiltinDef, HostBuiltin } from './eval/builtin-types.js';
import type { BuiltinHost } from './builtins/contract.js';
import { ASYNC_STATE, asyncBuiltinDef, type AsyncHostBuiltin, type AsyncState } from './eval/async-builtins.js';
import { checkUnused, compileModules, ErrorSink, type CompiledModules, type ModuleInput } from './compiler/compile.js';
import type { Lit } from './compiler/ir.js';
import { parseQuery } from './compiler/parse.js';
import { dataConflicts } from './compiler/data-conflicts.js';
import { exprIterates } from './compiler/query-iteration.js';
import { opaQueryLocalNames } from './compiler/local-numbering/index.js';
import { displayName, Frame, Resolver, Scope } from './compiler/resolve.js';
import { checkTemplateVars } from './compiler/template-vars.js';
import { Checker } from './compiler/types/check.js';
import { Ctx } from './eval/context.js';
import { Evaluator } from './eval/evaluator.js';
import { checkDataNodes, checkInputNodes, checkPolicySize } from './size-limits.js';
import type { Value } from './value/types.js';

export interface CompileOptions {
  modules: Array<ModuleInput | Module>;
  data?: Value;
  regoVersion?: RegoVersion;
  strict?: boolean;
  builtins?: Record<string, HostBuiltin>;
  /** Builtins returning promises; queries calling them must use `evaluateAsync`. */
  asyncBuiltins?: Record<string, AsyncHostBuiltin>;
  /**
   * Reject rules whose path collides with `data` (default true, as OPA's `rego` API and
   * `opa eval`); OPA's conformance harness compiles without the check (base data wins).
   */
  checkDataConflicts?: boolean;
  /**
   * Reject modules whose sources total more than this many UTF-8 bytes (`rego_compile_error`,
   * before parsing). Already parsed `Module`s are not counted. Off by default.
   */
  maxPolicyBytes?: number;
  /**
   * Reject base `data` holding more than this many values (counted as `maxInputNodes`) with
   * `rego_compile_error`, before compiling. Off by default.
   */
  maxDataNodes?: number;
}

export interface PrepareOptions {
  /** Treat every query expression as a test (a lone `false` expression gives no result). */
  truthy?: boolean;
}

export interface EvaluateOptions {
  input?: Value;
  /**
   * Base data (default: the policy's). Treated as immutable: what the evaluator derives from
   * it (sorted keys of large objects, join indexes) is cached by object identity, so a changed
   * document must be a new object (and so must every object above it).
   */
  data?: Value;
  strictBuiltinErrors?: boolean;
  print?: (msg: string) => void;
  /** Receives the notes of `trace(note)` calls. */
  trace?: (note: string) => void;
  /**
   * Coverage: receives the location of every expression before it is evaluated and of every
   * rule definition that produced a value (OPA's coverage tracer counts these rows).
   */
  cover?: (loc: Location) => void;
  signal?: AbortSignal;
  /** Absolute time (ms since the epoch) after which evaluation is cancelled. */
  deadline?: number;
  maxSteps?: number;
  /**
   * Reject an `input` holding more than this many values (every element and object value,
   * nested ones included) with `eval_cancel_error`, before evaluating. Off by default.
   */
  maxInputNodes?: number;
  /**
   * Reject the `data` given to this evaluation when it holds more than this many values, as
   * `maxInputNodes` does (the policy's own base data is checked by `compile`). Off by default.
   */
  maxDataNodes?: number;
  /** Host capabilities for builtins that reach outside the policy (opa.runtime, http.send). */
  host?: BuiltinHost;
}

export interface ExpressionResult {
  value: Value;
  text: string;
  location: { row: number; col: number };
}
export interface QueryResult {
  expressions: ExpressionResult[];
  bindings: Record<string, Value>;
}
export type ResultSet = QueryResult[];

function mergeBuiltins(host: Record<string, HostBuiltin> | undefined, asyncHost?: Record<string, AsyncHostBuiltin>): ReadonlyMap<string, BuiltinDef> {
  // Compiling only reads the map: without host builtins, share the defaults (no copy per compile).
  if (!host && !asyncHost) return sharedDefaultBuiltins();
  const m = defaultBuiltins();
  if (asyncHost) for (const [name, h] of Object.entries(asyncHost)) m.set(name, asyncBuiltinDef(name, h));
  if (host) {
    for (const [name, h] of Object.entries(host)) {
      m.set(name, { name, decl: h.decl ?? { type: 'function', args: [], variadic: { type: 'any' } }, fn: h.fn });
    }
  }
  return m;
}

/** OPA's names of the query's generated variables, where an order depends on them. */
function localNames(body: Body, modules: readonly Module[]): { localNumbers?: ReturnType<typeof opaQueryLocalNames> } {
  const names = opaQueryLocalNames(body, modules);
  return names ? { localNumbers: names } : {};
}

export class CompiledPolicy {
  private readonly prepared = new Map<string, PreparedQuery>();
  /** Per-policy builtin cache (compiled regexes, globs …). */
  readonly builtinCache = new Map<string, unknown>();

  constructor(
    readonly compiled: CompiledModules,
    readonly data: Value,
  ) {}

  /**
   * Prepares a query. Like `opa eval`, a query made of one expression reports its value even
   * when it is `false`; `{ truthy: true }` makes every expression a test (OPA's topdown).
   */
  prepare(query: string, opts: PrepareOptions = {}): PreparedQuery {
    const key = (opts.truthy ? 't:' : 'v:') + query;
    let p = this.prepared.get(key);
    if (!p) {
      const r = parseQuery(query, { file: '', regoVersion: 'v1' });
      if (r.errors.length || !r.body) throw new RegoErrors(r.errors);
      p = this.prepareBody(r.body, query, opts);
      this.prepared.set(key, p);
    }
    return p;
  }

  /** Prepares an already parsed query body (`source` gives expression texts). */
  prepareBody(body: Body, source: string, opts: PrepareOptions = {}): PreparedQuery {
    // OPA's query compiler refuses a query with no expression (`opa eval '  '`).
    if (!body.length) throw new RegoErrors([new RegoError('rego_compile_error', 'empty query cannot be compiled', undefined)]);
    const sink = new ErrorSink();
    const resolver = new Resolver({
      root: this.compiled.root,
      builtins: this.compiled.builtins,
      globals: new Map(),
      error: (code, msg, loc) => sink.add(code, msg, loc),
      recordExprs: true,
      v1: true,
      ...localNames(body, this.compiled.modules),
    });
    const frame = new Frame();
    const scope = new Scope(undefined, frame);
    resolver.prepare(body, scope);
    const mains: Lit[] = [];
    const inOrder = resolver.body(body, scope, [], mains);
    const loc: Location = body[0]?.location ?? { file: '', row: 1, col: 1, offset: 0, end: 0 };
    const lits = resolver.finishBody(inOrder, scope, [], loc);
    if (resolver.templates) {
      checkTemplateVars(lits, [], [], {
        info: { wildcards: frame.wildcards },
        name: (slot) => displayName(frame.names[slot]!),
        error: (msg, at) => sink.add('rego_compile_error', msg, at),
      });
    }
    checkUnused(resolver.env, frame, false);
    sink.throwIfAny();
    const checker = new Checker(this.compiled.ruleTypes);
    checker.captureQueryValues = !opts.truthy;
    checker.rewriteEquals = false;
    checker.localPrefix = '__localq';
    const { errors: typeErrors } = checker.checkBody(undefined, lits);
    for (const e of typeErrors) sink.errors.push(new RegoError('rego_type_error', e.msg, e.loc, e.details));
    sink.throwIfAny();
    // `opa eval` keeps a lone expression's `false` value unless the expression iterates.
    if (!opts.truthy && body.length === 1 && lits.length === 1 && lits[0]!.k === 'term' && lits[0]!.slot !== undefined && !exprIterates(body[0]!)) {
      lits[0] = { ...lits[0]!, keepFalse: true };
      mains[0] = lits[0]!;
    }
    const vars: Array<[string, number]> = [];
    for (const [name, slot] of scope.vars) if (!name.startsWith('$') && !name.startsWith('__')) vars.push([name, slot]);
    const exprs = body.map((e, i) => ({
      lit: mains[i]!,
      text: source.slice(e.location.offset, e.location.end),
      location: { row: e.location.row, col: e.location.col },
    }));
    return new PreparedQuery(this, lits, frame.n, vars, exprs);
  }

  /** Evaluates a rule by path (`data.pkg.rule` or `pkg/rule`). */
  evaluate(path: string, opts: EvaluateOptions = {}): { result?: Value } {
    const q = path.startsWith('data') ? path : 'data.' + path.split('/').filter(Boolean).map(refPart).join('');
    const rs = this.prepare(q.replace(/^data\./, 'data.')).evaluate(opts);
    return rs.length ? { result: rs[0]!.expressions[0]!.value } : {};
  }
}

function refPart(s: string, i: number): string {
  const ident = /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(s);
  if (i === 0) return ident ? s : `[${JSON.stringify(s)}]`;
  return ident ? `.${s}` : `[${JSON.stringify(s)}]`;
}

interface ExprInfo {
  lit: Lit;
  text: string;
  location: { row: number; col: number };
}

export class PreparedQuery {
  constructor(
    readonly policy: CompiledPolicy,
    private readonly lits: Lit[],
    private readonly nslots: number,
    private readonly vars: Array<[string, number]>,
    private readonly exprs: ExprInfo[],
  ) {}

  /** Names of the user-visible variables of the query. */
  get variables(): string[] {
    return this.vars.map((v) => v[0]);
  }

  evaluate(opts: EvaluateOptions = {}): ResultSet {
    checkInput(opts);
    return this.run(opts, Date.now(), undefined);
  }

  /**
   * Evaluates a query that may call asynchronous host builtins: awaits their calls and
   * replays the (pure, synchronous) evaluation with the results, at most `maxRounds` times.
   */
  async evaluateAsync(opts: EvaluateOptions = {}, maxRounds = 64): Promise<ResultSet> {
    checkInput(opts);
    const nowMs = Date.now();
    const state: AsyncState = { results: new Map(), pending: new Map() };
    // One per-query cache for all rounds, so rand/uuid values stay stable between replays.
    const queryCache = new Map<string, unknown>([[ASYNC_STATE, state]]);
    for (let round = 0; ; round++) {
      state.pending.clear();
      let rs: ResultSet | undefined;
      let error: unknown;
      try {
        rs = this.run(opts, nowMs, queryCache);
      } catch (e) {
        error = e;
      }
      if (state.pending.size === 0) {
        if (error !== undefined) throw error;
        return rs!;
      }
      if (round >= maxRounds) throw new RegoError('eval_cancel_error', 'asynchronous builtins: too many evaluation rounds');
      await Promise.all(
        [...state.pending].map(async ([key, call]) => {
          try {
            state.results.set(key, { v: await call() });
          } catch (e) {
            state.results.set(key, { err: e });
          }
        }),
      );
    }
  }

  /** `nowMs`: the query's fixed clock (ms); `queryCache`: per-query builtin memo (kept across async rounds). */
  private run(opts: EvaluateOptions, nowMs: number, queryCache: Map<string, unknown> | undefined): ResultSet {
    // The evaluator polls the signal every so many steps; an already-aborted signal must
    // cancel even an evaluation too short to reach the first poll.
    if (opts.signal?.aborted) throw new RegoError('eval_cancel_error', 'caller cancelled query execution');
    const policy = this.policy;
    const strict = !!opts.strictBuiltinErrors;
    const bctx: BuiltinContext = {
      strict,
      nowNs: () => BigInt(nowMs) * 1_000_000n,
      cache: policy.builtinCache,
      queryCache: queryCache ?? new Map(),
      host: opts.host ?? NO_HOST,
    };
    if (opts.print) bctx.print = opts.print;
    const ctx = new Ctx(opts.input, opts.data ?? policy.data, undefined, undefined);
    const ev = new Evaluator(ctx, policy.compiled.root, bctx, strict, opts.print, opts);
    if (opts.trace) ev.traceHook = opts.trace;
    if (opts.cover) ev.coverHook = opts.cover;
    const f: Array<Value | undefined> = new Array(this.nslots);
    const out: ResultSet = [];
    try {
      ev.body(this.lits, 0, f, () => {
        const bindings: Record<string, Value> = {};
        for (const [name, slot] of this.vars) {
          const v = f[slot];
          if (v !== undefined) bindings[name] = v;
        }
        const expressions = this.exprs.map((e) => ({
          value: (e.lit.k === 'term' && e.lit.slot !== undefined ? f[e.lit.slot] : true) as Value,
          text: e.text,
          location: e.location,
        }));
        out.push({ expressions, bindings });
        return false;
      });
    } catch (e) {
      throw toRegoError(e);
    } finally {
      ev.releaseMemos();
    }
    if (strict && ev.builtinErrors.length) throw ev.builtinErrors[0]!;
    return out;
  }
}

const NO_HOST: BuiltinHost = Object.freeze({});

/** The opt-in input and data limits, checked once per evaluation (not per `evaluateAsync` round). */
function checkInput(opts: EvaluateOptions): void {
  if (opts.maxInputNodes !== undefined && opts.input !== undefined) checkInputNodes(opts.input, opts.maxInputNodes);
  if (opts.maxDataNodes !== undefined && opts.data !== undefined) checkDataNodes(opts.data, opts.maxDataNodes, 'evaluate');
}

function toRegoError(e: unknown): unknown {
  if (e instanceof RegoError || e instanceof RegoErrors) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new RegoError('eval_internal_error', 'evaluation exceeded the maximum nesting depth (data or rule chain too deep)');
  }
  return e;
}

/** Compiles modules (and base data) into an immutable policy. Throws `RegoErrors`. */
export function compile(opts: CompileOptions): CompiledPolicy {
  if (opts.maxPolicyBytes !== undefined) checkPolicySize(opts.modules, opts.maxPolicyBytes);
  if (opts.maxDataNodes !== undefined && opts.data !== undefined) checkDataNodes(opts.data, opts.maxDataNodes, 'compile');
  const input: Parameters<typeof compileModules>[0] = { modules: opts.modules, builtins: mergeBuiltins(opts.builtins, opts.asyncBuiltins) };
  if (opts.regoVersion) input.regoVersion = opts.regoVersion;
  if (opts.strict) input.strict = opts.strict;
  let compiled: CompiledModules;
  try {
    compiled = compileModules(input);
  } catch (e) {
    if (e instanceof RangeError) throw new RegoErrors([new RegoError('rego_compile_error', 'policy too deeply nested')]);
    throw e;
  }
  if (opts.data !== undefined && opts.data !== null && opts.checkDataConflicts !== false) {
    const conflicts = dataConflicts(compiled.root, opts.data);
    if (conflicts.length) throw new RegoErrors(conflicts);
  }
  return new CompiledPolicy(compiled, opts.data ?? {});
}
