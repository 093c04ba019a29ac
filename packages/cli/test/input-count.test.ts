// `--max-input-nodes` before parsing: the count from JSON punctuation equals the evaluator's
// count of the parsed document, and text the scan cannot read as JSON is left to it.
// (The same counts for data files, merged: data-count.test.ts.)
import { describe, expect, it } from 'vitest';
import { compile, parseJSON } from '@rego-ts/rego-eval';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { jsonNodesExceed } from '../src/eval/json-count.js';
import { decodeYAML, DecodeError, TooManyValues } from '../src/eval/data-files.js';
import { yamlValuesExceed } from '../src/eval/yaml-count.js';
import { yamlTokensExceed } from '../src/eval/yaml-token-count.js';

const query = compile({ modules: [] }).prepare('input');
/** Whether the evaluator refuses `text` (parsed) under `maxInputNodes: max`. */
const evaluatorRefuses = (text: string, max: number): boolean => {
  try {
    query.evaluate({ input: parseJSON(text), maxInputNodes: max });
    return false;
  } catch {
    return true;
  }
};

describe('jsonNodesExceed', () => {
  const docs = [
    '{}',
    '[]',
    ' {"a": [1, 2, {"b": []}], "c": {}, "d": "x,y[{"} ',
    '[[[[1]]], [], {"k": [null, true, false, 1.5e3]}]',
    '{"s": "quote \\" , [ inside", "t": ["\\\\", ","]}',
    '{"a": {"b": {"c": {"d": [1, 2, 3]}}}}',
    '"string"',
    '12',
    // A repeated key counts once, with its last value (the parser keeps that one), keys as decoded.
    '{"a": [1, 2, 3, 4, 5], "b": 1, "a": 0}',
    '{"a": 1, "\\u0061": [2, 3], "\\ud800": [1, 2, 3], "\\udc00": 1, "\\ufffd": 2}',
    '[{"k": {"x": [1, 2]}, "k": {"y": 1}}, {"__proto__": [1], "constructor": {}}]',
    // Objects with many keys (looked up by index past 8), repeated before and after that.
    `{${Array.from({ length: 12 }, (_, i) => `"k${i % 10}": ${i}`).join(', ')}, "k3": [1, 2], "k11": {}, "k0": [0]}`,
  ];
  for (const text of docs) {
    it(`agrees with the evaluator's count: ${text}`, () => {
      for (let max = 1; max <= 16; max++) {
        expect([max, jsonNodesExceed(text, max)]).toEqual([max, evaluatorRefuses(text, max)]);
        expect([max, jsonNodesExceed(text, max, { early: true })]).toEqual([max, evaluatorRefuses(text, max)]);
      }
    });
  }

  it('early: decides on what no later text can take back (data files must be JSON)', () => {
    expect(jsonNodesExceed('[1, 2, 3, oops this is not JSON', 2, { early: true })).toBe(true);
    expect(jsonNodesExceed('[1, 2, 3, oops this is not JSON', 2)).toBeUndefined();
    // Under a key nothing settles before its object ends: a repeated key may replace it.
    expect(jsonNodesExceed('{"a": [1, 2, 3, 4], "a": 1, oops', 2, { early: true })).toBeUndefined();
    expect(jsonNodesExceed('[{"a": [1, 2, 3, 4], "a": 1}, oops', 3, { early: true })).toBeUndefined();
    expect(jsonNodesExceed('[{"a": [1, 2, 3, 4]}, oops', 3, { early: true })).toBe(true);
  });

  it('leaves YAML (text that is not JSON) to the YAML counts', () => {
    const yaml = ['a: [1, 2]', "['a, b', c]", '[1, # a, b, c\n 2]', '{a: [1, 2, 3], a: 1}', '{"a": [1, 2, 3],}', '[1, 2, 3]: x', '[1, 2] [3]', '{"a"}', '["a\tb", 1]', '[01, 2]', '{"a": "\\x41"}', '[truex]'];
    for (const text of yaml) expect([text, jsonNodesExceed(text, 1)]).toEqual([text, undefined]);
  });
});

