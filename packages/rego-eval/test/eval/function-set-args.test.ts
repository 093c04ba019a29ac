import { describe, expect, it } from 'vitest';
import { err, val } from './helpers.js';

// A set in a function argument stays in OPA's head: its vars count as arguments (Args.Vars()),
// and a set holding a var no other argument binds never unifies, so no call matches
// (difftest seed 550531927, parse-3032c838). Expected values from `opa eval` v1.17.1.
describe('function arguments holding sets', () => {
  it('compile when a var is only in the set, and never match', () => {
    const src = 'package p\nf0(v0, {x}) := 0\nr1 := f0(1, {2})\ng({x}) := x\nr3 := g({5})\nh({x, 1}) := 7\nr5 := h({1})';
    expect(err(src, 'x := data.p')).toBe('no error');
    expect(val(src, 'x := data.p')).toEqual({});
  });

  it('match when another argument binds the var', () => {
    const src = 'package p\nf(x, {x}) := 1\nr1 := f(2, {2})\nr2 := f(2, {3})\ng(x, {x, 1}) := 2\nr3 := g(2, {1, 2})';
    expect(val(src, 'x := data.p')).toEqual({ r1: 1, r3: 2 });
  });
});
