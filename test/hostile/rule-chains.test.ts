// Hostile inputs: very long rule and function chains (`r1 := r0 + 1`, …). Rule chains are
// evaluated bottom-up once deep (eval/deps-first.ts), so thousands of rules evaluate as in opa
// (opa v1.17.1: 1000 rules 0.3 s, 10000 rules 33 s, mostly compiling). Function chains are
// cut every 100 nested calls and finished from the outermost call (eval/deep-calls.ts), so
// they evaluate too (opa v1.17.1: 1000 functions 1.2 s, 5000 20 s, 20000 not done in 2 min),
// also with a `with` at every level (rules in `with` contexts are deferred as calls are);
// compile must not overflow either.
import { describe, expect, it } from 'vitest';
import { compile, toJSON, type Value } from '../../packages/rego-eval/src/index.js';
import { evalRule, json, outcome } from './helpers.js';

const ruleChain = (n: number): string => ['r0 := 0', ...Array.from({ length: n }, (_, i) => `r${i + 1} := r${i} + 1`)].join('\n');
const functionChain = (n: number): string => ['f0(x) := x', ...Array.from({ length: n }, (_, i) => `f${i + 1}(x) := f${i}(x) + 1`), `r := f${n}(0)`].join('\n');

describe('long rule chains', () => {
  it('a 500-rule chain evaluates', () => {
    expect(evalRule(ruleChain(500), 'r500')).toBe(500);
  });

  it('a 20000-rule chain evaluates', () => {
    expect(evalRule(ruleChain(20_000), 'r20000')).toBe(20_000);
  });

  it('a 5000-rule chain through partial sets, objects and function bodies evaluates', () => {
    const rules = ['s0 contains 0', 'f(x) := x + 1'];
    for (let i = 1; i <= 5000; i++) {
      if (i % 3 === 0) rules.push(`s${i} contains count(s${i - 1})`);
      else if (i % 3 === 1) rules.push(`s${i}[k] := v if { some k, v in {"a": count(s${i - 1})} }`);
      else rules.push(`g${i}(x) := f(count(s${i - 1}))`, `s${i} contains g${i}(0)`);
    }
    // s1 = {"a": 1}, s2 = {2}, s3 = {1}, s4 = {"a": 1}, …
    expect(json(evalRule(rules.join('\n'), 's5000'))).toBe('[2]');
  });

  it('a deep chain whose bottom conflicts reports eval_conflict_error at that rule (as opa)', () => {
    const src = [...Array.from({ length: 3000 }, (_, i) => `r${i} := r${i + 1} + 1`), 'r3000 := 1', 'r3000 := 2'].join('\n');
    const o = outcome(() => evalRule(src, 'r0'));
    const e = 'error' in o ? o.error : undefined;
    // Row of the second `r3000` definition (the module starts with `package p` and a blank line).
    expect([e?.code, e?.message, e?.location?.row]).toEqual(['eval_conflict_error', 'complete rules must not produce multiple outputs', 3004]);
  });

  it('rules evaluated early for a deep chain have no effect unless reached: errors and print() (as opa)', () => {
    const chain = Array.from({ length: 3000 }, (_, i) => (i === 1500 ? `r${i} := r${i + 1} + x` : `r${i} := r${i + 1} + 1`));
    // `bad` conflicts and `noisy` prints, but only `x`'s unsatisfied first definition refers to them.
    const src = [...chain, 'r3000 := 0', 'bad := 1', 'bad := 2', 'x := y if { input.no; y := bad + noisy }', 'x := 7 if { not input.no }', 'noisy := 1 if { print("noisy") }'].join('\n');
    const printed: string[] = [];
    expect(evalRule(src, 'r0', { print: (m) => printed.push(m) })).toBe(3006);
    expect(printed).toEqual([]);
    // Reached, the print happens once, in place.
    const loud = [...chain.slice(0, 1500), 'r1500 := r1501 + noisy', ...chain.slice(1501), 'r3000 := 0', 'x := 7', 'noisy := 1 if { print("noisy") }'].join('\n');
    expect(evalRule(loud, 'r0', { print: (m) => printed.push(m) })).toBe(3000);
    expect(printed).toEqual(['noisy']);
  });

  it('a step budget stops a deep chain with eval_cancel_error (not swallowed by early evaluation)', () => {
    const src = ['r0 := 0', ...Array.from({ length: 5000 }, (_, i) => `r${i + 1} := x if { x := r${i} + 1 }`)].join('\n');
    expect(evalRule(src, 'r5000')).toBe(5000);
    const o = outcome(() => evalRule(src, 'r5000', { maxSteps: 1000 }));
    expect('error' in o ? [o.error.code, o.error.message] : o).toEqual(['eval_cancel_error', 'caller cancelled query execution: step budget exhausted']);
  });

  it('function chains of 1000 and 20000 calls evaluate (opa: 1000 in 1.2 s)', () => {
    expect(evalRule(functionChain(1000))).toBe(1000);
    expect(evalRule(functionChain(20_000))).toBe(20_000);
  });

  it('deep function chains of other shapes evaluate: bodies, iteration, several arguments, composite arguments, a rule in between', () => {
    const chain = (n: number, f0: string, step: (i: number) => string, call: string): string => [f0, ...Array.from({ length: n }, (_, i) => step(i + 1)), `r := ${call}`].join('\n');
    expect(evalRule(chain(3000, 'f0(x) := x', (i) => `f${i}(x) := y if { z := f${i - 1}(x); y := z + 1 }`, 'f3000(0)'))).toBe(3000);
    expect(evalRule(chain(3000, 'f0(x) := x', (i) => `f${i}(x) := y if { some z in [f${i - 1}(x)]; y := z + 1 }`, 'f3000(0)'))).toBe(3000);
    expect(evalRule(chain(3000, 'f0(x, y) := x + y', (i) => `f${i}(x, y) := f${i - 1}(x, y + 1)`, 'f3000(0, 0)'))).toBe(3000);
    // New (equal) array arguments at every level and on every re-run.
    expect(evalRule(chain(3000, 'f0(xs) := count(xs)', (i) => `f${i}(xs) := f${i - 1}([x | some x in xs])`, 'f3000([1, 2, 3])'))).toBe(3);
    expect(evalRule(chain(2000, 'f0([a, b]) := a + b', (i) => `f${i}([a, b]) := f${i - 1}([a, b + 1])`, 'f2000([1, 0])'))).toBe(2001);
    expect(evalRule(['base := 5', chain(3000, 'f0(x) := x + base', (i) => `f${i}(x) := f${i - 1}(x) + 1`, 'f3000(0)')].join('\n'))).toBe(3005);
    // Called many times: from a comprehension, each call a deep chain of its own.
    expect(evalRule(chain(1000, 'f0(x) := x', (i) => `f${i}(x) := f${i - 1}(x) + 1`, 'sum([f1000(i) | some i in numbers.range(1, 20)])'))).toBe(20 * 1000 + 210);
  });

  it('print output of a deep chain comes in nested order, once (as opa)', () => {
    const n = 250;
    const src = [
      'package p',
      'f0(x) := x if { print("f0", x) }',
      ...Array.from({ length: n }, (_, i) => `f${i + 1}(x) := y if { print("before", ${i + 1}); z := f${i}(x); print("after", ${i + 1}); y := z + 1 }`),
      'r0 := 7 if { print("r0") }',
      `g(x) := y if { print("g", x); y := f${n}(x) + r0 }`,
      'r := [g(1), g(1), g(2)]',
    ].join('\n');
    const printed: string[] = [];
    const rs = compile({ modules: [{ file: 'p.rego', source: src }] }).prepare('data.p.r').evaluate({ print: (m) => printed.push(m) });
    expect(rs[0]!.expressions[0]!.value).toEqual([258, 258, 259]);
    // opa eval prints the same lines in the same order.
    const once = (x: number): string[] => [`g ${x}`, ...Array.from({ length: n }, (_, i) => `before ${n - i}`), `f0 ${x}`, ...Array.from({ length: n }, (_, i) => `after ${i + 1}`)];
    expect(printed).toEqual([...once(1), 'r0', ...once(2)]);
  });

  it('an error deep in a chain is raised with the output printed before it', () => {
    const src = ['package p', 'f0(x) := 1 if { print("f0") }', 'f0(x) := 2', ...Array.from({ length: 300 }, (_, i) => `f${i + 1}(x) := y if { print(${i + 1}); y := f${i}(x) + 1 }`), 'r := f300(0)'].join('\n');
    const printed: string[] = [];
    const run = () => compile({ modules: [{ file: 'p.rego', source: src }] }).prepare('data.p.r').evaluate({ print: (m) => printed.push(m) });
    expect(run).toThrow('functions must not produce multiple outputs for same inputs');
    expect(printed).toEqual([...Array.from({ length: 300 }, (_, i) => String(300 - i)), 'f0']);
  });

  it('a step budget stops a deep function chain with eval_cancel_error', () => {
    const o = outcome(() => evalRule(functionChain(5000), 'r', { maxSteps: 2000 }));
    expect('error' in o ? [o.error.code, o.error.message] : o).toEqual(['eval_cancel_error', 'caller cancelled query execution: step budget exhausted']);
  });

  // A `with` at every level: each call runs in a context of its own, deferred with it and found
  // again by the context's stable id (eval/deep-calls.ts). opa v1.17.1 agrees on every value and
  // line below (3000 input levels: opa 3.8 s; 4000 data levels: opa 12.5 s).
  it('a 20000-function chain with a `with input` at every level evaluates', () => {
    const src = ['f0(x) := x', ...Array.from({ length: 20_000 }, (_, i) => `f${i + 1}(x) := y if { y := f${i}(x) + 1 with input.k as ${i} }`), 'r := f20000(0)'].join('\n');
    expect(evalRule(src)).toBe(20_000);
  });

  it('function chains with `with data`, a rule mock or a function mock at every level evaluate', () => {
    const n = 1000;
    const data = ['f0(x) := data.q.v', ...Array.from({ length: n }, (_, i) => `f${i + 1}(x) := y if { y := f${i}(x) + data.q.v with data.q.v as ${i} }`), `r := f${n}(0)`];
    expect(evalRule(data.join('\n'), 'r', { data: { q: { v: 5 } } })).toBe((n * (n - 1)) / 2);
    const rule = ['h := 0', 'f0(x) := x + h', ...Array.from({ length: n }, (_, i) => `f${i + 1}(x) := y if { y := f${i}(x) + h with h as ${i} }`), `r := f${n}(0)`];
    expect(evalRule(rule.join('\n'))).toBe((n * (n - 1)) / 2);
    const fn = ['k(x) := 1', 'm(x) := 2', 'f0(x) := k(x)', ...Array.from({ length: n }, (_, i) => `f${i + 1}(x) := y if { y := f${i}(x) + k(x) with k as m }`), `r := f${n}(0)`];
    expect(evalRule(fn.join('\n'))).toBe(2 * n + 2);
  });

  it('a `with` chain prints in nested order, the values each level sees', () => {
    const n = 300;
    const src = ['package p', 'f0(x) := x if { print("bottom", input.k) }', ...Array.from({ length: n }, (_, i) => `f${i + 1}(x) := y if { y := f${i}(x) + input.k with input.k as ${i}; print("level", ${i}) }`), `r := f${n}(0)`].join('\n');
    const printed: string[] = [];
    const rs = compile({ modules: [{ file: 'p.rego', source: src }] }).prepare('data.p.r').evaluate({ input: { k: 7 }, print: (m) => printed.push(m) });
    expect(rs[0]!.expressions[0]!.value).toBe((n * (n - 1)) / 2);
    expect(printed).toEqual(['bottom 0', ...Array.from({ length: n }, (_, i) => `level ${i}`)]);
  });

  it('rule chains with a `with` at every level evaluate (rules deferred as calls are), print as opa', () => {
    const n = 2000;
    const src = ['r0 := input.k', ...Array.from({ length: n }, (_, i) => `r${i + 1} := y if { y := r${i} + 1 with input.k as ${i} }`)].join('\n');
    expect(evalRule(src, `r${n}`)).toBe(n);
    // Partial sets, functions and counts in between; the whole package as a value.
    const mixed = ['r0 := input.k', 'f(x) := x + 1'];
    for (let i = 0; i < 400; i++) {
      if (i % 3 === 0) mixed.push(`r${i + 1} := y if { y := f(r${i}) with input.k as ${i} }`);
      else if (i % 3 === 1) mixed.push(`r${i + 1} contains y if { some y in [r${i}] with input.k as ${i} }`);
      else mixed.push(`r${i + 1} := y if { y := count(r${i}) + input.k with input.k as ${i} }`);
    }
    const pkg = compile({ modules: [{ file: 'p.rego', source: `package p\n${mixed.join('\n')}` }] }).prepare('data.p').evaluate({})[0]!.expressions[0]!.value as Record<string, unknown>;
    expect(toJSON(['r400', 'r399', 'r398', 'r2', 'r1'].map((r) => pkg[r] as Value))).toEqual([400, 399, [397], [1], 1]); // as opa
    // Output in nested order (opa v1.17.1 prints the same 801 lines).
    const printing = ['package p', 'r0 := input.k if { print("bottom", input.k) }', ...Array.from({ length: 400 }, (_, i) => `r${i + 1} := y if { print("enter", ${i}); y := r${i} + input.k with input.k as ${i}; print("level", ${i}) }`)].join('\n');
    const printed: string[] = [];
    const rs = compile({ modules: [{ file: 'p.rego', source: printing }] }).prepare('data.p.r400').evaluate({ print: (m) => printed.push(m) });
    expect(rs[0]!.expressions[0]!.value).toBe((400 * 399) / 2);
    expect(printed).toEqual([...Array.from({ length: 400 }, (_, i) => `enter ${399 - i}`), 'bottom 0', ...Array.from({ length: 400 }, (_, i) => `level ${i}`)]);
  });

  it('a wide policy (20000 independent rules) evaluates', () => {
    const rules = Array.from({ length: 20_000 }, (_, i) => `r${i} := ${i}`).join('\n');
    expect(evalRule(rules, 'r19999')).toBe(19_999);
  });

  it('a 1000-rule chain evaluates as in opa', () => {
    expect(evalRule(ruleChain(1000), 'r1000')).toBe(1000);
  });
});
