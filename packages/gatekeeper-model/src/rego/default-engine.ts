/** The RegoEngine backed by @rego-ts/rego-parser and @rego-ts/rego-eval. */
import type { RegoEngine } from './engine.js';
import { gkError } from '../errors.js';

let factory: (() => RegoEngine) | undefined;

/** Registers the default engine (called by the binding module once the evaluator is available). */
export function setDefaultRegoEngine(f: () => RegoEngine): void {
  factory = f;
}

export function defaultRegoEngine(): RegoEngine {
  if (!factory) throw gkError('gk_usage_error', 'no Rego engine available: pass `engine` to the client');
  return factory();
}
