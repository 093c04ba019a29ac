/** Results of a review (upstream constraint/pkg/types/validation.go). */
import type { Constraint } from '../model/types.js';

export const TARGET_NAME = 'admission.k8s.gatekeeper.sh';

export interface ReviewResult {
  target: string;
  msg: string;
  /** `{details}` for Rego results (`{}` when the template gave none; null for evaluation errors). */
  metadata?: { details: unknown };
  /** The constraint (a copy without `status`). */
  constraint: Constraint;
  /** The constraint's action string (`deny`, `warn`, `dryrun`, `scoped`, or anything written). */
  enforcementAction: string;
  /** For `scoped` constraints: the actions for the requested enforcement point(s). */
  scopedActions: string[];
}

export interface ReviewResponse {
  target: string;
  /** Sorted by constraint kind, then name. */
  results: ReviewResult[];
  /** `print()` output, when printing is enabled. */
  prints: string[];
}

/** Results sorted by enforcementAction then msg (upstream `Responses.Results()`). */
export function flatResults(resp: ReviewResponse): ReviewResult[] {
  return [...resp.results].sort((a, b) =>
    a.enforcementAction < b.enforcementAction ? -1 : a.enforcementAction > b.enforcementAction ? 1 : a.msg < b.msg ? -1 : a.msg > b.msg ? 1 : 0,
  );
}

/** True when the result denies (action `deny`, or `deny` among scoped actions). */
export function isDenyResult(r: ReviewResult): boolean {
  return r.enforcementAction === 'deny' || r.scopedActions.includes('deny');
}
