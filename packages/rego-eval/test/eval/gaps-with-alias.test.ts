import { describe, expect, it } from 'vitest';
import { val } from './helpers.js';

// Expected values checked against `opa eval` v1.17.1.
describe('with targets named through imports and package rules', () => {
  it('resolves an import alias of data', () => {
    const mods = ['package files\nx := 1\ny := x + 1\n', 'package t\nimport data.files\nq := y if { y := files.y with files.x as 2 }\n'];
    expect(val(mods, 'x := data.t.q')).toBe(3);
  });

  it('resolves rules, functions and input imports of the package', () => {
    const mod = `package t
import input.foo as bar
r := 5
f(x) := x
q := [y, z, w] if { y := r with r as 3; z := f(1) with f as 7; w := input.foo with bar as 9 }
`;
    expect(val(mod, 'x := data.t.q')).toEqual([3, 7, 9]);
  });
});
