/**
 * Parse parity with `opa parse` for `# METADATA` blocks (YAML errors, field checks, scope
 * attachment) and for modules holding only comments: same messages, rows, columns, details.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOpa, SKIP_NO_OPA } from '../../../test-support/peers.js';
import { parseModule } from '../src/index.js';

const opa = findOpa();

/** Modules probed against opa: broken and valid METADATA blocks, comment-only modules. */
const CASES: string[] = [
  "# METADATA\n# own 6\n# title: x # eol 7\npackage p\n",
  "package p\n# METADATA\n# title: x # eol 2\n# own 3\nx := 1\n",
  "# METADATA\npackage p\n",
  "# METADATA\n#   \npackage p\n",
  "# METADATA\n# title: x\n# aut\npackage p\n",
  "# METADATA\n# title: [\npackage p\n",
  "# METADATA\n# title: x\n# title: y\npackage p\n",
  "# METADATA\n# scope: [1]\npackage p\n",
  "# METADATA\n# scope: 1\npackage p\n",
  "# METADATA\n# authors: [\"\"]\npackage p\n",
  "# METADATA\n# authors: [{x: 1}]\npackage p\n",
  "# METADATA\n# related_resources: [\"\"]\npackage p\n",
  "# METADATA\n# related_resources: [{description: x}]\npackage p\n",
  "# METADATA\n# schemas:\n#  - input: foo\npackage p\n",
  "# METADATA\n# schemas:\n#  - \"[\": schema.x\npackage p\n",
  "# METADATA\n# scope: rule\npackage p\n",
  "# METADATA\n# scope: foo\npackage p\n",
  "# METADATA\n# entrypoint: true\npackage p\n",
  "# METADATA\n# entrypoint: true\n# scope: rule\npackage p\nx := 1\n",
  "# METADATA\n# foo: bar\npackage p\n",
  "# METADATA\n# title:x\npackage p\n",
  "# METADATA\n# custom: 1\npackage p\n",
  "# METADATA\n# - a\npackage p\n",
  "# METADATA\n# \"just a string\"\npackage p\n",
  "# METADATA\n# title: \"unterminated\npackage p\n",
  "# METADATA\n# a:\n#   b: c\n#  d: e\npackage p\n",
  "package p\n# METADATA\n# scope: package\nx := 1\n",
  "package p\nimport data.x\n# METADATA\n# title: t\nimport data.y\n",
  "# METADATA\n# title: x\n# METADATA\n# title: [\npackage p\n",
  "# METADATA\n# title: x\n",
  "#METADATA\n# title: [\npackage p\n",
  "  # METADATA\n# title: [\npackage p\n",
  "# METADATA\n# title: [\n\n# more\npackage p\n",
  "# METADATAfoo\n# title: [\npackage p\n",
  "# METADATA\n# labels: {1: 2}\npackage p\n",
  "# METADATA\n# organizations: x\npackage p\n",
  "# METADATA\n# title: x\n\tfoo\npackage p\n",
  "# METADATA\n# entrypoint: yes\npackage p\n",
  "# METADATA\n# compile:\n#   unknowns: [\"input.[\"]\npackage p\n",
  "# METADATA\n# title: {a: 1}\npackage p\n",
  "# METADATA\n# title: @x\npackage p\n",
  "# METADATA\n# title: a: b\npackage p\n",
  "package p\nx := 1 # METADATA\n# title: [\n",
  "package p\nx := [ # foo\n# METADATA\n# title: [\n]\n",
  "package p\nx := 1\n# METADATA\n# title: t\n",
  "package p\n# METADATA\n# title: t\nx if { true }\n# METADATA\n# scope: document\ny := 1\n",
  "# METADATA\n# title: [a\npackage p\n",
  "# METADATA\n# title: {a: 1\npackage p\n",
  "# METADATA\n# title: x\n# description: y\n# organizations:\n#   - a\n#   - [b]\npackage p\n",
  "# METADATA\n# title: x\n#  bad: indent\npackage p\n",
  "# METADATA\n# a: 1\n# b: 2\n# c\n# d: 4\npackage p\n",
  "# METADATA\n# entrypoint: maybe\npackage p\n",
  "# METADATA\n# entrypoint: true\npackage p\n",
  "# METADATA\n# scope: document\n# entrypoint: true\npackage p\np := 1\n",
  "package p\n\n# METADATA\n# entrypoint: true\np := 1\n",
  "# METADATA\n# custom:\n#   a: 1\n#   a: 2\npackage p\n",
  "# METADATA\n# title: x\n# key: \"\\q\"\npackage p\n",
  "# METADATA\n# related_resources:\n#   - https://example.com\n#   - ref: https://x\n#     description: d\n# authors:\n#   - John Doe <jd@example.com>\n#   - name: x\npackage p\n",
  "# METADATA\n# schemas:\n#   - input: schema.foo\n#   - input.x: {type: object}\n#   - data.y: 1\npackage p\n",
  "# METADATA\n# title: t\n# scope: subpackages\npackage p\n",
  "package p\n\n# METADATA\n# title: t\n\n# METADATA\n# scope: rule\nf(x) := 1\n",
  "package p\nimport rego.v1\n# METADATA\n# description: x\n# x: y: z\nallow if true\n",
  "# METADATA\n# description: |\n#   multi\n#   line\n# title: ok\npackage p\n",
  "# METADATA\n# description: >\n#   folded\n#  bad\npackage p\n",
  "# METADATA\n# - a\n# - b\npackage p\n",
  "# METADATA\n# authors: bob\npackage p\n",
  "# METADATA\n# authors:\n#   - 1\npackage p\n",
  "# METADATA\n# related_resources: [1]\npackage p\n",
  "# METADATA\n# title: x\n#\n# description: y\npackage p\n",
  "package p\n# METADATA\n# title: x\n#  foo: [\nx := 1\n",
  "package p\nx := {\n# METADATA\n# title: [\n",
  "# METADATA\n# title: \"a\n#   b\"\npackage p\n",
  "# METADATA\n# a: b\n#   c: d\npackage p\n",
  "# METADATA\n# compile:\n#   unknowns: [input]\n#   mask_rule: data.p.mask\npackage p\n",
  "# METADATA\n# compile:\n#   unknowns: [x]\npackage p\n",
  "# METADATA\n# compile:\n#   mask_rule: \"[1]\"\npackage p\n",
  "# METADATA\n# compile:\n#   mask_rule: \"{{\"\npackage p\n",
  "# METADATA\n# schemas:\n#   - input: schema\n#   - data.x: schema[\"a\"]\npackage p\n",
  "# METADATA\n# schemas:\n#   - x: schema.a\npackage p\n",
  "# METADATA\n# schemas:\n#   - input: [1]\npackage p\n",
  "# METADATA\n# title: ok\n# custom:\n#   __proto__: {x: 1}\npackage p\n",
  "# METADATA\n# authors: [\"  \"]\npackage p\n",
  "# METADATA\n# title: 1:2\n# description: a:b\npackage p\n",
  "# METADATA\n# title:\n#   - x\n# organizations: [[1]]\npackage p\n",
  "# METADATA\n# entrypoint: 1\npackage p\n",
  "# METADATA\n# labels: [a]\npackage p\n",
  "package p\n# METADATA\n# scope: rule\nimport data.x\n",
  "package p\n# METADATA\n# title: x\nf(1) := 2\n",
  "# METADATA\n# title: \"abcdefghijklmnop\"\n# custom: \"abcdefghijkl\"\npackage p\n",
  "# METADATA\n# schemas:\n#   - input.x: 1.5\npackage p\n",
  "",
  "# only a comment\n",
  "\n\n",
  "# METADATA\n# title: x\n",
  "# a\n# METADATA\n# description: d\n\n# trailing\n",
];

