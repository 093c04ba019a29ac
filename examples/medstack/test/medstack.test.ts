// The seed example: its suite passes under rego-ts (and under gator when installed), the demo
// prints the expected decisions, and the audit reports the five violations.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client, admissionDecision, audit, WEBHOOK_EP } from '@rego-ts/gatekeeper-model';
import { loadFile, runVerify, walkFiles } from '@rego-ts/gatekeeper-model/node';
import { findGator, SKIP_NO_GATOR } from '../../../test-support/peers.js';
import { medstackDir, runMedstackDemo } from '../src/index.js';

function load(): { client: Client; objects: any[] } {
  const client = new Client();
  client.addTemplate(loadFile(join(medstackDir, 'policy/template.yaml'))[0]);
  client.addConstraint(loadFile(join(medstackDir, 'policy/constraint.yaml'))[0]);
  const objects = walkFiles(join(medstackDir, 'objects'), ['.yaml']).flatMap((f) => loadFile(f).map((d) => d.value as any));
  return { client, objects };
}

const REPOS = '["xxx.dkr.ecr.ca-central-1.amazonaws.com/", "docker.io/bitnami/"]';

describe('medstack example', () => {
  it('suite.yaml passes under rego-ts', () => {
    const report = runVerify([medstackDir]);
    expect(report.suites).toHaveLength(1);
    const cases = report.suites[0]!.tests[0]!.cases;
    expect(cases.length).toBe(12);
    expect(cases.filter((c) => c.error)).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it('admission decisions per object', () => {
    const { client, objects } = load();
    const decisions: Record<string, string[]> = {};
    for (const o of objects) {
      const resp = client.review(
        { uid: '1', operation: 'CREATE', kind: { group: '', version: 'v1', kind: o.kind }, object: o, oldObject: null, namespace: o.metadata.namespace },
        { enforcementPoint: WEBHOOK_EP },
      );
      decisions[`${o.kind}/${o.metadata.name}`] = admissionDecision(resp).denials;
    }
    expect(decisions['Pod/nginx']).toEqual([`[enforce-image-repository] container <nginx> has an invalid image repo <munta/nginx>, allowed repos are ${REPOS}`]);
    expect(decisions['Pod/scheduler']).toEqual([
      `[enforce-image-repository] initContainer <wait-for-db> has an invalid image repo <busybox:1.36>, allowed repos are ${REPOS}`,
    ]);
    expect(decisions['Deployment/reporting']).toHaveLength(2);
    for (const allowed of ['Pod/patient-api', 'Pod/cache', 'Deployment/records', 'Pod/landing-page', 'Deployment/blog', 'StatefulSet/audit-log', 'Namespace/web']) {
      expect(decisions[allowed], allowed).toEqual([]);
    }
  });

  it('audit status: five violations, written in descending order', () => {
    const { client, objects } = load();
    const [status] = audit(client, objects);
    expect(status!.name).toBe('enforce-image-repository');
    expect(status!.status.totalViolations).toBe(5);
    const v = status!.status.violations!;
    expect(v.map((x) => `${x.kind}/${x.namespace}/${x.name}`)).toEqual([
      'Deployment/mcs/reporting',
      'Deployment/mcs/reporting',
      'Pod/medstack/session-cache',
      'Pod/medstack/nginx',
      'Pod/mcs/scheduler',
    ]);
    expect(v[0]).toEqual({
      enforcementAction: 'deny',
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      namespace: 'mcs',
      name: 'reporting',
      message: `container <reporting> has an invalid image repo <nginx:1.25>, allowed repos are ${REPOS}`,
    });
  });

  it('the demo prints kubectl-style decisions and the audit status', () => {
    let out = '';
    const code = runMedstackDemo({ stdout: (t) => void (out += t), stderr: (t) => void (out += t) }, '2026-01-01T00:00:00Z');
    expect(code).toBe(0);
    expect(out).toContain('pod/patient-api created');
    expect(out).toContain('deployment.apps/records created');
    expect(out).toContain(
      `Error from server (Forbidden): error when creating "objects/20-pod-denied-munta.yaml": admission webhook "validation.gatekeeper.sh" denied the request: [enforce-image-repository] container <nginx> has an invalid image repo <munta/nginx>, allowed repos are ${REPOS}`,
    );
    expect(out).toContain('pod/landing-page created');
    expect(out).toContain('statefulset.apps/audit-log created');
    expect(out).toContain('auditTimestamp: 2026-01-01T00:00:00Z');
    expect(out).toContain('totalViolations: 5');
  });

  const gator = findGator();
  it.skipIf(!gator)(`suite.yaml passes under the real gator ${gator ? '' : `(skipped: ${SKIP_NO_GATOR})`}`, () => {
    const out = execFileSync(gator!, ['verify', medstackDir], { encoding: 'utf8' });
    expect(out).toMatch(/^ok\t/m);
  });
});
