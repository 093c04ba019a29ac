import { describe, expect, it } from 'vitest';
import { err } from './helpers.js';

// Expected errors checked against `opa check --strict` v1.17.1.
describe('strict mode: unused imports', () => {
  it('are reported, also in modules without rules', () => {
    expect(err('package q\nimport data.foo\n', 'true', { strict: true })).toBe('rego_compile_error: import data.foo unused');
    expect(err('package p\nimport data.foo\nimport input.bar as b\nx := 1\n', 'true', { strict: true })).toBe(
      'rego_compile_error: import data.foo unused\nrego_compile_error: import input.bar as b unused',
    );
  });

  it('are not reported when used, or when shadowed uses are local', () => {
    const mod = 'package q\nimport data.foo\nx := 1 if { foo }\nimport input.a\nz if { some a in [1]; a }\n';
    expect(err(mod, 'true', { strict: true })).toBe('rego_compile_error: import input.a unused');
    expect(err('package q\nimport data.foo\n', 'true')).toBe('no error');
  });
});