interface Row {
  message: string;
  row: number;
  col: number;
  details: unknown;
}

function ours(src: string, v0: boolean): Row[] {
  const r = parseModule(src, { file: 'm.rego', regoVersion: v0 ? 'v0' : 'v1' });
  return r.errors.map((e) => ({ message: e.message, row: e.location!.row, col: e.location!.col, details: e.details ?? null }));
}

function theirs(dir: string, src: string, v0: boolean): Row[] {
  const f = join(dir, 'm.rego');
  writeFileSync(f, src);
  const r = spawnSync(opa!, ['parse', '--format', 'json', ...(v0 ? ['--v0-compatible'] : []), 'm.rego'], { cwd: dir, encoding: 'utf8' });
  if (r.status === 0) return [];
  const out = JSON.parse(r.stderr) as { errors: { message: string; location: { row: number; col: number }; details?: unknown }[] };
  return out.errors.map((e) => ({ message: e.message, row: e.location.row, col: e.location.col, details: e.details ?? null }));
}

describe('METADATA blocks and comment-only modules parse as opa parses them', () => {
  for (const v0 of [false, true]) {
    it.skipIf(!opa)(`${v0 ? 'v0' : 'v1'}: ${CASES.length} modules, same errors${opa ? '' : ` (${SKIP_NO_OPA})`}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'parity-metadata-'));
      const mismatches: string[] = [];
      let rejected = 0;
      for (const src of CASES) {
        const want = theirs(dir, src, v0);
        if (want.length > 0) rejected++;
        const got = ours(src, v0);
        if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${JSON.stringify(src)}\n  opa: ${JSON.stringify(want)}\n  us:  ${JSON.stringify(got)}`);
      }
      expect(rejected).toBeGreaterThan(50);
      expect(mismatches, mismatches.join('\n')).toEqual([]);
    });
  }
});

