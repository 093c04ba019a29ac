import { describe, expect, it } from 'vitest';
import { compile } from '../../src/index.js';

function errLocs(source: string, query?: string): string[] {
  try {
    const p = compile({ modules: [{ file: 'g.rego', source }] });
    if (query) p.prepare(query);
  } catch (e) {
    return (e as { errors: Array<{ message: string; location?: { row: number; col: number } }> }).errors.map((x) => `${x.location?.row}:${x.location?.col}: ${x.message}`);
  }
  return [];
}

// Expected errors checked against `opa check` / `opa eval` v1.17.1.
describe('functions used as values', () => {
  it('are type errors located at the ref', () => {
    expect(errLocs('package p\nf(x) := x\ng := f\nh if { y := data.p.f; y }\n')).toEqual([
      '3:6: function data.p.f used as reference, not called',
      '4:13: function data.p.f used as reference, not called',
    ]);
    expect(errLocs('package p\ntest_f(x) if x > 1\n', 'x := data.p.test_f')).toEqual(['1:6: function data.p.test_f used as reference, not called']);
  });
});
