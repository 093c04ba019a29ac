import { describe, expect, it } from 'vitest';
import { ruleKind, toOpaJson } from '../src/index.js';
import type { Rule } from '../src/index.js';
import { errors, mod, rule, show, showBody } from './helpers.js';

/** `ref`, key, value, args of a head in compact form. */
function head(r: Rule): Record<string, unknown> {
  const h = r.head;
  const out: Record<string, unknown> = { ref: h.ref.map(show).join(' '), kind: ruleKind(r) };
  if (h.args) out.args = h.args.map(show).join(', ');
  if (h.key) out.key = show(h.key);
  if (h.value) out.value = show(h.value);
  if (h.assign) out.assign = true;
  return out;
}

describe('v1 rule forms', () => {
  it('complete rules: constants get the generated body `true`', () => {
    const r = rule('p := 1');
    expect(head(r)).toEqual({ ref: 'p', kind: 'single', value: '1', assign: true });
    expect(showBody(r.body)).toBe('true');
    expect(r.generatedBody).toBe(true);
    expect(r.body[0]!.generated).toBe(true);
    expect(head(rule('p = 1'))).toEqual({ ref: 'p', kind: 'single', value: '1' });
  });
  it('`p if …` has the generated value true; `if` takes a single literal or a body', () => {
    const r = rule('p if input.x > 1');
    expect(head(r)).toEqual({ ref: 'p', kind: 'single', value: 'true' });
    expect(r.head.generatedValue).toBe(true);
    expect(showBody(r.body)).toBe('gt(input.x, 1)');
    expect(showBody(rule('p if { a\n b; c }').body)).toBe('a; b; c');
    // A set literal after `if` is a body, not a set.
    expect(showBody(rule('p if { true }').body)).toBe('true');
  });
  it('multi-value rules with contains', () => {
    expect(head(rule('p contains x if { x := 1 }'))).toEqual({ ref: 'p', kind: 'multi', key: 'x' });
    const r = rule('p contains "a"');
    expect(head(r)).toEqual({ ref: 'p', kind: 'multi', key: '"a"' });
    expect(r.generatedBody).toBe(true);
    expect(head(rule('a.b[x] contains y if { x := 1; y := 2 }'))).toEqual({ ref: 'a "b" x', kind: 'multi', key: 'y' });
  });
  it('`p[x] if` is a single-value (object) rule with value true in v1', () => {
    expect(head(rule('p[x] if { x := 1 }'))).toEqual({ ref: 'p x', kind: 'single', key: 'x', value: 'true' });
    expect(head(rule('p[x] := y if { x := 1; y := 2 }'))).toEqual({ ref: 'p x', kind: 'single', key: 'x', value: 'y', assign: true });
    // A ground key is not a key.
    expect(head(rule('p["a"] := 1 if true'))).toEqual({ ref: 'p "a"', kind: 'single', value: '1', assign: true });
  });
  it('general ref heads', () => {
    expect(head(rule('a.b.c := 1'))).toEqual({ ref: 'a "b" "c"', kind: 'single', value: '1', assign: true });
    expect(head(rule('a.b[x].c := 1 if x := "k"'))).toEqual({ ref: 'a "b" x "c"', kind: 'single', value: '1', assign: true });
    expect(head(rule('a.b.c if true'))).toEqual({ ref: 'a "b" "c"', kind: 'single', value: 'true' });
  });
  it('functions, with several definitions and patterns as args', () => {
    const m = mod('package t\nf(x) := x + 1 if true\nf([a, _]) := a\ng(x) if x > 1\n');
    expect(head(m.rules[0]!)).toEqual({ ref: 'f', kind: 'function', args: 'x', value: 'plus(x, 1)', assign: true });
    expect(head(m.rules[1]!)).toEqual({ ref: 'f', kind: 'function', args: '[a, $0]', value: 'a', assign: true });
    expect(head(m.rules[2]!)).toEqual({ ref: 'g', kind: 'function', args: 'x', value: 'true' });
    expect(head(rule('a.b.f(x) := 1 if true'))).toMatchObject({ ref: 'a "b" "f"', kind: 'function' });
  });
  it('default rules and default functions', () => {
    const r = rule('default p := {"a": [1]}');
    expect(r.default).toBe(true);
    expect(head(r)).toEqual({ ref: 'p', kind: 'single', value: '{"a": [1]}', assign: true });
    expect(showBody(r.body)).toBe('true');
    expect(head(rule('default f(_, y) := 1'))).toMatchObject({ kind: 'function', args: '$0, y' });
    expect(errors('package a\ndefault p := input.x')).toEqual(['illegal default rule (value cannot contain ref)']);
    expect(errors('package a\ndefault f(x, x) := 1')).toEqual(['illegal default rule (arguments cannot be repeated x)']);
    // OPA's parser keeps a repeated key once, with the last value: the dropped values are not checked.
    expect(errors('package a\ndefault p := {"k": x, "k": 1, 1: y, 1.0: 2}')).toEqual([]);
    expect(errors('package a\ndefault p := {"k": 1, "k": x}')).toEqual(['illegal default rule (value cannot contain var)']);
  });
  it('else chains are linked, with values and fresh wildcards', () => {
    const r = rule('f(x, _) := 1 if x > 1 else := 2 if x > 0 else := 3');
    expect(head(r)).toMatchObject({ args: 'x, $0', value: '1' });
    expect(head(r.else!)).toMatchObject({ args: 'x, $1', value: '2', assign: true });
    expect(head(r.else!.else!)).toMatchObject({ args: 'x, $2', value: '3' });
    expect(r.else!.else!.generatedBody).toBe(true);
    const t = rule('p := 1 if false else if true');
    expect(head(t.else!)).toMatchObject({ value: 'true', assign: true });
  });
  it('several bodies define the rule several times', () => {
    const m = mod('package t\np if { a } { b }\n');
    expect(m.rules.map((r) => showBody(r.body))).toEqual(['a', 'b']);
    expect(m.rules[1]!.head.ref.map(show)).toEqual(['p']);
  });
  it('checks v1 rules at parse time', () => {
    expect(errors('package a\np { true }')).toEqual(['`if` keyword is required before rule body']);
    expect(errors('package a\nf(x) = 1 { true }')).toEqual(['`if` keyword is required before function body']);
    expect(errors('package a\np[x] { x := 1 }')).toEqual([
      '`if` keyword is required before rule body',
      '`contains` keyword is required for partial set rules',
    ]);
    expect(errors('package a\nif := 1')).toEqual(['unexpected if keyword']);
    expect(errors('package a\ncontains := 1')).toEqual(['contains keyword cannot be used for rule name']);
    expect(errors('package a\np.q.r')).toEqual(['rule must have value assignment and/or body declaration']);
    expect(errors('package a\np := 1 if { true } else := 2 { true }')).toEqual(['`if` keyword is required before rule body']);
  });
  it('rejects else on multi-value rules and on heads with variables', () => {
    expect(errors('package a\np[x] := 1 if { x := 1 } else := 2')).toEqual(['else keyword cannot be used on rules with variables in head']);
    expect(errors('package a\nf(x) contains 1 if true')[0]).toMatch(/contains keyword can only be used with multi-value rule definitions/);
  });
});

