/**
 * Audit: review every object as a plain object (source Original, Namespace attached, EP
 * `audit.gatekeeper.sh`) and aggregate per constraint what Gatekeeper writes into
 * `status`: `totalViolations` and at most `limit` violations (the smallest ones, written in
 * descending order, messages truncated to 256 bytes).
 */
import type { Client } from '../client/client.js';
import type { ProcessExcluder } from '../config/excluder.js';
import { AUDIT_EP } from '../client/enforcement.js';
import { isNamespaceObject, objectGVK, objectName, objectNamespace } from '../model/gvk.js';
import type { KubeObject } from '../model/types.js';
import { reviewFromObject } from '../target/review.js';

export interface AuditViolation {
  enforcementAction: string;
  /** Scoped actions for the audit point (only for `scoped` constraints). */
  enforcementActions?: string[];
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
  message: string;
}

export interface ConstraintAuditStatus {
  /** Identity of the constraint the status belongs to. */
  apiVersion: string;
  kind: string;
  name: string;
  /** What Gatekeeper writes into the constraint's `status`. */
  status: {
    auditTimestamp?: string;
    totalViolations: number;
    violations?: AuditViolation[];
  };
}

export interface AuditOptions {
  /** `--constraint-violations-limit` (default 20; 0 keeps none). */
  limit?: number;
  /** RFC 3339 time to stamp (`status.auditTimestamp`); omitted when absent. */
  timestamp?: string;
  /** Extra Namespace objects to attach to namespaced objects (besides those audited and added as data). */
  namespaces?: KubeObject[];
  /** Global exclusions (the `Config` resource): objects excluded from `audit` are skipped. */
  excluder?: ProcessExcluder;
}

export const MAX_MESSAGE_BYTES = 256;

/** Truncates to 256 UTF-8 bytes: the first (up to) 253 bytes and `...`. */
export function truncateMessage(msg: string): string {
  const bytes = new TextEncoder().encode(msg);
  if (bytes.length <= MAX_MESSAGE_BYTES) return msg;
  // Cut at a character boundary (never inside a UTF-8 sequence).
  let end = MAX_MESSAGE_BYTES - 3;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.slice(0, end)) + '...';
}

const ORDER: Array<keyof AuditViolation> = ['group', 'version', 'kind', 'namespace', 'name', 'message', 'enforcementAction'];

function compareViolations(a: AuditViolation, b: AuditViolation): number {
  for (const k of ORDER) {
    const x = String(a[k] ?? '');
    const y = String(b[k] ?? '');
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Audits `objects` against every constraint of `client`. One entry per constraint, by kind then name. */
export function audit(client: Client, objects: readonly KubeObject[], opts: AuditOptions = {}): ConstraintAuditStatus[] {
  const limit = opts.limit ?? 20;
  const nsByName = new Map<string, KubeObject>();
  for (const o of [...(opts.namespaces ?? []), ...objects]) if (isNamespaceObject(o)) nsByName.set(objectName(o), o);
  const byConstraint = new Map<string, { total: number; list: AuditViolation[] }>();
  const key = (kind: string, name: string) => `${kind}\u0000${name}`;
  for (const c of client.constraints()) byConstraint.set(key(c.kind, objectName(c)), { total: 0, list: [] });

  for (const obj of objects) {
    if (opts.excluder?.isExcluded('audit', obj)) continue;
    const nsName = objectNamespace(obj);
    const ns = nsName ? (nsByName.get(nsName) ?? client.namespace(nsName) ?? null) : null;
    const review = reviewFromObject(obj, { source: 'Original', namespaceObject: ns });
    const resp = client.reviewPrepared(review, [AUDIT_EP]);
    const gvk = objectGVK(obj);
    for (const r of resp.results) {
      const agg = byConstraint.get(key(r.constraint.kind, objectName(r.constraint)));
      if (!agg) continue;
      agg.total++;
      // Key order as `kubectl get -o yaml` users know the entries.
      const v: AuditViolation = { enforcementAction: r.enforcementAction } as AuditViolation;
      if (r.enforcementAction === 'scoped') v.enforcementActions = r.scopedActions;
      v.group = gvk.group;
      v.version = gvk.version;
      v.kind = gvk.kind;
      if (nsName) v.namespace = nsName;
      v.name = objectName(obj);
      v.message = truncateMessage(r.msg);
      agg.list.push(v);
    }
  }

  return client.constraints().map((c) => {
    const agg = byConstraint.get(key(c.kind, objectName(c)))!;
    const kept = [...agg.list].sort(compareViolations).slice(0, Math.max(0, limit)).reverse();
    const status: ConstraintAuditStatus['status'] = opts.timestamp
      ? { auditTimestamp: opts.timestamp, totalViolations: agg.total }
      : { totalViolations: agg.total };
    if (kept.length) status.violations = kept;
    return { apiVersion: c.apiVersion, kind: c.kind, name: objectName(c), status };
  });
}
