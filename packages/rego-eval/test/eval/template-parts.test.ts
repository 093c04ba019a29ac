import { describe, expect, it } from 'vitest';
import { val } from './helpers.js';

// Expected values from `opa eval` v1.17.1: a template part naming a constant rule is embedded
// directly, so when that rule is undefined the template is too; other parts print <undefined>.
const src = `package p
r0 := {"a": data.nope}
q0 := data.nope
q1 := [data.nope]
q2 := {"a": data.nope} if true
`;

describe('template parts naming rules', () => {
  it('a constant composite rule that is undefined makes the template undefined', () => {
    expect(val(src, 'x := $"v={data.p.r0} b"')).toBeUndefined();
    expect(val(src, 'x := $"v={data.p.q1} b"')).toBeUndefined();
    expect(val(src, 'x := $"v={data.p.q2} b"')).toBeUndefined();
  });

  it('other undefined parts print <undefined>', () => {
    expect(val(src, 'x := $"v={data.p.q0} b"')).toBe('v=<undefined> b');
    expect(val(src, 'x := $"v={data.p.r0.a} b"')).toBe('v=<undefined> b');
    expect(val(src, 'x := $"v={data.nope} b"')).toBe('v=<undefined> b');
    expect(val(src, 'x := $"v={{"a": data.nope}} b"')).toBe('v=<undefined> b');
  });
});
