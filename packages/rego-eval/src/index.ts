/**
 * @rego-ts/rego-eval — compiler and evaluator for Rego. Browser-safe (Node-only helpers
 * live under the `./node` subpath).
 */
export * from './value/index.js';
export * from './builtins/index.js';
export { compile, CompiledPolicy, PreparedQuery } from './api.js';
export { checkPolicySize } from './size-limits.js';
// Go byte strings in JS strings: a raw byte b of invalid UTF-8 is the lone surrogate U+DC00+b.
export { utf8 as stringBytes, fromUtf8 as bytesToString, firstInvalidUtf8 } from './value/bytes.js';
export type { CompileOptions, EvaluateOptions, ResultSet, QueryResult, ExpressionResult } from './api.js';
export type { HostBuiltin } from './eval/builtin-types.js';
export { RegoError, RegoErrors, formatErrors } from '@rego-ts/rego-parser';
export type { PrepareOptions } from './api.js';
export type { AsyncHostBuiltin } from './eval/async-builtins.js';
