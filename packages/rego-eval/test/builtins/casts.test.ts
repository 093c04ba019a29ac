import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('casts builtins', () => {
  pinned([
    ["to_number(\"10\")", "10"],
    ["to_number(\"1e3\")", "1e3"],
    ["to_number(\"0x10\")", "error: eval_builtin_error: to_number: strconv.ParseFloat: parsing \"0x10\": invalid syntax"],
    ["to_number(\" 1\")", "error: eval_builtin_error: to_number: strconv.ParseFloat: parsing \" 1\": invalid syntax"],
    ["to_number(true)", "1"],
    ["to_number(null)", "0"],
    ["to_number(\"-1.5\")", "-1.5"],
    ["to_number(\"inf\")", "error: eval_type_error: to_number: operand 1 must be valid number string but got string"],
    ["to_number(\"-Infinity\")", "error: eval_type_error: to_number: operand 1 must be valid number string but got string"],
    ["to_number(\"1e400\")", "error: eval_builtin_error: to_number: strconv.ParseFloat: parsing \"1e400\": value out of range"],
    ["to_number(\"\")", "error: eval_builtin_error: to_number: strconv.ParseFloat: parsing \"\": invalid syntax"],
    ["to_number([])", "error: eval_type_error: to_number: operand 1 must be one of {null, boolean, number, string} but got array"],
    ["cast_array({3, 1})", "[1,3]"],
    ["cast_set([1, 1, 2])", "[1,2]"],
    ["cast_string(1)", "error: eval_type_error: cast_string: operand 1 must be string but got number"],
    ["cast_boolean(true)", "true"],
    ["cast_null(null)", "null"],
    ["cast_object({\"a\": 1})", "{\"a\":1}"],
  ]);
});
