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

  it('merge refs, calls, composites and comprehensions written alike (not wildcards)', () => {
    const input = { input: { a: 'k', b: 'k', m: { k: 1 } } };
    const cases: Array<[string, Record<string, number>]> = [
      ['{input.a: 1, input.a: 2}', { k: 2 }],
      ['{input.m[input.a]: 1, input.m[input.a]: 2}', { '1': 2 }],
      ['{abs(1): 1, abs(1): 2}', { '1': 2 }],
      ['{[input.a]: 1, [input.a]: 2}', { '["k"]': 2 }],
      ['{{input.a}: 1, {input.a}: 2}', { '["k"]': 2 }],
      ['{{input.a, input.b}: 1, {input.b, input.a}: 2}', { '["k"]': 2 }],
      ['{{"a": input.a, "a": 1}: 1, {"a": 1}: 2}', { '{"a":1}': 2 }],
      ['{[1.0, input.a]: 1, [1, input.a]: 2}', { '[1.0,"k"]': 2 }],
      ['{[x | x := 1]: 1, [x | x := 1]: 2}', { '[1]': 2 }],
    ];
    for (const [obj, want] of cases) {
      expect([obj, val(`package p\nr := ${obj}`, 'x := data.p.r', input)]).toEqual([obj, want]);
    }
  });
});

// OPA's parser keeps one of the members of a set literal written alike.
describe('set literals with members written alike', () => {
  it('hold them once (iterated once)', () => {
    const input = { input: { a: 'k' } };
    const cases: Array<[string, unknown]> = [
      ['[m | some m in {[1 | true], [1 | true]}]', [[1]]],
      ['[m | some m in {[1 | true], upper("a"), [1 | true]}]', ['A', [1]]],
      ['[m | some m in {{input.a | true}, {input.a | true}}]', [['k']]],
      ['[m | some m in {[x | x := 1], [x | x := 1]}]', [[1]]],
      ['[m | some m in {[x | x := input[_]], [x | x := input[_]]}]', [['k'], ['k']]],
    ];
    for (const [q, want] of cases) expect([q, val(`package p\nr := ${q}`, 'x := data.p.r', input)]).toEqual([q, want]);
  });
});
