/**
 * What the known classes about unsafe variables share: rego-ts rejects a module *only* with
 * `var x is unsafe` errors, each at an expression a class accepts, while opa reports no unsafe
 * var. The classes differ only in which expressions they accept.
 */
import { compile } from '@rego-ts/rego-eval';
import { parseModule, RegoErrors, type Module, type RegoError } from '@rego-ts/rego-parser';
import type { Outcome } from './outcome.js';

/** rego-ts's outcome is unsafe-var errors only, opa's has none. */
export function onlyRegoTsUnsafe(opa: Outcome, ts: Outcome): boolean {
  return (
    !(opa.kind === 'compile_error' && opa.codes.includes('rego_unsafe_var_error')) &&
    ts.kind === 'compile_error' &&
    ts.codes.length > 0 &&
    ts.codes.every((c) => c === 'rego_unsafe_var_error')
  );
}

/**
 * Whether compiling `source` fails with unsafe-var errors only, each accepted by `at` (the var's
 * name and the error's row and column, given the parsed module).
 */
export function unsafeOnlyWhere(source: string, at: (module: Module) => (name: string, row: number, col: number) => boolean): boolean {
  const { module } = parseModule(source);
  if (!module) return false;
  let errors: readonly RegoError[];
  try {
    compile({ modules: [{ file: 'm.rego', source }] });
    return false;
  } catch (e) {
    if (!(e instanceof RegoErrors)) return false;
    errors = e.errors;
  }
  const ok = at(module);
  return (
    errors.length > 0 &&
    errors.every((err) => {
      const name = /^var (\S+) is unsafe$/.exec(err.message)?.[1];
      const loc = err.location;
      return err.code === 'rego_unsafe_var_error' && name !== undefined && loc !== undefined && ok(name, loc.row, loc.col);
    })
  );
}
