/** Evaluates a case with rego-ts: compile the module with the case's data, evaluate `data.p`. */
import { compile, type Value } from '@rego-ts/rego-eval';
import type { Case } from './generate/case.js';
import { thrownOutcome, valueOutcome, type Outcome } from './outcome.js';

/** Must match the file name under which opa receives the module (`PUT /v1/policies/c`). */
export const MODULE_FILE = 'c';

export function evaluateWithRegoTs(c: Case, timeoutMs = 10_000): Outcome {
  let policy;
  try {
    policy = compile({ modules: [{ file: MODULE_FILE, source: c.module }], data: c.data as Value });
  } catch (e) {
    return thrownOutcome('compile_error', e);
  }
  try {
    const opts: { deadline: number; input?: Value } = { deadline: Date.now() + timeoutMs };
    if (c.input !== undefined) opts.input = c.input as Value;
    const rs = policy.prepare('data.p').evaluate(opts);
    return valueOutcome(rs[0]?.expressions[0]?.value);
  } catch (e) {
    return thrownOutcome('eval_error', e);
  }
}