describe('METADATA blocks (pinned from opa v1.17.1)', () => {
  it('a comment-only module with a block wants a package at the block; without one it is empty', () => {
    expect(ours('# METADATA\n# title: x\n', false)).toEqual([{ message: 'package expected', row: 1, col: 1, details: null }]);
    expect(ours('# just a comment\n', false)).toEqual([{ message: 'empty module', row: 0, col: 0, details: null }]);
  });

  it('reports YAML errors at the comment OPA derives from go-yaml\'s line number', () => {
    const e = ours('package p\n\n# METADATA\n# title: Testing annotations\n# aut\n', false);
    expect(e).toEqual([{ message: "yaml: line 2: could not find expected ':'", row: 5, col: 1, details: { line: '# aut', idx: 0 } }]);
  });

  it('checks the scope against the statement below the block', () => {
    expect(ours('# METADATA\n# scope: rule\npackage p\n', false)[0]!.message).toBe("annotation scope 'rule' must be applied to rule (have package)");
    expect(ours('package p\nx := 1\n# METADATA\n# title: t\n', false)[0]!.message).toBe(
      "invalid annotation scope ''. Use one of 'rule', 'document', 'package', or 'subpackages'",
    );
  });

  it('exposes valid blocks on the module with their effective scope', () => {
    const src = '# METADATA\n# title: P\npackage p\n\n# METADATA\n# entrypoint: true\n# custom:\n#   __proto__: 1\nallow := true\n';
    const m = parseModule(src).module!;
    expect(m.annotations!.map((a) => [a.scope, a.entrypoint, a.location.row])).toEqual([
      ['package', false, 1],
      ['document', true, 5],
    ]);
    expect(m.annotations![0]!.value).toEqual({ title: 'P' });
    const custom = m.annotations![1]!.value['custom'] as Record<string, unknown>;
    expect(Object.hasOwn(custom, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(custom)).toBe(Object.prototype);
  });
});
