// Hostile inputs for the gatekeeper-model loaders: malformed ConstraintTemplates, Constraints
// and gator Suites. Each must be refused with a gk_* RegoError (located when it comes from a
// file) or reported in the verify result — never a crash.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, parseDocuments } from '../../packages/gatekeeper-model/src/index.js';
import { runVerify } from '../../packages/gatekeeper-model/src/node/index.js';
import { RegoError } from '../../packages/rego-eval/src/index.js';

const TARGET = 'admission.k8s.gatekeeper.sh';

function template(name: string, kind: string, rego: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'templates.gatekeeper.sh/v1',
    kind: 'ConstraintTemplate',
    metadata: { name },
    spec: { crd: { spec: { names: { kind }, ...extra } }, targets: [{ target: TARGET, rego }] },
  };
}

const GOOD_REGO = 'package k8sok\nviolation[{"msg": msg}] { input.review.object.bad; msg := "bad" }';

/** Runs `fn` and returns the gk code of the RegoError it throws. */
function gkCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RegoError);
    return (e as RegoError).code;
  }
  return 'no error';
}

describe('malformed templates', () => {
  it('non-objects and missing parts are gk_invalid_object / gk_invalid_template', () => {
    const c = new Client();
    expect(gkCode(() => c.addTemplate(null as never))).toBe('gk_invalid_object');
    expect(gkCode(() => c.addTemplate('x' as never))).toBe('gk_invalid_object');
    expect(gkCode(() => c.addTemplate([] as never))).toBe('gk_invalid_object');
    expect(gkCode(() => c.addTemplate({ apiVersion: 'templates.gatekeeper.sh/v1', kind: 'ConstraintTemplate', metadata: { name: 'x' } } as never))).toMatch(/^gk_invalid_/);
    expect(gkCode(() => c.addTemplate(template('k8sok', 'K8sOk', 42) as never))).toMatch(/^gk_invalid_/);
    expect(gkCode(() => c.addTemplate(template('wrongname', 'K8sOk', GOOD_REGO) as never))).not.toBe('no error');
  });

  it('Rego errors in a template (parse, compile, deep nesting) are gk_* errors; a 1 MB template loads', () => {
    const c = new Client();
    expect(gkCode(() => c.addTemplate(template('k8sok', 'K8sOk', 'package k8sok\nviolation[{"msg": msg}] { msg := }') as never))).toBe('gk_invalid_template');
    expect(gkCode(() => c.addTemplate(template('k8sok', 'K8sOk', 'package k8sok\nviolation[{"msg": msg}] { msg := x }') as never))).toBe('gk_compile_error');
    const deep = `package k8sok\nviolation[{"msg": msg}] { msg := ${'['.repeat(50_000)}${']'.repeat(50_000)} }`;
    expect(gkCode(() => c.addTemplate(template('k8sok', 'K8sOk', deep) as never))).toMatch(/^gk_/);
    const big = `${GOOD_REGO}\n${Array.from({ length: 20_000 }, (_, i) => `helper_${i} := "${'z'.repeat(40)}"`).join('\n')}`;
    expect(gkCode(() => c.addTemplate(template('k8sok', 'K8sOk', big) as never))).toBe('no error');
  });

  it('a hostile parameter schema is refused or ignored, not a crash', () => {
    const c = new Client();
    const schema = { validation: { openAPIV3Schema: { type: 'object', properties: { a: { type: 'nonsense', pattern: '(a)\\1', minimum: 'x' } } } } };
    const code = gkCode(() => c.addTemplate(template('k8sok', 'K8sOk', GOOD_REGO, schema) as never));
    expect(code.startsWith('gk_') || code === 'no error').toBe(true);
  });
});

