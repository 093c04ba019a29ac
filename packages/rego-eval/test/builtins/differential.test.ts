import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evalCall } from './harness.js';

/**
 * ~7200 generated calls (sprintf flags/widths/precisions over every argument kind,
 * arithmetic, rounding, json.marshal, units, time formatting/parsing in several zones,
 * durations, string functions over non-ASCII text, regex, glob, objects, arrays, sets, type
 * checks, comparisons; random calls of every non-crypto builtin with well- and ill-typed
 * arguments; raw bytes from hex/base64 decoding), each pinned from
 * `opa eval --strict-builtin-errors` v1.17.1 with scripts/pin-builtin-cases.mjs. Excluded:
 * calls OPA rejects at compile time, the few calls where we knowingly differ (byte-level
 * search inside invalid UTF-8, some YAML error texts), and integer arithmetic beyond 2^64 (we
 * keep it exact, as OPA >= 1.19 does; 1.17.1 rounds to a 64-bit mantissa).
 */
const pins = JSON.parse(readFileSync(new URL('./fixtures/differential-pins.json', import.meta.url), 'utf8')) as Array<[string, string]>;

describe('builtins agree with opa on generated calls', () => {
  it(`${pins.length} calls`, () => {
    const mismatches = pins.filter(([call, want]) => evalCall(call) !== want).map(([call, want]) => `${call}\n  want ${want}\n  got  ${evalCall(call)}`);
    expect(mismatches).toEqual([]);
  });
});
