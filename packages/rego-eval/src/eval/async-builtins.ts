/**
 * Asynchronous host builtins (`compile({ asyncBuiltins })`, `evaluateAsync`). Evaluation stays
 * synchronous: a call whose result is not known yet is recorded and treated as undefined;
 * `evaluateAsync` then awaits the recorded calls and replays the query with their results,
 * until a round completes without new calls. Policies are pure, so the last round's result is
 * exactly what a truly asynchronous evaluator would produce.
 */
import { BuiltinError, type BuiltinContext, type BuiltinDef, type FunctionDecl } from '../builtins/contract.js';
import { hashKey } from '../value/hash.js';
import type { Value } from '../value/types.js';

export interface AsyncHostBuiltin {
  decl?: FunctionDecl;
  fn: (args: Value[], ctx: BuiltinContext) => Promise<Value | undefined>;
}

/** Key of the per-query state in `BuiltinContext.queryCache`. */
export const ASYNC_STATE = '\u0000async-builtins';

export interface AsyncState {
  results: Map<string, { v: Value | undefined } | { err: unknown }>;
  pending: Map<string, () => Promise<Value | undefined>>;
}

export function asyncBuiltinDef(name: string, h: AsyncHostBuiltin): BuiltinDef {
  return {
    name,
    decl: h.decl ?? { type: 'function', args: [], variadic: { type: 'any' } },
    nondeterministic: true,
    fn: (args, ctx) => {
      const st = ctx.queryCache?.get(ASYNC_STATE) as AsyncState | undefined;
      if (!st) throw new BuiltinError('eval_builtin_error', `${name}: asynchronous builtin: use evaluateAsync`);
      let key = name;
      for (const a of args) key += '\u0001' + hashKey(a);
      const r = st.results.get(key);
      if (r) {
        if ('err' in r) {
          const e = r.err;
          if (e instanceof BuiltinError) throw e;
          throw new BuiltinError('eval_builtin_error', `${name}: ${e instanceof Error ? e.message : String(e)}`);
        }
        return r.v;
      }
      if (!st.pending.has(key)) st.pending.set(key, () => h.fn(args, ctx));
      return undefined;
    },
  };
}
