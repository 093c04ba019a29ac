// Hostile inputs: integers beyond 2^64 and long decimals, in JSON input and in policies.
// Values keep their exact spelling; integer arithmetic is exact (the OPA >= 1.19 semantics the
// spec asks for, §3.15; opa v1.17.1 rounds integers above 2^64 to a 64-bit mantissa — a
// documented difference of OPA versions, see docs/reliability.md).
import { describe, expect, it } from 'vitest';
import { parseJSON } from '../../packages/rego-eval/src/index.js';
import { evalRule, json } from './helpers.js';

const input = parseJSON('{"a": 123456789012345678901234567890, "b": 1.000000000000000000000000000001, "c": 1e400, "d": 18446744073709551617, "e": -1e-400}');

describe('big and precise numbers', () => {
  it('JSON input keeps the spelling of big and long numbers (as opa prints them back)', () => {
    expect(json(evalRule('r := input', 'r', { input }))).toBe(
      '{"a":123456789012345678901234567890,"b":1.000000000000000000000000000001,"c":1e400,"d":18446744073709551617,"e":-1e-400}',
    );
  });

  it('comparisons are exact (the same answers as opa v1.17.1)', () => {
    expect(json(evalRule('r := [input.b > 1, input.c > 1e300, input.e < 0, input.a == 123456789012345678901234567890, input.d > 18446744073709551616]', 'r', { input }))).toBe(
      '[true,true,true,true,true]',
    );
  });

  it('integer arithmetic beyond 2^64 is exact', () => {
    expect(json(evalRule('r := [input.a + 1, input.d - 1, input.d % 10, 18446744073709551616 + 1]', 'r', { input }))).toBe(
      '[123456789012345678901234567891,18446744073709551616,7,18446744073709551617]',
    );
  });

  it('huge literals and results stay finite and printable', () => {
    expect(json(evalRule('r := [1e400 * 10 > 1e400, format_int(18446744073709551617, 16), to_number("18446744073709551617"), 0.1 + 0.2]'))).toBe(
      // format_int goes through a float, in opa too.
      '[true,"10000000000000000",18446744073709551617,0.3]',
    );
  });

  it('a 1000-digit decimal literal and a 400-digit integer are handled', () => {
    expect(json(evalRule(`r := [1.${'0'.repeat(1000)}1 > 1, count(format_int(${'9'.repeat(400)}, 16))]`))).toBe('[true,333]');
  });
});
