import { describe, expect, it } from 'vitest';
import { compile, toJSON, type Value } from '../../src/index.js';

/** Expression values of every result of a query, as `opa eval` reports them. */
function values(query: string, input?: Value): unknown[] {
  const policy = compile({ modules: [] });
  const rs = policy.prepare(query).evaluate(input === undefined ? {} : { input });
  return rs.map((r) => r.expressions.map((e) => toJSON(e.value)));
}

// Expected values checked against `opa eval` v1.17.1.
describe('false values of lone query expressions', () => {
  it('are reported when the expression does not iterate', () => {
    expect(values('false')).toEqual([[false]]);
    expect(values('[1][0] == 2')).toEqual([[false]]);
    expect(values('count([1]) == 2')).toEqual([[false]]);
    expect(values('input.a', { a: false })).toEqual([[false]]);
    expect(values('input.a with input as {"a": false}')).toEqual([[false]]);
    expect(values('[x | x := [false][_]][0]')).toEqual([[false]]);
  });

  it('fail the query when the expression iterates', () => {
    expect(values('[false, true][_]')).toEqual([[true]]);
    expect(values('{"a": false}[_]')).toEqual([]);
    expect(values('[false, true][x]')).toEqual([[true]]);
    expect(values('[1][_] == 2')).toEqual([]);
  });

  it('fail the query when it has several expressions', () => {
    expect(values('true; false')).toEqual([]);
  });
});
