// The review pipeline with a fake evaluator: results, enforcement actions, autoreject,
// de-duplication, evaluation errors, operations, compile-once.
import { describe, expect, it } from 'vitest';
import { RegoError } from '@rego-ts/rego-parser';
import { AUDIT_EP, Client, GATOR_EP, WEBHOOK_EP, flatResults } from '../src/index.js';
import { constraint, fakeEngine, namespace, pod, template, type FakeHandler } from './helpers/fake-engine.js';

const REGO = (name: string) => `package foo\n# fake: ${name}\nviolation[{"msg": msg}] { msg := "x" }\n`;

function client(handlers: Record<string, FakeHandler>, opts: any = {}) {
  const log = { compiles: 0, evaluations: 0 };
  const c = new Client({ engine: fakeEngine(handlers, log), ...opts });
  return { c, log };
}

const always: FakeHandler = (input) => [{ msg: `bad ${input.review.object.metadata.name}`, details: { p: input.parameters } }];

describe('client review', () => {
  it('input is {review, parameters}; parameters default to {}; details default to {}', () => {
    let seen: any;
    const { c } = client({ h: (input) => ((seen = input), [{ msg: 'm' }]) });
    c.addTemplate(template('K8sA', REGO('h')));
    c.addConstraint(constraint('K8sA', 'c1'));
    const r = c.review(pod('p', 'ns'));
    expect(Object.keys(seen).sort()).toEqual(['parameters', 'review']);
    expect(seen.parameters).toEqual({});
    expect(r.results).toHaveLength(1);
    expect(r.results[0]).toMatchObject({ msg: 'm', metadata: { details: {} }, enforcementAction: 'deny', scopedActions: [] });
    expect(r.results[0]!.constraint.metadata.name).toBe('c1');
  });

  it('checklist 18: the review of a plain object', () => {
    let review: any;
    const { c } = client({ h: (input) => ((review = input.review), []) });
    c.addTemplate(template('K8sA', REGO('h')));
    c.addConstraint(constraint('K8sA', 'c1'));
    c.review({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { generateName: 'x-' } });
    expect(review).toEqual({
      uid: '',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: '', version: '', resource: '' },
      operation: '',
      userInfo: {},
      object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { generateName: 'x-' } },
      oldObject: null,
      options: null,
      namespaceObject: null,
    });
    expect('name' in review).toBe(false);
  });

  it('checklist 19: DELETE without oldObject is a review error; with it object == oldObject', () => {
    let review: any;
    const { c } = client({ h: (input) => ((review = input.review), []) });
    c.addTemplate(template('K8sA', REGO('h')));
    c.addConstraint(constraint('K8sA', 'c1'));
    expect(() => c.review({ operation: 'DELETE', object: null, oldObject: null, uid: '' })).toThrow('oldObject cannot be nil for DELETE operations');
    c.review({ operation: 'DELETE', oldObject: pod('p', 'ns'), object: null, uid: '1' });
    expect(review.object).toEqual(pod('p', 'ns'));
    expect(review.operation).toBe('DELETE');
  });

  it('compiles once; reviewing only evaluates', () => {
    const { c, log } = client({ h: always });
    c.addTemplate(template('K8sA', REGO('h')));
    c.addConstraint(constraint('K8sA', 'c1'));
    c.addConstraint(constraint('K8sA', 'c2'));
    for (let i = 0; i < 5; i++) c.review(pod('p'));
    expect(log.compiles).toBe(1);
    expect(log.evaluations).toBe(10);
    c.addTemplate(template('K8sA', REGO('h'))); // identical re-add: no-op
    expect(log.compiles).toBe(1);
  });

  it('checklist 6: elements without msg dropped; non-string msg fails the review', () => {
    const { c } = client({ h: () => [{ details: 1 }, 'str', { msg: 'ok' }], n: () => [{ msg: 3 }] });
    c.addTemplate(template('K8sA', REGO('h')));
    c.addConstraint(constraint('K8sA', 'c1'));
    expect(c.review(pod('p')).results.map((r) => r.msg)).toEqual(['ok']);
    c.addTemplate(template('K8sB', REGO('n')));
    c.addConstraint(constraint('K8sB', 'c2'));
    expect(() => c.review(pod('p'))).toThrow(/extracting message binding/);
  });

  it('de-duplicates on {msg, details}: equal msg with different details are two results', () => {
    const { c } = client({ h: () => [{ msg: 'a', x: 1 }, { msg: 'a', x: 2 }, { msg: 'a', details: { d: 1 } }] });
    c.addTemplate(template('K8sA', REGO('h')));
    c.addConstraint(constraint('K8sA', 'c1'));
    expect(c.review(pod('p')).results).toHaveLength(2);
  });

  it('checklist 7: evaluation error ⇒ one violation per constraint of the template with the error text', () => {
    const err = new RegoError('eval_conflict_error', 'complete rules must not produce multiple outputs', { file: 'template', row: 12, col: 1, offset: 0, end: 0 });
    const { c } = client({ h: (input) => { if (input.parameters.boom) throw err; return [{ msg: 'fine' }]; } });
    c.addTemplate(template('K8sA', REGO('h'), { crd: { validation: { legacySchema: true } } }));
    c.addConstraint(constraint('K8sA', 'c1', { parameters: { boom: true } }));
    c.addConstraint(constraint('K8sA', 'c2', { parameters: {} }));
    const r = c.review(pod('p'));
    expect(r.results.map((x) => [x.constraint.metadata.name, x.msg, x.metadata?.details])).toEqual([
      ['c1', 'template:12: eval_conflict_error: complete rules must not produce multiple outputs', null],
      ['c2', 'template:12: eval_conflict_error: complete rules must not produce multiple outputs', null],
    ]);
  });

  it('results sorted by kind then name; flatResults by action then msg', () => {
    const { c } = client({ h: always });
    c.addTemplate(template('K8sB', REGO('h')));
    c.addTemplate(template('K8sA', REGO('h')));
    c.addConstraint(constraint('K8sB', 'z', { enforcementAction: 'warn' }));
    c.addConstraint(constraint('K8sA', 'y'));
    c.addConstraint(constraint('K8sA', 'b'));
    const r = c.review(pod('p'));
    expect(r.results.map((x) => `${x.constraint.kind}/${x.constraint.metadata.name}`)).toEqual(['K8sA/b', 'K8sA/y', 'K8sB/z']);
    expect(flatResults(r).map((x) => x.enforcementAction)).toEqual(['deny', 'deny', 'warn']);
  });

  it('autoreject: a matcher error is a violation with the upstream message', () => {
    const { c } = client({ h: always });
    c.addTemplate(template('K8sA', REGO('h')));
    c.addConstraint(constraint('K8sA', 'c1', { match: { namespaceSelector: { matchLabels: { a: 'b' } } }, enforcementAction: 'warn' }));
    const r = c.review(pod('p', 'ns1'));
    expect(r.results).toHaveLength(1);
    expect(r.results[0]!.msg).toBe(
      'unable to match constraints: error matching the requested object: p :failed to run Match criteria: namespace selector for namespace-scoped object but missing Namespace',
    );
    expect(r.results[0]!.enforcementAction).toBe('warn');
    expect(r.results[0]!.metadata).toBeUndefined();
    // with the Namespace added as data the selector is evaluated
    c.addData(namespace('ns1', { a: 'b' }));
    expect(c.review(pod('p', 'ns1')).results[0]!.msg).toBe('bad p');
  });

  it('checklist 15: scoped actions per enforcement point; a scoped constraint without the EP is skipped', () => {
    const { c } = client({ h: always }, { enforcementPoints: [GATOR_EP, AUDIT_EP, WEBHOOK_EP] });
    c.addTemplate(template('K8sA', REGO('h')));
    c.addConstraint(
      constraint('K8sA', 'c1', {
        enforcementAction: 'scoped',
        scopedEnforcementActions: [
          { action: 'warn', enforcementPoints: [{ name: WEBHOOK_EP }] },
          { action: 'deny', enforcementPoints: [{ name: '*' }] },
          { action: 'dryrun', enforcementPoints: [{ name: 'unknown.ep' }] },
        ],
      }),
    );
    c.addConstraint(constraint('K8sA', 'c2', { enforcementAction: 'scoped', scopedEnforcementActions: [{ action: 'deny', enforcementPoints: [{ name: AUDIT_EP }] }] }));
    const web = c.review(pod('p'), { enforcementPoint: WEBHOOK_EP }).results;
    expect(web.map((r) => [r.constraint.metadata.name, r.enforcementAction, r.scopedActions])).toEqual([['c1', 'scoped', ['warn', 'deny']]]);
    const gator = c.review(pod('p'), { enforcementPoint: GATOR_EP }).results;
    expect(gator.map((r) => [r.constraint.metadata.name, r.scopedActions])).toEqual([['c1', ['deny']]]);
    const audit = c.review(pod('p'), { enforcementPoint: AUDIT_EP }).results;
    expect(audit.map((r) => r.constraint.metadata.name)).toEqual(['c1', 'c2']);
    expect(() => c.review(pod('p'), { enforcementPoint: 'vap.k8s.io' })).toThrow('enforcement point not supported by client');
  });

  it('scoped without scopedEnforcementActions is rejected', () => {
    const { c } = client({ h: always });
    c.addTemplate(template('K8sA', REGO('h')));
    expect(() => c.addConstraint(constraint('K8sA', 'c1', { enforcementAction: 'scoped' }))).toThrow(
      'missing required field: spec.scopedEnforcementActions must be defined',
    );
  });

  it('operations: only for the webhook EP with an AdmissionRequest', () => {
    const { c } = client({ h: always });
    c.addTemplate(template('K8sA', REGO('h'), { target: { operations: ['CREATE'] } }));
    c.addConstraint(constraint('K8sA', 'c1'));
    const req = (operation: string) => ({ uid: '1', operation, object: pod('p'), oldObject: null });
    expect(c.review(req('UPDATE'), { enforcementPoint: WEBHOOK_EP }).results).toHaveLength(0);
    expect(c.review(req('CREATE'), { enforcementPoint: WEBHOOK_EP }).results).toHaveLength(1);
    expect(c.review(req('UPDATE'), { enforcementPoint: AUDIT_EP }).results).toHaveLength(1);
    expect(c.review(pod('p'), { enforcementPoint: WEBHOOK_EP }).results).toHaveLength(1);
  });

  it('data.inventory layout: cluster and namespace scoped; remove deletes the leaf', () => {
    let inv: any;
    const { c } = client({ h: (_i, data) => ((inv = data.inventory), []) });
    c.addTemplate(template('K8sA', REGO('h')));
    c.addConstraint(constraint('K8sA', 'c1'));
    c.review(pod('x'));
    expect(inv).toEqual({});
    c.addData(namespace('ns1'));
    c.addData(pod('p1', 'ns1'));
    c.addData({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'ns1' } });
    c.addData({ apiVersion: 'v1', kind: 'Pod', metadata: { name: '__proto__', namespace: 'ns1' } });
    c.review(pod('x'));
    expect(Object.keys(inv.cluster.v1.Namespace)).toEqual(['ns1']);
    expect(inv.namespace.ns1.v1.Pod.p1.metadata.name).toBe('p1');
    expect(inv.namespace.ns1['networking.k8s.io/v1'].Ingress.i.kind).toBe('Ingress');
    expect(Object.prototype.hasOwnProperty.call(inv.namespace.ns1.v1.Pod, '__proto__')).toBe(true);
    const before = inv;
    c.removeData(pod('p1', 'ns1'));
    c.review(pod('x'));
    expect(Object.keys(inv.namespace.ns1.v1.Pod)).toEqual(['__proto__']);
    // Snapshots given to evaluations never change (the evaluator caches by identity).
    expect(Object.keys(before.namespace.ns1.v1.Pod)).toEqual(['p1', '__proto__']);
    expect(before.cluster).toBe(inv.cluster);
    expect(() => c.addData({ kind: 'Pod', metadata: { name: 'q' } })).toThrow('invalid request object: resource q has no version');
    expect(() => c.addData({ apiVersion: 'v1', metadata: { name: 'q' } })).toThrow('invalid request object: resource q has no kind');
  });

  it('removeTemplate drops its constraints; removeConstraint', () => {
    const { c } = client({ h: always });
    c.addTemplate(template('K8sA', REGO('h')));
    c.addConstraint(constraint('K8sA', 'c1'));
    expect(c.review(pod('p')).results).toHaveLength(1);
    expect(c.removeConstraint('K8sA', 'c1')).toBe(true);
    expect(c.review(pod('p')).results).toHaveLength(0);
    c.addConstraint(constraint('K8sA', 'c1'));
    c.removeTemplate('k8sa');
    expect(c.review(pod('p')).results).toHaveLength(0);
    expect(() => c.addConstraint(constraint('K8sA', 'c1'))).toThrow('missing ConstraintTemplate: template "k8sa" not found');
  });

  it('namespaceObject is attached only when the caller gives it', () => {
    let review: any;
    const { c } = client({ h: (input) => ((review = input.review), []) });
    c.addTemplate(template('K8sA', REGO('h')));
    c.addConstraint(constraint('K8sA', 'c1'));
    c.addData(namespace('ns1'));
    c.review(pod('p', 'ns1'));
    expect(review.namespaceObject).toBeNull();
    c.review(pod('p', 'ns1'), { namespaceObject: namespace('ns1') });
    expect(review.namespaceObject.metadata.name).toBe('ns1');
  });

  it('webhook: the namespace of a Namespace request is blanked', () => {
    let review: any;
    const { c } = client({ h: (input) => ((review = input.review), []) });
    c.addTemplate(template('K8sA', REGO('h')));
    c.addConstraint(constraint('K8sA', 'c1'));
    const req = { uid: '1', operation: 'CREATE', kind: { group: '', version: 'v1', kind: 'Namespace' }, namespace: 'n1', object: namespace('n1'), oldObject: null };
    c.review(req, { enforcementPoint: WEBHOOK_EP });
    expect('namespace' in review).toBe(false);
    c.review(req, { enforcementPoint: AUDIT_EP });
    expect(review.namespace).toBe('n1');
  });

  it('webhook: the Namespace of a namespaced request comes from the data cache unless given', () => {
    let review: any;
    const { c } = client({ h: (input) => ((review = input.review), []) });
    c.addTemplate(template('K8sA', REGO('h')));
    c.addConstraint(constraint('K8sA', 'c1'));
    c.addData(namespace('n1', { env: 'prod' }));
    const req = { uid: '1', operation: 'CREATE', namespace: 'n1', object: pod('p', 'n1'), oldObject: null };
    c.review(req, { enforcementPoint: WEBHOOK_EP });
    expect(review.namespaceObject.metadata.labels).toEqual({ env: 'prod' });
    c.review(req, { enforcementPoint: WEBHOOK_EP, namespaceObject: null });
    expect(review.namespaceObject).toBeNull();
    c.review(req, { enforcementPoint: GATOR_EP });
    expect(review.namespaceObject).toBeNull();
  });
});
