import { describe, expect, it } from 'vitest';
import { val } from './helpers.js';
import { opaBin, opaSkip, opaValue } from './opa-peer.js';

// A ref iterating over a var inside a collection binds that var for the whole expression:
// OPA's safety check counts the ref's path vars as outputs (outputVarsForTerms), and its
// rewriteDynamics then evaluates the ref before the collection. Found by difftest seed
// 2002312752 (regression parse-0a041e32). Expected values from `opa eval` v1.17.1.
const input = { x: ['a', 'b'] };
const cases: Array<[string, unknown]> = [
  ['[[v0, x] | x := [v0, input.x[v0]]]', [[0, [0, 'a']], [1, [1, 'b']]]],
  ['[x | x := {v0, input.x[v0]}]', [[0, 'a'], [1, 'b']]],
  ['[x | x := {v0: input.x[v0]}]', [{ '0': 'a' }, { '1': 'b' }]],
  ['[x | x := {input.x[v0]: v0}]', [{ a: 0 }, { b: 1 }]],
  ['[x | x = [v0, [input.x[v0]]]]', [[0, ['a']], [1, ['b']]]],
  ['[x | [v0, input.x[v0]] = x]', [[0, 'a'], [1, 'b']]],
  ['[x | x := count([v0, input.x[v0]])]', [2, 2]],
  // Set members iterate in OPA's term order: the ref's generated var before `v0`.
  ['[v1 | some v1 in {v0, input.x[v0]}]', ['a', 0, 'b', 1]],
  ['[[k, v1] | some k, v1 in [v0, input.x[v0]]]', [[0, 0], [1, 'a'], [0, 1], [1, 'b']]],
  ['{1 | some v1 in {v0, input.x[v0]}}', [1]],
];

// `some x in xs` is OPA's `x = xs[k]`: a call in x runs after the domain's refs bound its vars
// (difftest seed 278959252, regression eval-d3bbc1b1). Expected values from `opa eval` v1.17.1.
const someInput = { a: [1, true], bb: [2] };
const someCases: Array<[string, unknown]> = [
  ['[v0 | some count(v0) in input[v0]]', ['a', 'bb']],
  ['[v0 | some (v0 in {"a"}) in input[v0]]', ['a']],
  ['[[v0, k] | some k, count(v0) in input[v0]]', [['a', 0], ['bb', 0]]],
];

describe('a call as the value of some … in binds after the domain (as opa)', () => {
  for (const [query, expected] of someCases) {
    it(query, () => {
      expect(val('package p', `x := ${query}`, { input: someInput })).toEqual(expected);
    });
  }

  it.skipIf(!opaBin)(`agrees with opa eval${opaSkip}`, () => {
    for (const [query, expected] of someCases) expect(opaValue([], query, someInput)).toEqual(expected);
  });
});

describe('refs with vars inside collections bind those vars (as opa)', () => {
  for (const [query, expected] of cases) {
    it(query, () => {
      expect(val('package p', `x := ${query}`, { input })).toEqual(expected);
    });
  }

  it.skipIf(!opaBin)(`agrees with opa eval${opaSkip}`, () => {
    for (const [query, expected] of cases) expect(opaValue([], query, input)).toEqual(expected);
  });
});
