/**
 * METADATA annotations against opa v1.17.1: `rego-ts parse --format json` prints them as
 * `opa parse` does (on the module and on the rules they apply to), and `rego.metadata.rule()` /
 * `rego.metadata.chain()` give opa's values. Outputs pinned in parse-annotations-pinned.json
 * (regenerate with `UPDATE_OPA_PINS=1 pnpm exec vitest run packages/cli/test/parse-annotations.test.ts`).
 */
import { join } from 'node:path';
import type { CliCase } from './eval-cases.js';
import { pinnedSuite } from './pinned-cases.js';

/** Every field: authors and related resources in both forms, schemas by ref and inline. */
const FIELDS = "# METADATA\n# title: My pkg\n# description: pkg desc\n# authors:\n# - John Doe <john@example.com>\n# - name: Jane\n#   email: jane@x.com\n# organizations: [acme]\n# related_resources:\n# - https://example.com\n# - ref: https://foo.com\n#   description: foo\n# schemas:\n# - input: schema.input\n# - input.x: {\"type\": \"string\"}\n# custom:\n#   foo: bar\n#   n: 1.5\npackage a\n\n# METADATA\n# title: rule p\n# entrypoint: true\np if true\n\n# METADATA\n# scope: document\n# description: doc\nq := 1\n\n# METADATA\n# title: q2\nq := 2 if false\n";

/** Scalars decoded into Go strings, YAML maps that look like AST terms, several rule blocks. */
const SHAPES = "# METADATA\n# scope: subpackages\n# organizations: [1.50, yes, \"x\"]\n# title: 1.50\npackage b.c\n\nimport rego.v1\n\n# METADATA\n# description: |\n#   multi\n#   line\n# custom:\n#   type: string\n#   value: 3\n#   z: [1, {b: 2, a: 1}]\n#   f: 1e3\n# labels:\n#   team: x\n# schemas:\n#   - input: {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}\n#   - data.foo: schema.x[\"y\"]\n#   - input.a: schema\n# compile:\n#   unknowns: [input.x]\n#   mask_rule: data.masks\n# related_resources:\n#   - ref: \"https://example.com/a?x=1#f\"\n#     description: d\n# authors:\n#   - \"Only Name\"\n#   - \"<only@email>\"\n#   - email: e@x\np contains x if some x in [1]\n\n# METADATA\n# title: first q\nq.r[x] := 1 if x := 1\n\n# METADATA\n# scope: document\n# title: doc q\nq.r[y] := 2 if y := 2\n\n# METADATA\n# title: second\nq.r.s := 3\n\nf(x) := x\n";

/** Rule, document, package and subpackages blocks, several above one rule. */
const CHAIN = "# METADATA\n# title: pk\n# custom: {a: 1}\n# METADATA\n# scope: subpackages\n# title: root subs\npackage x.y\n\n# METADATA\n# title: pkg\n# authors: [\"A B <a@b>\", {name: N}]\n# related_resources: [https://x.io]\n# schemas:\n#   - input.a: schema.foo\n#   - data.q: {\"type\": \"boolean\"}\n# custom: {k: [1, 2.5, true, null]}\n# labels: {l: v}\n# organizations: [o]\n# description: d\n\n# METADATA\n# title: first\n# METADATA\n# title: second\n# entrypoint: false\np := [rego.metadata.rule(), rego.metadata.chain()]\n\n# METADATA\n# scope: document\n# title: doc\nq := rego.metadata.chain()\n\n# METADATA\n# title: rule q2\nq := 1 if false\n\nr := rego.metadata.chain()\n";

const ROOT = "# METADATA\n# scope: subpackages\n# title: top\npackage x\n";

const CASES: CliCase[] = [
  { name: 'parse json: every annotation field', files: { 'a.rego': FIELDS }, args: ['parse', '--format', 'json', 'a.rego'] },
  { name: 'parse json: string scalars, YAML maps, rule attachment', files: { 'b.rego': SHAPES }, args: ['parse', '--format', 'json', 'b.rego'] },
  { name: 'parse json: chain fixture', files: { 'm.rego': CHAIN }, args: ['parse', '--format', 'json', 'm.rego'] },
  { name: 'parse json with locations: every annotation field', files: { 'a.rego': FIELDS }, args: ['parse', '--format', 'json', '--json-include', 'locations', 'a.rego'] },
  { name: 'parse json with locations: shapes', files: { 'b.rego': SHAPES }, args: ['parse', '--format', 'json', '--json-include', 'locations', 'b.rego'] },
  {
    name: 'rego.metadata.rule and chain',
    files: { 'm.rego': CHAIN, 'root.rego': ROOT },
    args: ['eval', '-f', 'json', '-d', 'm.rego', '-d', 'root.rego', 'data.x.y'],
  },
];

pinnedSuite({ title: 'annotations match opa', cases: CASES, pins: join(import.meta.dirname, 'parse-annotations-pinned.json') });
