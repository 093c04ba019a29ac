import { describe, expect, it } from 'vitest';
import { err, val } from './helpers.js';

describe('with', () => {
  it('replaces input and paths inside input', () => {
    const mod = 'package p\nq := input.a.b\nr := x if { x := q with input.a.b as 5 }\ns := x if { x := q with input as {"a": {"b": 7}} }';
    expect(val(mod, 'x := [data.p.q, data.p.r, data.p.s]', { input: { a: { b: 1 } } })).toEqual([1, 5, 7]);
  });

  it('replaces base data and whole virtual documents', () => {
    const mod = 'package p\nq := data.x.y\nr := x if { x := q with data.x.y as 5 }\nv := 1\nw := x if { x := v with data.p.v as 2 }';
    expect(val(mod, 'x := [data.p.r, data.p.w]')).toEqual([5, 2]);
  });

  it('mocks functions and builtins with functions or values', () => {
    const mod = `package p
f(x) := x + 1
g(x) := x * 10
q := y if { y := f(1) with f as g }
r := y if { y := count([1, 2]) with count as 7 }
s := y if { y = f(-1) with f as abs }`;
    expect(val(mod, 'x := [data.p.q, data.p.r, data.p.s]')).toEqual([10, 7, 1]);
  });

  it('does not apply a mock inside its own replacement', () => {
    const mod = 'package p\nf(x) := x + 1\ng(x) := f(x) * 2\nq := y if { y := f(1) with f as g }';
    expect(val(mod, 'x := data.p.q')).toBe(4);
  });

  it('rejects partial replacement of virtual documents', () => {
    expect(err('package p\nv := {"a": 1}\nw := x if { x := v with data.p.v.a as 2 }', 'x := 1')).toBe(
      'rego_compile_error: with keyword cannot partially replace virtual document(s)',
    );
  });
});
