import { describe, expect, it } from 'vitest';
import { err, run, val } from './helpers.js';

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

  it('binds vars through refs in the arguments of a head call (moved into the body)', () => {
    const input2 = { a: [1, 2], b: [3] };
    expect(val('package p\nr contains [v0, count(input[v0])] if { true }', 'x := data.p.r', { input: input2 })).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(val('package p\nr contains max(input[v0]) if { true }', 'x := data.p.r', { input: input2 })).toEqual([2, 3]);
    expect(err('package p\nr contains (max(data.a[v0][v1]) | set()) if { [v0, v1] = [0, 0, 0] }', 'x := 1')).toBe('rego_type_error: match error');
  });

  it('still reports vars the head ref does not bind', () => {
    expect(err('package p\nr contains input[x] if { [x, y] = [] }', 'x := data.p.r')).toBe('rego_unsafe_var_error: var y is unsafe');
    expect(err('package p\nr contains x if { [x, y] = [] }', 'x := data.p.r')).toContain('var x is unsafe');
  });
});

/** Compile errors as `code: message @row:col` (modules are `package p` then the rule on line 3). */
function located(rules: string, query = 'x := 1'): string[] {
  try {
    run(`package p\n\n${rules}`, query);
  } catch (e) {
    const errs = (e as { errors?: Array<{ code: string; message: string; location?: { row: number; col: number } }> }).errors ?? [];
    return errs.map((x) => `${x.code}: ${x.message} @${x.location?.row}:${x.location?.col}`);
  }
  return [];
}

const unsafe = (v: string, row: number, col: number): string => `rego_unsafe_var_error: var ${v} is unsafe @${row}:${col}`;

// OPA declares every var of a function argument as an arg var (compile.go rewriteLocalArgVars),
// then moves arguments holding refs or comprehensions into the body (rewriteRefsInHead): there
// only the vars of the arguments left in the head are bound. Expected texts and positions from
// opa v1.17.1 `opa check --format json`.
describe('refs as function arguments (as opa)', () => {
  it('reports the head var of a ref argument at the argument', () => {
    expect(located('f(x.y) := 1')).toEqual([unsafe('x', 3, 3)]);
    expect(located('f(x.y, z) if { z }')).toEqual([unsafe('x', 3, 3)]);
    expect(located('f(x[0]) := 1')).toEqual([unsafe('x', 3, 3)]);
    expect(located('f(1, a.b) := 1')).toEqual([unsafe('a', 3, 6)]);
    expect(located('f(x.y) := x')).toEqual([unsafe('x', 3, 3)]);
    expect(located('f(x.y) := 1 if { false }')).toEqual([unsafe('x', 3, 3)]);
    expect(located('f0(vfvfuture.keywords0, v1) := [] if { v1 <= json.is_valid("b") }')).toEqual([unsafe('vfvfuture', 3, 4)]);
  });

  it('treats input and data in an argument as local vars', () => {
    expect(located('f(input.a) := 1')).toEqual([unsafe('input', 3, 3)]);
    expect(located('f(data.a) := 1')).toEqual([unsafe('data', 3, 3)]);
    expect(located('f(input[x]) := x')).toEqual([unsafe('input', 3, 3), unsafe('x', 3, 3)]);
  });

  it('reports the vars of the ref path and of composite arguments', () => {
    expect(located('f(x.y[z]) := z')).toEqual([unsafe('x', 3, 3), unsafe('z', 3, 3)]);
    expect(located('f([x, y.z]) := x')).toEqual([unsafe('y', 3, 3)]);
    expect(located('f({"k": x.y}) := 1')).toEqual([unsafe('x', 3, 3)]);
    expect(located('f({x.y: 1}) := 1')).toEqual([unsafe('x', 3, 3)]);
    expect(located('f({x.y}) := 1')).toEqual([unsafe('x', 3, 3)]);
  });

  it('accepts a ref argument whose head var is bound elsewhere', () => {
    expect(located('f(x, x.y) := 1')).toEqual([]);
    expect(located('f(x.y) := 1 if { x = {"y": 1} }')).toEqual([]);
    expect(located('f({x: 1}) := x')).toEqual([]);
    expect(val('package p\nf(x, x.y) := 1', 'x := data.p.f({"y": 2}, 2)')).toBe(1);
    expect(val('package p\nf(x, x.y) := 1', 'x := data.p.f({"y": 2}, 3)')).toBeUndefined();
    expect(located('f(x.y) := 1 if { x = 1 }')).toEqual(['rego_type_error: undefined ref: x.y @3:3']);
  });

  it('declares the vars of a ref argument: the body cannot redeclare them', () => {
    expect(located('f(x[y]) := 1 if { y := 1 }')).toEqual(['rego_compile_error: arg y redeclared @3:19']);
    expect(located('f(x.y) := 1 if { x := 2 }')).toEqual(['rego_compile_error: arg x redeclared @3:18']);
  });
});

