import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('deprecated builtins', () => {
  pinned([
    ["any([false, true])", "true"],
    ["any(set())", "false"],
    ["all([true, true])", "true"],
    ["all([])", "true"],
    ["all([1])", "false"],
  ]);
});
