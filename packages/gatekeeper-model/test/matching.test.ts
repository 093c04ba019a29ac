// §4.5 matching corner cases, on the matcher directly.
import { describe, expect, it } from 'vitest';
import { MatchError, reviewFromAdmissionRequest, reviewFromObject, reviewMatches, wildcardMatches, selectorMatches } from '../src/index.js';
import { namespace, pod } from './helpers/fake-engine.js';

const none = () => undefined;
const m = (match: any, obj: any, opts: any = {}, lookup: any = none) => reviewMatches(match, reviewFromObject(obj, opts), lookup);

describe('wildcards', () => {
  it('prefix, suffix, contains, exact, star', () => {
    expect(wildcardMatches('kube-*', 'kube-system')).toBe(true);
    expect(wildcardMatches('*-system', 'kube-system')).toBe(true);
    expect(wildcardMatches('*be-sy*', 'kube-system')).toBe(true);
    expect(wildcardMatches('kube', 'kube-system')).toBe(false);
    expect(wildcardMatches('*', '')).toBe(true);
    expect(wildcardMatches('**', 'x')).toBe(true);
  });
});

describe('label selectors', () => {
  it('In / NotIn / Exists / DoesNotExist / matchLabels', () => {
    const l = { a: '1', b: '2' };
    expect(selectorMatches({ matchLabels: { a: '1' } }, l)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'In', values: ['2'] }] }, l)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'z', operator: 'NotIn', values: ['2'] }] }, l)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'b', operator: 'Exists' }] }, l)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'b', operator: 'DoesNotExist' }] }, l)).toBe(false);
    expect(selectorMatches({}, l)).toBe(true);
  });
});

