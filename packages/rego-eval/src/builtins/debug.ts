/**
 * print / internal.print / trace. `print` has no result in OPA; here it returns `true` so
 * that a call used as a statement succeeds. Output goes to `ctx.print` when set.
 */
import type { Value } from '../value/types.js';
import { str } from './args.js';
import { typeErr } from './errors.js';
import type { BuiltinTable } from './registry.js';
import { printCombinations, printText } from './strings.js';

export const debugBuiltins: BuiltinTable = {
  /** The compiler's form: one operand array, each element a set of the expression's values. */
  'internal.print'(args, ctx) {
    const v = args[0]!;
    if (!Array.isArray(v)) throw typeErr(1, v, 'array');
    if (!ctx.print) return true;
    for (const combo of printCombinations(v)) ctx.print(combo.join(' '));
    return true;
  },
  /** Direct calls with plain values (when the evaluator does not rewrite print). */
  print(args, ctx) {
    ctx.print?.(args.map((a: Value) => printText(a)).join(' '));
    return true;
  },
  trace(args) {
    str(args, 0);
    return true;
  },
};
