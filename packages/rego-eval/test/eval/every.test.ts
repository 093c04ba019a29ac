import { describe, expect, it } from 'vitest';
import { err, run, val } from './helpers.js';

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

describe('negation hoisting (OPA rewrites parts of negated expressions out of the negation)', () => {
  it('fails instead of succeeding when a call argument is undefined', () => {
    const mod = 'package p\nf(_) := true\na if { not input.x > 5 }\nb if { not input.x == 5 }\nc if { not f(input.x) }\nd if { not [input.x] == [1] }\ne if { not count(input.x) == 0 }';
    expect(val(mod, 'x := data.p')).toEqual({ b: true });
    expect(val(mod, 'x := data.p', { input: { x: 1 } })).toEqual({ a: true, b: true });
  });

  it('keeps the whole expression negated under import future.keywords.not', () => {
    const mod = 'package p\nimport future.keywords.not\nf(_) := true\nc if { not f(input.x) }';
    expect(val(mod, 'x := data.p.c')).toBe(true);
  });

  it('does not make vars of the negation safe', () => {
    expect(err('package p\nq if { not input.a[i] > 0 }', 'x := 1')).toBe('rego_unsafe_var_error: var i is unsafe');
  });

  it('every vars must be used', () => {
    expect(err('package p\nr if { every v in [1] { true } }', 'x := 1')).toBe('rego_compile_error: declared var v unused');
  });
});