describe('matching', () => {
  it('absent match and {} match everything', () => {
    expect(m(undefined, pod('p'))).toBe(true);
    expect(m({}, pod('p'))).toBe(true);
  });
  it('kinds: group and kind, wildcards, [{}]', () => {
    const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } };
    expect(m({ kinds: [{ apiGroups: [''], kinds: ['Pod'] }] }, deploy)).toBe(false);
    expect(m({ kinds: [{ apiGroups: ['apps'], kinds: ['Deployment'] }] }, deploy)).toBe(true);
    expect(m({ kinds: [{ apiGroups: ['*'], kinds: ['Deployment'] }] }, deploy)).toBe(true);
    expect(m({ kinds: [{}] }, deploy)).toBe(true);
    expect(m({ kinds: [{ kinds: ['deployment'] }] }, deploy)).toBe(false);
  });
  it('scope Cluster / Namespaced', () => {
    expect(m({ scope: 'Cluster' }, pod('p', 'ns'))).toBe(false);
    expect(m({ scope: 'Cluster' }, namespace('ns'))).toBe(true);
    expect(m({ scope: 'Namespaced' }, pod('p', 'ns'))).toBe(true);
    expect(m({ scope: 'Namespaced' }, namespace('ns'))).toBe(false);
    expect(m({ scope: 'bogus' }, pod('p'))).toBe(true);
  });
  it('namespaces / excludedNamespaces with globs; Namespace objects use their own name', () => {
    expect(m({ namespaces: ['med*'] }, pod('p', 'medstack'))).toBe(true);
    expect(m({ namespaces: ['*stack'] }, pod('p', 'other'))).toBe(false);
    expect(m({ namespaces: ['foo'] }, namespace('foo'))).toBe(true);
    expect(m({ excludedNamespaces: ['kube-*'] }, pod('p', 'kube-system'))).toBe(false);
    expect(m({ excludedNamespaces: ['kube-*'] }, pod('p', 'default'))).toBe(true);
  });
  it('checklist 13: cluster-scoped object passes namespaces: [foo] (verify/audit)', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } };
    expect(m({ namespaces: ['foo'] }, node)).toBe(true);
  });
  it('checklist 13: … but not under gator test (empty Namespace attached)', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } };
    expect(m({ namespaces: ['foo'] }, node, { namespaceObject: {} })).toBe(false);
    expect(m({ scope: 'Cluster' }, node, { namespaceObject: {} })).toBe(false);
  });
  it('labelSelector', () => {
    expect(m({ labelSelector: { matchLabels: { app: 'x' } } }, pod('p', 'ns', { app: 'x' }))).toBe(true);
    expect(m({ labelSelector: { matchLabels: { app: 'x' } } }, pod('p', 'ns', { app: 'y' }))).toBe(false);
  });
  it('checklist 11: UPDATE where only oldObject labels match', () => {
    const r = reviewFromAdmissionRequest({
      operation: 'UPDATE',
      object: pod('p', 'ns', { app: 'new' }),
      oldObject: pod('p', 'ns', { app: 'old' }),
    });
    expect(reviewMatches({ labelSelector: { matchLabels: { app: 'old' } } }, r, none)).toBe(true);
  });
  it('namespaceSelector: Namespace object itself, cached Namespace, attached Namespace', () => {
    const sel = { namespaceSelector: { matchLabels: { env: 'prod' } } };
    expect(m(sel, namespace('a', { env: 'prod' }))).toBe(true);
    expect(m(sel, namespace('a', { env: 'dev' }))).toBe(false);
    const cache = (n: string) => (n === 'a' ? namespace('a', { env: 'prod' }) : undefined);
    expect(m(sel, pod('p', 'a'), {}, cache)).toBe(true);
    expect(m(sel, pod('p', 'a'), { namespaceObject: namespace('a', { env: 'dev' }) }, cache)).toBe(false);
    // cluster-scoped non-Namespace object: selector does not apply
    expect(m(sel, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } })).toBe(true);
  });
  it('checklist 12: namespaceSelector on a namespaced object whose Namespace is unknown is an error', () => {
    const sel = { namespaceSelector: { matchLabels: { env: 'prod' } } };
    expect(() => m(sel, pod('p', 'a'))).toThrow(MatchError);
    expect(() => m(sel, pod('p', 'a'))).toThrow(
      'error matching the requested object: p :failed to run Match criteria: namespace selector for namespace-scoped object but missing Namespace',
    );
  });
  it('checklist 14: name globs and generateName', () => {
    const gen = (g: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { generateName: g } });
    expect(m({ name: '*-pod' }, gen('x-pod'))).toBe(false);
    expect(m({ name: 'x-*' }, gen('x-'))).toBe(true);
    expect(m({ name: '*-p*' }, gen('x-pod'))).toBe(true);
    expect(m({ name: 'web-*' }, pod('web-1'))).toBe(true);
    expect(m({ name: 'web' }, pod('web-1'))).toBe(false);
  });
  it('source: All / Original / Generated / invalid / unset review source', () => {
    expect(m({ source: 'Original' }, pod('p'))).toBe(true);
    expect(m({ source: 'Generated' }, pod('p'))).toBe(false);
    expect(m({ source: 'Generated' }, pod('p'), { source: 'Generated' })).toBe(true);
    expect(() => m({ source: 'Bogus' }, pod('p'))).toThrow('invalid source field "Bogus"');
    expect(() => m({ source: 'Original' }, pod('p'), { source: '' })).toThrow('source field not specified for resource p');
  });
  it('matchers stop at the first false: a later error is not raised', () => {
    const match = { kinds: [{ kinds: ['Deployment'] }], namespaceSelector: { matchLabels: { a: 'b' } } };
    expect(m(match, pod('p', 'unknown'))).toBe(false);
  });
  it('DELETE: object and oldObject are both the deleted object', () => {
    const r = reviewFromAdmissionRequest({ operation: 'DELETE', object: null, oldObject: pod('p', 'ns', { a: '1' }) });
    expect(r.object).toEqual(r.oldObject);
    expect(reviewMatches({ labelSelector: { matchLabels: { a: '1' } } }, r, none)).toBe(true);
  });
});
