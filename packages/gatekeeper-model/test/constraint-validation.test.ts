// AddConstraint: identity, selectors, schema (error class), unknown fields, defaulting (spec §4.2–4.4, §10).
import { describe, expect, it } from 'vitest';
import { Client, isGkError } from '../src/index.js';
import { constraint, fakeEngine, pod, template } from './helpers/fake-engine.js';

const REGO = 'package a\n# fake: h\nviolation[{"msg": "x"}] { true }';
const schema = {
  type: 'object',
  properties: {
    repos: { type: 'array', items: { type: 'string' } },
    mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
    nested: { type: 'object', properties: { flag: { type: 'boolean', default: false } } },
    count: { type: 'integer', minimum: 1 },
  },
};

function setup(apiVersion = 'templates.gatekeeper.sh/v1', crd: any = { validation: { openAPIV3Schema: schema } }) {
  let params: any;
  const c = new Client({ engine: fakeEngine({ h: (input) => ((params = input.parameters), []) }) });
  c.addTemplate({ ...template('K8sA', REGO, { crd }), apiVersion });
  return { c, params: () => params };
}

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return [(e as any).code, (e as Error).message];
  }
  return undefined;
};

describe('constraint validation', () => {
  it('identity checks', () => {
    const { c } = setup();
    expect(code(() => c.addConstraint({ ...constraint('K8sA', ''), metadata: {} }))).toEqual(['gk_invalid_constraint', 'invalid Constraint: missing metadata.name']);
    expect(code(() => c.addConstraint({ ...constraint('K8sA', 'x'), apiVersion: 'foo/v1beta1' }))).toEqual([
      'gk_invalid_constraint',
      'invalid Constraint: wrong API Group for Constraint "x", got "foo" but need "constraints.gatekeeper.sh"',
    ]);
    expect(code(() => c.addConstraint(constraint('K8sNope', 'x')))?.[1]).toBe('missing ConstraintTemplate: template "k8snope" not found');
    expect(code(() => c.addConstraint(constraint('K8sA', 'Bad_Name')))?.[1]).toMatch(/^invalid Constraint: invalid name: /);
  });

  it('checklist 8: constraints.gatekeeper.sh/v1 is rejected', () => {
    const { c } = setup();
    expect(code(() => c.addConstraint({ ...constraint('K8sA', 'x'), apiVersion: 'constraints.gatekeeper.sh/v1' }))).toEqual([
      'gk_invalid_constraint',
      'invalid Constraint: unsupported version "v1" for Constraint "x"; supported versions: map[v1alpha1:true v1beta1:true]',
    ]);
  });

  it('schema errors are their own class, with Kubernetes texts', () => {
    const { c } = setup();
    expect(code(() => c.addConstraint(constraint('K8sA', 'x', { parameters: { repos: 'abc' } })))).toEqual([
      'gk_schema_error',
      'schema validation failed: [].spec.parameters.repos: Invalid value: "string": spec.parameters.repos in body must be of type array: "string"',
    ]);
    const [k, msg] = code(() => c.addConstraint(constraint('K8sA', 'x', { parameters: { mode: 'c', count: 0 }, match: { namespaces: ['Foo'], source: 'x' } })))!;
    expect(k).toBe('gk_schema_error');
    expect(msg).toContain('[].spec.parameters.mode: Unsupported value: "c": supported values: "a", "b"');
    expect(msg).toContain('[].spec.parameters.count: Invalid value: 0: spec.parameters.count in body should be greater than or equal to 1');
    expect(msg).toContain(`[].spec.match.namespaces[0]: Invalid value: "Foo": spec.match.namespaces[0] in body should match '^\\*?[-:a-z0-9]*\\*?$'`);
    expect(msg).toContain('[].spec.match.source: Unsupported value: "x": supported values: "All", "Generated", "Original"');
    expect(msg.startsWith('schema validation failed: [[]')).toBe(true);
    expect(code(() => c.addConstraint({ ...constraint('K8sA', 'x'), metadata: { name: 'a'.repeat(64) } }))?.[0]).toBe('gk_schema_error');
  });

  it('checklist 9: unknown fields are a different error class', () => {
    const { c } = setup();
    expect(code(() => c.addConstraint(constraint('K8sA', 'x', { foo: 1, parameters: { foo: 1 } })))).toEqual([
      'gk_unknown_fields',
      'invalid Constraint: unknown fields: [spec.foo spec.parameters.foo]',
    ]);
  });

  it('v1 template without schema: any parameters are unknown; legacy (v1beta1): anything goes', () => {
    const v1 = setup('templates.gatekeeper.sh/v1', {}).c;
    expect(code(() => v1.addConstraint(constraint('K8sA', 'x', { parameters: { a: 1 } })))?.[0]).toBe('gk_unknown_fields');
    const legacy = setup('templates.gatekeeper.sh/v1beta1', {});
    legacy.c.addConstraint(constraint('K8sA', 'x', { parameters: ['any', 1] }));
    legacy.c.review(pod('p'));
    expect(legacy.params()).toEqual(['any', 1]);
  });

  it('checklist 10: defaults fill input.parameters; absent parameters ⇒ {}', () => {
    const { c, params } = setup();
    const added = c.addConstraint(constraint('K8sA', 'x', { parameters: { nested: {} } }));
    expect(added.spec?.enforcementAction).toBe('deny');
    c.review(pod('p'));
    expect(params()).toEqual({ nested: { flag: false }, mode: 'a' });
    c.removeConstraint('K8sA', 'x');
    c.addConstraint(constraint('K8sA', 'y'));
    c.review(pod('p'));
    expect(params()).toEqual({});
  });

  it('enforcementAction is recorded as written ("" not defaulted, unknown accepted)', () => {
    const { c } = setup();
    c.addConstraint(constraint('K8sA', 'a', { enforcementAction: '' }));
    c.addConstraint(constraint('K8sA', 'b', { enforcementAction: 'foo' }));
    expect(c.constraints().map((x) => x.spec?.enforcementAction)).toEqual(['', 'foo']);
  });

  it('label selector validation', () => {
    const { c } = setup();
    expect(code(() => c.addConstraint(constraint('K8sA', 'x', { match: { labelSelector: { matchExpressions: [{ key: 'a', operator: 'In' }] } } })))?.[1]).toMatch(
      /^invalid Constraint: spec\.labelSelector\.matchExpressions\[0\]\.values: Required value/,
    );
    expect(code(() => c.addConstraint(constraint('K8sA', 'x', { match: { labelSelector: { matchExpressions: [{ key: 'a', operator: 'Bad' }] } } })))?.[1]).toMatch(
      /not a valid selector operator/,
    );
  });

  it('isGkError distinguishes classes', () => {
    const { c } = setup();
    try {
      c.addConstraint(constraint('K8sA', 'x', { parameters: { repos: 1 } }));
    } catch (e) {
      expect(isGkError(e, 'gk_schema_error')).toBe(true);
    }
  });
});
