// `--max-input-nodes` before parsing: the count from JSON punctuation equals the evaluator's
// count of the parsed document, and text the scan cannot read as JSON is left to it.
import { describe, expect, it } from 'vitest';
import { compile, parseJSON } from '@rego-ts/rego-eval';
import { parseDocument } from 'yaml';
import { jsonValuesExceed } from '../src/eval/input-count.js';
import { decodeYAML, DecodeError, TooManyValues } from '../src/eval/data-files.js';
import { yamlItemsExceed, yamlValuesExceed } from '../src/eval/yaml-count.js';

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

describe('jsonValuesExceed', () => {
  const docs = [
    '{}',
    '[]',
    ' {"a": [1, 2, {"b": []}], "c": {}, "d": "x,y[{"} ',
    '[[[[1]]], [], {"k": [null, true, false, 1.5e3]}]',
    '{"s": "quote \\" , [ inside", "t": ["\\\\", ","]}',
    '{"a": {"b": {"c": {"d": [1, 2, 3]}}}}',
  ];
  for (const text of docs) {
    it(`agrees with the evaluator's count: ${text}`, () => {
      for (let max = 1; max <= 16; max++) expect([max, jsonValuesExceed(text, max)]).toEqual([max, evaluatorRefuses(text, max)]);
    });
  }

  it('counts text as far as it reads as JSON (the parser reports the rest)', () => {
    expect(jsonValuesExceed('[1, 2, 3, oops this is not JSON', 2)).toBe(true);
  });

  it('leaves YAML to the evaluator', () => {
    for (const text of ['a: [1, 2]', "['a, b', c]", '[1, # a, b, c\n 2]', '"string"', '12']) expect(jsonValuesExceed(text, 1)).toBeUndefined();
  });
});

describe('YAML input: yamlItemsExceed (lexer) and yamlValuesExceed (composed document)', () => {
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
  ];
  for (const text of docs) {
    it(`the composed count equals the evaluator's; the lexer count never exceeds it: ${JSON.stringify(text)}`, () => {
      for (let max = 1; max <= 16; max++) {
        expect([max, composed(text, max)]).toEqual([max, refusesYaml(text, max)]);
        if (yamlItemsExceed(text, max)) expect([max, refusesYaml(text, max)]).toEqual([max, true]);
      }
    });
  }

  it('repeated keys and merge keys are counted at most as the built value holds them', () => {
    for (const text of ['a: 1\na: [1, 2]\n', 'x: &x {k: 1}\ny:\n  <<: *x\n  k: 2\n', 'x: &x {}\ny:\n  <<: *x\n']) {
      for (let max = 1; max <= 8; max++) if (composed(text, max)) expect([text, max, refusesYaml(text, max)]).toEqual([text, max, true]);
    }
  });

  it('aliases count as what they expand to, before they are expanded', () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n';
    expect(yamlItemsExceed(bomb, 100)).toBe(false); // 31 items as written
    expect(composed(bomb, 1000)).toBe(true); // 1 + 11 + 111 + 1111 as built
    expect(composed(bomb, 1234)).toBe(false);
    expect(refusesYaml(bomb, 1233)).toBe(true);
  });

  it('a large list is refused from its first items, whatever follows', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `- {v: ${i}}`).join('\n') + '\n: : [ broken';
    expect(yamlItemsExceed(text, 100)).toBe(true);
    expect(() => decodeYAML(text, 100)).toThrow(TooManyValues);
    expect(() => decodeYAML(text)).toThrow(DecodeError);
  });
});
