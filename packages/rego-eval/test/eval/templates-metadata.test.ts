import { describe, expect, it } from 'vitest';
import { err, val } from './helpers.js';

describe('template strings', () => {
  it('renders values in Rego syntax and undefined as <undefined>', () => {
    const mod = 'package p\nq := $"a {input.x} b {[1, "x"]} {input.nope} {{2, 1}}"';
    expect(val(mod, 'x := data.p.q', { input: { x: 'X' } })).toBe('a X b [1, "x"] <undefined> {1, 2}');
  });

  it('rejects expressions that would iterate (opa: the iteration var is undeclared)', () => {
    expect(err('package p\nq := $"{input.xs[_]}"', 'x := data.p.q', { input: { xs: [1, 2] } })).toBe('rego_compile_error: var _ is undeclared');
  });
});

describe('rego.metadata', () => {
  it('resolves rule and chain annotations at compile time', () => {
    const mod = `# METADATA
# description: The suite
package testing

# METADATA
# title: Testing
# authors:
# - The OPA contributors
p := rego.metadata.rule()

c := rego.metadata.chain()`;
    expect(val(mod, 'x := data.testing.p')).toEqual({ authors: [{ name: 'The OPA contributors' }], scope: 'rule', title: 'Testing' });
    expect(val(mod, 'x := data.testing.c')).toEqual([
      { path: ['testing', 'c'] },
      { annotations: { description: 'The suite', scope: 'package' }, path: ['testing'] },
    ]);
  });
});