describe('malformed constraints', () => {
  const client = new Client();
  client.addTemplate(
    template('k8sok', 'K8sOk', GOOD_REGO, { validation: { openAPIV3Schema: { type: 'object', properties: { n: { type: 'integer' } } } } }) as never,
  );

  it('unknown kinds, bad shapes and parameters that fail the schema are gk_* errors', () => {
    const base = { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sOk', metadata: { name: 'c' } };
    expect(gkCode(() => client.addConstraint({ ...base, kind: 'Nope' } as never))).toBe('gk_missing_template');
    expect(gkCode(() => client.addConstraint(null as never))).toBe('gk_invalid_object');
    expect(gkCode(() => client.addConstraint({ ...base, spec: { parameters: { n: 'not a number' } } } as never))).toBe('gk_schema_error');
    expect(gkCode(() => client.addConstraint({ ...base, spec: 'x' } as never))).not.toBe('no error');
    expect(gkCode(() => client.addConstraint({ ...base, spec: { match: { kinds: 'x' } } } as never))).not.toBe('no error');
  });

  it('reviews of hostile objects do not crash', () => {
    client.addConstraint({ apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sOk', metadata: { name: 'ok' } } as never);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'd' }, bad: true, spec: deep };
    try {
      const res = client.review(obj);
      expect(res.results.map((r) => r.msg)).toEqual(['bad']);
    } catch (e) {
      expect(e).toBeInstanceOf(RegoError);
    }
    expect(gkCode(() => client.review(null as never))).not.toBe('no error');
  });
});

describe('malformed suites and files (gator verify)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-suites-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('YAML that is not YAML, or not a document list, is a located gk_yaml_error', () => {
    expect(() => parseDocuments('a: [1, 2\n', { file: 'bad.yaml' })).toThrow(expect.objectContaining({ code: 'gk_yaml_error', location: expect.objectContaining({ file: 'bad.yaml' }) }));
    expect(() => parseDocuments('\t- x\n', { file: 'tab.yaml' })).toThrow(expect.objectContaining({ code: 'gk_yaml_error' }));
  });

  it('suites with broken shapes, missing files and bad YAML: errors in the report, or a located gk_* error', () => {
    write('template.yaml', `apiVersion: templates.gatekeeper.sh/v1\nkind: ConstraintTemplate\nmetadata: {name: k8sok}\nspec:\n  crd: {spec: {names: {kind: K8sOk}}}\n  targets:\n  - target: ${TARGET}\n    rego: |\n      package k8sok\n      violation[{"msg": "bad"}] { input.review.object.bad }\n`);
    write('constraint.yaml', 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sOk\nmetadata: {name: ok}\n');
    write('bomb.yaml', 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n');
    write('notyaml.yaml', '{{{{');
    const suites = {
      's1.yaml': 'kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests: 42\n',
      's2.yaml': 'kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests:\n- name: missing\n  template: nope.yaml\n  constraint: constraint.yaml\n  cases: []\n',
      's3.yaml': 'kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests:\n- name: bomb\n  template: template.yaml\n  constraint: constraint.yaml\n  cases:\n  - name: c\n    object: bomb.yaml\n    assertions: [{violations: no}]\n',
      's4.yaml': 'kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests:\n- name: notyaml\n  template: notyaml.yaml\n  constraint: constraint.yaml\n',
      's5.yaml': 'kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests:\n- name: badassert\n  template: template.yaml\n  constraint: constraint.yaml\n  cases:\n  - name: c\n    object: constraint.yaml\n    assertions: [{violations: "many", message: "(a)\\\\1"}]\n',
    };
    for (const [name, text] of Object.entries(suites)) {
      const path = write(name, text);
      let report;
      try {
        report = runVerify([path]);
      } catch (e) {
        expect(e, name).toBeInstanceOf(RegoError);
        expect((e as RegoError).code, name).toMatch(/^gk_/);
        // gator's wording: the file and the position are in the message.
        expect((e as RegoError).message, name).toContain(`${path}: document 0 (line`);
        continue;
      }
      expect(report.passed, name).toBe(false);
      const errors = report.suites.flatMap((s) => [s.error, ...s.tests.flatMap((t) => [t.error, ...t.cases.map((c) => c.error)])]).filter(Boolean);
      expect(errors.length, name).toBeGreaterThan(0);
    }
  });
});
