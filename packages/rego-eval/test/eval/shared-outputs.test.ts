import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

// OPA's safety reordering shares one output-var set between expressions (compiler/shared-outputs.ts).
// Expected outcomes from opa v1.17.1 (`opa check`, `opa eval data.p` with input [1, 2, 3, 3]).

const INPUT = [1, 2, 3, 3];

/** Compile errors as `code: message`, sorted; [] when the module compiles. */
function errors(rules: string): string[] {
  try {
    run(`package p\n\n${rules}`, 'x := 1');
  } catch (e) {
    const errs = (e as { errors?: Array<{ code: string; message: string }> }).errors ?? [];
    return errs.map((x) => `${x.code}: ${x.message}`).sort();
  }
  return [];
}

function value(rules: string): unknown {
  const rs = run(`package p\n\n${rules}`, 'x := data.p', { input: INPUT }) as Array<Record<string, unknown>>;
  return rs[0]?.['x'];
}

const unsafeV1V2 = ['rego_unsafe_var_error: var v1 is unsafe', 'rego_unsafe_var_error: var v2 is unsafe'];

describe('an equality takes the ref outputs a call that could not run left in the shared set', () => {
  it('accepts what only that makes safe, as opa', () => {
    expect(errors('r contains v2 if { v1 == input[v2]; v1 = v2 }')).toEqual([]);
    expect(errors('r contains v2 if { v1 == input[v2]; y := 1; v1 = v2 + 1 }')).toEqual([]);
    expect(errors('r contains v2 if { v1 == input[v2]; not input.zz; y := 1; v1 = v2 }')).toEqual([]);
    expect(errors('r contains v2 if { v1 == input[v2]; every z in [1] { z }; v1 = v2 }')).toEqual([]);
    expect(errors('r contains v2 if { v1 == input[v2]; y := 1 with input as v2; v1 = v2 }')).toEqual([]);
    // A call clears the set first: its own refs bind nothing there.
    expect(errors('r contains v2 if { v1 == input[v2]; v1 = v2 + 1 }')).toEqual(unsafeV1V2);
  });

  it('also the equality OPA appends for a head term that needs evaluation', () => {
    // Seed 1041483841 case 17994: the head's `data.n.obj` equality takes v1 (from `input[v1] >= v3`).
    const rule = 'r0.x := data.n.obj if {\n\tv0 := {}\n\t[v1, v2] = [1, 0.1, "*"]\n\tsome v3 in (v1 & data.x[v2])\n\tinput[v1] >= v3\n}';
    expect(errors(rule)).toEqual(['rego_type_error: match error']);
    expect(errors('r0["%v"] := [0 | some v4 in []] if { v0 := {}; [v1, v2] = [0, 0, 0]; some v3 in (v1 | data.a[v2]); input[v1] == v2 }')).toEqual([
      'rego_type_error: match error',
    ]);
  });

  it('evaluates as opa: unbound vars unified with each other, calls with unbound inputs failing', () => {
    expect(value('a contains [v1, v2] if { v1 == input[v2]; y := 1; v1 = v2 }')).toEqual({ a: [[3, 3]] });
    expect(value('c contains v2 if { v1 == input[v2]; v1 = [v2] }')).toEqual({ c: [] });
    expect(value('b contains [v1, v2] if { v1 == input[v2]; y := 1; v1 = v2 + 1 }')).toEqual({ b: [] });
    expect(value('k contains [v1, v2] if { v1 == input[v2]; y := 1; v1 = v2; x := v1 + 1 }')).toEqual({ k: [] });
    expect(value('l contains [v1, v2] if { v1 == input[v2]; y := 1; v1 = v2; x := v1 + v3; v3 = 1 }')).toEqual({ l: [[3, 3]] });
    expect(value('r[v2] := [x | x := 1] if { v1 == input[v2]; v1 = v2 }')).toEqual({ r: { '3': [1] } });
  });
});

