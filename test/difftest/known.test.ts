// Known classes must stay narrow: they excuse one named cause of disagreement, nothing near it.
import { describe, expect, it } from 'vitest';
import { knownIssue } from '../../difftest/src/known.js';
import { jsonTextOutcome } from '../../difftest/src/outcome.js';
import { evaluateWithRegoTs } from '../../difftest/src/rego-ts-engine.js';

describe('known class opa-bug-not-true-body', () => {
  // Found by CI's random seed 16570550; opa v1.17.1 and v1.22.3 both answer as recorded here.
  const cases = [
    { module: 'package p\n\nr0 contains input if { not true }\n', input: {}, opa: '{"r0":[{}]}', ours: '{"r0":[]}' },
    { module: 'package p\n\nr0 := input if { not true }\n\nr1 := 2\n', input: {}, opa: '{"r0":{},"r1":2}', ours: '{"r1":2}' },
    { module: 'package p\n\nf(y) := input if not true\n\nr0 := f(1)\n\nr1 := 2\n', input: {}, opa: '{"r0":{},"r1":2}', ours: '{"r1":2}' },
  ];

  for (const c of cases) {
    it(`rego-ts keeps the body of ${JSON.stringify(c.module.split('\n')[2])} and the class names the difference`, () => {
      const ts = evaluateWithRegoTs({ module: c.module, data: {}, input: c.input });
      const opa = jsonTextOutcome(c.opa);
      expect(ts).toEqual(jsonTextOutcome(c.ours));
      expect(ts).not.toEqual(opa);
      expect(knownIssue(opa, ts, c.module)?.id).toBe('opa-bug-not-true-body');
    });
  }

  it('does not excuse a difference in another rule', () => {
    const module = 'package p\n\nr0 := input if { not true }\n\nr1 := 2\n';
    const ts = jsonTextOutcome('{"r1":2}');
    expect(knownIssue(jsonTextOutcome('{"r0":{},"r1":3}'), ts, module)).toBeUndefined();
  });

  it('does not excuse a body that is more than `not true`', () => {
    const module = 'package p\n\nr0 := input if { not true; x := 1 }\n';
    expect(knownIssue(jsonTextOutcome('{"r0":{}}'), jsonTextOutcome('{}'), module)).toBeUndefined();
  });
});
