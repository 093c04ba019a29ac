import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('bits builtins', () => {
  pinned([
    ["bits.and(12, 10)", "8"],
    ["bits.or(12, 10)", "14"],
    ["bits.xor(12, 10)", "6"],
    ["bits.negate(5)", "-6"],
    ["bits.negate(-1)", "0"],
    ["bits.lsh(1, 70)", "1180591620717411303424"],
    ["bits.rsh(-16, 2)", "-4"],
    ["bits.lsh(1, -1)", "error: eval_type_error: bits.lsh: operand 2 must be an unsigned integer number but got a negative integer"],
    ["bits.and(1.5, 1)", "error: eval_type_error: bits.and: operand 1 must be integer number but got floating-point number"],
    ["bits.and(\"a\", 1)", "error: eval_type_error: bits.and: operand 1 must be integer but got string"],
  ]);
});
