// Hostile inputs: huge arrays and objects in input, and 10 MB policies. They must evaluate
// (no quadratic blow-up that would hang, no recursion per element).
import { describe, expect, it } from 'vitest';
import { evalRule } from './helpers.js';

describe('huge values', () => {
  const big = Array.from({ length: 1_000_000 }, (_, i) => i);

  it('a 1M-element input array: count, sort, iteration, membership', () => {
    expect(evalRule('r := count(input)', 'r', { input: big })).toBe(1_000_000);
    expect(evalRule('r := sort(input)[999999]', 'r', { input: big })).toBe(999_999);
    expect(evalRule('r := sum([x | some x in input])', 'r', { input: big })).toBe(499_999_500_000);
    expect(evalRule('r if 999999 in input', 'r', { input: big })).toBe(true);
  });

  it('a 200k-key input object: keys, lookups, comprehension', () => {
    const obj = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i]));
    expect(evalRule('r := count(object.keys(input))', 'r', { input: obj })).toBe(200_000);
    expect(evalRule('r := input.k199999', 'r', { input: obj })).toBe(199_999);
    expect(evalRule('r := count({k | input[k] > 100000})', 'r', { input: obj })).toBe(99_999);
  });

  it('a 1M-element set built in policy', () => {
    expect(evalRule('r := count({x | some x in numbers.range(1, 1000000)})')).toBe(1_000_000);
  });

  it('a 10 MB policy made of one string literal', () => {
    const s = 'x'.repeat(10_000_000);
    expect(evalRule(`r := count("${s}")`)).toBe(10_000_000);
  });

  it('a 10 MB policy made of 10k rules with large literal bodies', () => {
    const item = `"${'y'.repeat(90)}"`;
    const body = `[${Array(10).fill(item).join(', ')}]`;
    const rules = Array.from({ length: 10_000 }, (_, i) => `r${i} := count(${body}) + ${i}`).join('\n');
    expect(rules.length).toBeGreaterThan(9_500_000);
    expect(evalRule(rules, 'r9999')).toBe(10_009);
  });
});
