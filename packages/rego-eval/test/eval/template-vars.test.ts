import { describe, expect, it } from 'vitest';
import { err } from './helpers.js';

// opa v1.17.1 (compile.go rewriteTemplateStrings): the vars of a template part must be bound by
// the body the template belongs to, else `var x is undeclared`.
const rule = (body: string) => `package p\nr if { ${body} }`;
const undeclared = (name: string) => `rego_compile_error: var ${name} is undeclared`;

describe('template-string parts with unbound vars', () => {
  it('are rejected, iteration vars and _ included', () => {
    expect(err(rule('x := $"{input[k]}"'), 'x := 1')).toBe(undeclared('k'));
    expect(err(rule('x := $"{input[_]}"'), 'x := 1')).toBe(undeclared('_'));
    expect(err(rule('x := $"{z[0]}"'), 'x := 1')).toBe(undeclared('z'));
    expect(err(rule('not x = 1; y := $"{x[0]}"'), 'x := 1')).toBe(undeclared('x'));
  });

  // Difftest seed 970356125 (parse-071a4d80): the template stage runs before OPA's check of
  // undefined functions, which then never reports.
  it('inside the arguments of an undefined function, reported first', () => {
    expect(err(rule('v0 := $"{is_set((set(contains) & set()))} b"'), 'x := 1')).toBe(undeclared('contains'));
    expect(err(rule('v0 := $"{foo(q)} b"'), 'x := 1')).toBe(undeclared('q'));
    expect(err(rule('v0 := $"{set(1)} b"'), 'x := 1')).toBe('rego_type_error: undefined function set');
  });

  // Difftest seed 207498403: OPA checks template parts before it hoists nested calls, so an
  // equality's refs bind their vars even where a nested call uses them; the safety check then
  // reports them unsafe instead.
  it('count vars an equality\'s refs bind, nested calls not hoisted yet', () => {
    const head = (body: string) => `package p\nr0 contains $"{count(v0)}" if { ${body} }`;
    const unsafe = (...vs: string[]) => vs.map((v) => `rego_unsafe_var_error: var ${v} is unsafe`).join('\n');
    expect(err(head('v2 := object.get(input[v0], 0, count(v0))'), 'x := 1')).toBe(unsafe('v0', 'v2'));
    expect(err(head('object.get(input[v0], 0, count(v0)) = v2'), 'x := 1')).toBe(unsafe('v0', 'v2'));
    expect(err(head('x := [count(v0), data.q[v0]]'), 'x := 1')).toBe(unsafe('v0', 'x'));
    expect(err(head('v2 := count(v0)'), 'x := 1')).toBe(undeclared('v0'));
  });

  it('inside a nested template string', () => {
    const src = 'package c\nf0(v0) := 0 if { some v1 in [{{}}, [], "Foo Bar"]; 2 != $"v={$"v={input[v1v1].b[v1]} b"}"; v2 = v0; v3 := 0 }';
    expect(err(src, 'x := 1')).toBe(undeclared('v1v1'));
  });

  it('nested in a comprehension head: checked against the enclosing body', () => {
    expect(err(rule('y := [{$"{a[0]}"} | a := [1]]'), 'x := 1')).toBe(undeclared('a'));
    expect(err(rule('y := [[$"{a[0]}" | true] | a := [1]]'), 'x := 1')).toBe(undeclared('a'));
    const src = 'package p\nf1(v1) := [{v6: 0 | some v6, v5 in []; v7 := $"{count(v3)}"} | some v3 in [0, 0, v1]; input.a.a] if { v2 := input[v1][_] }';
    expect(err(src, 'x := 1')).toBe(undeclared('v3'));
  });

  it('accepts vars bound anywhere in the body or the comprehension', () => {
    for (const body of [
      'some k in [1]; x := $"{[1][k]}"',
      'x := $"{[1][k]}"; k = 0',
      'x := [$"{[1][k]}" | some k in [0]]',
      'x := {1: $"{[1][k]}" | some k in [0]}',
      'every k in [0] { $"{[1][k]}" }',
      'y := {a[0]: $"{a[0]}" | a := [1]}',
    ]) {
      expect(err(rule(body), 'x := 1')).toBe('no error');
    }
  });
});

