/**
 * Comprehension indexing (`[x.name | some x in xs; x.group == g]` evaluated for many `g`):
 * results and errors must equal those of the same comprehension written so that it is not
 * indexed (`[g][0]` instead of `g` in the equality), and those of opa.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/index.js';
import { run } from './helpers.js';
import { opaBin, opaSkip, opaValue } from './opa-peer.js';

/**
 * Sources write the outer variable of the keying equality as `G`: the indexed form has `g`
 * there, the unindexed twin `[g][0]` (same value, but not a plain variable, so no index).
 */
const mk = (src: string, ix: boolean): string => src.replace(/\bG\b/g, ix ? 'g' : '[g][0]');

interface Case {
  name: string;
  src: string;
  inputs: Value[];
  query?: string;
  strict?: boolean;
}

const items = (xs: Array<[unknown, string]>): Value => ({ items: xs.map(([group, name]) => (group === undefined ? { name } : { group, name })) as Value });
const BASIC = [
  items([['a', 'n1'], ['b', 'n2'], ['a', 'n3'], [undefined, 'n4'], [1, 'n5'], [1.0, 'n6'], [{ k: 1 }, 'n7'], ['b', 'n8'], ['a', 'n1']]),
  items([]),
  items([['a', 'x']]),
  { items: 'not a collection' },
  {},
];

const CASES: Case[] = [
  {
    name: 'array, set and object comprehensions over distinct keys',
    src: `package p
keys := {x.group | some x in input.items}
arr := {g: ns | some g in keys; ns := [x.name | some x in input.items; x.group == G]}
st := {g: ns | some g in keys; ns := {x.name | some x in input.items; G = x.group}}
obj := {g: ns | some g in keys; ns := {x.name: true | some x in input.items; x.group = G}}
missing := [ns | some g in ["zz", "a", "zz"]; ns := [x.name | some x in input.items; x.group == G]]`,
    inputs: BASIC,
  },
  {
    name: 'keys computed by calls, local vars, enumerating refs and composite values',
    src: `package p
keys := {"a", "A", "b", 1, {"k": 1}}
lower_key := [[g, ns] | some g in keys; ns := [x.name | some x in input.items; is_string(x.group); lower(x.group) == G]]
local := [[g, ns] | some g in keys; ns := [x.name | some x in input.items; y := x.group; y == G]]
enum := [[g, n] | some g in keys; n := count([1 | input.items[_].group == G])]
pairs := [[g, ns] | some g in keys; ns := [[i, x.name] | some i, x in input.items; x.group == G]]`,
    inputs: BASIC,
  },
  {
    name: 'negation, every, nested scopes and functions',
    src: `package p
keys := ["a", "b", "c", 1]
neg := [g | some g in keys; not count([x | some x in input.items; x.group == G]) > 1]
ev := [g | some g in keys; every n in [x.name | some x in input.items; x.group == G] { n != "n3" }]
f(g) := [x.name | some x in input.items; not x.hidden; x.group == G]
fn := [f(g) | some g in keys]
nested := [[g, inner] | some g in keys; inner := [[x.name, ys] | some x in input.items; x.group == G; ys := [y.name | some y in input.items; y.name == x.name]]]`,
    inputs: BASIC,
  },
  {
    name: 'with on the outer literal and inside the body',
    src: `package p
keys := ["a", "b"]
names := [x.name | some x in input.items]
outer := [[g, ns] | some g in keys; ns := [x.name | some x in input.items; x.group == G] with input.items as [{"group": "a", "name": "w"}]]
inner := [[g, ns] | some g in keys; ns := [[x.name, n] | some x in input.items; x.group == G; n := count(names) with input.items as []]]
scoped := [[g, v] | some g in keys; v := data.p.outer with input.items as [{"group": g, "name": "s"}]]`,
    inputs: BASIC,
  },
  {
    name: 'object key conflict in a group the outer loop never asks for',
    src: `package p
confl := [[g, o] | some g in input.ask; o := {"k": x.name | some x in input.items; x.group == G}]`,
    inputs: [
      { ask: ['a', 'c'], ...(items([['a', 'n1'], ['b', 'n2'], ['b', 'n3'], ['a', 'n1']]) as object) },
      { ask: ['a', 'b'], ...(items([['a', 'n1'], ['b', 'n2'], ['b', 'n3'], ['a', 'n1']]) as object) },
      { ask: ['b', 'a'], ...(items([['a', 'n1'], ['b', 'n2'], ['b', 'n3']]) as object) },
    ],
    query: 'x := data.p.confl',
  },
  {
    name: 'strict builtin error in a group the outer loop never asks for',
    src: `package p
nums := [[g, ns] | some g in input.ask; ns := [to_number(x.name) | some x in input.items; x.group == G]]`,
    inputs: [
      { ask: ['a', 'c', 'a'], ...(items([['a', '1'], ['b', 'bad'], ['a', '2']]) as object) },
      { ask: ['a', 'b'], ...(items([['a', '1'], ['b', 'bad'], ['a', '2']]) as object) },
    ],
    query: 'x := data.p.nums',
    strict: true,
  },
];

