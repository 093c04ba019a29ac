import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('types builtins', () => {
  pinned([
    ["trace(\"x\")", "true"],
    ["type_name(set())", "\"set\""],
    ["type_name({\"a\": 1})", "\"object\""],
    ["is_number(1.5)", "true"],
    ["is_string(1)", "false"],
  ]);
});
