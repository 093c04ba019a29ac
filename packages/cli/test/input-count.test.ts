// `--max-input-nodes` before parsing: the count from JSON punctuation equals the evaluator's
// count of the parsed document, and text the scan cannot read as JSON is left to it.
import { describe, expect, it } from 'vitest';
import { compile, parseJSON } from '@rego-ts/rego-eval';
import { jsonValuesExceed } from '../src/eval/input-count.js';

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
