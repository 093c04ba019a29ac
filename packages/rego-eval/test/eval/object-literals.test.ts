import { describe, expect, it } from 'vitest';
import { err, val } from './helpers.js';

// Expected values from `opa eval` v1.17.1.
describe('object literals with repeated keys', () => {
  it('keep the first key and the last value (as opa parse merges them)', () => {
    expect(val('package p\nc := {1: 1, 1.0: 2}', 'x := data.p.c')).toEqual({ '1': 2 });
    expect(val('package p\na := {x: 1, x: 2} if x := "k"', 'x := data.p.a')).toEqual({ k: 2 });
  });

  // opa v1.17.1 panics on template-string keys; the values are opa v1.22.3's.
  it('merge template-string keys written alike (backquoted or quoted; spaces in a part do not count)', () => {
    const input = { input: { a: 'm', n: 0 } };
    expect(val('package p\nr := {$"{input.a}": 1, $"{input.a}": 2}', 'x := data.p.r', input)).toEqual({ m: 2 });
    expect(val('package p\nr := {$"{input.a}": 1, $`{input.a}`: 2}', 'x := data.p.r', input)).toEqual({ m: 2 });
    expect(val('package p\nr := {$"{input.a}": 1, $"{ input.a }": 2, $"{input.a}": 3}', 'x := data.p.r', input)).toEqual({ m: 3 });
    expect(val('package p\nr := {$"b{input.a}": 1, $"a{input.a}": 2}', 'x := data.p.r', input)).toEqual({ am: 2, bm: 1 });
    expect(val('package p\nr := {$"{input.a}": 1, $"{input.n}": 2}', 'x := data.p.r', input)).toEqual({ m: 1, '0': 2 });
  });

  it('never compile the dropped values (their errors are not reported)', () => {
    const src = 'package p\nr contains {0: [0 | some v0 in data.a; not v2 := 0], 0: 0} if { [] == [input.a.a, 0] }';
    expect(err(src, 'x := data.p.r')).toBe('no error');
    expect(val(src, 'x := data.p.r')).toEqual([]);
  });
});
