/**
 * A comprehension evaluated again in the same scope with the same captured value reuses its
 * last value (evaluator.ts `comprehension`). These check that reuse never crosses a change of
 * the captured value, of the `with` scope, or of the evaluation, and that print output is
 * unchanged (no reuse while a print hook is set).
 */
import { describe, expect, it } from 'vitest';
import { compile, toJSON, type Value } from '../../src/index.js';
import { val } from './helpers.js';

const LABELS = `package p
# labels(o) is the same object for every pdb: built once per review, still right per pdb.
matches contains [o.name, pdb.name] if {
  some o in input.objs
  some pdb in input.pdbs
  want := {[k, v] | some k; v := pdb.sel[k]}
  have := {[k, v] | some k; v := o.labels[k]}
  count(want - have) == 0
}
`;

describe('comprehension memo', () => {
  it('recomputes when the captured value changes and reuses it when it does not', () => {
    const input = {
      objs: [
        { name: 'a', labels: { app: 'x', tier: 'web' } },
        { name: 'b', labels: { app: 'y' } },
        { name: 'c', labels: { app: 'x' } },
      ],
      pdbs: [
        { name: 'p1', sel: { app: 'x' } },
        { name: 'p2', sel: { app: 'y' } },
        { name: 'p3', sel: { app: 'x', tier: 'web' } },
        { name: 'p4', sel: {} },
      ],
    };
    expect(val(LABELS, 'x := data.p.matches', { input })).toEqual([
      ['a', 'p1'],
      ['a', 'p3'],
      ['a', 'p4'],
      ['b', 'p2'],
      ['b', 'p4'],
      ['c', 'p1'],
      ['c', 'p4'],
    ]);
  });

  it('keeps values of different with scopes apart', () => {
    const mod = 'package p\nf(y) := count({x | some x in input.xs; x > y})';
    const q = 'a := data.p.f(0) with input as {"xs": [1, 2]}; b := data.p.f(0) with input as {"xs": [1, 2, 3]}; c := data.p.f(0); x := [a, b, c]';
    expect(val(mod, q, { input: { xs: [7] } })).toEqual([2, 3, 1]);
  });

  it('keeps values of different evaluations apart', () => {
    const policy = compile({ modules: [{ file: 'p.rego', source: 'package p\nn := count([x | some x in input.xs; x > 1])' }] });
    const q = policy.prepare('data.p.n');
    const n = (input: Value): unknown => toJSON(q.evaluate({ input })[0]!.expressions[0]!.value);
    expect([n({ xs: [1, 2, 3] }), n({ xs: [5, 6] }), n({ xs: [] })]).toEqual([2, 2, 0]);
  });

  it('prints once per evaluation of a comprehension body, as without the memo', () => {
    const policy = compile({ modules: [{ file: 'p.rego', source: 'package p\nr := [n | some i in [1, 2]; n := count([x | some x in [1]; print("x", x)])]' }] });
    const lines: string[] = [];
    policy.prepare('data.p.r').evaluate({ print: (m) => lines.push(m) });
    expect(lines).toEqual(['x 1', 'x 1']);
  });
});