function outcome(src: string, query: string, input: Value, strict: boolean): unknown {
  try {
    return run(src, query, { input, strictBuiltinErrors: strict });
  } catch (e) {
    const x = e as { code?: string; message: string };
    return `error: ${x.code}: ${x.message}`;
  }
}

describe('comprehension indexing', () => {
  for (const c of CASES) {
    it(`${c.name}: indexed equals unindexed`, () => {
      const q = c.query ?? 'x := data.p';
      for (const input of c.inputs) {
        for (const strict of c.strict ? [false, true] : [false]) {
          const want = outcome(mk(c.src, false), q, input, strict);
          expect(outcome(mk(c.src, true), q, input, strict), `${JSON.stringify(input)} strict=${strict}`).toEqual(want);
        }
      }
    });
  }

  it.skipIf(!opaBin)(`equals opa${opaSkip}`, () => {
    for (const c of CASES) {
      if (c.strict) continue;
      const q = c.query ?? 'x := data.p';
      for (const input of c.inputs) {
        const ours = outcome(mk(c.src, true), q, input, false);
        let theirs: unknown;
        try {
          // opa's own comprehension index overwrites conflicting object keys instead of
          // failing, so its reference is the form it does not index.
          const v = opaValue([mk(c.src, false)], q.replace(/^x := /, ''), input);
          theirs = v === undefined ? [] : [{ x: v }];
        } catch {
          theirs = 'error';
        }
        if (typeof ours === 'string') expect(theirs, `${c.name} ${JSON.stringify(input)}: ${ours}`).toBe('error');
        else expect(ours, `${c.name} ${JSON.stringify(input)}`).toEqual(theirs);
      }
    }
  });

  it('random items and keys: indexed equals unindexed', () => {
    const src = `package p
arr := [[g, ns] | some g in input.keys; ns := [[i, x.name] | some i, x in input.items; x.g == G]]
st := [[g, ns] | some g in input.keys; ns := {x.name | some x in input.items; G = x.g}]
obj := [[g, ns] | some g in input.keys; ns := {x.name: x.v | some x in input.items; x.g == G}]`;
    const gval = fc.constantFrom<unknown>('a', 'b', 1, 1.0, 2, null, ['a'], undefined);
    const item = fc.record({ g: gval, name: fc.constantFrom('n1', 'n2', 'n3'), v: fc.constantFrom(1, 2) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), fc.array(gval, { maxLength: 5 }), (its, keys) => {
        const input = JSON.parse(JSON.stringify({ items: its, keys: keys.filter((k) => k !== undefined) })) as Value;
        for (const q of ['x := data.p.arr', 'x := data.p.st', 'x := data.p.obj']) {
          expect(outcome(mk(src, true), q, input, false)).toEqual(outcome(mk(src, false), q, input, false));
        }
      }),
      { numRuns: 200, seed: 77 },
    );
  });
});
