import { describe, expect, it } from 'vitest';
import { run, val } from './helpers.js';

describe('unification and iteration', () => {
  it('binds vars on either side, element-wise in arrays', () => {
    expect(run([], '[x, 2] = [1, y]')).toEqual([{ x: 1, y: 2 }]);
    expect(run([], '[a, b] = [[1, 2], [3, 4]][_]')).toEqual([
      { a: 1, b: 2 },
      { a: 3, b: 4 },
    ]);
  });

  it('unifies object patterns by value', () => {
    expect(run([], '{"a": x, "b": 2} = {"a": 1, "b": 2}')).toEqual([{ x: 1 }]);
    // (A constant right-hand side is rejected statically, as by opa.)
    expect(run([], '{"a": x} = input', { input: { a: 1, b: 2 } })).toEqual([]);
  });

  it('iterates refs with unbound vars in Rego order (objects by key, sets by element)', () => {
    expect(run([], 'x := [k | some k, _ in {"b": 1, "a": 2, "A": 3}]')).toEqual([{ x: ['A', 'a', 'b'] }]);
    expect(run([], 'x := [v | some v in {3, 1, "a", 2}]')).toEqual([{ x: [1, 2, 3, 'a'] }]);
    expect(run([], 'xs := [10, 20]; xs[i] = v')).toEqual([
      { xs: [10, 20], i: 0, v: 10 },
      { xs: [10, 20], i: 1, v: 20 },
    ]);
  });

  it('reorders literals for safety', () => {
    const mod = 'package p\nx := c if { a = b; b = c; a = 12 }\ny if { z > 1; z = 2 }';
    expect(val(mod, 'x := data.p.x')).toBe(12);
    expect(val(mod, 'x := data.p.y')).toBe(true);
  });

  it('binds a var used both as index and as operand (x == xs[x])', () => {
    const mod = 'package test\np := foo if { some foo; foo == input.foos[foo] }';
    expect(val(mod, 'x := data.test.p', { input: { foos: [2, 1, 0] } })).toBe(1);
  });

  it('keeps undefined and false apart', () => {
    expect(run([], 'x := input.missing')).toEqual([]);
    expect(run([], 'x := 1; false')).toEqual([]);
    expect(run([], 'x := false')).toEqual([{ x: false }]);
    expect(run([], 'x := {"a": input.missing}')).toEqual([]);
  });

  it('compares numbers by value', () => {
    expect(run([], '1 == 1.0')).toEqual([{}]);
    expect(run([], 'x := {1, 1.0}; count(x) == 1')).toEqual([{ x: [1] }]);
  });

  it('treats refs into wrong types as undefined', () => {
    expect(run([], 'x := input.s[0]', { input: { s: 'abc' } })).toEqual([]);
    expect(run([], 'x := input.a["k"]', { input: { a: [1] } })).toEqual([]);
    expect(run([], 'x := input.a[-1]', { input: { a: [1] } })).toEqual([]);
  });
});
