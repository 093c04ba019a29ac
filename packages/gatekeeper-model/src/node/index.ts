/** Node-only parts of @rego-ts/gatekeeper-model: file loaders and the gator runners. */
export { loadFile, loadPaths, loadVerifyObjects, loadFirstDocument, walkFiles, readText, YAML_EXTENSIONS, STREAM_EXTENSIONS } from './files.js';
export { discoverSuites, runVerify, formatVerifyReport } from './gator-verify.js';
export type { VerifyOptions, VerifyReport, VerifySuiteResult, VerifyTestResult, VerifyCaseResult } from './gator-verify.js';
export { runAdmissionDemo } from './demo.js';
export type { DemoIo, DemoOptions } from './demo.js';