// OPA's head check (checkSafetyRuleHeads) runs before the body check: a head var must occur in
// the body or the arguments, reported at its last occurrence in the head. Calls and template
// strings in the head become body expressions, checked at their own position.
describe('unsafe head vars (as opa)', () => {
  it('reports a head var absent from the body at the var', () => {
    expect(located('f(x) := y')).toEqual([unsafe('y', 3, 9)]);
    expect(located('r := y if { true }')).toEqual([unsafe('y', 3, 6)]);
    expect(located('r := [y, y]')).toEqual([unsafe('y', 3, 10)]);
    expect(located('r contains x')).toEqual([unsafe('x', 3, 12)]);
    expect(located('r.a[x] := 1')).toEqual([unsafe('x', 3, 5)]);
    expect(located('r[_] := 1')).toEqual([unsafe('_', 3, 3)]);
    expect(located('r := {x: 1}')).toEqual([unsafe('x', 3, 7)]);
    expect(located('r := x if { y := [x | x := 1] }')).toEqual([unsafe('x', 3, 6)]);
    expect(located('f([x | x := y]) := y')).toEqual([unsafe('y', 3, 20)]);
  });

  it('leaves a head var that occurs in the body to the body check', () => {
    expect(located('r := x if { not x }')).toEqual([unsafe('x', 3, 13)]);
    expect(located('r contains [v0, v2] if { {v0: v2} = {"a": input[v0]} }')).toEqual([unsafe('v2', 3, 26)]);
  });

  it('checks calls and template strings of the head where they are', () => {
    expect(located('r := count(x)')).toEqual([unsafe('x', 3, 6)]);
    expect(located('r := [x, count(x)]')).toEqual([unsafe('x', 3, 10)]);
    expect(located('r := count(count(x))')).toEqual([unsafe('x', 3, 12)]);
    expect(located('r := $"{x}"')).toEqual([unsafe('x', 3, 6)]);
    expect(located('f(x) := $"{x}{y}"')).toEqual([unsafe('y', 3, 9)]);
    expect(located('f(x) := o[y][z] == x')).toEqual([unsafe('o', 3, 9), unsafe('y', 3, 9), unsafe('z', 3, 9)]);
    expect(located('o := [1]\nf(x) := o[_] == x')).toEqual([]);
  });

  it('reports the vars of a head ref that cannot run at the ref, never the generated var', () => {
    expect(located('r := o[y]')).toEqual([unsafe('o', 3, 6), unsafe('y', 3, 6)]);
    expect(located('r contains o[y]')).toEqual([unsafe('o', 3, 12), unsafe('y', 3, 12)]);
    expect(located('r[o[y]] := 1')).toEqual([unsafe('o', 3, 3), unsafe('y', 3, 3)]);
  });
});