describe('a call whose inputs are bound but for sets, object keys and ref heads leaves its output in the shared set', () => {
  // OPA's outputVarsForExprCall skips those positions when it looks for the call's unbound
  // inputs. Expected outcomes from opa v1.17.1 (`opa check`, `opa eval data.p`, input [1, 2, 3, 3]).
  it('accepts an equality that takes the hoisted call\'s output and binds the set\'s var, as opa', () => {
    expect(value('a := y if { [x, y] = [1, count({x})] }')).toEqual({ a: 1 });
    expect(value('b := y if { [x, y] = [input[0], json.marshal({"k": {x}})] }')).toEqual({ b: '{"k":[1]}' });
    expect(value('c := y if { [x, y] = [1, object.keys({x: 1})] }')).toEqual({ c: [1] });
    expect(value('o := y if { [x, y] = [1, {x} | {2}] }')).toEqual({ o: [1, 2] });
    expect(value('k := y if { {"a": x, "b": y} = {"a": 1, "b": count({x})} }')).toEqual({ k: 1 });
    expect(value('k2 := y if { {"a": x, "b": [y]} = {"b": [count({x})], "a": input[1]} }')).toEqual({ k2: 1 });
  });

  it('in several expressions, comprehensions and functions', () => {
    expect(value('d := y if { [x, y] = [1, count({x})]; [z, w] = [y, concat(",", {sprintf("%v", [z])})] }')).toEqual({ d: 1 });
    expect(value('s := y if { [x, y] = [1, count({x})]; w := 2; [v, u] = [w, sum({v, y})] }')).toEqual({ s: 1 });
    expect(value('g := [y | [x, y] = [input[_], count({x, 1})]]')).toEqual({ g: [1, 2, 2, 2] });
    expect(value('q contains [x, y] if { [x, y] = [input[_], {x} | {2}] }')).toEqual({ q: [[1, [1, 2]], [2, [2]], [3, [2, 3]]] });
    expect(value('h(a) := y if { [x, y] = [a, count({x, 1})] }\n\nhh := [h(1), h(2)]')).toEqual({ hh: [1, 2] });
  });

  it('rejects what opa rejects too', () => {
    // `==` and `:=` are no equality the shared set feeds; an array or a nested call is an input.
    expect(errors('i := y if { [x, y] == [1, count({x})] }')).toEqual(['rego_unsafe_var_error: var x is unsafe', 'rego_unsafe_var_error: var y is unsafe']);
    expect(errors('j := y if { [x, y] := [1, count({x})] }')).toEqual(['rego_compile_error: var x referenced above']);
    expect(errors('m := y if { [x, y] = [[7], count(x)] }')).toEqual(['rego_unsafe_var_error: var x is unsafe', 'rego_unsafe_var_error: var y is unsafe']);
    expect(errors('n := y if { [x, y] = [1, count({x} | {2})] }')).toEqual(['rego_unsafe_var_error: var x is unsafe', 'rego_unsafe_var_error: var y is unsafe']);
    expect(errors('e := [x, y] if { [x, y] = [1, count({x}) == 1] }')).toEqual(['rego_unsafe_var_error: var x is unsafe', 'rego_unsafe_var_error: var y is unsafe']);
    expect(errors('k3 := y if { {"a": x, "b": y} = {"a": 1, "c": count({x})} }')).toEqual(['rego_unsafe_var_error: var x is unsafe', 'rego_unsafe_var_error: var y is unsafe']);
  });

  it('does not copy opa where the set\'s var is bound only by the call itself (opa evaluates it unbound)', () => {
    // opa accepts these and counts `{x}` with x unbound (1): known class opa-bug-call-output-in-set.
    expect(errors('t := x if { [x] = [count({x})] }')).toEqual(['rego_unsafe_var_error: var x is unsafe']);
    expect(errors('u := x if { {"a": x} = {"a": count({x})} }')).toEqual(['rego_unsafe_var_error: var x is unsafe']);
    expect(errors('v := x if { x = count({x}) }')).toEqual(['rego_unsafe_var_error: var x is unsafe']);
    expect(errors('w := [x, y] if { [y, x] = [1, count({x})] }')).toEqual(['rego_unsafe_var_error: var x is unsafe']);
  });
});

// opa v1.17.1 lets a comprehension run with a var only the shared outputs bind (it iterates as
// if the var were its own); opa v1.22.3 reports the var unsafe, and so does rego-ts. The
// expected errors are v1.22.3's (`opa check`, 2026-11-27).
describe('a comprehension reading a var only the shared outputs bind', () => {
  it('is unsafe, as in opa v1.22.3', () => {
    expect(errors('r0 := v0 if { v0 = count([1 | input.a[v0]]) }')).toEqual(['rego_unsafe_var_error: var v0 is unsafe']);
    expect(errors('r1 := v0 if { some v0 in [count([1 | input.a[v0]])] }')).toEqual(['rego_unsafe_var_error: var v0 is unsafe']);
    expect(errors('r2 := x if { x = count([1 | x]) }')).toEqual(['rego_unsafe_var_error: var x is unsafe']);
    expect(errors('r0 contains 0 if {\n\tv0 := 0\n\t[v1, v2] = []\n\t-1 == [(v1 | set()) | some v3 in []]\n\tv5 := 0\n}')).toEqual(unsafeV1V2);
  });

  it('keeps what does not read such a var', () => {
    expect(errors('r := x if { x = count([1 | input.a[_]]) }')).toEqual([]);
    expect(errors('r := y if { x := 1; y = count([1 | x]) }')).toEqual([]);
  });
});
