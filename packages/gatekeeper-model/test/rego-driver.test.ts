// The Rego driver on the real evaluator: re-rooting, libs, v0/v1, input shape, result
// extraction, evaluation errors as violations, data.inventory.
import { describe, expect, it } from 'vitest';
import { Client } from '../src/index.js';
import { constraint, namespace, pod, template } from './helpers/fake-engine.js';

function client(rego: string, extra: Record<string, unknown> = {}, params?: unknown) {
  const c = new Client();
  c.addTemplate(template('K8sT', rego, { crd: { validation: { legacySchema: true } }, ...extra }, 'templates.gatekeeper.sh/v1beta1'));
  c.addConstraint(constraint('K8sT', 'c', params === undefined ? {} : { parameters: params }));
  return c;
}
const msgs = (c: Client, obj: unknown = pod('p', 'ns')) => c.review(obj).results.map((r) => r.msg);

describe('Rego driver (real evaluator)', () => {
  it('input is exactly {review, parameters}; the entry package is irrelevant', () => {
    const c = client(
      `package lib.whatever
violation[{"msg": msg}] {
  keys := {k | input[k]}
  msg := sprintf("%v %v %v", [keys, input.parameters.x, input.review.object.metadata.name])
}`,
      {},
      { x: 1 },
    );
    expect(msgs(c)).toEqual(['{"parameters", "review"} 1 p']);
  });

  it('libs under data.lib, imported or referenced; two templates may share a lib package', () => {
    const lib = 'package lib.helpers\nname(o) = n { n := o.metadata.name }\nprefix := "hello"';
    const c = client(
      `package a
import data.lib.helpers.name
violation[{"msg": msg}] { msg := sprintf("%v %v", [data.lib.helpers.prefix, name(input.review.object)]) }`,
      { target: { libs: [lib] } },
    );
    expect(msgs(c)).toEqual(['hello p']);
    c.addTemplate(template('K8sU', `package b\nviolation[{"msg": data.lib.helpers.prefix}] { true }`, { target: { libs: ['package lib.helpers\nprefix := "other"'] } }));
    c.addConstraint(constraint('K8sU', 'u'));
    expect(msgs(c)).toEqual(['hello p', 'other']);
  });

  it('v1 templates via code[].source.version', () => {
    const rego = 'package a\nviolation contains {"msg": msg} if { some c in input.review.object.spec.containers; msg := c.image }';
    const c = new Client();
    c.addTemplate(template('K8sV', '', { target: { rego: undefined, code: [{ engine: 'Rego', source: { rego, version: 'v1' } }] } }));
    c.addConstraint(constraint('K8sV', 'v'));
    expect(msgs(c)).toEqual(['nginx']);
  });

  it('details, de-duplication, elements without msg dropped', () => {
    const c = client(`package a
violation[{"msg": "same", "details": {"n": 1}}] { true }
violation[{"msg": "same", "details": {"n": 1}, "extra": 2}] { true }
violation[{"nomsg": true}] { true }
violation[{"msg": "plain"}] { true }`);
    const r = c.review(pod('p'));
    const got = r.results.map((x) => [x.msg, x.metadata?.details]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(got).toEqual([
      ['plain', {}],
      ['same', { n: 1 }],
    ]);
  });

  it('checklist 6: a numeric msg fails the review', () => {
    const c = client('package a\nviolation[{"msg": 42}] { true }');
    expect(() => c.review(pod('p'))).toThrow(/extracting message binding/);
  });

  it('checklist 7: a conflict error becomes one violation per constraint, with the error text', () => {
    const c = client(`package a
x = 1 { true }
x = 2 { true }
violation[{"msg": "m"}] { x }`);
    c.addConstraint(constraint('K8sT', 'd'));
    const r = c.review(pod('p'));
    expect(r.results.map((x) => x.constraint.metadata.name)).toEqual(['c', 'd']);
    for (const res of r.results) {
      expect(res.msg).toMatch(/^template:\d+: eval_conflict_error: complete rules must not produce multiple outputs$/);
      expect(res.metadata?.details).toBeNull();
    }
  });

  it('data.inventory: empty object by default, cluster/namespace layout', () => {
    const c = client(`package a
violation[{"msg": msg}] {
  not data.inventory.cluster.v1.Namespace.prod
  msg := "no prod namespace"
}
violation[{"msg": msg}] {
  other := data.inventory.namespace[input.review.object.metadata.namespace].v1.Pod[name]
  name != input.review.object.metadata.name
  msg := sprintf("also %v", [name])
}`);
    expect(msgs(c)).toEqual(['no prod namespace']);
    c.addData(namespace('prod'));
    c.addData(pod('q', 'ns'));
    expect(msgs(c)).toEqual(['also q']);
  });

  it('data.inventory changes between reviews are seen, also by joins over it (indexed after the first reviews)', () => {
    const c = client(`package a
violation[{"msg": msg}] {
  want := input.review.object.spec.host
  other := data.inventory.namespace[ns].v1.Pod[name]
  other.spec.host == want
  name != input.review.object.metadata.name
  msg := sprintf("%v/%v", [ns, name])
}`);
    const hp = (name: string, ns: string, host: string) => ({ ...pod(name, ns), spec: { host } });
    // More keys than the sorted-keys cache threshold, so a stale snapshot would show.
    for (let i = 0; i < 40; i++) c.addData(hp(`p${i}`, `ns${i % 3}`, `h${i % 5}`));
    const probe = hp('me', 'ns0', 'h1');
    const want = (n: number[]) => n.map((i) => `ns${i % 3}/p${i}`).sort();
    const sorted = () => msgs(c, probe).sort();
    for (let r = 0; r < 3; r++) expect(sorted()).toEqual(want([1, 6, 11, 16, 21, 26, 31, 36]));
    c.addData(hp('p40', 'ns1', 'h1'));
    expect(sorted()).toEqual(want([1, 6, 11, 16, 21, 26, 31, 36, 40]));
    c.removeData(hp('p6', 'ns0', 'h1'));
    c.addData(hp('p11', 'ns2', 'h2'));
    expect(sorted()).toEqual(want([1, 16, 21, 26, 31, 36, 40]));
    c.clearData();
    expect(sorted()).toEqual([]);
  });

  it('DELETE: the template sees object == oldObject', () => {
    const c = client('package a\nviolation[{"msg": msg}] { input.review.object == input.review.oldObject; msg := input.review.operation }');
    expect(msgs(c, { uid: 'u', operation: 'DELETE', object: null, oldObject: pod('p', 'ns') })).toEqual(['DELETE']);
  });

  it('a plain-object review with operation DELETE carries the object as oldObject too; print output is collected', () => {
    const c = new Client({ enablePrint: true });
    c.addTemplate(template('K8sP', 'package p\nviolation[{"msg": "m"}] { input.review.oldObject.metadata.name == "p"; print("op", input.review.operation) }'));
    c.addConstraint(constraint('K8sP', 'x'));
    const r = c.review(pod('p'), { operation: 'DELETE' });
    expect(r.results.map((x) => x.msg)).toEqual(['m']);
    expect(r.prints).toEqual(['op DELETE']);
  });

  it('__proto__ and constructor keys are plain data in parameters, defaults, labels and objects', () => {
    const c = new Client();
    c.addTemplate(
      template('K8sProto', 'package a\nviolation[{"msg": msg}] { msg := sprintf("%v %v %v", [input.parameters["__proto__"], input.parameters.constructor, input.review.object.metadata.labels.constructor]) }', {
        crd: { validation: { openAPIV3Schema: { type: 'object', properties: { ['__proto__']: { type: 'string', default: 'dflt' }, constructor: { type: 'string' } } } } },
      }),
    );
    const params = JSON.parse('{"constructor": "ctor"}');
    c.addConstraint(constraint('K8sProto', 'p', { parameters: params, match: { labelSelector: JSON.parse('{"matchLabels": {"constructor": "x"}}') } }));
    const obj = JSON.parse('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"constructor": "x", "__proto__": "y"}}}');
    expect(c.review(obj).results.map((r) => r.msg)).toEqual(['dflt ctor x']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(c.constraints()[0]!.spec!.parameters)).toBe(Object.prototype);
  });
});
