import { describe, expect, it } from 'vitest';
import { val } from './helpers.js';

// opa v1.17.1 (and v1.22.3) index arrays with Number.Int, strconv on the number's text: an
// index spelled `2.0` or `2e0` finds nothing, though it equals 2 (difftest seed 173769049).
describe('array indexes', () => {
  it('are integers spelled as integers', () => {
    expect(val([], 'x := [1, 2, 3][2]')).toBe(3);
    expect(val([], 'x := [1, 2, 3][1 + 1]')).toBe(3);
    for (const q of ['x := [1, 2, 3][2.0]', 'x := [1, 2, 3][2e0]', 'i := 2.0; x := [1, 2, 3][i]', 'x := [1, 2, 3][to_number("2.0")]']) {
      expect(val([], q)).toBeUndefined();
    }
    expect(val([], 'x := input.c[2]', { input: { c: [1, 2, 3] } })).toBe(3);
    expect(val([], 'some v in [2.0]; x := input.c[v]', { input: { c: [1, 2, 3] } })).toBeUndefined();
  });

  it('the same in object.get paths and `k, v in xs`', () => {
    expect(val([], 'x := object.get({"a": [1, 2, 3]}, ["a", 2.0], "d")')).toBe('d');
    expect(val([], 'x := object.get({"a": [1, 2, 3]}, ["a", 2], "d")')).toBe(3);
    expect(val([], 'x := 2.0, 3 in [1, 2, 3]')).toBe(false);
  });
});
