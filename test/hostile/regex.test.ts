// Hostile inputs: ReDoS-style patterns. Regexes are RE2 (linear time): catastrophic
// backtracking patterns over long inputs finish (the test timeout is the hang guard, no timing
// assertion), and RE2-invalid syntax (backreferences, lookaround) is a builtin error.
import { describe, expect, it } from 'vitest';
import { evalRule, json, outcome } from './helpers.js';

const longA = 'a'.repeat(100_000);

describe('regular expressions stay linear', () => {
  it('nested quantifiers over 100k characters', () => {
    expect(evalRule('r := regex.match("(a+)+$", input)', 'r', { input: longA + 'b' })).toBe(false);
    expect(evalRule('r := regex.match("^(a|aa)*c$", input)', 'r', { input: longA })).toBe(false);
    expect(evalRule('r := regex.match("(.*a){20}", input)', 'r', { input: longA })).toBe(true);
    expect(evalRule('r := count(regex.find_n("(a|a)*?b", input, -1))', 'r', { input: longA })).toBe(0);
    expect(evalRule('r := count(regex.split("(x+x+)+y", input))', 'r', { input: 'x'.repeat(50_000) })).toBe(1);
    expect(evalRule('r := regex.replace(input, "(a*)*b", "z")', 'r', { input: 'a'.repeat(20_000) })).toBe('a'.repeat(20_000));
  });

  it('globs with many stars over long text', () => {
    expect(evalRule('r := glob.match("*a*a*a*a*a*a*a*a*a*a*b", [], input)', 'r', { input: 'a'.repeat(20_000) })).toBe(false);
  });

  it('RE2-invalid syntax is undefined, or eval_builtin_error when strict', () => {
    for (const pattern of ['(a)\\\\1', '(?=a)', '(?<!a)b']) {
      expect(evalRule(`r := regex.match(\`${pattern.replaceAll('\\\\', '\\')}\`, "aa")`), pattern).toBeUndefined();
      expect(outcome(() => evalRule(`r := regex.match(\`${pattern.replaceAll('\\\\', '\\')}\`, "aa")`, 'r', { strictBuiltinErrors: true })), pattern).toMatchObject({
        error: { code: 'eval_builtin_error' },
      });
    }
  });

  it('a huge repetition count is rejected like RE2 does', () => {
    expect(json(evalRule('r := regex.is_valid("a{1001}")'))).toBe('false');
    expect(json(evalRule('r := regex.is_valid("((a{100}){100}){100}")'))).toBe('false');
  });
});
