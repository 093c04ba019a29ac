/**
 * A scripted admission + audit walkthrough over an example directory:
 * `<dir>/policy/*.yaml` (templates and constraints) and `<dir>/objects/*.yaml` (Namespaces and
 * workloads). Each workload is submitted as a CREATE AdmissionRequest at the webhook point and
 * the decision printed as `kubectl` shows it; then the audit status of every constraint.
 */
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { audit } from '../audit/audit.js';
import { admissionDecision } from '../client/admission.js';
import { Client } from '../client/client.js';
import { AUDIT_EP, WEBHOOK_EP } from '../client/enforcement.js';
import { errorText } from '../errors.js';
import { isConstraintObject, isConstraintTemplateObject } from '../model/decode.js';
import { isNamespaceObject, objectGVK, objectName, objectNamespace } from '../model/gvk.js';
import type { Constraint, KubeObject } from '../model/types.js';
import type { RegoEngine } from '../rego/engine.js';
import { auditStatusObjects } from '../gator/audit-runner.js';
import { loadFile, walkFiles, YAML_EXTENSIONS } from './files.js';

export interface DemoIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface DemoOptions {
  dir: string;
  io: DemoIo;
  engine?: RegoEngine;
  /** Timestamp for the audit status (default: now). */
  timestamp?: string;
}

function plural(kind: string): string {
  return kind.toLowerCase() + 's';
}

/** Runs the walkthrough; returns 0, or 1 when the example itself cannot be loaded. */
export function runAdmissionDemo(opts: DemoOptions): number {
  const { dir, io } = opts;
  const client = new Client({ enforcementPoints: [WEBHOOK_EP, AUDIT_EP], ...(opts.engine ? { engine: opts.engine } : {}) });
  const objects: Array<{ file: string; obj: KubeObject }> = [];
  try {
    const policy = walkFiles(join(dir, 'policy'), YAML_EXTENSIONS).flatMap((f) => loadFile(f));
    for (const d of policy) if (isConstraintTemplateObject(d.value)) client.addTemplate(d);
    for (const d of policy) if (isConstraintObject(d.value)) client.addConstraint(d);
    for (const f of walkFiles(join(dir, 'objects'), YAML_EXTENSIONS)) {
      for (const d of loadFile(f)) objects.push({ file: relative(dir, f), obj: d.value as KubeObject });
    }
  } catch (e) {
    io.stderr(`demo: cannot load the example in ${dir}: ${errorText(e)}\n`);
    return 1;
  }
  const namespaces = new Map<string, KubeObject>();
  for (const { obj } of objects) if (isNamespaceObject(obj)) namespaces.set(objectName(obj), obj);

  io.stdout(`Templates: ${client.templateNames().join(', ')}\n`);
  io.stdout('Constraints:\n');
  for (const c of client.constraints()) io.stdout(`  ${describeConstraint(c)}\n`);
  io.stdout('\n');
  io.stdout('== Admission (validation.gatekeeper.sh) ==\n\n');
  let lastFile = '';
  let admitted = 0;
  let denied = 0;
  for (const { file, obj } of objects) {
    const gvk = objectGVK(obj);
    const ns = objectNamespace(obj);
    const request = {
      uid: `demo-${objectName(obj)}`,
      kind: gvk,
      resource: { group: gvk.group, version: gvk.version, resource: plural(gvk.kind) },
      name: objectName(obj),
      ...(ns ? { namespace: ns } : {}),
      operation: 'CREATE',
      userInfo: { username: 'demo-user' },
      object: obj,
      oldObject: null,
    };
    const what = `${gvk.kind.toLowerCase()}${gvk.group ? `.${gvk.group}` : ''}/${objectName(obj)}`;
    if (file !== lastFile) io.stdout(`${lastFile ? '\n' : ''}$ kubectl apply -f ${file}\n`);
    lastFile = file;
    try {
      const resp = client.review(request, { enforcementPoint: WEBHOOK_EP, namespaceObject: ns ? (namespaces.get(ns) ?? null) : null });
      const d = admissionDecision(resp);
      for (const w of d.warnings) io.stdout(`Warning: ${w}\n`);
      if (d.allowed) {
        admitted++;
        io.stdout(`${what} created\n`);
      } else {
        denied++;
        io.stdout(
          `Error from server (Forbidden): error when creating "${file}": admission webhook "validation.gatekeeper.sh" denied the request: ${d.message}\n`,
        );
      }
    } catch (e) {
      io.stdout(`Error from server (InternalError): error when creating "${file}": ${errorText(e)}\n`);
    }
    if (!isNamespaceObject(obj)) client.addData(obj);
  }
  for (const ns of namespaces.values()) client.addData(ns);

  io.stdout(`\n${admitted} admitted, ${denied} denied.\n`);
  io.stdout('\n== Audit (audit.gatekeeper.sh): constraint status ==\n\n');
  const statuses = audit(
    client,
    objects.map((o) => o.obj),
    { timestamp: opts.timestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z') },
  );
  io.stdout(stringify(auditStatusObjects(statuses), { lineWidth: 0 }));
  return 0;
}

/** `K8sX/name (deny): Pod, apps/Deployment in ns1, ns2; parameters {...}` */
function describeConstraint(c: Constraint): string {
  const match = c.spec?.match ?? {};
  const kinds = (match.kinds ?? []).flatMap((k) =>
    (k.kinds ?? ['*']).map((kind) => {
      const groups = (k.apiGroups ?? ['*']).filter((g) => g !== '');
      return groups.length ? `${groups.join('|')}/${kind}` : kind;
    }),
  );
  const scope = match.namespaces?.length ? ` in namespaces ${match.namespaces.join(', ')}` : '';
  const params = c.spec?.parameters === undefined ? '' : `; parameters ${JSON.stringify(c.spec.parameters)}`;
  return `${c.kind}/${objectName(c)} (${c.spec?.enforcementAction ?? 'deny'}): ${kinds.join(', ') || 'all kinds'}${scope}${params}`;
}
