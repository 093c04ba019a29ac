/** The parser returns an AST or RegoErrors for any input: no exceptions, no hangs, no overflow. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseModule, parseQuery, parseTerm } from '../src/index.js';

const FRAGMENTS = [
  'package a\n', 'p', ' ', '\n', '\t', ':=', '=', '==', '{', '}', '[', ']', '(', ')', ',', ';', '|', '.', 'x', '_',
  '1', '-', '+', '*', '"s"', '`r`', '$"t{', 'if', 'else', 'contains', 'some', 'every', 'in', 'not', 'with', 'as',
  'default', 'import', 'input', 'data', '#c\n', 'true', 'null', '0.5e3', '"', '`', '$', '!', '@', '\\', 'é', '\u0000',
];

function assertWellBehaved(r: { errors: Array<{ code: string }> }): void {
  for (const e of r.errors) expect(e.code).toBe('rego_parse_error');
}

describe('robustness', () => {
  it('never throws on token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }), fc.boolean(), (parts, v0) => {
        const src = parts.join('');
        const opts = { regoVersion: v0 ? ('v0' as const) : ('v1' as const) };
        const m = parseModule(src, opts);
        expect(m.module !== undefined || m.errors.length > 0).toBe(true);
        assertWellBehaved(m);
        assertWellBehaved(parseQuery(src, opts));
        assertWellBehaved(parseTerm(src, opts));
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (src) => {
        assertWellBehaved(parseModule(src));
        assertWellBehaved(parseModule('package a\np if {\n' + src + '\n}'));
      }),
      { numRuns: 1000 },
    );
  });

  it('reports an error, not a stack overflow, for 10k nested brackets', () => {
    for (const [open, close] of [['[', ']'], ['{', '}'], ['(', ')'], ['f(', ')'], ['[x | ', ']'], ['{"a": ', '}']]) {
      const src = `package a\np := ${open!.repeat(10_000)}1${close!.repeat(10_000)}\n`;
      const r = parseModule(src);
      expect(r.module).toBeUndefined();
      expect(r.errors[0]!.message).toBe('max parsing recursion depth exceeded');
    }
  });

  it('parses moderately deep nesting', () => {
    const src = `package a\np := ${'['.repeat(200)}1${']'.repeat(200)}\n`;
    expect(parseModule(src).module).toBeDefined();
  });

  it('handles long flat inputs', () => {
    const src = `package a\np := [${Array.from({ length: 50_000 }, (_, i) => i).join(', ')}]\n`;
    expect(parseModule(src).module).toBeDefined();
    const rules = Array.from({ length: 5_000 }, (_, i) => `r${i} contains x if { x := input.a[_]; x > ${i} }`).join('\n');
    expect(parseModule(`package a\n${rules}\n`).module!.rules).toHaveLength(5_000);
  });
});
