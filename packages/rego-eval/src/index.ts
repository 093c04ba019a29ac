/**
 * @rego-ts/rego-eval — compiler and evaluator for Rego. Browser-safe (Node-only helpers
 * live under the `./node` subpath).
 */
export * from './value/index.js';
export * from './builtins/index.js';
