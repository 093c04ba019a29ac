/** Node-only parts of @rego-ts/gatekeeper-model: file loaders and the gator runners. */
export { loadFile, loadPaths, loadVerifyObjects, loadFirstDocument, walkFiles, readText, YAML_EXTENSIONS, STREAM_EXTENSIONS } from './files.js';
export { decodeFileText } from './utf8.js';
export { runVerify } from './gator-verify.js';
export type { VerifyOptions } from './gator-verify.js';
export { discoverSuites } from './verify-discovery.js';
export type { SuiteFile } from './verify-discovery.js';
export { formatVerifyReport } from '../gator/verify-report.js';
export type { VerifyReport, VerifySuiteResult, VerifyTestResult, VerifyCaseResult } from '../gator/verify-report.js';
export { runAdmissionDemo } from './demo.js';
export type { DemoIo, DemoOptions } from './demo.js';
