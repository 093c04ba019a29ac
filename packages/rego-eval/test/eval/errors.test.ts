import { describe, expect, it } from 'vitest';
import { err, val } from './helpers.js';

describe('compile errors', () => {
  it('reports unsafe vars', () => {
    expect(err('package p\nq if { x > 1 }', 'x := 1')).toBe('rego_unsafe_var_error: var x is unsafe');
    expect(err('package p\nq if { not input.a[i] }', 'x := 1')).toBe('rego_unsafe_var_error: var i is unsafe');
    expect(err('package p\nq := y if { true }', 'x := 1')).toBe('rego_unsafe_var_error: var y is unsafe');
  });

  it('rejects arguments that are input or data themselves, before any other check (as opa, v0 and v1)', () => {
    const shadow = (name: string) => `rego_compile_error: args must not shadow ${name} (use a different variable name)`;
    expect(err('package p\nf(data) := 1', 'x := 1')).toBe(shadow('data'));
    expect(err('package p\nf([input]) := 1', 'x := 1')).toBe(shadow('input'));
    expect(err('package p\nf({"a": input}) := 1', 'x := 1')).toBe(shadow('input'));
    expect(err('package p\nf({input: 1}) := 1', 'x := 1')).toBe(shadow('input'));
    // Only the first per rule; sets are not searched; `input.x` is a ref, unsafe later.
    expect(err('package p\nf(x, data, input) := 1', 'x := 1')).toBe(shadow('data'));
    expect(err('package p\nf({input}) := 1', 'x := 1')).toBe('no error');
    expect(err('package p\nf(input.x) := 1', 'x := 1')).toBe('rego_unsafe_var_error: var input is unsafe');
    // An earlier stage than the unsafe head var of another rule (difftest seed 278959252).
    expect(err('package p\nr0 := x.e\nf(input) if { true }', 'x := 1')).toBe(shadow('input'));
    expect(err('package p\nf(input) = 1 { true }', 'x := 1', { v0: true })).toBe(shadow('input'));
  });

  it('checks template parts in a head term that is moved into the body as written (as opa)', () => {
    // OPA checks template strings before it moves head refs into the body (difftest seed 50794447).
    expect(err('package p\nr0 := [$"{input[v2]}", data.a.a[v2]] if { [v2, v3] = [] }', 'x := 1')).toBe('rego_compile_error: var v2 is undeclared');
    expect(err('package p\nr0 := [$"{input[v2]}", data.a.a[v2]] if { true }', 'x := 1')).toBe('rego_compile_error: var v2 is undeclared');
    expect(err('package p\nr0 := [$"{v2}", data.a.a[v2]] if { true }', 'x := 1')).toBe('no error');
    expect(err('package p\nr0 := [$"{input[v2]}", data.a.a[v2]] if { v2 := 1 }', 'x := 1')).toBe('no error');
  });

  it('reports recursion for every rule on the cycle', () => {
    expect(err('package p\nq if { r }\nr if { q }', 'x := 1')).toBe(
      'rego_recursion_error: rule data.p.q is recursive: data.p.q -> data.p.r -> data.p.q\n' +
        'rego_recursion_error: rule data.p.r is recursive: data.p.r -> data.p.q -> data.p.r',
    );
  });

  it('finds cycles through rules below a node that has rules itself (as opa)', () => {
    // r0 has rules at r0 (r0[v0]) and below it (r0.b): a ref to r0 depends on both.
    expect(err('package p\nr0[v0] := 0 if { some v0 in [] }\nr1 := 1 if { v4 := r0 }\nr0["b"] := 0 if { r1 }', 'x := 1')).toBe(
      'rego_recursion_error: rule data.p.r1 is recursive: data.p.r1 -> data.p.r0.b -> data.p.r1\n' +
        'rego_recursion_error: rule data.p.r0.b is recursive: data.p.r0.b -> data.p.r1 -> data.p.r0.b',
    );
  });

  it('reports unused `some x` declarations without strict mode (as opa)', () => {
    expect(err('package p\nf(v0) := 0 if { some y }', 'x := 1')).toBe('rego_compile_error: declared var y unused');
    expect(err('package p\nr0 := 1\nf(v0) := 0 if { some r0 }', 'x := 1')).toBe('rego_compile_error: declared var r0 unused');
    expect(err('package p\nr0 := 1\nf(v0) := 0 if { some r0; r0 = 1 }', 'x := 1')).toBe('no error');
    expect(err([], 'some x')).toBe('rego_compile_error: declared var x unused');
  });

  it('reports redeclarations', () => {
    expect(err('package p\nq if { x := 1; x := 2 }', 'x := 1')).toBe('rego_compile_error: var x assigned above');
    expect(err('package p\nq if { y := x; x := 1 }', 'x := 1')).toBe('rego_compile_error: var x referenced above');
  });

  it('applies v1 restrictions', () => {
    expect(err('package p\ninput := 1', 'x := 1')).toBe('rego_compile_error: rules must not shadow input (use a different rule name)');
    expect(err('package p\nimport data.a\nimport data.b.a\nq := 1', 'x := 1')).toBe('rego_compile_error: import must not shadow import data.a');
    expect(err('package p\nq if { x := print(1) }', 'x := 1')).toBe('rego_type_error: print(1) used as value');
  });
});

