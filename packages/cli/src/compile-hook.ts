/**
 * The compile stage of `rego-ts check`. Parsing is done by the CLI; compile-time checks
 * (unsafe variables, type errors, recursion, …) come from the evaluator package. Until it
 * exports a compiler, `check` stops after parsing. The hook can also be set explicitly
 * (tests, embedders) with `setCompileHook`.
 */
import { RegoError } from '@rego-ts/rego-parser';
import type { LoadedModule, RegoVersionFlag } from './modules.js';

export interface CompileCheckOptions {
  strict: boolean;
  regoVersion: RegoVersionFlag;
}

/** Returns the compile errors of the modules taken together (empty when they compile). */
export type CompileHook = (modules: LoadedModule[], opts: CompileCheckOptions) => RegoError[] | Promise<RegoError[]>;

let explicitHook: CompileHook | null | undefined;

export function setCompileHook(hook: CompileHook | null): void {
  explicitHook = hook;
}

type CompileFn = (args: { modules: unknown[]; regoVersion?: string; strict?: boolean }) => unknown;

/** The hook in effect: an explicit one, else one built on `@rego-ts/rego-eval`'s `compile`. */
export async function compileHook(): Promise<CompileHook | undefined> {
  if (explicitHook !== undefined) return explicitHook ?? undefined;
  if (process.env.REGO_TS_CHECK_PARSE_ONLY) return undefined;
  let compile: CompileFn | undefined;
  try {
    const evalPkg = (await import('@rego-ts/rego-eval')) as Record<string, unknown>;
    if (typeof evalPkg.compile === 'function') compile = evalPkg.compile as CompileFn;
  } catch {
    return undefined;
  }
  if (!compile) return undefined;
  const fn = compile;
  return (modules, opts) => {
    try {
      fn({ modules: modules.map((m) => m.module), regoVersion: opts.regoVersion, strict: opts.strict });
      return [];
    } catch (e) {
      const list = (e as { errors?: unknown }).errors;
      if (Array.isArray(list)) return list.filter((x): x is RegoError => x instanceof RegoError);
      if (e instanceof RegoError) return [e];
      throw e;
    }
  };
}

/** opa stops at `-m N` errors and adds one saying so (0 means no limit). */
export function applyErrorLimit(errors: RegoError[], max: number): RegoError[] {
  if (max <= 0 || errors.length <= max) return errors;
  return [...errors.slice(0, max), new RegoError('rego_compile_error', 'error limit reached')];
}
