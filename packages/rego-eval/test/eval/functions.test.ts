import { describe, expect, it } from 'vitest';
import { err, run, val } from './helpers.js';

describe('functions', () => {
  it('calls user functions with pattern arguments and several definitions', () => {
    const mod = `package p
f([a, b]) := a + b
g(x) := "small" if x < 10
g(x) := "big" if x >= 10
h(x) := y if { y := f([x, 1]) * 2 }`;
    expect(val(mod, 'x := [data.p.f([1, 2]), data.p.g(1), data.p.g(20), data.p.h(3)]')).toEqual([3, 'small', 'big', 8]);
  });

  it('is undefined when no definition matches, unless a default exists', () => {
    expect(run('package p\nf(1) := "one"', 'x := data.p.f(2)')).toEqual([]);
    expect(val('package p\ndefault f(_) := 0\nf(1) := "one"', 'x := data.p.f(2)')).toBe(0);
  });

  it('supports the legacy output argument and operators by name', () => {
    expect(val('package p\nq := n if { count([1, 2, 3], n) }', 'x := data.p.q')).toBe(3);
    expect(run([], 'plus(1, 2, 3)')).toEqual([{}]);
    expect(run([], 'x := plus(1, 2)')).toEqual([{ x: 3 }]);
  });

  it('reports undefined functions and arity errors', () => {
    expect(err('package p\nq if { foo(1) }', 'x := 1')).toBe('rego_type_error: undefined function foo');
    expect(err('package p\nf(x) := x\nq if { f(1, 2, 3) }', 'x := 1')).toBe('rego_type_error: function data.p.f has arity 1, got 3 arguments');
    expect(err('package p\nq if { count(1, 2, 3) }', 'x := 1')).toBe('rego_type_error: count: arity mismatch');
  });
});
