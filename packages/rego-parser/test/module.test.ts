import { describe, expect, it } from 'vitest';
import { parseModule } from '../src/index.js';
import { errors, mod, show } from './helpers.js';

describe('package and imports', () => {
  it('prefixes the package path with data', () => {
    expect(show(mod('package a.b["c.d"]').package.path)).toBe('data.a.b["c.d"]');
    expect(show(mod('package a.if.default').package.path)).toBe('data.a["if"]["default"]'.replace('["if"]["default"]', '.if.default'));
  });
  it('parses imports with aliases', () => {
    const m = mod('package a\nimport data.x.y as z\nimport input.foo\nimport input\n');
    expect(m.imports.map((i) => [show(i.path), i.alias])).toEqual([
      ['data.x.y', 'z'],
      ['input.foo', undefined],
      ['input', undefined],
    ]);
  });
  it('rejects unknown import roots and keyword-ending paths', () => {
    expect(errors('package a\nimport foo.bar')).toEqual([
      'unexpected import path, must begin with one of: {data, future, input, rego}, got: foo (hint: if this is unexpected, try updating OPA)',
    ]);
    expect(errors('package a\nimport data.if')).toEqual(['unexpected import path, must not end with a keyword, got: if']);
  });
  it('turns on future keywords in v0 and records the module flags', () => {
    const m = mod('package a\nimport future.keywords.in\np { 1 in [1] }', 'v0');
    expect(m.keywords).toContain('in');
    expect(m.keywords).not.toContain('if');
    const all = mod('package a\nimport future.keywords\np contains 1 if true', 'v0');
    expect(all.keywords).toEqual(expect.arrayContaining(['in', 'every', 'if', 'contains']));
    expect(all.regoV1Compatible).toBe(false);
    expect(mod('package a\nimport rego.v1', 'v0').regoV1Compatible).toBe(true);
    expect(mod('package a').regoVersion).toBe('v1');
  });
  it('validates future and rego imports', () => {
    expect(errors('package a\nimport future.keywords.foo', 'v0')).toEqual([
      'unexpected keyword, must be one of [contains every if in not]',
    ]);
    expect(errors('package a\nimport rego.v2')).toEqual(['invalid import `rego.v2`, must be `rego.v1`']);
  });
  it('requires a package first and only once', () => {
    expect(errors('p := 1')).toEqual(['package expected']);
    expect(errors('package a\npackage b')).toEqual(['unexpected package']);
    expect(errors('')).toEqual(['empty module']);
  });
});

describe('wildcards', () => {
  it('are numbered across the module in source order', () => {
    const m = mod('package a\np if { x := input[_]; y := x[_] }\nq if input[_]\n');
    const names: string[] = [];
    JSON.stringify(m, (k, v) => {
      if (v && v.type === 'var' && String(v.value).startsWith('$')) names.push(v.value);
      return v;
    });
    expect(names).toEqual(['$0', '$1', '$2']);
  });
});

describe('robust entry points', () => {
  it('reports bad input as RegoErrors, never as exceptions', () => {
    for (const src of ['package', 'package a\np := {', '\u0000', 'package a\np := "\\u12"', '}}}}', 'package a\np := $"{']) {
      const r = parseModule(src);
      expect(r.module).toBeUndefined();
      expect(r.errors.length).toBeGreaterThan(0);
      expect(r.errors.every((e) => e.code === 'rego_parse_error')).toBe(true);
    }
  });
  it('skips a leading byte-order mark', () => {
    expect(mod('\ufeffpackage a\np := 1').rules).toHaveLength(1);
  });
});
