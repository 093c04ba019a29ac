import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('semver builtins', () => {
  pinned([
    ["semver.compare(\"1.2.3\", \"1.2.4\")", "-1"],
    ["semver.compare(\"1.2.3-alpha\", \"1.2.3\")", "-1"],
    ["semver.compare(\"1.2.3-alpha.1\", \"1.2.3-alpha.beta\")", "-1"],
    ["semver.compare(\"1.2.3-alpha.10\", \"1.2.3-alpha.9\")", "1"],
    ["semver.compare(\"v1.2.3\", \"1.2.3+build\")", "0"],
    ["semver.compare(\"1.2\", \"1.2.3\")", "error: eval_builtin_error: semver.compare: operand 1: string \"1.2\" is not a valid SemVer"],
    ["semver.compare(\"1.2.3\", \"x\")", "error: eval_builtin_error: semver.compare: operand 2: string \"x\" is not a valid SemVer"],
    ["semver.is_valid(\"1.2.3-rc.1+build.5\")", "true"],
    ["semver.is_valid(\"01.2.3\")", "true"],
    ["semver.is_valid(\"1.2.3-\")", "true"],
    ["semver.is_valid(\"1.2.3-a..b\")", "false"],
    ["semver.is_valid(1)", "false"],
  ]);
});
