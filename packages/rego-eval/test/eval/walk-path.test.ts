import { describe, expect, it } from 'vitest';
import { val } from './helpers.js';

// opa v1.17.1 reads the path of walk's output pattern `[path, v]` (getOutputPath) and walks
// only below its known elements, looked up as Term.Get does: an array index spelled `2.0`
// finds nothing, though it equals 2. Answers pinned from `opa eval`.
describe('walk with a path in its output pattern', () => {
  it('looks the known elements up as opa does', () => {
    const all = (q: string) => val([], `x := [v | ${q}]`);
    expect(all('walk([1, 2, 3], [[2], v])')).toEqual([3]);
    for (const q of ['walk([1, 2, 3], [[2.0], v])', 'walk([1, 2, 3], [[2e0], v])', 'walk({"a": [1, 2]}, [["a", 1.0], v])', 'i := 2.0; walk([1, 2, 3], [[i], v])', 'p := [2.0]; walk([1, 2, 3], [p, v])']) {
      expect(all(q), q).toEqual([]);
    }
    expect(all('walk({1: "x"}, [[1.0], v])')).toEqual(['x']);
    expect(all('walk({{"a"}, 2}, [[{"a"}], v])')).toEqual([['a']]);
    expect(all('walk({"a": {"b": [1, {"c": 2}]}}, [["a", _, 1], v])')).toEqual([{ c: 2 }]);
    expect(val([], 'x := [[i, j, v] | walk([[1, 2], [3]], [[i, j], v])]')).toEqual([[0, 0, 1], [0, 1, 2], [1, 0, 3]]);
    expect(val([], 'x := [[p, v] | walk([1, [2]], [p, v])]')).toEqual([[[], [1, [2]]], [[0], 1], [[1], [2]], [[1, 0], 2]]);
  });
});
