import { describe, expect, it } from 'vitest';
import { err, val } from './helpers.js';

// OPA moves head terms holding refs into the body (compile.go rewriteRefsInHead), where a ref
// with var keys binds them. Expected outcomes from opa v1.17.1 `opa eval` / `opa check`.
describe('safety of vars only used in a head ref (as opa)', () => {
  const input = { a: { b: 7 } };
  it('binds vars through the head ref even when the body cannot', () => {
    expect(val('package p\nr0 contains input[v1][v0] if { [v0, v1] = [] }', 'x := data.p.r0', { input })).toEqual([]);
    expect(val('package p\nr contains [input[x]] if { [x] = [] }', 'x := data.p.r', { input })).toEqual([]);
    expect(val('package p\nr[input[x]] := 1 if { [x] = [] }', 'x := data.p.r', { input })).toEqual({});
    expect(val('package p\nr contains input[x][y] if { [x, y] = ["a", "b"] }', 'x := data.p.r', { input })).toEqual([7]);
  });

  it('still reports vars the head ref does not bind', () => {
    expect(err('package p\nr contains input[x] if { [x, y] = [] }', 'x := data.p.r')).toBe('rego_unsafe_var_error: var y is unsafe');
    expect(err('package p\nr contains x if { [x, y] = [] }', 'x := data.p.r')).toContain('var x is unsafe');
  });
});
