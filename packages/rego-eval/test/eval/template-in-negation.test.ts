import { describe, expect, it } from 'vitest';
import { err, val } from './helpers.js';

// A template string is a call by the time OPA hoists the calls nested in a negated expression
// (compile.go expandExpr; its template stage rewrote it to internal.template_string), so it
// leaves the negation in its place among them. Answers are opa v1.17.1's (`opa check`,
// `opa eval`; v1.22.3 the same). Difftest seed 685809463 case 17513.
describe('template strings in a negated expression', () => {
  it('are hoisted with the calls, in order: a var part widens the var before a later call is checked', () => {
    expect(err('package p\nf0(v0) := 0 if { not (0 + v0) != [$"{v0}", count(v0)] }', 'x := 1')).toBe('no error');
    expect(err('package p\nr if { v0 := 1; not 1 != [$"{v0}", count(v0)] }', 'x := 1')).toBe('no error');
    expect(err('package p\nr if { v0 := 1; not 1 != [count(v0), $"{v0}"] }', 'x := 1')).toBe('rego_type_error: count: invalid argument(s)');
  });

  it('an undefined template leaves the body undefined, outside the negation', () => {
    // `$"{r0}"` embeds the constant rule directly: undefined when r0 is.
    const mod = 'package p\nr0 := {"a": data.nope}\nh if { not $"{r0}" == "x" }\nk if { not $"{r0}" }\nc if { v := 1; not $"{v}" == "2" }';
    expect(val(mod, 'x := data.p')).toEqual({ c: true });
    expect(val('package p\ng := [x | some x in [1, 2]; not $"v{x}" == "v1"]', 'x := data.p.g')).toEqual([2]);
  });
});
