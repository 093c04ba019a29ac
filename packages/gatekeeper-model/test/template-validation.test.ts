// AddTemplate: normalisation, CRD checks, Rego source rules and the rewriter (spec §1, §2.1–2.3, §10).
import { describe, expect, it } from 'vitest';
import { Client, isGkError, normalizeTemplate, decodeConstraintTemplate } from '../src/index.js';
import { constraint, fakeEngine, template } from './helpers/fake-engine.js';

const V = 'violation[{"msg": "x"}] { true }';
const add = (ct: any) => new Client({ engine: fakeEngine({}) }).addTemplate(ct);

describe('template validation', () => {
  it('checklist 1: v1 template with untyped parameter schema rejected; v1beta1 accepted', () => {
    const crd = { validation: { openAPIV3Schema: { properties: { a: { type: 'string' } } } } };
    expect(() => add(template('K8sA', `package a\n${V}`, { crd }))).toThrow(
      'invalid ConstraintTemplate: spec.validation.openAPIV3Schema.properties[spec].properties[parameters].type: Required value: must not be empty for specified object fields',
    );
    expect(() => add(template('K8sA', `package a\n${V}`, { crd }, 'templates.gatekeeper.sh/v1beta1'))).not.toThrow();
  });

  it('kind/name rules and targets', () => {
    const t = template('K8sA', `package a\n${V}`);
    expect(() => add({ ...t, metadata: { name: 'other' } })).toThrow(
      `invalid ConstraintTemplate: the ConstraintTemplate's name "other" is not equal to the lowercase of CRD's Kind: "k8sa"`,
    );
    const noKind = structuredClone(t);
    delete noKind.spec.crd.spec.names.kind;
    expect(() => add(noKind)).toThrow('does not specify CRD Kind');
    const two = structuredClone(t);
    two.spec.targets.push(two.spec.targets[0]);
    expect(() => add(two)).toThrow('invalid ConstraintTemplate: must declare exactly one target');
    const badTarget = structuredClone(t);
    badTarget.spec.targets[0].target = 'foo';
    expect(() => add(badTarget)).toThrow('target "foo" not recognized, known targets [admission.k8s.gatekeeper.sh]');
    expect(() => add({ ...t, apiVersion: 'templates.gatekeeper.sh/v2' })).toThrow(/no kind "ConstraintTemplate" is registered/);
  });

  it('the violation rule is required; blank module; parse errors', () => {
    expect(() => add(template('K8sA', 'package a\nfoo { true }'))).toThrow(
      'invalid ConstraintTemplate: invalid rego: invalid module: missing required rules: [violation]',
    );
    expect(() => add(template('K8sA', '   \n'))).toThrow(/empty|rego source missing/);
    expect(() => add(template('K8sA', 'package a\nviolation[{"msg": m}] {'))).toThrow(/invalid ConstraintTemplate: .*rego_parse_error/);
  });

  it('checklist 3: import rego.v1 and import data.inventory are bad imports; input cannot be imported', () => {
    expect(() => add(template('K8sA', `package a\nimport rego.v1\nviolation contains {"msg": "x"} if { true }`))).toThrow('invalid import: bad import: "rego.v1"');
    expect(() => add(template('K8sA', `package a\nimport data.inventory\n${V}`))).toThrow('invalid import: bad import: "data.inventory"');
    expect(() => add(template('K8sA', `package a\nimport input.review\n${V}`))).toThrow('invalid import: cannot import input: "input.review"');
    expect(() => add(template('K8sA', `package a\nimport future.keywords.in\nimport data.lib.x\n${V}`, { target: { libs: ['package lib.x\nf := 1'] } }))).not.toThrow();
  });

  it('checklist 4: data references other than data.inventory / data.lib are disallowed', () => {
    expect(() => add(template('K8sFoo', `package k8sfoo\nviolation[{"msg": "x"}] { data.k8sfoo.x }`))).toThrow(
      'invalid ConstraintTemplate: invalid data references: check refs failed on module {template}: errors (1):\ndisallowed ref data.k8sfoo.x\n',
    );
    expect(() => add(template('K8sA', `package a\nviolation[{"msg": "x"}] { x := data; x }`))).toThrow(/disallowed ref data/);
    expect(() => add(template('K8sA', `package a\nviolation[{"msg": "x"}] { data.inventory.cluster.v1.Namespace[_] }`))).not.toThrow();
  });

  it('checklist 5: lib package must be strictly under lib; libs are per template', () => {
    expect(() => add(template('K8sA', `package a\n${V}`, { target: { libs: ['package lib\nf := 1'] } }))).toThrow(
      'invalid ConstraintTemplate: invalid lib prefix: path data.lib not found in lib prefixes',
    );
    expect(() => add(template('K8sA', `package a\n${V}`, { target: { libs: ['package other.x\nf := 1'] } }))).toThrow('invalid lib prefix');
    const c = new Client({ engine: fakeEngine({}) });
    c.addTemplate(template('K8sA', `package a\n${V}`, { target: { libs: ['package lib.h\nf := 1'] } }));
    c.addTemplate(template('K8sB', `package b\n${V}`, { target: { libs: ['package lib.h\nf := 2'] } }));
  });

  it('rewrites the entry package to data.template and libs under data.libs', () => {
    let mods: any[] = [];
    const engine = fakeEngine({});
    const c = new Client({ engine: { ...engine, compile: (m, o) => ((mods = m), engine.compile(m, o)) } });
    c.addTemplate(
      template('K8sA', `package lib.x\nimport data.lib.h.f\nviolation[{"msg": "x"}] { data.lib.h.g(1); f; data.inventory.x }`, {
        target: { libs: ['package lib.h\nf := 1\ng(x) := x'] },
      }),
    );
    const text = (r: any) => r.value.map((t: any) => t.value).join('.');
    expect(text(mods[0].package.path)).toBe('data.template');
    expect(text(mods[1].package.path)).toBe('data.libs.lib.h');
    expect(text(mods[0].imports[0].path)).toBe('data.libs.lib.h.f');
    const body = mods[0].rules[0].body;
    expect(text(body[0].terms.operator ?? body[0].terms.term.value[0])).toBe('data.libs.lib.h.g');
    expect(text(body[2].terms.term)).toBe('data.inventory.x');
  });

  it('checklist 2: legacy rego wins over code[Rego, v1] and is parsed as v0', () => {
    const ct = template('K8sA', `package a\nviolation[{"msg": "x"}] { true }`, {
      target: { code: [{ engine: 'Rego', source: { rego: 'package a\nviolation contains {"msg": "x"} if { true }', version: 'v1' } }] },
    });
    const n = normalizeTemplate(decodeConstraintTemplate(ct));
    expect(n.targets[0]!.code).toEqual([{ engine: 'Rego', source: { rego: ct.spec.targets[0].rego, libs: [], version: '' } }]);
    expect(() => add(ct)).not.toThrow();
  });

  it('v1 via code[].source.version; v0 syntax rejected under v1', () => {
    const code = (rego: string) => ({ target: { rego: undefined, code: [{ engine: 'Rego', source: { rego, version: 'v1' } }] } });
    expect(() => add(template('K8sA', '', code('package a\nviolation contains {"msg": "x"} if { true }')))).not.toThrow();
    expect(() => add(template('K8sA', '', code('package a\nviolation[{"msg": "x"}] { true }')))).toThrow(/rego_parse_error/);
  });

  it('CEL-only template: engine not supported; both engines: runs Rego', () => {
    const cel = { engine: 'K8sNativeValidation', source: { validations: [{ expression: 'true', message: 'm' }] } };
    const celOnly = template('K8sA', '', { target: { rego: undefined, code: [cel] } });
    try {
      add(celOnly);
      expect.unreachable();
    } catch (e) {
      expect(isGkError(e, 'gk_no_driver')).toBe(true);
      expect((e as Error).message).toMatch(/engine not supported.*K8sNativeValidation/);
    }
    const both = template('K8sA', '', { target: { rego: undefined, code: [cel, { engine: 'Rego', source: { rego: `package a\n${V}` } }] } });
    expect(() => add(both)).not.toThrow();
  });

  it('Rego source errors', () => {
    const code = (source: unknown) => template('K8sA', '', { target: { rego: undefined, code: [{ engine: 'Rego', source }] } });
    expect(() => add(code('text'))).toThrow('could not recognize the type');
    expect(() => add(code({ libs: [] }))).toThrow('rego source missing required field: rego');
  });

  it('disabled builtins are compile errors', () => {
    const c = new Client({ engine: fakeEngine({}), disabledBuiltins: ['http.send'] });
    expect(() => c.addTemplate(template('K8sA', `package a\nviolation[{"msg": "x"}] { http.send({}) }`))).toThrow(/undefined function http.send/);
  });

  it('mixed-case name passes validation but constraints cannot attach (upstream lookup quirk)', () => {
    const c = new Client({ engine: fakeEngine({}) });
    const t = template('K8sA', `package a\n${V}`);
    t.metadata.name = 'K8sA';
    c.addTemplate(t);
    expect(() => c.addConstraint(constraint('K8sA', 'x'))).toThrow('missing ConstraintTemplate: template "k8sa" not found');
  });

  it('re-adding a template that has constraints may not change its target', () => {
    const c = new Client({ engine: fakeEngine({}) });
    const t = template('K8sA', `package a\n${V}`);
    c.addTemplate(t);
    c.addConstraint(constraint('K8sA', 'x'));
    const changed = structuredClone(t);
    changed.spec.targets[0].target = 'other.target';
    expect(() => c.addTemplate(changed)).toThrow(
      'ConstraintTemplates with Constraints may not change targets: old targets [admission.k8s.gatekeeper.sh], new targets [other.target]',
    );
    // an updated template keeps its constraints
    c.addTemplate(template('K8sA', `package a\nviolation[{"msg": "y"}] { true }`));
    expect(c.constraints().map((k) => k.metadata.name)).toEqual(['x']);
  });
});
