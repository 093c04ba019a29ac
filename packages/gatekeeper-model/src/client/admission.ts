/**
 * The admission webhook's decision from review results (upstream pkg/webhook/policy.go):
 * `deny` ⇒ denial message `[<constraint>] <msg>`, `warn` ⇒ warning, `dryrun` ⇒ nothing;
 * scoped constraints use their actions for the webhook point; unknown actions are dropped.
 */
import { objectName } from '../model/gvk.js';
import { SCOPED_ACTIONS, SUPPORTED_ACTIONS } from './enforcement.js';
import type { ReviewResponse } from './result.js';

export interface AdmissionDecision {
  allowed: boolean;
  /** Denial lines `[<constraint>] <msg>`, in result order. */
  denials: string[];
  /** Warning lines `[<constraint>] <msg>`. */
  warnings: string[];
  /** The response message (`denials` joined by newline), as the API server shows it. */
  message: string;
}

export function admissionDecision(resp: ReviewResponse): AdmissionDecision {
  const denials: string[] = [];
  const warnings: string[] = [];
  for (const r of resp.results) {
    let actions: string[];
    if (r.enforcementAction === 'scoped') actions = r.scopedActions.filter((a) => (SCOPED_ACTIONS as readonly string[]).includes(a));
    else actions = (SUPPORTED_ACTIONS as readonly string[]).includes(r.enforcementAction) ? [r.enforcementAction] : [];
    const line = `[${objectName(r.constraint)}] ${r.msg}`;
    if (actions.includes('deny')) denials.push(line);
    if (actions.includes('warn')) warnings.push(line);
  }
  return { allowed: denials.length === 0, denials, warnings, message: denials.join('\n') };
}
