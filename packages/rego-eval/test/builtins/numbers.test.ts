import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('numbers builtins', () => {
  pinned([
    ["rand.intn(\"a\", 9007199254740994) >= 0", "true"],
    ["numbers.range(1, 3)", "[1,2,3]"],
    ["numbers.range(3, 1)", "[3,2,1]"],
    ["numbers.range(1, 1)", "[1]"],
    ["numbers.range(1.5, 3)", "error: eval_type_error: numbers.range: operand 1 must be integer number but got floating-point number"],
    ["numbers.range(\"a\", 3)", "error: eval_type_error: numbers.range: operand 1 must be integer but got string"],
    ["numbers.range(18446744073709551616, 18446744073709551618)", "[18446744073709551616,18446744073709551617,18446744073709551618]"],
    ["numbers.range_step(0, 10, 3)", "[0,3,6,9]"],
    ["numbers.range_step(10, 0, 3)", "[10,7,4,1]"],
    ["numbers.range_step(0, 10, 0)", "error: eval_builtin_error: numbers.range_step: numbers.range_step: step must be a positive integer"],
    ["numbers.range_step(0, 10, -1)", "error: eval_builtin_error: numbers.range_step: numbers.range_step: step must be a positive integer"],
    ["abs(-1.5)", "1.5"],
    ["max([1, 1.0])", "1.0"],
    ["product([-1, 0])", "-0"],
    ["product([1, 0])", "0"],
    ["min([1.0, 1])", "1"],
    ["(0 * -2.5) * 1.5", "-0"],
    ["sprintf(\"%v\", [(0 * -2.5) * 1.5])", "\"0\""],
    ["json.marshal((0 * -2.5) * 1.5)", "\"-0\""],
    // OPA multiplies integers as integers only inside (-1000, 1000); beyond, big.Float keeps -0.
    ["-5 * 0", "0"],
    ["0 * -999", "0"],
    ["0 * -1000", "-0"],
    ["-5000 * 0", "-0"],
    ["5000 * -0", "-0"],
    ["-68256000000000002 * 0", "-0"],
    ["-100000000000000000000000 * 0", "-0"],
    ["time.add_date(-2, -2, -2, -2) * 0", "-0"],
    ["-5000 + 5000", "0"],
    ["format_int((0 * -2.5) * 1.5, 10)", "\"0\""],
    // OPA 1.17 rounds integers beyond 2^64 to 64-bit precision; we keep them exact (OPA 1.19+).
    ["abs(-18446744073709551617)", "18446744073709551617"],
    ["round(2.5)", "3"],
    ["round(-2.5)", "-3"],
    ["ceil(1.000000000000000000001)", "1"],
    ["floor(-0.5)", "0"],
    ["abs(\"a\")", "error: eval_type_error: abs: operand 1 must be number but got string"],
    ["rand.intn(\"x\", 0)", "0"],
  ]);
});
