// gator test (spec §7.3, checklist 13 and 16): processing order, namespace quirk, exit status,
// output formats.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPaths } from '../src/node/index.js';
import { findGator, SKIP_NO_GATOR } from '../../../test-support/peers.js';
import { formatGatorTest, runGatorTest } from '../src/index.js';
import { constraint, fakeEngine, namespace, pod, template } from './helpers/fake-engine.js';

const REGO = 'package a\n# fake: h\nviolation[{"msg": "x"}] { true }';
const engine = fakeEngine({ h: (input) => [{ msg: `bad <${input.review.object.metadata.name}> & co` }] });
const tpl = template('K8sA', REGO);

describe('gator test', () => {
  it('checklist 16: exit 1 only for deny (or scoped deny); --deny-only filters output only', () => {
    const run = (spec: any) => runGatorTest([tpl, constraint('K8sA', 'c', { match: { kinds: [{ kinds: ['Pod'] }] }, ...spec }), pod('p', 'default')], { engine });
    expect(run({}).exitCode).toBe(1);
    for (const enforcementAction of ['warn', 'dryrun', '', 'foo']) expect(run({ enforcementAction }).exitCode, enforcementAction).toBe(0);
    const scoped = run({ enforcementAction: 'scoped', scopedEnforcementActions: [{ action: 'deny', enforcementPoints: [{ name: 'gator.gatekeeper.sh' }] }] });
    expect(scoped.exitCode).toBe(1);
    const warn = run({ enforcementAction: 'warn' });
    expect(formatGatorTest(warn, '', true)).toBe('');
    expect(formatGatorTest(warn, '', false)).toBe('v1/Pod default/p: ["c"] Message: "bad <p> & co"\n');
  });

  it('reviews every object, templates and constraints included, and all are in data.inventory', () => {
    const seen: string[] = [];
    let inventory: any;
    const e = fakeEngine({ h: (input, data) => (seen.push(input.review.kind.kind), (inventory = data.inventory), []) });
    runGatorTest([tpl, constraint('K8sA', 'c'), pod('p', 'default')], { engine: e });
    expect(seen).toEqual(['ConstraintTemplate', 'K8sA', 'Pod']);
    expect(Object.keys(inventory.cluster).sort()).toEqual(['constraints.gatekeeper.sh/v1beta1', 'templates.gatekeeper.sh/v1']);
    expect(inventory.namespace.default.v1.Pod.p.metadata.name).toBe('p');
  });

  it('an AdmissionReview document is reviewed as an object of its own kind, not unwrapped (as gator test)', () => {
    const inner = pod('p', 'default');
    const ar = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u', kind: { group: '', version: 'v1', kind: 'Pod' }, operation: 'CREATE', object: inner } };
    const kinds = (objs: unknown[]) => runGatorTest([tpl, constraint('K8sA', 'c', { match: { kinds: [{ kinds: ['*'] }] } }), ...objs], { engine }).results.map((x) => x.violatingObject.kind);
    // gator v3.23.0 gives the same: the Pod constraint does not match the AdmissionReview's request.
    expect(runGatorTest([tpl, constraint('K8sA', 'c', { match: { kinds: [{ kinds: ['Pod'] }] } }), ar], { engine }).results).toEqual([]);
    expect(kinds([ar])).toContain('AdmissionReview');
  });

  it('checklist 13: cluster-scoped objects do not match namespaces: [...] under gator test', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } };
    const r = runGatorTest([tpl, constraint('K8sA', 'c', { match: { namespaces: ['foo'], kinds: [{ kinds: ['Node', 'Namespace'] }] } }), node, namespace('foo')], { engine });
    expect(r.results.map((x) => x.violatingObject.kind)).toEqual(['Namespace']);
  });

  it('namespaceSelector uses Namespaces from the input; default is synthesized', () => {
    const c = constraint('K8sA', 'c', { match: { kinds: [{ kinds: ['Pod'] }], namespaceSelector: { matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] } } });
    const r = runGatorTest([tpl, c, pod('a', 'default'), pod('b', 'labelled'), namespace('labelled', { x: '1' }), pod('c', 'ghost')], { engine });
    const got = r.results.map((x) => [x.violatingObject.metadata!.name, x.result.msg]);
    expect(got).toHaveLength(2);
    expect(got).toContainEqual(['a', 'bad <a> & co']);
    expect(got).toContainEqual([
      'c',
      'unable to match constraints: error matching the requested object: c :failed to run Match criteria: namespace selector for namespace-scoped object but missing Namespace',
    ]);
  });

  it('setup errors are fatal with gator texts', () => {
    expect(() => runGatorTest([], { engine })).toThrow('no input data identified');
    expect(() => runGatorTest([tpl, constraint('K8sB', 'c')], { engine })).toThrow('auditing objects: adding constraint "c": missing ConstraintTemplate: template "k8sb" not found');
    expect(() => runGatorTest([tpl, { kind: 'Pod', metadata: { name: 'x' } }], { engine })).toThrow(
      'auditing objects: adding data of GVK "/, Kind=Pod": admission.k8s.gatekeeper.sh: invalid request object: resource x has no version\n',
    );
  });

  it('warns about duplicate resources', () => {
    const r = runGatorTest([tpl, pod('p', 'default'), pod('p', 'default')], { engine });
    expect(r.warnings).toEqual(['WARNING - Resource named "p" (from object 2) is already defined in object 1']);
  });

  it('json output: Go field order, sorted map keys, HTML-escaped, null when empty', () => {
    const r = runGatorTest([tpl, constraint('K8sA', 'c', { match: { kinds: [{ kinds: ['Pod'] }] } }), pod('p', 'default')], { engine });
    const json = formatGatorTest(r, 'json');
    expect(json).toContain('"msg": "bad \\u003cp\\u003e \\u0026 co"');
    const parsed = JSON.parse(json);
    expect(Object.keys(parsed[0])).toEqual(['target', 'msg', 'metadata', 'constraint', 'enforcementAction', 'violatingObject', 'trace']);
    expect(Object.keys(parsed[0].constraint)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(json.split('\n')[1]).toBe('    {');
    const none = runGatorTest([tpl, pod('p', 'default')], { engine });
    expect(formatGatorTest(none, 'json')).toBe('null'); // no trailing newline, as gator
    expect(formatGatorTest(r, 'default')).toBe('');
    expect(formatGatorTest(r, 'yaml')).toContain('enforcementaction: deny');
  });

  it('default output quotes like Go %q (escapes, printable Unicode kept)', () => {
    const files = ['t.yaml', 'c.yaml', 'p.yaml'].map((f) => join(import.meta.dirname, 'fixtures', 'quoting', f));
    const out = formatGatorTest(runGatorTest(loadPaths(files, { version: '1.1' })), '');
    expect(out.split('\n')[2] + '\n').toBe('v1/Pod p: ["q"] Message: "tab\\there é ✓ \\x01 \\u00a0 nl\\n \\"q\\" \\\\ 😀 \\u2028 matched"\n');
    const gator = findGator();
    if (gator) expect(out).toBe(spawnSync(gator, ['test', ...files.flatMap((f) => ['-f', f])], { encoding: 'utf8' }).stdout);
    else console.log(SKIP_NO_GATOR);
  });
});
