/** Node-only parts of @rego-ts/difftest: the opa drivers and regression files. */
export { runEvalDiff, type EvalDiffOptions, type EvalDiffReport, type Disagreement } from './eval-diff.js';
export { runParserDiff, opaVerdicts, regoTsVerdict, type ParserDiffReport, type ParserVerdict } from './parser-diff.js';
export { OpaServer } from './opa-server.js';
export { findOpaBinary } from './opa-binary.js';
export { saveRegression, loadRegressions, type Regression } from './regressions.js';