describe('evaluation errors', () => {
  it('builtin errors make the call undefined unless strict', () => {
    expect(err([], 'x := 1 / 0')).toBe('no error');
    expect(err([], 'x := 1 / 0', { strictBuiltinErrors: true })).toBe('eval_builtin_error: div: divide by zero');
  });
});

describe('static builtin argument types', () => {
  it('reports calls that can never type-check (texts as opa check)', () => {
    expect(err('package p\na if count(1)', 'x := 1')).toBe('rego_type_error: count: invalid argument(s)');
    expect(err('package p\nc := x if { x := "a"; y := x + 1 }', 'x := 1')).toBe('rego_type_error: plus: invalid argument(s)');
    expect(err('package p\ne := concat(",", [1, 2])', 'x := 1')).toBe('rego_type_error: concat: invalid argument(s)');
    expect(err('package p\nh := q + 1\nq := "s"', 'x := 1')).toBe('rego_type_error: plus: invalid argument(s)');
  });

  it('accepts anything not known statically', () => {
    expect(err('package p\nj := concat(",", {x | x := input.a[_]})\nk := count(input.x)', 'x := 1')).toBe('no error');
  });
});

describe('strict mode', () => {
  it('reports unused imports, locals and arguments (texts as opa check --strict)', () => {
    const mod = `package p
f(x, y) := 1 if { true }
q if { x := 1 }
r if { some y; true }
t := a if { a := 1; b := 2 }
s if { every x in [1] { true } }
ok if { some z in [1] }`;
    expect(err(mod, 'x := 1', { strict: true })).toBe(
      [
        'rego_compile_error: unused argument x. (hint: use _ (wildcard variable) instead)',
        'rego_compile_error: unused argument y. (hint: use _ (wildcard variable) instead)',
        'rego_compile_error: assigned var x unused',
        'rego_compile_error: declared var y unused',
        'rego_compile_error: assigned var b unused',
        'rego_compile_error: declared var x unused',
      ].join('\n'),
    );
    expect(err('package p\nimport data.foo\nimport input.bar as baz\nq := 1', 'x := 1', { strict: true })).toBe(
      'rego_compile_error: import data.foo unused\nrego_compile_error: import input.bar as baz unused',
    );
    expect(err('package p\nimport data.foo\nq := 1', 'x := 1')).toBe('no error');
  });
});

describe('error limit', () => {
  it('stops after 10 errors', () => {
    const mod = 'package p\n' + Array.from({ length: 12 }, (_, i) => `r${i} if x${i}`).join('\n');
    const lines = err(mod, 'x := 1').split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe('rego_compile_error: error limit reached');
  });
});

describe('function references', () => {
  it('rejects a function used as a value (zero-argument functions are documents)', () => {
    expect(err('package p\nf(x) := x\nq := f', 'x := 1')).toBe('rego_type_error: function data.p.f used as reference, not called');
    expect(err('package p\ng() := 1\nq := g', 'x := data.p.q')).toBe('no error');
  });
});

describe('match errors and template relations', () => {
  it('rejects comparisons of disjoint static types and iteration over scalars', () => {
    expect(err('package p\nb if { {1} == 0 }', 'x := 1')).toBe('rego_type_error: match error');
    expect(err('package p\nc if { some x in "abc" }', 'x := 1')).toBe('rego_type_error: match error');
    expect(err('package p\ne if { input.x == 1 }', 'x := 1')).toBe('no error');
  });

  it('rejects relation builtins inside template strings', () => {
    expect(err('package p\nr := $"{walk(0)}"', 'x := 1')).toBe(
      "rego_compile_error: illegal call to relation built-in 'walk' that may cause multiple outputs",
    );
    // opa checks only the part's own call: nested relations are evaluated (opa: "2", "[[[], 0]]").
    expect(val('package p\nr := $"{count(walk(0))}"', 'x := data.p.r')).toBe('2');
    expect(val('package p\nr := $"{[walk(0)]}"', 'x := data.p.r')).toBe('[[[], 0]]');
  });
});
