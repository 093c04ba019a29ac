/** Small helpers for evaluator tests: compile modules, run a query, return JSON bindings. */
import { compile, toJSON, type Value } from '../../src/index.js';
import type { RegoVersion } from '@rego-ts/rego-parser';

export interface RunOpts {
  input?: Value;
  data?: Value;
  v0?: boolean;
  strictBuiltinErrors?: boolean;
  strict?: boolean;
}

/** Bindings of every solution, as JSON (sets → sorted arrays). */
export function run(mods: string | string[], query: string, opts: RunOpts = {}): unknown[] {
  const list = Array.isArray(mods) ? mods : [mods];
  const regoVersion: RegoVersion = opts.v0 ? 'v0' : 'v1';
  const policy = compile({ modules: list.map((source, i) => ({ file: `m${i}.rego`, source })), data: opts.data ?? {}, regoVersion, strict: !!opts.strict });
  const evalOpts: Parameters<ReturnType<typeof policy.prepare>['evaluate']>[0] = {};
  if (opts.input !== undefined) evalOpts.input = opts.input;
  if (opts.strictBuiltinErrors) evalOpts.strictBuiltinErrors = true;
  return policy.prepare(query).evaluate(evalOpts).map((r) => toJSON(r.bindings as Value));
}

/** The value of `x` in the single solution of `x := <expr>`-style queries (undefined if none). */
export function val(mods: string | string[], query: string, opts: RunOpts = {}): unknown {
  const rs = run(mods, query, opts) as Array<Record<string, unknown>>;
  return rs.length ? rs[0]!['x'] : undefined;
}

/** The error thrown while compiling or evaluating, as `code: message` lines. */
export function err(mods: string | string[], query: string, opts: RunOpts = {}): string {
  try {
    run(mods, query, opts);
  } catch (e) {
    const errs = (e as { errors?: Array<{ code: string; message: string }> }).errors;
    if (errs) return errs.map((x) => `${x.code}: ${x.message}`).join('\n');
    const x = e as { code?: string; message: string };
    return `${x.code}: ${x.message}`;
  }
  return 'no error';
}

/** Compile errors as `code: message @row:col`, sorted (modules: `package p`, the rule on line 3). */
export function located(rules: string): string[] {
  try {
    run(`package p\n\n${rules}`, 'x := 1');
  } catch (e) {
    const errs = (e as { errors?: Array<{ code: string; message: string; location?: { row: number; col: number } }> }).errors ?? [];
    return errs.map((x) => `${x.code}: ${x.message} @${x.location?.row}:${x.location?.col}`).sort();
  }
  return [];
}
