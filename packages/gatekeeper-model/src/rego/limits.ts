/**
 * Opt-in resource limits of a `Client` (all off by default): the size of a template's Rego,
 * and per evaluation (one template for one review) a step budget, a timeout and the size of
 * `input` and `data`. A template over `maxPolicyBytes` is a `gk_compile_error`; an evaluation
 * that hits a limit is an evaluation error, reported as Gatekeeper reports those: a violation
 * of each constraint of the template whose message is the error.
 */
import type { EngineEvaluationLimits } from './engine.js';

export interface RegoLimits {
  /** UTF-8 bytes of a template's Rego sources (`rego` and `libs` together). */
  maxPolicyBytes?: number;
  maxSteps?: number;
  /** Milliseconds per evaluation. */
  timeoutMs?: number;
  /** Values in `input` (`{review, parameters}`), nested ones included. */
  maxInputNodes?: number;
  /** Values in `data` (`{inventory}`); counted per evaluation, so proportional to the inventory. */
  maxDataNodes?: number;
}

/** The limits of one evaluation starting now (undefined when none is set). */
export function evaluationLimits(l: RegoLimits | undefined): EngineEvaluationLimits | undefined {
  if (!l) return undefined;
  const out: EngineEvaluationLimits = {};
  if (l.maxSteps !== undefined) out.maxSteps = l.maxSteps;
  if (l.timeoutMs !== undefined) out.deadline = Date.now() + l.timeoutMs;
  if (l.maxInputNodes !== undefined) out.maxInputNodes = l.maxInputNodes;
  if (l.maxDataNodes !== undefined) out.maxDataNodes = l.maxDataNodes;
  return Object.keys(out).length ? out : undefined;
}
