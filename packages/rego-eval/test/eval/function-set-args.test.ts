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

// OPA's type checker keeps a set argument in the head: a var the body does not type is `any`
// there (checkRule), so the argument is a set of that shape and a typed set argument fits.
// Verdicts and values from `opa eval` v1.17.1 (input {"s": [[1]], "o": [{"a": 1}], "ss": [["a"]]}).
describe('types of function arguments holding sets', () => {
  const input = { s: [[1]], o: [{ a: 1 }], n: [1], ss: [['a']] };
  const cases: Array<[string, string, unknown]> = [
    ['k({[x]}) := 4\nr := k({[1]})\ns := k(input.s)', 'no error', {}],
    ['k({x}) := 4\nr := k({1})\ns := k(input.n)', 'no error', {}],
    ['k({{"a": x}}) := 4\nr := k({{"a": 1}})\ns := k(input.o)', 'no error', {}],
    ['k({[[x]]}) := 4\nr := k({[[1]]})', 'no error', {}],
    ['k({[x, 1]}) := 4\nr := k({[1, 1]})\ns := k({["a", 1]})', 'no error', {}],
    ['k({x, [y]}) := 4\nr := k({1, [2]})', 'no error', {}],
    ['k({{x}}) := 4\nr := k({{1}})', 'no error', {}],
    ['k({"a": {x}}) := 4\nr := k({"a": {1}})', 'no error', {}],
    ['k({[x]}) := 4\nr := k(input.ss)', 'no error', {}],
    ['k({[x]}) := y if { y := x + 1 }\nr := k({[1]})', 'no error', {}],
    // The body types the var: a set of another shape is refused.
    ['k({x}) := y if { y := x + 1 }\nr := k({"a"})', 'rego_type_error: data.p.k: invalid argument(s)', undefined],
    ['k({[x]}) := y if { y := x + 1 }\nr := k({["a"]})', 'rego_type_error: data.p.k: invalid argument(s)', undefined],
    ['k(x, {[x]}) := y if { y := x + 1 }\nr := k("a", input.ss)', 'rego_type_error: data.p.k: invalid argument(s)', undefined],
    ['k({[x]}) := 4\nr := k({1})', 'rego_type_error: data.p.k: invalid argument(s)', undefined],
    ['k({[x]}) := 4\nr := k(1)', 'rego_type_error: data.p.k: invalid argument(s)', undefined],
  ];
  for (const [rules, e, v] of cases) {
    it(rules.replace(/\n/g, '; '), () => {
      const src = `package p\n${rules}`;
      expect(err(src, 'x := data.p', { input })).toBe(e);
      if (v !== undefined) expect(val(src, 'x := data.p', { input })).toEqual(v);
    });
  }
});

// OPA unifies the arguments left to right and compares a set once plugged: only a var an
// earlier argument binds can match (opa v1.17.1).
describe('set arguments match on vars earlier arguments bind', () => {
  it('a later argument does not bind the set\'s var', () => {
    const src = 'package p\nk({x}, x) := 4\nr := k({1}, 1)\nf({[x]}, x) := 4\nr2 := f({[1]}, 1)\ng(x, {[x]}) := 4\nr3 := g(1, {[1]})';
    expect(val(src, 'x := data.p')).toEqual({ r3: 4 });
  });
});
