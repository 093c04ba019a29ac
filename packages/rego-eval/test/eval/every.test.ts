import { describe, expect, it } from 'vitest';
import { run, val } from './helpers.js';

describe('some, in and every', () => {
  it('every: true for all elements, vacuous on empty, false on non-collections', () => {
    const mod = `package p
a if { every x in [1, 2] { x > 0 } }
b if { every x in [] { x > 0 } }
c if { every x in 5 { x > 0 } }
d if { every k, v in {"a": 1} { k == "a"; v == 1 } }
e if { every x in [1, -1] { x > 0 } }`;
    expect(val(mod, 'x := data.p')).toEqual({ a: true, b: true, d: true });
  });

  it('some k, v in binds keys/values; in tests membership of values', () => {
    expect(run([], 'some k, v in {"a": 1}')).toEqual([{ k: 'a', v: 1 }]);
    expect(val([], 'x := [[k, v] | some k, v in ["x", "y"]]')).toEqual([
      [0, 'x'],
      [1, 'y'],
    ]);
    expect(val([], 'x := [1 in {"a": 1}, "a" in {"a": 1}, 1 in "1"]')).toEqual([true, false, false]);
  });

  it('not succeeds when its expression has no solution or is false', () => {
    const mod = 'package p\nq if { not input.a }\nr if { not false }';
    expect(val(mod, 'x := data.p', { input: { a: false } })).toEqual({ q: true, r: true });
    expect(val(mod, 'x := data.p', { input: { a: 1 } })).toEqual({ r: true });
  });
});