// opa v1.17.1 (compile.go rewriteTemplateStrings → outputVarsForBody): the vars a body binds
// are taken in one pass over its expressions as written, before the safety check reorders them
// and before head terms are moved into the body or calls hoisted out of it. All answers below
// are opa v1.17.1's (`opa check`).
describe('template-string parts: the body as written', () => {
  it('binds a var only through expressions whose inputs earlier ones bound', () => {
    for (const body of ['y = abs(x); x = 1; t := $"{input[y]}"', 'abs(x) = y; input.a[x]; t := $"{input[y]}"', 'y = x; x = input.a; t := $"{input[y]}"']) {
      expect(err(rule(body), 'x := 1')).toBe(undeclared('y'));
    }
    expect(err('package p\nr := $"{input[y]}" if { y = x; x = 1 }', 'x := 1')).toBe(undeclared('y'));
    expect(err(rule('x = 1; y = abs(x); t := $"{input[y]}"'), 'x := 1')).toBe('no error');
  });

  // (opa reports these twice: its walk of the enclosing body meets the template again, left
  // unrewritten by the failed check; rego-ts reports each once.)
  it('in comprehension and every bodies too', () => {
    expect(err(rule('r := [1 | y = x; x = 1; t := $"{input[y]}"]'), 'x := 1')).toBe(undeclared('y'));
    expect(err(rule('r := [$"{input[y]}" | y = x; x = 1]'), 'x := 1')).toBe(undeclared('y'));
    expect(err(rule('r := {$"{input[y]}": 1 | y = x; x = 1}'), 'x := 1')).toBe(undeclared('y'));
    expect(err(rule('every z in [1] { z; y = x; x = 1; t := $"{input[y]}" }'), 'x := 1')).toBe(undeclared('y'));
    expect(err(rule('r := [$"{input[y]}" | x = 1; y = x]'), 'x := 1')).toBe('no error');
  });

  // Difftest seed 993705636 case 1078: the body is unsafe (v0), so its calls are hoisted for a
  // second safety check — with the head's moved `__h = count(max(input.a[v1]))`, whose hoisted
  // `max(input.a[v1], __x)` bound v1 for the template check, which then passed.
  it('without the head terms OPA moves into the body later', () => {
    const src = (head: string) => `package p\nr0 := ${head} if { [v0, v1] = []; v2 := [$"{data.a.a[v1]}"] }`;
    expect(err(src('count(max(input.a[v1]))'), 'x := 1')).toBe(undeclared('v1'));
    expect(err(src('[max(input.a[v1])]'), 'x := 1')).toBe(undeclared('v1'));
    expect(err('package p\nr0 := count(max(input.a[v1])) if { [v0, v1] = []; v2 := 1 }', 'x := 1')).toBe('rego_unsafe_var_error: var v0 is unsafe');
  });
});

describe('template-string parts in queries', () => {
  it('are checked as in rules', () => {
    expect(err([], 'x := $"{input[k]}"')).toBe(undeclared('k'));
    expect(err([], 'k := 0; x := $"{[1][k]}"')).toBe('no error');
  });
});

// opa v1.17.1 (reorderBodyForSafety): a template's closure parts are a call hoisted before the
// expression; its vars (var parts too) must be bound by earlier expressions — an equality may bind them itself,
// as it takes the template call's output from OPA's shared output set (difftest seed 1004931008).
describe('template-string closure parts and safety', () => {
  const unsafe = (name: string) => `rego_unsafe_var_error: var ${name} is unsafe`;
  it('are not bound by the refs of the expression holding them', () => {
    expect(err(rule('data.a[x] == $"{upper(x)}"'), 'x := 1')).toBe(unsafe('x'));
    expect(err(rule('startswith(data.a[x], $"{upper(x)}")'), 'x := 1')).toBe(unsafe('x'));
    expect(err(rule('data.a[x] == $"{x}"'), 'x := 1')).toBe(unsafe('x'));
    expect(err(rule('startswith(data.a[x], $"{x}")'), 'x := 1')).toBe(unsafe('x'));
    expect(err('package p\nr1 := sum(input[v0]) if { [v0, v1] = []; data.a.a[v1] == $"{(v1 | input.a.a)}" }', 'x := 1')).toBe(unsafe('v1'));
  });

  it('an equality, a bound var or a template var part is accepted', () => {
    for (const body of ['data.a[x] = $"{upper(x)}"', '[x, s] = [1, $"{x + 1}"]', 'data.a[x]; $"{upper(x)}" != ""', 'data.a[x] = $"{x}"', '[x, s] = [1, $"{x}"]']) {
      expect(err(rule(body), 'x := 1')).toBe('no error');
    }
    expect(err('package p\nr1 := input[v0] if { [v0, v1] = []; data.a.a[v1] == $"{(v1 | input.a.a)}" }', 'x := 1')).toBe('no error');
  });
});
