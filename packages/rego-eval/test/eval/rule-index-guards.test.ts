import { describe, expect, it } from 'vitest';
import { err, val } from './helpers.js';

// OPA's rule index skips a definition whose indexed input conditions fail before its body
// runs, so an error elsewhere in the body is not raised. Expected outcomes from `opa eval` v1.17.1.
const conflict = '{k: v | some v in [1, 2]; k := "a"}';
const src = `package p
a if { ${conflict}; input.x }
b if { ${conflict}; y := input.x }
c if { ${conflict}; input.x == 1 }
d := input.x if { ${conflict} }
r := 1 if { input.k1 == 1 } else := 2
`;

describe('rule index conditions are checked before the body (as opa)', () => {
  it('skips the body when an indexed input ref is undefined or different', () => {
    for (const r of ['a', 'b', 'c', 'd']) {
      expect(err(src, `x := data.p.${r}`, { input: { k1: false } })).toBe('no error');
      expect(val(src, `x := data.p.${r}`, { input: { k1: false } })).toBeUndefined();
    }
    expect(err(src, 'x := data.p.c', { input: { x: 2 } })).toBe('no error');
  });

  it('still evaluates the body when the conditions hold', () => {
    for (const r of ['a', 'b', 'c', 'd']) {
      expect(err(src, `x := data.p.${r}`, { input: { x: 1 } })).toBe('eval_conflict_error: object keys must be unique');
    }
  });

  it('counts the refs opa binds to vars before indexing (call arguments, composites, every domains, head calls)', () => {
    const rules = [
      'a if { C; count(input.zz) > 0 }',
      'c if { C; every x in input.zz { x } }',
      'd if { C; [input.zz] = y }',
      'e if { C; not count(input.zz) }',
      'f if { C; x := [1][input.zz] }',
      'h if { C; x := {"a": input.zz} }',
      'j := count([input.zz]) if { C }',
      'm := count((input | input.a)) if { C }',
      'n if { C; input.k1 == [1] }',
      'o if { C; data.nope.x == 1 }',
      'q if { C; some v9, v10 in {0: {data.c.k1["k1"], 0}} }',
    ];
    const m = 'package p\n' + rules.join('\n').replaceAll('C', conflict);
    for (const r of 'acdefhjmnoq') expect(err(m, `x := data.p.${r}`, { input: { k1: false } })).toBe('no error');
  });

  it('not refs opa leaves in place (some-in domains, comprehensions, `==` operands, `with`)', () => {
    const rules = [
      'b if { C; some x in input.zz }',
      'g if { C; count([1 | input.zz]) }',
      'i if { C; input.zz.a == input.k1 }',
      'k if { C; startswith(input.zz, "a") with input.q as 1 }',
      'l if { C; input.k1 == {"a": 1} }',
    ];
    const m = 'package p\n' + rules.join('\n').replaceAll('C', conflict);
    for (const r of 'bgikl') expect(err(m, `x := data.p.${r}`, { input: { k1: false } })).toBe('eval_conflict_error: object keys must be unique');
  });

  it('leaves else chains alone', () => {
    expect(val(src, 'x := data.p.r', { input: { k1: false } })).toBe(2);
  });

  it('an object comprehension of a relation in a rule whose head value is undefined input', () => {
    const m = 'package p\nr0 := input.a if { v4 := [[0, 0] | some v2 in {v1: walk(input) | some v1, v0 in [[]]}] }';
    expect(val(m, 'x := data.p.r0', { input: { k1: false } })).toBeUndefined();
  });
});
