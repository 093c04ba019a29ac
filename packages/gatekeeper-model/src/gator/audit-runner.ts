/**
 * `gator audit` (a rego-ts addition; upstream audit runs in-cluster): load templates,
 * constraints and objects, put every object into `data.inventory`, audit the objects that are
 * neither templates nor constraints, and report per constraint what Gatekeeper writes into
 * its `status`. A Gatekeeper `Config` among the inputs excludes namespaces from the audit.
 */
import { stringify } from 'yaml';
import { audit, type ConstraintAuditStatus } from '../audit/audit.js';
import { isConfigObject, ProcessExcluder } from '../config/excluder.js';
import { Client } from '../client/client.js';
import { AUDIT_EP } from '../client/enforcement.js';
import { errorText, gkError } from '../errors.js';
import { isConstraintObject, isConstraintTemplateObject } from '../model/decode.js';
import { formatGVK, objectGVK, objectName } from '../model/gvk.js';
import type { KubeObject } from '../model/types.js';
import type { RegoEngine } from '../rego/engine.js';
import type { RegoLimits } from '../rego/limits.js';
import { SourceDocument } from '../yaml/documents.js';
import { goJSON } from './go-json.js';

export interface GatorAuditOptions {
  engine?: RegoEngine;
  /** `--constraint-violations-limit` (default 20). */
  limit?: number;
  timestamp?: string;
  limits?: RegoLimits;
}

/** Loads everything into one client and audits. Throws on setup errors. */
export function runGatorAudit(docs: readonly unknown[], opts: GatorAuditOptions = {}): ConstraintAuditStatus[] {
  const values = docs.map((d) => (d instanceof SourceDocument ? d.value : d));
  const client = new Client({ enforcementPoints: [AUDIT_EP], ...(opts.engine ? { engine: opts.engine } : {}), ...(opts.limits ? { limits: opts.limits } : {}) });
  const step = (what: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      throw gkError('gk_usage_error', `${what}: ${errorText(e)}`);
    }
  };
  docs.forEach((d, i) => {
    if (isConstraintTemplateObject(values[i])) step(`adding template "${objectName(values[i])}"`, () => client.addTemplate(d));
  });
  docs.forEach((d, i) => {
    if (isConstraintObject(values[i])) step(`adding constraint "${objectName(values[i])}"`, () => client.addConstraint(d));
  });
  const objects = values.filter(
    (v): v is KubeObject => v !== null && v !== undefined && !isConstraintTemplateObject(v) && !isConstraintObject(v),
  );
  for (const o of objects) step(`adding data of GVK "${formatGVK(objectGVK(o))}"`, () => client.addData(o));
  const config = values.find((v) => isConfigObject(v));
  const auditOpts: Parameters<typeof audit>[2] = { limit: opts.limit ?? 20, excluder: new ProcessExcluder(config) };
  if (opts.timestamp) auditOpts.timestamp = opts.timestamp;
  return audit(client, objects, auditOpts);
}

/** Constraints as Kubernetes objects carrying only their audit status. */
export function auditStatusObjects(statuses: readonly ConstraintAuditStatus[]): Array<Record<string, unknown>> {
  return statuses.map((s) => ({ apiVersion: s.apiVersion, kind: s.kind, metadata: { name: s.name }, status: s.status }));
}

export function formatGatorAudit(statuses: readonly ConstraintAuditStatus[], format: 'yaml' | 'json' | 'table'): string {
  if (format === 'json') return goJSON(auditStatusObjects(statuses)) + '\n';
  if (format === 'yaml') return stringify(auditStatusObjects(statuses), { lineWidth: 0 });
  const rows: string[][] = [['CONSTRAINT', 'ACTION', 'OBJECT', 'MESSAGE']];
  const lines: string[] = [];
  for (const s of statuses) {
    lines.push(`${s.kind}/${s.name}: totalViolations: ${s.status.totalViolations}`);
    for (const v of s.status.violations ?? []) {
      const gv = v.group ? `${v.group}/${v.version}` : v.version;
      const obj = `${gv}/${v.kind} ${v.namespace ? `${v.namespace}/` : ''}${v.name}`;
      rows.push([`${s.kind}/${s.name}`, v.enforcementAction, obj, v.message]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows.length > 1 ? rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') + '\n' : '';
  return lines.join('\n') + '\n' + (table ? '\n' + table : '');
}
