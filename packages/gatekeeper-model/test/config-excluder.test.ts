// Global exclusions from the Config resource (spec §4.7): audit skips, the webhook allows.
import { describe, expect, it } from 'vitest';
import { Client, ProcessExcluder, WEBHOOK_EP, audit, runGatorAudit } from '../src/index.js';
import { constraint, fakeEngine, namespace, pod, template } from './helpers/fake-engine.js';

const config = {
  apiVersion: 'config.gatekeeper.sh/v1alpha1',
  kind: 'Config',
  metadata: { name: 'config' },
  spec: {
    match: [
      { excludedNamespaces: ['kube-*'], processes: ['*'] },
      { excludedNamespaces: ['legacy'], processes: ['audit'] },
    ],
  },
};

describe('Config exclusions', () => {
  const ex = new ProcessExcluder(config);

  it('namespaces per process; Namespaces use their own name; cluster-scoped objects have ""', () => {
    expect(ex.isExcluded('audit', pod('p', 'kube-system'))).toBe(true);
    expect(ex.isExcluded('webhook', pod('p', 'kube-public'))).toBe(true);
    expect(ex.isExcluded('audit', pod('p', 'legacy'))).toBe(true);
    expect(ex.isExcluded('webhook', pod('p', 'legacy'))).toBe(false);
    expect(ex.isExcluded('audit', namespace('kube-system'))).toBe(true);
    expect(ex.isExcluded('audit', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } })).toBe(false);
    expect(new ProcessExcluder({ ...config, metadata: { name: 'other' } }).isExcluded('audit', pod('p', 'kube-system'))).toBe(false);
  });

  it('audit skips excluded objects; the webhook allows excluded requests', () => {
    const c = new Client({ engine: fakeEngine({ h: () => [{ msg: 'm' }] }), excluder: ex });
    c.addTemplate(template('K8sA', 'package a\n# fake: h\nviolation[{"msg": "x"}] { true }'));
    c.addConstraint(constraint('K8sA', 'c'));
    const [s] = audit(c, [pod('a', 'kube-system'), pod('b', 'legacy'), pod('c', 'apps')], { excluder: ex });
    expect(s!.status.violations!.map((v) => v.name)).toEqual(['c']);
    const req = (ns: string) => ({ uid: '1', operation: 'CREATE', namespace: ns, object: pod('p', ns), oldObject: null });
    expect(c.review(req('kube-system'), { enforcementPoint: WEBHOOK_EP }).results).toHaveLength(0);
    expect(c.review(req('legacy'), { enforcementPoint: WEBHOOK_EP }).results).toHaveLength(1);
  });

  it('gator audit honours a Config among its inputs', () => {
    const engine = fakeEngine({ h: () => [{ msg: 'm' }] });
    const docs = [template('K8sA', 'package a\n# fake: h\nviolation[{"msg": "x"}] { true }'), constraint('K8sA', 'c', { match: { kinds: [{ kinds: ['Pod'] }] } }), config, pod('a', 'kube-system'), pod('b', 'apps')];
    const [s] = runGatorAudit(docs, { engine });
    expect(s!.status.totalViolations).toBe(1);
  });
});
