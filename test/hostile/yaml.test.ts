// Hostile inputs: YAML alias bombs ("billion laughs") and duplicate keys, in the yaml.unmarshal
// builtin (go-yaml semantics, as opa) and in the gatekeeper document loader.
import { describe, expect, it } from 'vitest';
import { parseDocuments } from '../../packages/gatekeeper-model/src/index.js';
import { evalRule, json, outcome } from './helpers.js';

/** 9 levels of 9 aliases each: 9^9 (387M) strings once expanded. */
function aliasBomb(): string {
  const names = 'abcdefghi';
  let y = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
  for (let i = 1; i < names.length; i++) y += `${names[i]}: &${names[i]} [${Array(9).fill('*' + names[i - 1]).join(',')}]\n`;
  return y;
}

describe('YAML alias bombs and duplicate keys', () => {
  it('yaml.unmarshal: an alias bomb is refused like go-yaml ("excessive aliasing")', () => {
    const input = aliasBomb();
    expect(evalRule('r := yaml.unmarshal(input)', 'r', { input })).toBeUndefined();
    expect(evalRule('r := yaml.is_valid(input)', 'r', { input })).toBe(false);
    expect(outcome(() => evalRule('r := yaml.unmarshal(input)', 'r', { input, strictBuiltinErrors: true }))).toMatchObject({
      error: { code: 'eval_builtin_error', message: 'yaml.unmarshal: yaml: document contains excessive aliasing' },
    });
  });

  it('yaml.unmarshal: ordinary aliases and merge keys still work', () => {
    expect(json(evalRule('r := yaml.unmarshal("a: &a [1, 2]\\nb: [*a, *a]\\nc: {<<: {x: 1}}\\n")'))).toBe('{"a":[1,2],"b":[[1,2],[1,2]],"c":{"x":1}}');
  });

  it('yaml.unmarshal and json.unmarshal: duplicate keys, the last one wins (as opa)', () => {
    expect(json(evalRule('r := yaml.unmarshal("a: 1\\na: 2\\n")'))).toBe('{"a":2}');
    expect(json(evalRule('r := json.unmarshal(`{"a": 1, "a": 2}`)'))).toBe('{"a":2}');
  });

  it('yaml.unmarshal: flow nesting beyond go-yaml\'s 10000 levels is refused', () => {
    const input = '['.repeat(10_001) + ']'.repeat(10_001);
    expect(outcome(() => evalRule('r := yaml.unmarshal(input)', 'r', { input, strictBuiltinErrors: true }))).toMatchObject({
      error: { code: 'eval_builtin_error', message: 'yaml.unmarshal: yaml: exceeded max depth of 10000' },
    });
    const ok = '['.repeat(100) + ']'.repeat(100);
    expect(evalRule('r := count(yaml.unmarshal(input))', 'r', { input: ok })).toBe(1);
  });

  it('gatekeeper loader: an alias bomb is a located gk_yaml_error', () => {
    expect(() => parseDocuments(aliasBomb(), { file: 'bomb.yaml' })).toThrow(expect.objectContaining({ code: 'gk_yaml_error', location: expect.objectContaining({ file: 'bomb.yaml' }) }));
  });

  it('gatekeeper loader: duplicate keys are a gk_yaml_error at the duplicate', () => {
    expect(() => parseDocuments('kind: Pod\nmetadata: {}\nkind: Service\n', { file: 'dup.yaml' })).toThrow(
      expect.objectContaining({ code: 'gk_yaml_error', location: expect.objectContaining({ file: 'dup.yaml', row: 3, col: 1 }) }),
    );
  });
});
