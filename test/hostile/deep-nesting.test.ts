// Hostile inputs: deeply nested JSON and YAML (100k levels) as input, data, builtin arguments
// and policy literals. The outcome must be the right value or a RegoError — never a
// RangeError (JS stack overflow) escaping.
import { describe, expect, it } from 'vitest';
import { parseJSON, toJSONText } from '../../packages/rego-eval/src/index.js';
import { parseDocuments } from '../../packages/gatekeeper-model/src/index.js';
import { deepArray, deepObject, evalRule, outcome } from './helpers.js';

const DEPTH = 100_000;
const deepJsonText = '['.repeat(DEPTH) + ']'.repeat(DEPTH);

describe('deep nesting (100k levels)', () => {
  it('input: reading, counting and comparing a deep array works', () => {
    const input = deepArray(DEPTH);
    expect(evalRule('r := count(input)', 'r', { input })).toBe(1);
    expect(evalRule('r if input == input', 'r', { input })).toBe(true);
  });

  it('input: a path 100k keys deep is followed without recursion limits', () => {
    const input = deepObject(DEPTH);
    expect(evalRule(`r := count(input${'.a'.repeat(1000)})`, 'r', { input })).toBe(1);
  });

  it('data: a deep base document is read', () => {
    expect(evalRule('r := count(data.d)', 'r', { data: { d: deepArray(DEPTH) } })).toBe(1);
  });

  it('builtins that walk the whole value (json.marshal, walk, sets) fail with eval_internal_error', () => {
    const input = deepArray(DEPTH);
    for (const rule of ['r := json.marshal(input)', 'r := count([p | walk(input, [p, _])])', 'r := count({input, [input]})', 'r := json.unmarshal(json.marshal(input))']) {
      const o = outcome(() => evalRule(rule, 'r', { input }));
      expect(o, rule).toMatchObject({ error: { code: 'eval_internal_error' } });
    }
    // A set of one element never compares or hashes it (small sets are lists): a value.
    expect(evalRule('r := count({input})', 'r', { input })).toBe(1);
  });

  it('json.unmarshal of 100k-deep text fails with eval_internal_error', () => {
    expect(outcome(() => evalRule('r := json.unmarshal(input)', 'r', { input: deepJsonText }))).toMatchObject({ error: { code: 'eval_internal_error' } });
  });

  it('yaml.unmarshal of 100k-deep flow YAML is undefined, or eval_builtin_error when strict', () => {
    expect(evalRule('r := yaml.unmarshal(input)', 'r', { input: deepJsonText })).toBeUndefined();
    expect(outcome(() => evalRule('r := yaml.unmarshal(input)', 'r', { input: deepJsonText, strictBuiltinErrors: true }))).toMatchObject({
      error: { code: 'eval_builtin_error' },
    });
  });

  it('a 100k-deep literal in a policy is a parse error (recursion depth), not a crash', () => {
    const o = outcome(() => evalRule(`r := ${deepJsonText}`));
    expect(o).toMatchObject({ error: { code: 'rego_parse_error', message: 'max parsing recursion depth exceeded' } });
  });

  it('gatekeeper: 100k-deep flow YAML and 5000-deep block YAML load or fail as located gk_yaml_error', () => {
    for (const [file, text] of [
      ['flow.yaml', deepJsonText],
      ['block.yaml', Array.from({ length: 5000 }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + ' 1\n'],
    ] as const) {
      try {
        const docs = parseDocuments(text, { file });
        expect(docs.length).toBe(1);
      } catch (e) {
        expect(e).toMatchObject({ code: 'gk_yaml_error', location: { file } });
      }
    }
  });

  // Public helpers of @rego-ts/rego-eval used by hosts (the CLI reads input with parseJSON and
  // prints results with toJSONText): they recurse, so a too-deep document is a RegoError.
  it('parseJSON of 100k-deep text gives a clear error', () => {
    let err: unknown;
    try {
      parseJSON(deepJsonText);
    } catch (e) {
      err = e;
    }
    expect(err).not.toBeInstanceOf(RangeError);
    expect(err).toMatchObject({ code: 'eval_internal_error', message: 'json: nesting too deep' });
  });

  it('toJSONText of a 100k-deep value gives a clear error', () => {
    let err: unknown;
    try {
      toJSONText(deepArray(DEPTH));
    } catch (e) {
      err = e;
    }
    expect(err).not.toBeInstanceOf(RangeError);
    expect(err).toMatchObject({ code: 'eval_internal_error', message: 'json: nesting too deep' });
  });
});
