// Hostile inputs: very long rule and function chains (`r1 := r0 + 1`, …). Rule chains are
// evaluated bottom-up once deep (eval/deps-first.ts), so thousands of rules evaluate as in opa
// (opa v1.17.1: 1000 rules 0.3 s, 10000 rules 33 s, mostly compiling). Function chains still
// recurse per call: past the JS stack the result must be a clear eval_internal_error, not a
// RangeError; compile must not overflow either.
import { describe, expect, it } from 'vitest';
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

  it('a 20000-function chain fails with eval_internal_error, not a RangeError', () => {
    expect(outcome(() => evalRule(functionChain(20_000)))).toMatchObject({ error: { code: 'eval_internal_error' } });
  });

  it('a wide policy (20000 independent rules) evaluates', () => {
    const rules = Array.from({ length: 20_000 }, (_, i) => `r${i} := ${i}`).join('\n');
    expect(evalRule(rules, 'r19999')).toBe(19_999);
  });

  it('a 1000-rule chain evaluates as in opa', () => {
    expect(evalRule(ruleChain(1000), 'r1000')).toBe(1000);
  });
});
