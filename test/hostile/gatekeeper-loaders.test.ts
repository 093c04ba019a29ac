// Hostile inputs for the gatekeeper-model loaders: malformed ConstraintTemplates, Constraints
// and gator Suites. Each must be refused with a gk_* RegoError (located when it comes from a
// file) or reported in the verify result — never a crash.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, parseDocuments } from '../../packages/gatekeeper-model/src/index.js';
import { loadPaths, runVerify } from '../../packages/gatekeeper-model/src/node/index.js';
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

// gator v3.23.0 reads YAML with go-yaml, which refuses surrogate escapes in double-quoted
// scalars (even a pair), bytes that are not UTF-8 and control characters; its JSON decoder
// (gator test on JSON documents) reads unpaired surrogate escapes and bad bytes as U+FFFD.
// The messages below are gator's (`gator test -f`, `gator verify`), with our file/line/column.
describe('surrogate escapes, invalid UTF-8 and control characters (as gator)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rego-ts-gk-unicode-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string | Buffer): string => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const pod = (name: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n`;
  const yamlError = (fn: () => unknown): { message: string; location?: unknown } => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(RegoError);
      const err = e as RegoError;
      expect(err.code).toBe('gk_yaml_error');
      return { message: err.message, location: err.location };
    }
    throw new Error('no error');
  };

  it('surrogate escapes in double-quoted scalars: "found invalid Unicode character escape code" at the escape', () => {
    for (const name of ['"x\\ud800"', '"x\\udc00"', '"x\\ud83d\\ude00"', '"x\\U0000D800"']) {
      const e = yamlError(() => parseDocuments(pod(name), { file: 'a.yaml' }));
      expect(e.message).toBe('a.yaml: document 0 (line 4, column 11): invalid YAML: found invalid Unicode character escape code');
      expect(e.location).toMatchObject({ file: 'a.yaml', row: 4, col: 11 });
    }
    // gator: `yaml: line 5: …` — the line of the escape in a multi-line scalar, before a later syntax error.
    expect(yamlError(() => parseDocuments(`${pod('"abc\n    x\\ud800"')}  labels: {a: "\\U00110000"}\n`, { file: 'm.yaml' })).message).toBe(
      'm.yaml: document 0 (line 5, column 6): invalid YAML: found invalid Unicode character escape code',
    );
    // A later document, and a key.
    expect(yamlError(() => parseDocuments(`a: 1\n---\n"k\\udfff": 2\n`, { file: 'k.yaml' })).message).toBe(
      'k.yaml: document 1 (line 3, column 3): invalid YAML: found invalid Unicode character escape code',
    );
  });

  it('escaped backslashes, single-quoted, plain and block scalars and comments keep the text', () => {
    const docs = parseDocuments(`a: "\\\\ud800"\nb: '\\ud800'\nc: x\\ud800\nd: |\n  \\ud800\n# "\\ud800"\ne: "\\u00e9\\U0001F600"\n`);
    expect(docs[0]!.value).toEqual({ a: '\\ud800', b: '\\ud800', c: 'x\\ud800', d: '\\ud800\n', e: 'é😀' });
  });

  it('control characters: "control characters are not allowed"', () => {
    expect(yamlError(() => parseDocuments(pod('"x\x01"'), { file: 'c.yaml' })).message).toBe('c.yaml: document 0 (line 4, column 11): invalid YAML: control characters are not allowed');
    expect(yamlError(() => parseDocuments(`a: 1\n# \x7f\n`, { file: 'c.yaml' })).message).toBe('c.yaml: document 0 (line 2, column 3): invalid YAML: control characters are not allowed');
  });

  it('files that are not UTF-8: go-yaml\'s reader messages with line and column', () => {
    const cases: Array<[string, Buffer, string]> = [
      ['lead.yaml', Buffer.concat([Buffer.from('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "x'), Buffer.from([0xff]), Buffer.from('"\n')]), 'line 4, column 11: invalid YAML: invalid leading UTF-8 octet'],
      ['trail.yaml', Buffer.concat([Buffer.from('---\na: 1\n---\nb: "'), Buffer.from([0xc3]), Buffer.from('"\n')]), 'line 4, column 6: invalid YAML: invalid trailing UTF-8 octet'],
      ['surrogate.yaml', Buffer.concat([Buffer.from('a: "é'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"\n')]), 'line 1, column 6: invalid YAML: invalid Unicode character'],
      ['overlong.yaml', Buffer.concat([Buffer.from('a: '), Buffer.from([0xc0, 0xaf])]), 'line 1, column 4: invalid YAML: invalid length of a UTF-8 sequence'],
      ['short.yaml', Buffer.concat([Buffer.from('a: '), Buffer.from([0xe2, 0x82])]), 'line 1, column 4: invalid YAML: incomplete UTF-8 octet sequence'],
    ];
    for (const [name, bytes, msg] of cases) {
      const p = write(name, bytes);
      expect(yamlError(() => loadPaths([p])).message).toBe(`${p}: ${msg}`);
    }
  });

  it('gator test reads JSON documents as Go\'s JSON decoder: U+FFFD for unpaired surrogates and bad bytes', () => {
    const p = write('c.json', '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x\\ud800", "labels": {"k\\udc00": "\\ud83d\\ude00"}}}\n');
    expect(loadPaths([p])[0]!.value).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x\ufffd', labels: { 'k\ufffd': '😀' } } });
    const b = write('e.json', Buffer.concat([Buffer.from('{"kind": "x'), Buffer.from([0xff]), Buffer.from('"}')]));
    expect(loadPaths([b])[0]!.value).toEqual({ kind: 'x\ufffd' });
    // `__proto__` stays a plain key when keys are rebuilt.
    const proto = parseDocuments('{"__proto__": {"a\\ud800": 1}}')[0]!.value as Record<string, unknown>;
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });

  it('gator verify reads every file as YAML: JSON objects with surrogate escapes or bad bytes fail the case', () => {
    write('template.yaml', `apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata:
  name: k8sok
spec:
  crd:
    spec:
      names:
        kind: K8sOk
  targets:
    - target: ${TARGET}
      rego: |
        package k8sok
        violation[{"msg": "bad"}] { input.review.object.bad }
`);
    write('constraint.yaml', 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sOk\nmetadata:\n  name: ok\n');
    write('obj-json.yaml', '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x\\ud800"}}\n');
    write('obj-bytes.yaml', Buffer.concat([Buffer.from('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "opa'), Buffer.from([0xff]), Buffer.from('"\n')]));
    write(
      'suite.yaml',
      `kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests:\n- name: t\n  template: template.yaml\n  constraint: constraint.yaml\n  cases:\n  - name: json\n    object: obj-json.yaml\n    assertions:\n    - violations: no\n  - name: bytes\n    object: obj-bytes.yaml\n    assertions:\n    - violations: no\n`,
    );
    const report = runVerify([join(dir, 'suite.yaml')]);
    const cases = report.suites[0]!.tests[0]!.cases;
    expect(cases.map((c) => c.error ?? '')).toEqual([
      expect.stringContaining('invalid yaml: ' + join(dir, 'obj-json.yaml') + ': document 0 (line 1, column 60): invalid YAML: found invalid Unicode character escape code'),
      expect.stringContaining('invalid yaml: ' + join(dir, 'obj-bytes.yaml') + ': line 4, column 13: invalid YAML: invalid leading UTF-8 octet'),
    ]);
  });

  it('parseDocuments maxBytes: text over the limit is refused before parsing', () => {
    const text = pod('"é"');
    const bytes = Buffer.byteLength(text);
    expect(parseDocuments(text, { maxBytes: bytes })).toHaveLength(1);
    expect(() => parseDocuments(text, { file: 'p.yaml', maxBytes: bytes - 1 })).toThrow(`p.yaml: text too large: more than ${bytes - 1} bytes (maxBytes)`);
    expect(() => parseDocuments('😀'.repeat(10), { maxBytes: 39 })).toThrow('text too large');
    expect(() => parseDocuments(`[${'['.repeat(1_000_000)}`, { maxBytes: 1000 })).toThrow('<input>: text too large: more than 1000 bytes (maxBytes)');
  });
});