describe('v0 rule forms', () => {
  it('`p[x] { }` is a multi-value rule named p with key x', () => {
    const r = rule('p[x] { x := 1 }', 'v0');
    expect(head(r)).toEqual({ ref: 'p', kind: 'multi', key: 'x' });
    expect(toOpaJson(mod(`package t\np[x] { x := 1 }`, 'v0')).rules).toMatchObject([
      { head: { name: 'p', key: { type: 'var', value: 'x' }, ref: [{ type: 'var', value: 'p' }] } },
    ]);
  });
  it('Gatekeeper-style violation rules', () => {
    const r = rule('violation[{"msg": msg, "details": {}}] {\n  msg := "x"\n}', 'v0');
    expect(head(r)).toEqual({ ref: 'violation', kind: 'multi', key: '{"msg": msg, "details": {}}' });
  });
  it('`p[x] = y { }` is single-value with ref [p, x]; longer refs get value true', () => {
    expect(head(rule('p[x] = y { x := 1; y := 2 }', 'v0'))).toEqual({ ref: 'p x', kind: 'single', key: 'x', value: 'y' });
    expect(head(rule('a.b[x] { x := 1 }', 'v0'))).toEqual({ ref: 'a "b" x', kind: 'single', value: 'true' });
  });
  it('functions and else without if', () => {
    const r = rule('canonify(x) = out { is_number(x); out := x * 1000 } else = out {\n  out := to_number(x)\n}', 'v0');
    expect(head(r)).toMatchObject({ kind: 'function', value: 'out' });
    expect(head(r.else!)).toMatchObject({ value: 'out' });
  });
  it('turns bare statements into rules', () => {
    const m = mod('package t\nx = 1\np[1]\na.b.c\nf(x) = y\ng(1)\n', 'v0');
    expect(m.rules.map(head)).toEqual([
      { ref: 'x', kind: 'single', value: '1' },
      { ref: 'p', kind: 'multi', key: '1' },
      { ref: 'a "b" "c"', kind: 'single', value: 'true' },
      { ref: 'f', kind: 'function', args: 'x', value: 'y' },
      { ref: 'g', kind: 'function', args: '1', value: 'true' },
    ]);
    expect(m.rules.every((r) => r.generatedBody)).toBe(true);
  });
  it('keeps v1 keywords as names unless imported', () => {
    expect(head(rule('contains[x] { x := 1 }', 'v0'))).toMatchObject({ ref: 'contains', kind: 'multi' });
    expect(head(rule('if := 1', 'v0'))).toMatchObject({ ref: 'if' });
    expect(head(mod('package t\nimport future.keywords.if\np if true', 'v0').rules[0]!)).toMatchObject({ value: 'true' });
  });
  it('applies v1 checks after import rego.v1', () => {
    expect(errors('package a\nimport rego.v1\np { true }', 'v0')).toEqual(['`if` keyword is required before rule body']);
    const m = mod('package a\nimport rego.v1\np contains 1 if true', 'v0');
    expect(m.regoV1Compatible).toBe(true);
    expect(m.regoVersion).toBe('v0');
  });
});
