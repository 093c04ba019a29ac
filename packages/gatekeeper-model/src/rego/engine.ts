/**
 * The seam between the Gatekeeper model and a Rego implementation: parse modules to the
 * rego-parser AST, compile them once, prepare a query once, evaluate it many times.
 * `defaultRegoEngine()` binds it to @rego-ts/rego-parser and @rego-ts/rego-eval; tests may
 * substitute a fake.
 */
import type { Module, RegoError } from '@rego-ts/rego-parser';

export type RegoVersion = 'v0' | 'v1';

/** Opt-in resource limits of one evaluation (see `RegoLimits`); a hit is an evaluation error. */
export interface EngineEvaluationLimits {
  maxSteps?: number;
  /** Absolute time (ms since the epoch). */
  deadline?: number;
  maxInputNodes?: number;
  maxDataNodes?: number;
}

export interface EngineEvaluateOptions {
  input: unknown;
  /** Base documents for this evaluation (here: `{inventory}`). */
  data?: unknown;
  print?: (msg: string) => void;
  limits?: EngineEvaluationLimits;
}

export interface EngineResult {
  expressions: Array<{ value: unknown }>;
  bindings?: Record<string, unknown>;
}

export interface EngineQuery {
  evaluate(opts: EngineEvaluateOptions): EngineResult[];
}

export interface EngineProgram {
  prepare(query: string): EngineQuery;
}

export interface RegoEngine {
  parseModule(source: string, opts: { file: string; regoVersion: RegoVersion }): { module?: Module; errors: RegoError[] };
  /** Compiles parsed (and rewritten) modules; throws `RegoErrors`/`RegoError` on compile errors. */
  compile(modules: Module[], opts: { enablePrint: boolean }): EngineProgram;
}
