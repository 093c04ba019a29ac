import { describe, expect, it } from 'vitest';
import { compile, toJSON, type Value } from '../../src/index.js';

const POLICY = 'package ex\nallow if true\no.k := 1\nn.m := 2\ndeny := 1\n';

function errs(data: Value, source = POLICY): string {
  try {
    compile({ modules: [{ file: 'p.rego', source }], data });
  } catch (e) {
    return (e as { errors: Array<{ message: string; location?: { row: number } }> }).errors.map((x) => `${x.location?.row}: ${x.message}`).join('\n');
  }
  return 'no error';
}

// Expected errors checked against `opa eval -d data.json -d p.rego` v1.17.1.
describe('rule paths that collide with base data', () => {
  it('are compile errors where data holds a value at the path or a non-object at a prefix', () => {
    expect(errs({ ex: { allow: true, o: { z: 1 }, n: 5 } })).toBe('2: conflicting rule for data path ex/allow found\n4: conflicting rule for data path ex/n/m found');
    expect(errs({ ex: { deny: { a: 1 } } })).toBe('5: conflicting rule for data path ex/deny found');
    expect(errs({ ex: 7 })).toBe(
      [2, 3, 4, 5].map((r, i) => `${r}: conflicting rule for data path ex/${['allow', 'o/k', 'n/m', 'deny'][i]} found`).join('\n'),
    );
  });

  it('report one error per path, at its first rule, functions included', () => {
    expect(errs({ ex: { allow: true, f: 1 } }, 'package ex\nallow if true\nallow if false\ndefault allow := false\nf(x) := 1\n')).toBe(
      '2: conflicting rule for data path ex/allow found\n5: conflicting rule for data path ex/f found',
    );
  });

  it('merge with data objects that lack the rule key', () => {
    const policy = compile({ modules: [{ file: 'p.rego', source: POLICY }], data: { ex: { o: { z: 1 } } } });
    expect(toJSON(policy.prepare('data.ex.o').evaluate()[0]!.expressions[0]!.value)).toEqual({ k: 1, z: 1 });
    expect(errs(null)).toBe('no error');
  });

  it('can be left unchecked (base data then wins, as in OPA conformance cases)', () => {
    const policy = compile({ modules: [{ file: 'p.rego', source: POLICY }], data: { ex: { deny: 'base' } }, checkDataConflicts: false });
    expect(toJSON(policy.prepare('data.ex.deny').evaluate()[0]!.expressions[0]!.value)).toBe('base');
  });
});
