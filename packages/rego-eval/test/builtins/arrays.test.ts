import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('arrays builtins', () => {
  pinned([
    // Integer operands: any int64, as OPA's Number.Int (past 2^53 too).,
    ["array.slice([1, 2, 3], 1, 9007199254740994)", "[2,3]"],
    ["array.slice([], -2, 9007199254740994)", "[]"],
    ["array.slice([1, 2, 3], 1, 92233720368547758070)", "error: eval_type_error: array.slice: operand 3 must be integer number but got floating-point number"],
    ["array.slice([1, 2, 3], 1, 1e2)", "error: eval_type_error: array.slice: operand 3 must be integer number but got floating-point number"],
    ["array.concat([1], [2, 3])", "[1,2,3]"],
    ["array.concat([], [2])", "[2]"],
    ["array.concat(1, [2])", "error: eval_type_error: array.concat: operand 1 must be array but got number"],
    ["array.flatten([1, [2, [3]], [], 4])", "[1,2,[3],4]"],
    ["array.reverse([1, 2, 3])", "[3,2,1]"],
    ["array.slice([1, 2, 3, 4], 1, 3)", "[2,3]"],
    ["array.slice([1, 2, 3], -1, 10)", "[1,2,3]"],
    ["array.slice([1, 2, 3], 2, 1)", "[]"],
    ["array.slice([1, 2, 3], 1.5, 2)", "error: eval_type_error: array.slice: operand 2 must be integer number but got floating-point number"],
  ]);
});
