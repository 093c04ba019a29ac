/**
 * Formatter: expected outputs (taken from `opa fmt` v1.17.1), v0 output, options, and a
 * side-by-side comparison with the real `opa fmt` on the same snippets when opa is present.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, parseModule, RegoErrors, type Expr, type Module, type RefTerm, type Term } from '../src/index.js';
import { findOpa, SKIP_NO_OPA } from '../../../test-support/peers.js';

function parse(src: string, regoVersion: 'v0' | 'v1' = 'v1'): Module {
  const r = parseModule(src, { regoVersion });
  if (!r.module) throw new Error(r.errors.map((e) => e.format()).join('\n'));
  return r.module;
}

function fmt(src: string, regoVersion: 'v0' | 'v1' = 'v1', out?: 'v0' | 'v1' | 'v0v1'): string {
  return format(parse(src, regoVersion), { source: src, regoVersion: out ?? regoVersion });
}

/** Snippets with the output opa fmt gives for them (v1 unless marked). */
const CASES: Array<{ name: string; src: string; want: string; version?: 'v0' | 'v1' }> = [
  {
    name: 'package, sorted import groups, rules separated by blank lines',
    src: 'package  a.b\nimport input.z\nimport data.y as w\n\nimport rego.v1\np:=1\nq  if { input.x == 1\n input.y }\n',
    want:
      'package a.b\n\nimport data.y as w\nimport input.z\n\nimport rego.v1\n\np := 1\n\nq if {\n\tinput.x == 1\n\tinput.y\n}\n',
  },
  {
    name: 'adjacent one-liners stay grouped',
    src: 'package p\na := 1\nb := 2\n\nc if input.x\nd contains 1\n',
    want: 'package p\n\na := 1\nb := 2\n\nc if input.x\nd contains 1\n',
  },
  {
    name: 'parentheses: nested infix calls, or-terms in collections',
    src: 'package p\nx if { a := 1 + 2 * 3; b := (1 + 2) * 3; c := [(1|2), 3|4]; d := {(1|2): (3|4)} }\n',
    want:
      'package p\n\nx if {\n\ta := 1 + (2 * 3)\n\tb := (1 + 2) * 3\n\tc := [(1 | 2), 3 | 4]\n\td := {(1 | 2): (3 | 4)}\n}\n',
  },
  {
    name: 'strings keep their escapes, raw strings stay raw, numbers as written',
    src: 'package p\na := "\\u0041\\n"\nb := `x\\y`\nc := 1.0e3\nd := -0.50\n',
    want: 'package p\n\na := "\\u0041\\n"\nb := `x\\y`\nc := 1.0e3\nd := -0.50\n',
  },
  {
    name: 'comments: above, end of line, inside bodies, trailing',
    src: '# head\npackage p # pkg\n\n# about q\nq if {\n  # first\n  input.x # why\n}\n# tail\n',
    want: '# head\npackage p # pkg\n\n# about q\nq if {\n\t# first\n\tinput.x # why\n}\n\n# tail\n',
  },
  {
    name: 'multi-line collections get one row per source row and trailing commas',
    src: 'package p\nx := {"a": 1,\n  "b": [1,\n 2]}\n',
    want: 'package p\n\nx := {\n\t"a": 1,\n\t"b": [\n\t\t1,\n\t\t2,\n\t],\n}\n',
  },
  {
    name: 'long call arguments wrapped as written',
    src: 'package p\nx := f(1,\n 2)\nf(a, b) := a + b\n',
    want: 'package p\n\nx := f(\n\t1,\n\t2,\n)\n\nf(a, b) := a + b\n',
  },
  {
    name: 'comprehensions, some, every, with',
    src:
      'package p\nx := [y | some y in input.ys; y > 1]\ns := {k: v | some k, v in input.o}\n' +
      'e if every x in [1] { x > 0 }\nt if { input.x with input as {"x": 1} with data.a as 2 }\n',
    want:
      'package p\n\nx := [y | some y in input.ys; y > 1]\ns := {k: v | some k, v in input.o}\n' +
      'e if every x in [1] { x > 0 }\nt if input.x with input as {"x": 1} with data.a as 2\n',
  },
  {
    name: 'else chains and defaults',
    src: 'package p\ndefault allow = false\nf(x) := 1 if { x == 1 } else := 2 if { x == 2 } else := 3\n',
    want: 'package p\n\ndefault allow := false\n\nf(x) := 1 if x == 1\n\nelse := 2 if x == 2\n\nelse := 3\n',
  },
  {
    name: 'constants written as rules become assignments in v1',
    src: 'package p\nr if { true }\nt.u.v if true\nw[x] if { x := 1 }\n',
    want: 'package p\n\nr := true\nt.u.v := true\nw[x] if x := 1\n',
  },
  {
    name: 'keywords in refs',
    src: 'package p\nx := input.not\ny := input["in"]\nz := input["a-b"]\n',
    want: 'package p\n\nx := input.not\ny := input["in"]\nz := input["a-b"]\n',
  },
  {
    name: 'v0 module stays v0',
    version: 'v0',
    src: 'package p\ndeny[msg] { msg := "x" }\np = 1 { true }\nf(x) = y { y := x }\n',
    want: 'package p\n\ndeny[msg] {\n\tmsg := "x"\n}\n\np = 1\n\nf(x) = y {\n\ty := x\n}\n',
  },
];