describe('YAML input: yamlTokensExceed (lexer) and yamlValuesExceed (composed document)', () => {
  /** Whether the evaluator refuses the YAML `text` (built) under `maxInputNodes: max`. */
  const refusesYaml = (text: string, max: number): boolean => {
    try {
      query.evaluate({ input: decodeYAML(text), maxInputNodes: max });
      return false;
    } catch {
      return true;
    }
  };
  const composed = (text: string, max: number): boolean => yamlValuesExceed(parseDocument(text, { version: '1.1' }), max);
  const docs = [
    'a: 1\n',
    'a: [1, 2, 3, 4]\n',
    '- 1\n- [2, 3]\n- {k: v, j: [x, y,]}\n-\n- - 4\n  - 5\n',
    'a:\n  b:\n    c: [1, "x, y", \'z\']\n  d: |\n    text\n',
    'list: [[], [[]], {}, {a: []}]\n',
    'k: [a: 1, b: 2]\n',
    'a:\n- b: 1\n  c: [x, {y: z}]\nd: 3\n',
    '- - a\n  - b: {c: d, e}\n- x: y\n  z:\n  - 1\n',
    '{"a": 1, "b": [2, 3], "c": {"d": null}}',
    'k: &k {x: 1}\nm: "quoted: key"\n\'n\': |\n  block\n  text\no: >-\n  folded\n',
  ];
  for (const text of docs) {
    it(`both counts equal the evaluator's: ${JSON.stringify(text)}`, () => {
      for (let max = 1; max <= 16; max++) {
        expect([max, composed(text, max)]).toEqual([max, refusesYaml(text, max)]);
        expect([max, yamlTokensExceed(text, max)]).toEqual([max, refusesYaml(text, max)]);
      }
    });
  }

  it('repeated keys and merge keys are counted at most as the built value holds them', () => {
    const texts = [
      'a: 1\na: [1, 2]\n',
      'x: &x {k: 1}\ny:\n  <<: *x\n  k: 2\n',
      'x: &x {}\ny:\n  <<: *x\n',
      // A repeated key's earlier value is dropped, however large.
      'a: [1, 2, 3, 4, 5, 6, 7, 8]\na: 1\n',
      '{a: {b: [1, 2, 3, 4]}, a: 0}',
      '- a:\n    - 1\n    - 2\n    - 3\n  a: x\n',
      // Keys named alike when built: 1, 0x1, "1", 1.0; ~, null, "".
      '1: a\n0x1: b\n"1": c\n1.0: [1, 2, 3]\n~: d\nnull: e\n"": f\n',
      // A collection key repeated: one entry; items in keys are no values.
      '[1, 2, 3]: x\n[1, 2, 3]: y\n',
      '? [a, b, c, d]\n: 1\n? [a, b, c, d]\n: 2\n',
      '[[1, 2, 3, 4]: x, {a, b, c}: y]',
      // Merges of the same mapping, many times.
      'x: &x {}\ny: {<<: [*x, *x, *x, *x, *x, *x]}\n',
      'k: !!omap\n  - a: 1\n  - a: 2\n  - a: 3\n',
    ];
    for (const text of texts) {
      for (let max = 1; max <= 12; max++) {
        if (composed(text, max)) expect([text, max, 'composed', refusesYaml(text, max)]).toEqual([text, max, 'composed', true]);
        if (yamlTokensExceed(text, max)) expect([text, max, 'tokens', refusesYaml(text, max)]).toEqual([text, max, 'tokens', true]);
      }
    }
  });

  it('aliases count as what they expand to, before they are expanded', () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n';
    expect(yamlTokensExceed(bomb, 100)).toBe(false); // 37 nodes as written
    expect(composed(bomb, 1000)).toBe(true); // 1 + 11 + 111 + 1111 as built
    expect(composed(bomb, 1234)).toBe(false);
    expect(refusesYaml(bomb, 1233)).toBe(true);
  });

  it('a large list is refused from its first items, whatever follows', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `- {v: ${i}}`).join('\n') + '\n: : [ broken';
    expect(yamlTokensExceed(text, 100)).toBe(true);
    expect(() => decodeYAML(text, 100)).toThrow(TooManyValues);
    expect(() => decodeYAML(text)).toThrow(DecodeError);
  });
});

