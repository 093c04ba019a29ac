import { describe, expect, it } from 'vitest';
import { val } from './helpers.js';

// Expected values from `opa eval` v1.17.1: a template part naming a constant rule is embedded
// directly, so when that rule is undefined the template is too; other parts print <undefined>.
const src = `package p
r0 := {"a": data.nope}
q0 := data.nope
q1 := [data.nope]
q2 := {"a": data.nope} if true
q3 := 1 if { not true }
q4 := {"a": data.nope} if { true with input as 1 }
`;

describe('template parts naming rules', () => {
  it('a constant composite rule that is undefined makes the template undefined', () => {
    expect(val(src, 'x := $"v={data.p.r0} b"')).toBeUndefined();
    expect(val(src, 'x := $"v={data.p.q1} b"')).toBeUndefined();
    expect(val(src, 'x := $"v={data.p.q2} b"')).toBeUndefined();
  });

  it('a body of one `true` term is empty to OPA whatever its negation and modifiers', () => {
    // OPA's isEmptyBody looks at the term only (opa v1.14+; v1.13.2 printed <undefined> here).
    expect(val(src, 'x := $"v={data.p.q3} b"')).toBeUndefined();
    expect(val(src, 'x := $"v={data.p.q4} b"')).toBeUndefined();
  });

  it('other undefined parts print <undefined>', () => {
    expect(val(src, 'x := $"v={data.p.q0} b"')).toBe('v=<undefined> b');
    expect(val(src, 'x := $"v={data.p.r0.a} b"')).toBe('v=<undefined> b');
    expect(val(src, 'x := $"v={data.nope} b"')).toBe('v=<undefined> b');
    expect(val(src, 'x := $"v={{"a": data.nope}} b"')).toBe('v=<undefined> b');
  });
});
