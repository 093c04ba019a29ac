import { describe, expect, it } from 'vitest';
import { err, run, val } from './helpers.js';

describe('rules as documents', () => {
  it('evaluates complete, multi-value and object rules', () => {
    const mod = `package p
q := 1
s contains x if { some x in [1, 2, 2] }
o[k] := v if { some k, v in {"a": 1} }
a.b.c := 5`;
    expect(val(mod, 'x := data.p')).toEqual({ a: { b: { c: 5 } }, o: { a: 1 }, q: 1, s: [1, 2] });
  });

  it('multi-value and object rules without solutions are empty, not undefined', () => {
    const mod = 'package p\nq contains x if { x := input.nope }\nr[k] := 1 if { k := input.nope }';
    expect(val(mod, 'x := data.p')).toEqual({ q: [], r: {} });
  });

  it('v0 p[x] is a set; v1 p[x] if is an object', () => {
    expect(val('package p\nq[x] { x := 1 }', 'x := data.p.q', { v0: true })).toEqual([1]);
    expect(val('package p\nq[x] if { x := 1 }', 'x := data.p.q')).toEqual({ 1: true });
  });

  it('applies defaults when other definitions are undefined', () => {
    const mod = 'package p\ndefault x := 10\nx := data.x';
    expect(val(mod, 'x := data.p.x')).toBe(10);
    expect(val(mod, 'x := data.p.x', { data: { x: 3 } })).toBe(3);
  });

  it('follows else chains', () => {
    const mod = 'package p\nf(x) := 1 if x > 10 else := 2 if x > 5 else := 3';
    expect(val(mod, 'x := [data.p.f(1), data.p.f(6), data.p.f(11)]')).toEqual([3, 2, 1]);
  });

  it('builds general ref heads and merges sibling leaves', () => {
    const mod = `package test
p[q] contains r if {
  x := ["a", "b"]
  q := x[_]
  r := x[_]
  q != r
}
p.b contains "foo"`;
    expect(val(mod, 'x := data.test.p')).toEqual({ a: ['b'], b: ['a', 'foo'] });
  });

  it('enumerates dynamic refs over packages, skipping functions', () => {
    const mods = ['package a\np := 1\nf(x) := x', 'package b\np := 3'];
    expect(run(mods, 'data[x].p = y')).toEqual([
      { x: 'a', y: 1 },
      { x: 'b', y: 3 },
    ]);
    expect(val(mods, 'x := data.a')).toEqual({ p: 1 });
  });

  it('empty packages are empty objects and base documents merge in', () => {
    const mods = ['package a.b', 'package x\np := data.a.b'];
    expect(val(mods, 'x := data', { data: { base: 1 } })).toEqual({ a: { b: {} }, base: 1, x: { p: {} } });
  });

  it('rejects kind conflicts and duplicate defaults at compile time', () => {
    expect(err('package p\nq := 1\nq contains 2', 'x := 1')).toBe('rego_type_error: conflicting rules data.p.q found');
    expect(err('package p\ndefault q := 1\ndefault q := 2', 'x := 1')).toBe(
      'rego_type_error: multiple default rules data.p.q found at m0.rego:2, m0.rego:3',
    );
  });
});

describe('rule indexing', () => {
  it('selects definitions by constant equality against input, keeping semantics', () => {
    let src = 'package p\n';
    for (let i = 0; i < 20; i++) src += `deny contains "r${i}" if { input.kind == "K${i % 5}"; input.n > ${i} }\n`;
    src += 'deny contains "any" if { input.n > 100 }\n';
    src += 'deny contains "alias" if { k := input.kind; k == "K3" }\n';
    src += 'c := "x" if input.kind == "K1"\nc := "y" if { k := input.kind; k == "K2" }\ndefault c := "none"\n';
    expect(val(src, 'x := data.p.deny', { input: { kind: 'K3', n: 9 } })).toEqual(['alias', 'r3', 'r8']);
    expect(val(src, 'x := data.p.deny', { input: { kind: 'K0', n: 200 } })).toEqual(['any', 'r0', 'r10', 'r15', 'r5']);
    expect(val(src, 'x := data.p.c; y := data.p.c with input.kind as "K2"', { input: { kind: 'K1', n: 1 } })).toBe('x');
    expect(run(src, 'x := data.p.c; y := data.p.c with input.kind as "K2"', { input: { kind: 'K1', n: 1 } })).toEqual([{ x: 'x', y: 'y' }]);
    expect(val(src, 'x := data.p.c', { input: { kind: 'K9', n: 1 } })).toBe('none');
  });
});
