// Evaluation limits: the step budget (`maxSteps`), the deadline and an AbortSignal all stop an
// exponential evaluation with eval_cancel_error — also when the work hides in a comprehension,
// a negation, `every` or a function, where an error must not turn into "undefined".
import { describe, expect, it } from 'vitest';
import { compile, RegoError } from '../../packages/rego-eval/src/index.js';
import { evalRule, outcome } from './helpers.js';

/** 10^9 combinations: far beyond any budget used here. */
const EXPONENTIAL = 'xs := numbers.range(1, 10)\nbig := count([1 | xs[_]; xs[_]; xs[_]; xs[_]; xs[_]; xs[_]; xs[_]; xs[_]; xs[_]])';

const hidden: Array<[string, string]> = [
  ['comprehension', `${EXPONENTIAL}\nr := big`],
  ['negation', `${EXPONENTIAL}\nr if not big == 0`],
  ['every', `${EXPONENTIAL}\nr if every x in [1] { big > x }`],
  ['function', `${EXPONENTIAL}\nf(x) := big + x\nr := f(1)`],
  ['partial set', 'xs := numbers.range(1, 10)\ns contains [a, b, c, d, e, f, g, h, i] if { some a in xs; some b in xs; some c in xs; some d in xs; some e in xs; some f in xs; some g in xs; some h in xs; some i in xs }\nr := count(s)'],
];

describe('evaluation limits', () => {
  it('maxSteps stops an exponential comprehension with eval_cancel_error', () => {
    for (const [where, src] of hidden) {
      expect(outcome(() => evalRule(src, 'r', { maxSteps: 100_000 })), where).toMatchObject({
        error: { code: 'eval_cancel_error', message: 'caller cancelled query execution: step budget exhausted' },
      });
    }
  });

  it('a deadline in the past stops evaluation; a generous one does not change small results', () => {
    for (const [where, src] of hidden) {
      expect(outcome(() => evalRule(src, 'r', { deadline: Date.now() - 1 })), where).toMatchObject({
        error: { code: 'eval_cancel_error', message: 'caller cancelled query execution: deadline exceeded' },
      });
    }
    expect(evalRule('r := count([1 | numbers.range(1, 100)[_]])', 'r', { deadline: Date.now() + 3_600_000, maxSteps: 1_000_000 })).toBe(100);
  });

  it('a deadline reached during evaluation stops it', () => {
    expect(outcome(() => evalRule(`${EXPONENTIAL}\nr := big`, 'r', { deadline: Date.now() + 200 }))).toMatchObject({
      error: { code: 'eval_cancel_error', message: 'caller cancelled query execution: deadline exceeded' },
    });
  });

  it('an AbortSignal aborted before evaluation cancels a long evaluation', () => {
    const ac = new AbortController();
    ac.abort();
    expect(outcome(() => evalRule(`${EXPONENTIAL}\nr := big`, 'r', { signal: ac.signal }))).toMatchObject({ error: { code: 'eval_cancel_error' } });
  });

  it('an AbortSignal aborted before evaluation cancels even a short one', () => {
    const ac = new AbortController();
    ac.abort();
    expect(outcome(() => evalRule('r := count([x | some x in numbers.range(1, 10)])', 'r', { signal: ac.signal }))).toMatchObject({ error: { code: 'eval_cancel_error' } });
  });

  it('an AbortSignal aborted during evaluation (by a host builtin) cancels it', () => {
    const ac = new AbortController();
    const policy = compile({
      modules: [{ file: 'h.rego', source: `package p\n\n${EXPONENTIAL}\nr := x if { stop(1); x := big }\n` }],
      builtins: {
        stop: {
          fn: () => {
            ac.abort();
            return true;
          },
        },
      },
    });
    let err: unknown;
    try {
      policy.prepare('data.p.r').evaluate({ signal: ac.signal });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegoError);
    expect((err as RegoError).code).toBe('eval_cancel_error');
  });

  it('an AbortSignal aborted from the print hook cancels it', () => {
    const ac = new AbortController();
    const o = outcome(() => evalRule(`${EXPONENTIAL}\nr := x if { print("go"); x := big }`, 'r', { signal: ac.signal, print: () => ac.abort() }));
    expect(o).toMatchObject({ error: { code: 'eval_cancel_error' } });
  });

  it('the policy stays usable after a cancelled evaluation', () => {
    const policy = compile({ modules: [{ file: 'h.rego', source: `package p\n\n${EXPONENTIAL}\nsmall := count(xs)\n` }] });
    expect(() => policy.prepare('data.p.big').evaluate({ maxSteps: 1000 })).toThrow(RegoError);
    expect(policy.prepare('data.p.small').evaluate({})[0]!.expressions[0]!.value).toBe(10);
  });

  // Size limits (maxPolicyBytes, maxInputNodes): limits-sizes.test.ts.
});
