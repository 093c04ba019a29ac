/**
 * Units behind `rego-ts eval`/`test` output: Go's Duration.String (pinned from `go run`),
 * the pretty table, display widths, Go-style JSON and the --package query rewrite.
 */
import { describe, expect, it } from 'vitest';
import { parseQuery, type Body } from '@rego-ts/rego-parser';
import { goDuration } from '../src/test-runner/go-duration.js';
import { renderTable } from '../src/eval/table.js';
import { displayWidth } from '../src/eval/text-width.js';
import { encodeJSON, Struct } from '../src/eval/go-json.js';
import { importGlobals, packageGlobals, resolveQueryGlobals } from '../src/eval/package-scope.js';
import { parseModule } from '@rego-ts/rego-parser';
import { parseJSON } from '@rego-ts/rego-eval';
import { nameGlob } from '../src/eval/name-glob.js';

describe('goDuration', () => {
  // time.Duration(n).String() printed by Go 1.x.
  const GO: Array<[bigint, string]> = [
    [0n, '0s'],
    [1n, '1ns'],
    [999n, '999ns'],
    [1000n, '1µs'],
    [1500n, '1.5µs'],
    [434928n, '434.928µs'],
    [1026348n, '1.026348ms'],
    [999999999n, '999.999999ms'],
    [1000000000n, '1s'],
    [1500000000n, '1.5s'],
    [61000000000n, '1m1s'],
    [3600000000000n, '1h0m0s'],
    [3661000000001n, '1h1m1.000000001s'],
    [-1500n, '-1.5µs'],
  ];
  for (const [ns, text] of GO) it(`${ns} ns → ${text}`, () => expect(goDuration(ns)).toBe(text));
});

describe('renderTable', () => {
  it('centres headers (smaller half left) and left-aligns cells', () => {
    expect(renderTable(['x', 'yy'], [['"abc"', '1']])).toBe(
      ['┌───────┬────┐', '│   x   │ yy │', '├───────┼────┤', '│ "abc" │ 1  │', '└───────┴────┘', ''].join('\n'),
    );
  });
  it('splits multi-line headers', () => {
    expect(renderTable(['[1,\n2]'], [['[1,2]']])).toBe(['┌───────┐', '│  [1,  │', '│  2]   │', '├───────┤', '│ [1,2] │', '└───────┘', ''].join('\n'));
  });
});

describe('displayWidth', () => {
  it('counts wide and combining characters as a terminal does', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('é')).toBe(1);
    expect(displayWidth('e\u0301')).toBe(1);
    // Per code point, as opa's table writer (go-runewidth) counts.
    expect(displayWidth('👍🏽')).toBe(4);
    expect(displayWidth('❤️')).toBe(1);
    expect(displayWidth('⌚')).toBe(2);
  });
});

describe('Go-style JSON', () => {
  it('keeps struct field order, sorts map keys, escapes HTML, keeps number text', () => {
    const v = parseJSON('{"b": 1.0, "a": "<&>", "n": 123456789012345678901234567890}');
    expect(encodeJSON(new Struct([['z', v], ['omitted', undefined], ['a', []]]))).toBe(
      '{\n  "z": {\n    "a": "\\u003c\\u0026\\u003e",\n    "b": 1.0,\n    "n": 123456789012345678901234567890\n  },\n  "a": []\n}\n',
    );
  });
});

describe('--package query rewrite', () => {
  const rewrite = (q: string, names: string[], imports = ''): string => {
    const body = parseQuery(q).body as Body;
    const mod = parseModule(`package a.b\n${imports}\n${names.map((n) => `${n} := 1`).join('\n')}\n`).module!;
    const globals = importGlobals(mod.imports, packageGlobals([mod], ['a', 'b']));
    return JSON.stringify(refs(resolveQueryGlobals(body, globals)));
  };
  /** The refs in the body, as dotted text. */
  const refs = (x: unknown, out: string[] = []): string[] => {
    if (Array.isArray(x)) x.forEach((e) => refs(e, out));
    else if (x && typeof x === 'object') {
      const n = x as { type?: string; value?: unknown };
      if (n.type === 'ref' && Array.isArray(n.value)) out.push(n.value.map((t: { value: unknown }) => String(t.value)).join('.'));
      for (const [k, v] of Object.entries(n)) if (k !== 'location') refs(v, out);
    }
    return out;
  };
  it('turns package rules into data refs', () => {
    expect(rewrite('p; q.x', ['p', 'q'])).toBe(JSON.stringify(['data.a.b.p', 'data.a.b.q.x']));
  });
  it('resolves import names and aliases, imports winning', () => {
    expect(rewrite('c.x; d; p', ['p'], 'import data.x.c\nimport input.y as d\nimport data.z as p')).toBe(
      JSON.stringify(['data.x.c.x', 'input.y', 'data.z']),
    );
  });
  it('leaves declared names alone', () => {
    const out = JSON.parse(rewrite('p := 1; count(q) > 0; some r in [1]', ['p', 'q', 'r'])) as string[];
    expect(out).toContain('data.a.b.q');
    expect(out).not.toContain('data.a.b.p');
    expect(out).not.toContain('data.a.b.r');
  });
});

describe('nameGlob (Go filepath.Match)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['.*', '.git', true],
    ['.*', 'git', false],
    ['*_test.rego', 'a_test.rego', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['[^a]*', 'bcd', true],
    ['[^a]*', 'abc', false],
    ['[a-c]x', 'bx', true],
    ['\\*', '*', true],
    ['\\*', 'x', false],
    ['[', '[', false],
    ['a.b', 'axb', false],
  ];
  for (const [p, name, want] of cases) it(`${p} ~ ${name}: ${want}`, () => expect(nameGlob(p)(name)).toBe(want));
});
