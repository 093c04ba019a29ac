// Audit status (spec §6, checklist 20): totals, the capped ordered list, truncation, scoped actions.
import { describe, expect, it } from 'vitest';
import { AUDIT_EP, Client, GATOR_EP, audit, truncateMessage } from '../src/index.js';
import { constraint, fakeEngine, namespace, pod, template } from './helpers/fake-engine.js';

const REGO = 'package a\n# fake: h\nviolation[{"msg": "x"}] { true }';

function setup(handler: (input: any) => unknown[]) {
  const c = new Client({ engine: fakeEngine({ h: handler }) });
  c.addTemplate(template('K8sA', REGO));
  return c;
}

describe('audit', () => {
  it('checklist 20: keeps the 20 smallest violations, written in descending order', () => {
    const c = setup((input) => [{ msg: `bad ${input.review.object.metadata.name}` }]);
    c.addConstraint(constraint('K8sA', 'c1'));
    const objects = Array.from({ length: 30 }, (_, i) => pod(`p${String(i).padStart(2, '0')}`, 'ns'));
    const [s] = audit(c, objects);
    expect(s!.status.totalViolations).toBe(30);
    const names = s!.status.violations!.map((v) => v.name);
    expect(names).toHaveLength(20);
    expect(names[0]).toBe('p19');
    expect(names[19]).toBe('p00');
  });

  it('ordering key: group, version, kind, namespace, name, message, enforcementAction', () => {
    const c = setup((input) => [{ msg: 'm' }]);
    c.addConstraint(constraint('K8sA', 'c1'));
    const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'z' } };
    const [s] = audit(c, [deploy, pod('b', 'y'), pod('a', 'y'), { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } }]);
    expect(s!.status.violations!.map((v) => `${v.group}|${v.kind}|${v.namespace ?? ''}|${v.name}`)).toEqual([
      'apps|Deployment|z|a',
      '|Pod|y|b',
      '|Pod|y|a',
      '|Node||n',
    ]);
    expect('namespace' in s!.status.violations![3]!).toBe(false);
  });

  it('messages are truncated to 256 bytes (253 + ...)', () => {
    expect(truncateMessage('x'.repeat(256))).toBe('x'.repeat(256));
    expect(truncateMessage('x'.repeat(300))).toBe('x'.repeat(253) + '...');
    const c = setup(() => [{ msg: 'é'.repeat(200) }]);
    c.addConstraint(constraint('K8sA', 'c1'));
    const msg = audit(c, [pod('p')])[0]!.status.violations![0]!.message;
    expect(new TextEncoder().encode(msg).length).toBeLessThanOrEqual(256);
    expect(msg.endsWith('...')).toBe(true);
  });

  it('constraints without violations: totalViolations 0 and no list; limit 0 keeps none', () => {
    const c = setup((input) => (input.parameters.bad ? [{ msg: 'm' }] : []));
    c.addTemplate(template('K8sB', 'package b\n# fake: h\nviolation[{"msg": "x"}] { true }', { crd: { validation: { legacySchema: true } } }, 'templates.gatekeeper.sh/v1beta1'));
    c.addConstraint(constraint('K8sA', 'quiet'));
    c.addConstraint(constraint('K8sB', 'loud', { parameters: { bad: true } }));
    const statuses = audit(c, [pod('p')], { limit: 0, timestamp: '2026-01-01T00:00:00Z' });
    expect(statuses).toEqual([
      { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sA', name: 'quiet', status: { auditTimestamp: '2026-01-01T00:00:00Z', totalViolations: 0 } },
      { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sB', name: 'loud', status: { auditTimestamp: '2026-01-01T00:00:00Z', totalViolations: 1 } },
    ]);
  });

  it('scoped constraints report their audit actions; opted-out constraints see nothing', () => {
    const c = setup(() => [{ msg: 'm' }]);
    c.addConstraint(constraint('K8sA', 'a', { enforcementAction: 'scoped', scopedEnforcementActions: [{ action: 'warn', enforcementPoints: [{ name: AUDIT_EP }] }] }));
    c.addConstraint(constraint('K8sA', 'b', { enforcementAction: 'scoped', scopedEnforcementActions: [{ action: 'deny', enforcementPoints: [{ name: GATOR_EP }] }] }));
    const [a, b] = audit(c, [pod('p')]);
    expect(a!.status.violations![0]).toMatchObject({ enforcementAction: 'scoped', enforcementActions: ['warn'] });
    expect(b!.status.totalViolations).toBe(0);
  });

  it('attaches the Namespace of namespaced objects (namespaceObject, namespaceSelector) and counts autorejects', () => {
    const seen: any[] = [];
    const c = setup((input) => (seen.push(input.review.namespaceObject), [{ msg: 'm' }]));
    c.addConstraint(constraint('K8sA', 'sel', { match: { namespaceSelector: { matchLabels: { env: 'prod' } } } }));
    const [s] = audit(c, [namespace('prod', { env: 'prod' }), pod('p', 'prod'), pod('q', 'unknown')]);
    expect(seen.map((n) => n?.metadata?.name ?? null)).toEqual([null, 'prod']);
    expect(s!.status.totalViolations).toBe(3);
    expect(s!.status.violations!.some((v) => v.message.startsWith('unable to match constraints:'))).toBe(true);
  });
});
