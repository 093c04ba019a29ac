import { describe, expect, it } from 'vitest';
import { val } from './helpers.js';

// Expected values checked against `opa eval` v1.17.1.
describe('with inside template-string expressions', () => {
  it('applies to the embedded expression only', () => {
    const mod = `package t
a := input.a
f(x) := x + input.b
p := $"foo {a with input as {"a": 42}} {a} {f(1) with input.b as 2} {input.c with input.c as [1, "s"]}"
q := $"{input.zz with input.z as 1}"
`;
    expect(val(mod, 'x := [data.t.p, data.t.q]', { input: { a: 1 } })).toEqual(['foo 42 1 3 [1, "s"]', '<undefined>']);
  });

  it('works in multi-line template strings inside rule bodies', () => {
    const mod = 'package t\na := input.a\np := x if {\n  x := $`foo {a with input as {"a" : 42}}`\n}\n';
    expect(val(mod, 'x := data.t.p')).toBe('foo 42');
  });
});
