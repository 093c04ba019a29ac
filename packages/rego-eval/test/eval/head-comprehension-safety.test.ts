import { describe, expect, it } from 'vitest';
import { err } from './helpers.js';

// opa v1.17.1 moves a head term holding a comprehension into the body (rewriteRefsInHead,
// `__h = [x, [1 | true]]`); its check of the body then reports the vars the body leaves
// unbound, at the term (difftest seed 672405172). rego-ts accepted these rules.
describe('head terms holding a comprehension', () => {
  it('report the vars the body leaves unbound', () => {
    for (const [mod, msg] of [
      ['r0 := [xv0, [1 | true]]', 'var xv0 is unsafe'],
      ['r0 contains [xv0, [1 | true]] if { true }', 'var xv0 is unsafe'],
      ['f(x) := [xv0, [1 | x]]', 'var xv0 is unsafe'],
      ['r0[[xv0, [1 | true]]] := 1', 'var xv0 is unsafe'],
      ['r0 := {"a": [1 | true], "b": z}', 'var z is unsafe'],
      ['r0 := {xv0, {0 | some v4 in []}} if { some v0 in input.obj; some v1, v2 in v0; v3 = "b" }', 'var xv0 is unsafe'],
    ]) {
      expect(err(`package p\n${mod}`, 'x := 1'), mod).toBe(`rego_unsafe_var_error: ${msg}`);
    }
  });

  it('accept vars the body binds', () => {
    for (const mod of ['r0 := [x, [1 | true]] if { x := 1 }', 'f(a) := [b, [1 | a]] if { b := a }', 'r0[x] := [1 | true] if { some x in [1] }']) {
      expect(err(`package p\n${mod}`, 'x := 1'), mod).toBe('no error');
    }
  });
});
