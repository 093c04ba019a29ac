import { describe, expect, it } from 'vitest';
import { val } from './helpers.js';

// Expected values from `opa eval` v1.17.1.
describe('negative zero', () => {
  it('template strings print -0 as opa does', () => {
    expect(val([], 'x := $"{((0 * -2.5) * (0 + 1.5))}"')).toBe('-0');
    expect(val([], 'x := $"{0 / -1}"')).toBe('-0');
    expect(val([], 'x := $"{(0 * -2.5) * 1}"')).toBe('0');
  });
});