describe('format', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const got = fmt(c.src, c.version ?? 'v1');
      expect(got).toBe(c.want);
      // Idempotent.
      expect(fmt(got, c.version ?? 'v1')).toBe(got);
    });
  }

  it('adds import rego.v1 for --v0-v1 output', () => {
    const got = fmt('package p\ndeny[msg] { msg := "x" }\n', 'v0', 'v0v1');
    expect(got).toBe('package p\n\nimport rego.v1\n\ndeny contains msg if msg := "x"\n');
  });

  it('accepts the source as second argument (architecture contract)', () => {
    const src = 'package p\nx := "\\u0041"\n';
    expect(format(parse(src), src)).toBe('package p\n\nx := "\\u0041"\n');
  });

  it('works without source text (rows still drive line breaks; strings canonical)', () => {
    const m = parse('package p\nx := {"a": 1,\n "b": 2}\ny := "\\u0041"\n');
    expect(format(m)).toBe('package p\n\nx := {\n\t"a": 1,\n\t"b": 2,\n}\n\ny := "A"\n');
  });

  it('prints a hand-built AST (no source, no meaningful positions)', () => {
    const L = { file: '', row: 1, col: 1, offset: 0, end: 0 };
    const v = (value: string): Term => ({ type: 'var', value, location: L });
    const s = (value: string): Term => ({ type: 'string', value, location: L });
    const ref = (...value: Term[]): RefTerm => ({ type: 'ref', value, location: L });
    const op = (name: string): RefTerm => ref(v(name));
    const expr = (index: number, terms: Expr['terms'], negated = false): Expr => ({ type: 'expr', index, negated, with: [], location: L, terms });
    const m: Module = {
      type: 'module',
      package: { type: 'package', path: ref(v('data'), s('example')), location: L },
      imports: [],
      comments: [],
      regoVersion: 'v1',
      regoV1Compatible: true,
      keywords: [],
      file: '',
      rules: [
        {
          type: 'rule',
          default: true,
          head: { type: 'head', name: 'allow', ref: [v('allow')], value: { type: 'boolean', value: false, location: L }, assign: true, location: L },
          body: [expr(0, { type: 'term', term: { type: 'boolean', value: true, location: L } })],
          location: L,
        },
        {
          type: 'rule',
          default: false,
          head: { type: 'head', name: 'allow', ref: [v('allow')], value: { type: 'boolean', value: true, location: L }, assign: false, generatedValue: true, location: L },
          body: [
            expr(0, { type: 'call', operator: op('equal'), args: [ref(v('input'), s('user')), s('admin')] }),
            expr(1, { type: 'term', term: ref(v('input'), s('blocked')) }, true),
          ],
          location: L,
        },
      ],
    };
    const out = format(m);
    expect(out).toBe('package example\n\ndefault allow := false\n\nallow if {\n\tinput.user == "admin"\n\tnot input.blocked\n}\n');
    expect(parse(out).rules.length).toBe(2);
  });

  it('reports a wrong-arity operator call as a RegoErrors', () => {
    const m = parse('package p\nx := plus(1, 2, 3, 4)\n');
    expect(() => format(m)).toThrow(RegoErrors);
  });
});

const opa = findOpa();

describe('format vs opa fmt', () => {
  it.skipIf(!opa)(`matches opa fmt on every snippet${opa ? '' : ` (${SKIP_NO_OPA})`}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'fmt-test-'));
    for (const [i, c] of CASES.entries()) {
      const file = join(dir, `case${i}.rego`);
      writeFileSync(file, c.src);
      const args = ['fmt', ...(c.version === 'v0' ? ['--v0-compatible'] : []), file];
      const want = execFileSync(opa!, args, { encoding: 'utf8' });
      expect(fmt(c.src, c.version ?? 'v1'), c.name).toBe(want);
    }
  });
});
