/** The builtin interface as the evaluator uses it (defined by `src/builtins/contract.ts`). */
import type { Value } from '../value/types.js';
import type { BuiltinContext, FunctionDecl } from '../builtins/contract.js';

export type { BuiltinContext, BuiltinDef, BuiltinFn, FunctionDecl } from '../builtins/contract.js';

/** A host-provided builtin passed to `compile({ builtins })`. */
export interface HostBuiltin {
  decl?: FunctionDecl;
  fn: (args: Value[], ctx: BuiltinContext) => Value | undefined;
}
