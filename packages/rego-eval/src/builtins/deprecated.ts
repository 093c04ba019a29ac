/** Deprecated builtins still needed by v0 policies: re_match, any, all, set_diff (casts in casts.ts). */
import { RegoSet, type Value } from '../value/types.js';
import { set } from './args.js';
import { typeErr } from './errors.js';
import { setMinus } from './operators.js';
import { regexMatch } from './regex.js';
import type { BuiltinTable } from './registry.js';

function elems(v: Value): Value[] {
  if (Array.isArray(v)) return v;
  if (v instanceof RegoSet) return [...v.map.values()];
  throw typeErr(1, v, 'array', 'set');
}

export const deprecatedBuiltins: BuiltinTable = {
  re_match: regexMatch,
  any: (args) => elems(args[0]!).some((e) => e === true),
  all: (args) => elems(args[0]!).every((e) => e === true),
  set_diff: (args) => setMinus(set(args, 0), set(args, 1)),
};
