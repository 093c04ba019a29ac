import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('sets builtins', () => {
  pinned([
    ["intersection({{1, 2, 3}, {2, 3}, {3, 2, 5}})", "[2,3]"],
    ["intersection(set())", "[]"],
    ["union({{1}, {2, 1}, set()})", "[1,2]"],
    ["union({1})", "error: eval_type_error: union: operand 1 must be set but got number"],
    ["set_diff({1, 2}, {2})", "[1]"],
  ]);
});
