/**
 * Undeclared variables named like a built-in function (`count = 1`, `input.a[sum]`). OPA's
 * compiler renames only declared variables (`:=`, `some`, arguments), and its type checker
 * looks a name up in the rule's scopes and then in the global environment, where every
 * built-in sits under its name: such a variable has the function's type there, so
 * `count = 1` is a type error ("match error", left the function type). The resolver marks
 * those variable terms; the checker gives them that type.
 */
import type { BuiltinDef } from '../eval/builtin-types.js';
import type { VarT } from './ir.js';

const BUILTIN_VARS = new WeakMap<VarT, BuiltinDef>();

export function markBuiltinVar(v: VarT, def: BuiltinDef): void {
  BUILTIN_VARS.set(v, def);
}

/** The built-in an undeclared variable is named after, if any. */
export function builtinOfVar(v: VarT): BuiltinDef | undefined {
  return BUILTIN_VARS.get(v);
}