// OPA's safety check (outputVarsForExprEq) counts the vars a ref iterates as bound before it
// unifies: `y := [x, input[x]]` binds x, then y. Unification then follows ast/unify.go: objects
// pair up by equal keys only.
describe('equalities binding vars through nested refs (as opa)', () => {
  const input = { a: 1, b: 2 };
  it('binds the vars of a ref nested in a composite', () => {
    expect(val('package p\nr contains [v2, v0] if { v2 := [v0, input[v0]] }', 'x := data.p.r', { input })).toEqual([
      [['a', 1], 'a'],
      [['b', 2], 'b'],
    ]);
    expect(val('package p\nr contains v2 if { v2 := {v0: input[v0]} }', 'x := data.p.r', { input })).toEqual([{ a: 1 }, { b: 2 }]);
    expect(val('package p\nr contains [v0, v2] if { [v0, input[v0]] = v2 }', 'x := data.p.r', { input })).toEqual([
      ['a', ['a', 1]],
      ['b', ['b', 2]],
    ]);
    expect(val('package p\nr contains v0 if { count([v0, input[v0]]) > 0 }', 'x := data.p.r', { input })).toEqual(['a', 'b']);
    expect(val('package p\nr contains [i, j] if { x := [i, j, input[i], input[j]]; i < j }', 'x := data.p.r', { input })).toEqual([['a', 'b']]);
  });

  it('evaluates a composite ref head as an expression of its own (expandExprRef)', () => {
    expect(val('package p\nr contains [v0, x] if { x := [v0, input[v0]][1] }', 'x := data.p.r', { input })).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(val('package p\nr contains [v0, x] if { x := {v0: input[v0]}[v0] }', 'x := data.p.r', { input })).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('keeps vars bound only by arrays of different lengths unsafe (template in the head)', () => {
    expect(located('r0 := $"{(0 + v0)}" if { [v0, v1] = []; v2 := {null: v0, data.a.a: input[v0]} }')).toEqual([unsafe('v1', 3, 26)]);
    expect(located('r0 := $"{(0 + v0)}" if { v2 := [v0, input[v0]] }')).toEqual([]);
  });

  it('pairs object patterns by equal keys only', () => {
    expect(located('r if { k := "a"; {k: v} = {"a": 1} }')).toEqual([unsafe('v', 3, 18)]);
    expect(located('r if { {"a": v} = {"b": 1} }')).toEqual([unsafe('v', 3, 8)]);
    expect(located('r if { {"a": v, "b": 2} = {"a": 1} }')).toEqual([unsafe('v', 3, 8)]);
    expect(located('r if { k := "a"; {k: v} = {k: 1} }')).toEqual([]);
    expect(located('r if { [x] = [1, 2] }')).toEqual([unsafe('x', 3, 8)]);
  });

  it('counts an equality\'s ref outputs as declared for a head template, even when it cannot run', () => {
    expect(located('r0 := $"{(0 + v0)}" if { [v0, v1] = []; v2 := {null: v1, data.a.a: input[v0]} }')).toEqual([unsafe('v0', 3, 7), unsafe('v1', 3, 26), unsafe('v2', 3, 41)]);
    expect(located('r0 := $"{(0 + v0)}" if { v2 := {null: v1, 1: input[v0]} }')).toEqual([unsafe('v0', 3, 7), unsafe('v1', 3, 26), unsafe('v2', 3, 26)]);
  });

  it('leaves a var unbound in the comprehensions of the expression that binds it', () => {
    expect(located('r if { x := [input[v0], [0 | some v2 in v0]] }')).toEqual([unsafe('v0', 3, 30), unsafe('v2', 3, 30)]);
    expect(located('r if { x := [input[v0], [0 | v0 > 1]] }')).toEqual([unsafe('v0', 3, 30)]);
    expect(located('r := [input[v0], [0 | v0 > 1]]')).toEqual([unsafe('v0', 3, 23)]);
    expect(located('r if { x := input[v0]; y := [0 | v0 > 1] }')).toEqual([]);
  });

  it('binds nothing in a negated equality', () => {
    expect(located('r if { not x = 1 }')).toEqual([unsafe('x', 3, 8)]);
    expect(located('r if { not x = input[y] }')).toEqual([unsafe('x', 3, 8), unsafe('y', 3, 8)]);
  });
});
