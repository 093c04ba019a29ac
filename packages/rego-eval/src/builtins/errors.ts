/**
 * OPA's builtin error messages (v1/topdown/builtins/builtins.go). Builtin implementations
 * throw these *without* their name; `defineBuiltins` prefixes `<name>: ` as OPA's
 * `handleBuiltinErr` does, so an alias (re_match / regex.match) reports its own name.
 */
import { typeOf, type Value } from '../value/types.js';
import { BuiltinError } from './contract.js';

/** `operand N must be <t> but got <type>` / `operand N must be one of {a, b} but got <type>`. */
export function typeErr(pos: number, got: Value, ...expected: string[]): BuiltinError {
  const want = expected.length === 1 ? expected[0]! : `one of {${expected.join(', ')}}`;
  return new BuiltinError('eval_type_error', `operand ${pos} must be ${want} but got ${typeOf(got)}`);
}

/** `operand N must be array of strings but got array containing number`. */
export function elemErr(pos: number, composite: Value, got: Value, ...expected: string[]): BuiltinError {
  const t = typeOf(composite);
  const want = expected.length === 1 ? `${t} of ${expected[0]}s` : `${t} of (any of) {${expected.join(', ')}}`;
  return new BuiltinError('eval_type_error', `operand ${pos} must be ${want} but got ${t} containing ${typeOf(got)}`);
}

/** `operand N <message>` as a type error (free-form operand errors). */
export function operandErr(pos: number, message: string): BuiltinError {
  return new BuiltinError('eval_type_error', `operand ${pos} ${message}`);
}

/** Any other failure: eval_builtin_error. */
export function fail(message: string): BuiltinError {
  return new BuiltinError('eval_builtin_error', message);
}
