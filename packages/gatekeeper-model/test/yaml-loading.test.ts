// Loading YAML/JSON: multi-document streams, located errors, alias bombs, duplicate keys,
// YAML 1.1 vs 1.2 scalars, JSON streams, files and directories.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RegoError } from '@rego-ts/rego-parser';
import { Client, decodeConstraintTemplate, parseDocuments } from '../src/index.js';
import { loadPaths, loadVerifyObjects } from '../src/node/index.js';
import { fakeEngine } from './helpers/fake-engine.js';

const thrown = (f: () => unknown): RegoError => {
  try {
    f();
  } catch (e) {
    return e as RegoError;
  }
  throw new Error('did not throw');
};

describe('YAML documents', () => {
  it('multi-document streams; empty documents skipped', () => {
    const docs = parseDocuments('a: 1\n---\n---\nb: 2\n', { file: 'x.yaml' });
    expect(docs.map((d) => d.value)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(docs.map((d) => d.index)).toEqual([0, 2]);
  });

  it('syntax errors name file, document index, line and column', () => {
    const e = thrown(() => parseDocuments('a: 1\n---\nb: [1, 2\n', { file: 'bad.yaml' }));
    expect(e).toBeInstanceOf(RegoError);
    expect(e.code).toBe('gk_yaml_error');
    expect(e.message).toMatch(/^bad\.yaml: document 1 \(line \d+, column \d+\): invalid YAML: /);
    expect(e.location?.file).toBe('bad.yaml');
  });

  it('duplicate keys are errors', () => {
    expect(thrown(() => parseDocuments('a: 1\na: 2\n', { file: 'd.yaml' })).message).toMatch(/d\.yaml: document 0 \(line 2, column 1\): invalid YAML: Map keys must be unique/);
  });

  it('alias bombs are refused', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      bomb.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    expect(thrown(() => parseDocuments(bomb.join('\n'), { file: 'bomb.yaml' })).message).toMatch(/bomb\.yaml: document 0: invalid YAML: .*alias/i);
  });

  it('YAML 1.2 keeps yes/no as strings; 1.1 makes them booleans (even the key `n`, as gator test does)', () => {
    expect(parseDocuments('v: yes\nn: no\n')[0]!.value).toEqual({ v: 'yes', n: 'no' });
    expect(parseDocuments('v: yes\nn: no\n', { version: '1.1' })[0]!.value).toEqual({ v: true, false: false });
  });

  it('JSON streams (concatenated objects)', () => {
    const docs = parseDocuments('{"a": 1}\n{"b": [2]}{"c": {}}');
    expect(docs.map((d) => d.value)).toEqual([{ a: 1 }, { b: [2] }, { c: {} }]);
    expect(thrown(() => parseDocuments('{"a": 1}\n{"b": }', { file: 'j.json' })).message).toMatch(/^j\.json: document 1 \(line 2, column 1\): invalid JSON/);
  });

  it('__proto__ keys are plain data', () => {
    const v = parseDocuments('__proto__: {polluted: true}\n')[0]!.value as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(v, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('shape errors point at the field: file, document, line/column, path', () => {
    const text = [
      'apiVersion: templates.gatekeeper.sh/v1',
      'kind: ConstraintTemplate',
      'metadata:',
      '  name: k8sa',
      'spec:',
      '  targets:',
      '    - target: admission.k8s.gatekeeper.sh',
      '      rego: 42',
    ].join('\n');
    const [doc] = parseDocuments(text, { file: 't.yaml' });
    const e = thrown(() => decodeConstraintTemplate(doc));
    expect(e.message).toBe('t.yaml: document 0 (line 8, column 13): spec.targets[0].rego: expected string, got number');
    expect(e.location).toMatchObject({ file: 't.yaml', row: 8, col: 13 });
    // the client surfaces the same located error
    expect(thrown(() => new Client({ engine: fakeEngine({}) }).addTemplate(doc)).message).toContain('line 8, column 13');
  });

  it('validation errors keep gator texts and carry the location of the offending field', () => {
    const c = new Client({ engine: fakeEngine({}) });
    const tpl = [
      'apiVersion: templates.gatekeeper.sh/v1',
      'kind: ConstraintTemplate',
      'metadata: {name: k8sa}',
      'spec:',
      '  crd:',
      '    spec:',
      '      names: {kind: K8sA}',
      '      validation:',
      '        openAPIV3Schema:',
      '          type: object',
      '          properties:',
      '            repos: {type: array, items: {type: string}}',
      '            bad: {description: untyped}',
      '  targets:',
      '    - target: admission.k8s.gatekeeper.sh',
      '      rego: |',
      '        package a',
      '        violation[{"msg": "x"}] { true }',
    ];
    const e1 = thrown(() => c.addTemplate(parseDocuments(tpl.join('\n'), { file: 't.yaml' })[0]));
    expect(e1.message).toMatch(/^invalid ConstraintTemplate: spec\.validation\.openAPIV3Schema\.properties\[spec\]\.properties\[parameters\]\.properties\[bad\]\.type: Required value/);
    expect(e1.location).toMatchObject({ file: 't.yaml', row: 13 });
    tpl.splice(12, 1);
    c.addTemplate(parseDocuments(tpl.join('\n'), { file: 't.yaml' })[0]);
    const con = 'apiVersion: constraints.gatekeeper.sh/v1beta1\nkind: K8sA\nmetadata: {name: c}\nspec:\n  parameters:\n    repos: [1]\n';
    const e2 = thrown(() => c.addConstraint(parseDocuments(con, { file: 'c.yaml' })[0]));
    expect(e2.message).toBe('schema validation failed: [].spec.parameters.repos[0]: Invalid value: "number": spec.parameters.repos[0] in body must be of type string: "number"');
    expect(e2.location).toMatchObject({ file: 'c.yaml', row: 6, col: 13 });
  });

  it("Go's lenient quoted-scalar continuation lines are accepted", () => {
    const text = 'a:\n  description: "one\n  two"\n  b: 1\n';
    expect(parseDocuments(text)[0]!.value).toEqual({ a: { description: 'one two', b: 1 } });
  });
});

describe('Node loaders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-load-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'a.yaml'), 'kind: A\n---\nkind: B\n');
  writeFileSync(join(dir, 'sub', 'c.json'), '{"kind": "C"}');
  writeFileSync(join(dir, 'notes.txt'), 'ignored');
  writeFileSync(join(dir, 'objs.yaml'), '# comment\n\nkind: X\n---\n# only a comment\n---\nkind: Y\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('directories are walked recursively; other extensions skipped; files keep their names', () => {
    const docs = loadPaths([dir]);
    expect(docs.map((d) => (d.value as { kind: string }).kind)).toEqual(['A', 'B', 'X', 'Y', 'C']);
    expect(docs[4]!.file).toBe(join(dir, 'sub', 'c.json'));
  });

  it('a file with a wrong extension is rejected; missing paths are errors', () => {
    expect(() => loadPaths([join(dir, 'notes.txt')])).toThrow('must be of extensions: [.yaml .yml .json]');
    expect(() => loadPaths([join(dir, 'nope.yaml')])).toThrow('no such file or directory');
  });

  it("gator verify's object reader drops comment-only chunks", () => {
    expect(loadVerifyObjects(join(dir, 'objs.yaml')).map((d) => d.value)).toEqual([{ kind: 'X' }, { kind: 'Y' }]);
  });
});
