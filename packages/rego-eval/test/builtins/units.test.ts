import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('units builtins', () => {
  pinned([
    ["units.parse(\"100m\")", "0.1000000000"],
    ["units.parse(\"1500m\")", "1.5000000000"],
    ["units.parse(\"1000m\")", "1.0000000000"],
    ["units.parse(\"1.5Gi\")", "1610612736"],
    ["units.parse(\"2.5\")", "2.5000000000"],
    ["units.parse(\"1e3\")", "1000"],
    ["units.parse(\"1e\")", "1000000000000000000"],
    ["units.parse(\"1E\")", "1000000000000000000"],
    ["units.parse(\"5MI\")", "5242880"],
    ["units.parse(\"5mi\")", "5242880"],
    ["units.parse(\"5M\")", "5000000"],
    ["units.parse(\"\\\"5k\\\"\")", "5000"],
    ["units.parse(\"5 k\")", "error: eval_builtin_error: units.parse: units.parse: spaces not allowed in resource strings"],
    ["units.parse(\"k\")", "error: eval_builtin_error: units.parse: units.parse: no amount provided"],
    ["units.parse(\"5x\")", "error: eval_builtin_error: units.parse: units.parse: unit x not recognized"],
    ["units.parse(\"1.2.3\")", "error: eval_builtin_error: units.parse: units.parse: could not parse amount to a number"],
    ["units.parse(\"-1.5m\")", "-0.0015000000"],
    ["units.parse(\"1e1234567\")", "error: eval_builtin_error: units.parse: units.parse: exponent too large"],
    ["units.parse(\"0.33m\")", "0.0003300000"],
    ["units.parse(\"12345678901234567890Ei\")", "14233598694204363376410106750713200640"],
    ["units.parse(\"\")", "error: eval_builtin_error: units.parse: units.parse: no amount provided"],
    ["units.parse_bytes(\"1.5Ki\")", "1536"],
    ["units.parse_bytes(\"1.1\")", "1"],
    ["units.parse_bytes(\"0.5k\")", "500"],
    ["units.parse_bytes(\"10KB\")", "10000"],
    ["units.parse_bytes(\"foo\")", "error: eval_builtin_error: units.parse_bytes: units.parse_bytes: no byte amount provided"],
    ["units.parse_bytes(\"\")", "error: eval_builtin_error: units.parse_bytes: units.parse_bytes: no byte amount provided"],
    ["units.parse_bytes(\"0.0.0\")", "error: eval_builtin_error: units.parse_bytes: units.parse_bytes: could not parse byte amount to a number"],
    ["units.parse_bytes(\"12345678901234567890EiB\")", "14233598694204363376410106750713200640"],
    ["units.parse_bytes(\"-1kb\")", "-1000"],
    ["units.parse_bytes(\"1e3\")", "1000"],
  ]);
});
