import { describe, expect, it } from 'vitest';
import { err } from './helpers.js';

// opa v1.17.1 (rewriteExprTerms, then reorderBodyForSafety): a call nested in an expression is
// an expression of its own, run before it, so the refs elsewhere in the expression cannot bind
// its inputs; its own arguments' refs can (difftest seeds 955911565 and 974707416).
const rule = (body: string) => `package p\nr if { ${body} }`;

describe('calls nested in an expression', () => {
  it('need their inputs bound before the expression', () => {
    expect(err(rule('data.a[x] == abs(x)'), 'x := 1')).toBe('rego_unsafe_var_error: var x is unsafe');
    expect(err(rule('input.o = [abs(put)]'), 'x := 1')).toBe('rego_unsafe_var_error: var put is unsafe');
    expect(err(rule('v3 := abs(v1) + input.a.a[v1]'), 'x := 1')).toMatch(/var v1 is unsafe/);
    expect(err(rule('x = [abs(y), data.q[y]]'), 'x := 1')).toMatch(/var y is unsafe/);
    expect(err('package p\nr0 contains 0 if { [v0, v1] = []; v3 := (object.get(data.a[v0].a, v1, ["%v"]) | input.a.a[v1]) }', 'x := 1')).toMatch(
      /var v1 is unsafe/,
    );
  });

  it('may use the refs of their own arguments, or vars bound elsewhere', () => {
    for (const body of [
      'abs(data.a[x]) == abs(x)',
      'count(data.a[x]) > 0',
      'x := [i, count(input[i])]',
      'v3 := (object.get(data.a[v0].a, v0, 1) | input.a.a[v1])',
      'data.a[x]; y := abs(x) + data.b[x]',
    ]) {
      expect(err(rule(body), 'x := 1')).toBe('no error');
    }
  });
});
