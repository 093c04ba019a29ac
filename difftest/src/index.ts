/**
 * @rego-ts/difftest — differential testing of rego-ts against the real opa. The generators,
 * outcome normalisation and known-issue classes are here; the opa drivers, the CLI
 * (`pnpm difftest`) and regression files live under `src/node/`.
 */
export { caseArbitrary, type Case } from './generate/case.js';
export { buildPolicy } from './generate/policy.js';
export { sourceArbitrary } from './generate/mutate.js';
export { json, jsonObject, type Json } from './generate/json.js';
export { describeOutcome, sameOutcome, type Outcome } from './outcome.js';
export { evaluateWithRegoTs } from './rego-ts-engine.js';
export { KNOWN_ISSUES, knownIssue, type KnownIssue } from './known.js';