describe('YAML input mostly in mappings: counted on the tokens, before composing', () => {
  const nodes = (v: unknown): number =>
    v !== null && typeof v === 'object' ? 1 + (Array.isArray(v) ? v : Object.values(v)).reduce((n: number, x) => n + nodes(x), 0) : 1;
  const entries = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('');
  const shapes: Record<string, string> = {
    'block mapping': entries(2000, (i) => `k${i}: v\n`),
    'nested block mappings': entries(700, (i) => `k${i}:\n  a: 1\n  b:\n    c: x\n`),
    'a flow mapping': `# a comment: not JSON\n{${entries(2000, (i) => `${i ? ', ' : ''}k${i}: ${i}`)}}\n`,
    'a multi-line flow mapping under a key': `top:\n  {${entries(2000, (i) => `${i ? ',\n   ' : ''}k${i}: [${i}]`)}}\n`,
    'mixed': entries(400, (i) => `k${i}:\n  m: {a: 1, b: {c: d}}\n  s:\n    p: 1\n    'q': "2"\n`),
    'JSON in YAML (a comment keeps the JSON scan out)': `{${entries(2000, (i) => `${i ? ', ' : ''}"k${i}": {"v": ${i}}`)}} # c\n`,
  };
  for (const [name, text] of Object.entries(shapes)) {
    it(`${name}: refused on its tokens over the limit, the same value as without one under it`, () => {
      const value = decodeYAML(text);
      const n = nodes(value);
      expect(yamlTokensExceed(text, 100)).toBe(true);
      expect(() => decodeYAML(text, 100)).toThrow(TooManyValues);
      // The token count is exact for these: refused just above the value's own count.
      expect(yamlTokensExceed(text, n - 1)).toBe(true);
      expect(yamlTokensExceed(text, n)).toBe(false);
      expect(decodeYAML(text, n)).toEqual(value);
      expect(query.evaluate({ input: decodeYAML(text, n), maxInputNodes: n })).toEqual(query.evaluate({ input: value }));
    });
  }

  it('a mapping is refused from its first entries, whatever follows', () => {
    const text = entries(1000, (i) => `k${i}: {v: ${i}}\n`) + ': : [ broken';
    expect(yamlTokensExceed(text, 100)).toBe(true);
    expect(() => decodeYAML(text, 100)).toThrow(TooManyValues);
    expect(() => decodeYAML(text)).toThrow(DecodeError);
  });

  it('values under a key are settled only when the mapping ends (a repeated key replaces them)', () => {
    const list = `a: [${entries(500, (i) => `${i ? ', ' : ''}${i}`)}]\n`;
    expect(decodeYAML(list + 'a: 1\n', 2)).toEqual(parseJSON('{"a": 1}'));
    expect(() => decodeYAML(list, 100)).toThrow(TooManyValues);
  });

  it('multi-document YAML: over the limit refused as too large, under it the decoding error as without a limit', () => {
    const docs = `a: 1\n---\n${entries(500, (i) => `k${i}: v\n`)}`;
    expect(() => decodeYAML(docs, 100)).toThrow(TooManyValues);
    expect(() => decodeYAML(docs)).toThrow(/multiple documents/);
    expect(() => decodeYAML('a: 1\n---\nb: 2\n', 100)).toThrow(/multiple documents/);
  });

  it('equals the evaluator on every gatekeeper-library YAML document', () => {
    const root = join(import.meta.dirname, '../../../../shared/corpus/gatekeeper-library/library');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
    let checked = 0;
    for (const f of files) {
      for (const text of readFileSync(join(root, f), 'utf8').split(/^---[ \t]*$/m)) {
        let n: number;
        try {
          n = nodes(decodeYAML(text));
        } catch {
          continue;
        }
        expect([f, yamlTokensExceed(text, n), yamlTokensExceed(text, n - 1)]).toEqual([f, false, true]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('never counts more than the evaluator on edited YAML (seeded)', () => {
    let seed = 20261127;
    const rnd = (k: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % k);
    const keys = ['a', 'b', '1', '0x1', 'true', 'yes', '<<', 'null', '', '1.0', '~', 'k k'];
    const gen = (d: number): unknown => {
      const r = rnd(d > 3 ? 3 : 6);
      if (r < 3) return [null, 'x', 1, true, 'a b', '', 'line\nbreak\n', 'on', '1e3'][rnd(9)];
      if (r < 5) return Object.fromEntries(Array.from({ length: rnd(5) }, () => [keys[rnd(keys.length)], gen(d + 1)]));
      return Array.from({ length: rnd(5) }, () => gen(d + 1));
    };
    const bits = ['? ', '- ', ': ', '&a ', '*a', '!!str ', '!!omap ', '{', '}', '[', ']', ', ', '"', '#', '\n', '  ', '<<: *a\n', 'a: 1\n', '|\n', '!!omap\n'];
    let checked = 0;
    for (let i = 0; i < 1500; i++) {
      let text = stringify(gen(0), { version: '1.1', ...[{}, { collectionStyle: 'flow' as const }, { indentSeq: false }][rnd(3)] });
      for (let e = 1 + rnd(4); e > 0; e--) {
        const p = rnd(text.length + 1);
        const k = rnd(3);
        if (k === 0) text = text.slice(0, p) + bits[rnd(bits.length)] + text.slice(p);
        else if (k === 1) text = text.slice(0, p) + text.slice(p + 1 + rnd(3));
        else {
          const lines = text.split('\n');
          lines.splice(rnd(lines.length), 0, lines[rnd(lines.length)]!);
          text = lines.join('\n');
        }
      }
      let n: number;
      try {
        n = nodes(decodeYAML(text));
      } catch {
        continue;
      }
      expect([text, yamlTokensExceed(text, n)]).toEqual([text, false]);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });
});
