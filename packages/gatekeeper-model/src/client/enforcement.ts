/** Enforcement points and actions (upstream pkg/util/enforcement_action.go, constraints/apis.go). */
import { gkError } from '../errors.js';
import { isPlainRecord } from '../model/shape.js';
import type { Constraint } from '../model/types.js';

export const WEBHOOK_EP = 'validation.gatekeeper.sh';
export const AUDIT_EP = 'audit.gatekeeper.sh';
export const GATOR_EP = 'gator.gatekeeper.sh';
export const VAP_EP = 'vap.k8s.io';
export const ALL_EP = '*';
export const ENFORCEMENT_POINTS = [WEBHOOK_EP, AUDIT_EP, GATOR_EP, VAP_EP] as const;

export const SUPPORTED_ACTIONS = ['deny', 'dryrun', 'warn', 'scoped'] as const;
export const SCOPED_ACTIONS = ['deny', 'dryrun', 'warn'] as const;

export interface ConstraintActions {
  /** `spec.enforcementAction` as written (`deny` when absent). */
  action: string;
  /** For `scoped`: enforcement point → actions (union over matching entries). */
  scoped: Map<string, string[]> | undefined;
}

/** Reads and checks the enforcement action(s) of a constraint (AddConstraint steps 12–13). */
export function constraintActions(c: Constraint): ConstraintActions {
  const spec = isPlainRecord(c.spec) ? c.spec : {};
  const raw = spec.enforcementAction;
  if (raw !== undefined && raw !== null && typeof raw !== 'string') {
    throw gkError('gk_invalid_constraint', 'invalid Constraint: invalid spec.enforcementAction');
  }
  const action = raw ?? 'deny';
  if (action !== 'scoped') return { action, scoped: undefined };
  const entries = spec.scopedEnforcementActions;
  if (entries === undefined || entries === null) {
    throw gkError('gk_invalid_constraint', 'missing required field: spec.scopedEnforcementActions must be defined');
  }
  if (!Array.isArray(entries)) {
    throw gkError('gk_invalid_constraint', 'scopedEnforcementActions value must be a [{action: string, enforcementPoints: [{name: string}]}]');
  }
  const scoped = new Map<string, string[]>();
  for (const e of entries) {
    if (!isPlainRecord(e) || typeof e.action !== 'string') {
      throw gkError('gk_invalid_constraint', 'scopedEnforcementActions value must be a [{action: string, enforcementPoints: [{name: string}]}]');
    }
    const eps = Array.isArray(e.enforcementPoints) ? e.enforcementPoints : [];
    for (const ep of eps) {
      const name = isPlainRecord(ep) && typeof ep.name === 'string' ? ep.name : '';
      const targets = name === ALL_EP ? [...ENFORCEMENT_POINTS] : (ENFORCEMENT_POINTS as readonly string[]).includes(name) ? [name] : [];
      for (const t of targets) {
        const list = scoped.get(t) ?? [];
        if (!list.includes(e.action)) list.push(e.action);
        scoped.set(t, list);
      }
    }
  }
  return { action, scoped };
}

/**
 * The scoped actions of a constraint for the requested enforcement points; `undefined` means
 * "not scoped" (evaluate, no scoped actions), `[]` means "scoped, opted out" (skip).
 */
export function actionsForPoints(actions: ConstraintActions, points: readonly string[]): string[] | undefined {
  if (!actions.scoped) return undefined;
  const out: string[] = [];
  for (const p of points) for (const a of actions.scoped.get(p) ?? []) if (!out.includes(a)) out.push(a);
  return out;
}
