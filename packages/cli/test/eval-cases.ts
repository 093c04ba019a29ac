/**
 * `eval` cases run by eval.test.ts against rego-ts and (when present) opa. Each case names the
 * files it needs (written to a fresh directory), the arguments and optional stdin. Expected
 * outputs are pinned from opa v1.17.1 in eval-pinned.json (regenerate with
 * `UPDATE_OPA_PINS=1 pnpm exec vitest run packages/cli/test/eval.test.ts`).
 */
import { gzipSync } from 'node:zlib';

export interface CliCase {
  name: string;
  files?: Record<string, string | Uint8Array>;
  args: string[];
  stdin?: string;
  /** Why rego-ts cannot match opa yet (evaluator gap): the case is expected to differ. */
  gap?: string;
}

/** A gzipped ustar archive of `files` (paths as given, e.g. `/data.json`, `./a/p.rego`). */
export function tarGz(files: Record<string, string>): Uint8Array {
  const blocks: Buffer[] = [];
  for (const [path, text] of Object.entries(files)) {
    const body = Buffer.from(text, 'utf8');
    const h = Buffer.alloc(512);
    h.write(path, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0' + '00', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

const POLICY = `package ex

allow if input.x > 1
s contains x if some x in [1, 2, 3]
o := {"a": 1, "<b>": "x&y"}
big := 12345678901234567890123
f := 1.0
g := 1e3
pr if {
	print("hello", input.x)
	true
}
`;
const INPUT = '{"x": 2, "n": 123456789012345678901234567890}';
const BASE = { 'p.rego': POLICY, 'in.json': INPUT };
const FORMATS = ['json', 'values', 'bindings', 'pretty', 'raw'] as const;

const MANY = 'data.ex.o; input.n; data.ex.big; data.ex.f; data.ex.g; {1,2}; {[1]: 2}; "a<b"';

export const EVAL_CASES: CliCase[] = [
  ...FORMATS.flatMap((f): CliCase[] => [
    { name: `${f}: defined`, files: BASE, args: ['eval', '-d', 'p.rego', '-i', 'in.json', '-f', f, 'data.ex.allow'] },
    { name: `${f}: undefined`, files: BASE, args: ['eval', '-d', 'p.rego', '-f', f, 'data.ex.allow'] },
    { name: `${f}: several results with bindings`, files: BASE, args: ['eval', '-d', 'p.rego', '-f', f, 'x := data.ex.s[_]; y := x + 1; x > 0'] },
    { name: `${f}: many expressions, exact numbers, Go escaping`, files: BASE, args: ['eval', '-d', 'p.rego', '-i', 'in.json', '-f', f, MANY] },
    { name: `${f}: query parse error`, args: ['eval', '-f', f, 'x := '] },
    { name: `${f}: strict builtin error`, args: ['eval', '--strict-builtin-errors', '-f', f, 'x := 1/0'] },
    { name: `${f}: conflict error in a module`, files: { 'c.rego': 'package c\nx := 1 if true\nx := 2 if true\n' }, args: ['eval', '-d', 'c.rego', '-f', f, 'data.c.x'] },
  ]),
  { name: 'default format is json', files: BASE, args: ['eval', '-d', 'p.rego', 'data.ex.o'] },
  { name: 'builtin error without --strict-builtin-errors is undefined', args: ['eval', 'x := 1/0'] },
  { name: 'raw strings unquoted', args: ['eval', '-f', 'raw', 'x := ["a", "b"][_]; y := {"k": x}; x'] },
  {
    name: 'a ref expression whose value is false fails',
    args: ['eval', '-f', 'raw', '[false, true][_]'],
  },
  { name: 'some declarations are not result expressions', args: ['eval', 'some x; x = 1'] },
  { name: 'some-in is a result expression', args: ['eval', '-f', 'raw', 'some x in [1]; x > 0'] },
  { name: 'pretty: one object value', args: ['eval', '-f', 'pretty', '{"a": {"b": [1, 2]}}'] },
  { name: 'pretty: all-boolean expressions', args: ['eval', '-f', 'pretty', '1 == 1; 2 > 1'] },
  { name: 'pretty: false expression is undefined', args: ['eval', '-f', 'pretty', 'true; false'] },
  { name: 'pretty: bindings and a non-boolean expression', args: ['eval', '-f', 'pretty', 'x := 1; x > 0; 2'] },
  { name: 'pretty: wide characters', args: ['eval', '-f', 'pretty', 'x := "日本語"; y := "é"'] },
  { name: 'pretty: emoji, modifiers, flags, halfwidth kana', args: ['eval', '-f', 'pretty', 'x := "👨‍👩‍👧"; y := "❤️"; z := "🇫🇷"; w := "ﾊﾟ"; v := "👍🏽 ⌚ ☃"'] },
  { name: 'pretty: multi-line header', args: ['eval', '-f', 'pretty', '[ 1,\n     2 ]  ; "  x  "'] },
  { name: 'pretty: long values are not wrapped', args: ['eval', '-f', 'pretty', `x := "${'abcdefghi '.repeat(12)}"; y := 1`] },
  { name: 'pretty: empty string', args: ['eval', '-f', 'pretty', '""'] },
  { name: 'print goes to stderr', files: BASE, args: ['eval', '-d', 'p.rego', '-i', 'in.json', '-f', 'pretty', 'data.ex.pr'] },
  { name: '--fail, undefined', files: BASE, args: ['eval', '-d', 'p.rego', '--fail', 'data.ex.allow'] },
  { name: '--fail, defined', args: ['eval', '--fail', 'x := 1'] },
  { name: '--fail-defined, defined', args: ['eval', '--fail-defined', '-f', 'raw', 'x := 1'] },
  { name: '--fail-defined, undefined', files: BASE, args: ['eval', '-d', 'p.rego', '--fail-defined', 'data.ex.allow'] },
  { name: '--fail with an error exits 2', args: ['eval', '--fail', '-f', 'pretty', 'x := '] },
  { name: '--package', files: BASE, args: ['eval', '-d', 'p.rego', '-i', 'in.json', '--package', 'ex', '-f', 'pretty', 'allow; o.a; x := s[_]; input.x'] },
  { name: '--package: declared names stay local', files: BASE, args: ['eval', '-d', 'p.rego', '--package', 'ex', '-f', 'json', 'f := 2; g'] },
  { name: '--import', files: BASE, args: ['eval', '-d', 'p.rego', '--import', 'data.ex', '--import', 'data.ex.o as obj', '-f', 'pretty', 'ex.f; obj.a'] },
  { name: '--import of input', files: BASE, args: ['eval', '-i', 'in.json', '--import', 'input.x', '-f', 'raw', 'x'] },
  { name: '--import and --package together', files: BASE, args: ['eval', '-d', 'p.rego', '--package', 'ex', '--import', 'data.ex.o as f', '-f', 'raw', 'f.a; g'] },
  { name: '--import parse error', args: ['eval', '--import', 'bad', '-f', 'json', '1'] },
  { name: 'discard: defined', args: ['eval', '-f', 'discard', 'x := 1'] },
  { name: 'discard: undefined', args: ['eval', '-f', 'discard', 'false'] },
  { name: 'discard: error', args: ['eval', '-f', 'discard', 'x := '] },
  { name: 'query from stdin (--stdin)', args: ['eval', '--stdin', '-f', 'raw'], stdin: 'x := 2\ny := x * 3\ny' },
  { name: 'input from stdin (-I)', args: ['eval', '-I', '-f', 'raw', 'input.a'], stdin: '{"a": "from stdin"}' },
  { name: 'input as YAML', files: { 'in.yaml': 'a:\n  - 1\n  - two\n' }, args: ['eval', '-i', 'in.yaml', 'input'] },
  { name: 'missing input file', args: ['eval', '-i', 'nope.json', 'input'] },
  { name: 'missing -d path (json)', args: ['eval', '-d', 'nope.rego', 'data'] },
  { name: 'missing -d path (pretty)', args: ['eval', '-d', 'nope.rego', '-f', 'pretty', 'data'] },
  { name: 'policy parse error (json)', files: { 'bad.rego': 'package bad\nx := \n' }, args: ['eval', '-d', 'bad.rego', 'data'] },
  { name: 'policy parse error (pretty)', files: { 'bad.rego': 'package bad\nx := \n' }, args: ['eval', '-d', 'bad.rego', '-f', 'pretty', 'data'] },
  { name: 'bad JSON data file', files: { 'bad.json': '{bad' }, args: ['eval', '-d', 'bad.json', 'data'] },
  { name: 'data file must be an object', files: { 'arr.json': '[1]' }, args: ['eval', '-d', 'arr.json', 'data'] },
  { name: 'merge error', files: { 'a.json': '{"x": 1}', 'b.json': '{"x": 2}' }, args: ['eval', '-d', 'a.json', '-d', 'b.json', 'data'] },
  {
    name: 'directory: data at directory paths, YAML 1.1, policies',
    files: {
      'dd/a/b/data.json': '{"x": 1}',
      'dd/a/b/more.yaml': 'y: 2\nz: [1, 2]\nw: yes\n',
      'dd/c/data.yml': 'q: true\n',
      'dd/readme.txt': 'not data',
      'dd/a/pol.rego': 'package a.b\nv := data.a.b.x + 1\n',
    },
    args: ['eval', '-d', 'dd', 'data'],
  },
  {
    name: 'YAML data as Go yaml.v2 reads it',
    files: {
      'y.yaml':
        'a: on\nb: yes\nc: 010\nd: 1_000\ne: 2001-12-14\nf: 0x1F\nh: ~\ni: 1.0\nj: 12345678901234567890123\nk: "quoted"\nl: 1e3\nm: !!str 5\nn: [1, 2]\no: {p: q}\n"on": x\n2: two\nr: -0\nt: 1:30\nbig: 9007199254740993\n',
    },
    args: ['eval', '-d', 'y.yaml', '-f', 'raw', 'data'],
  },
  { name: 'YAML infinity is an error', files: { 'inf.yaml': 'g: .inf\n' }, args: ['eval', '-d', 'inf.yaml', 'data'] },
  {
    name: 'data and rules at the same path conflict',
    files: { 'ov.json': '{"ex": {"allow": true}}', 'p.rego': POLICY },
    args: ['eval', '-d', 'ov.json', '-d', 'p.rego', 'data.ex.allow'],
  },
  {
    name: '--ignore name patterns (not applied to the given paths)',
    files: { 'ig/.hidden/data.json': '{"h": 1}', 'ig/sub/data.json': '{"s": 1}', 'ig/t_test.rego': 'package t\ntest_a if true\n' },
    args: ['eval', '-d', 'ig', '-d', 'ig/sub', '--ignore', '.*,sub', '--ignore', '*_test.rego', '-f', 'raw', 'data'],
  },
  ...((): CliCase[] => {
    const bundle = {
      'bun/a/b/data.json': '{"x": 1}',
      'bun/a/b/other.json': '{"ignored": true}',
      'bun/c/data.yaml': 'q: 1\n',
      'bun/a/p.rego': 'package a.b\nv := data.a.b.x + 1\n',
      'bun/c/c.rego': 'package c\nw := 1\n',
      'bun/c/readme.txt': 'junk',
    };
    return [
      { name: 'bundle directory (-b)', files: bundle, args: ['eval', '-b', 'bun', 'data'] },
      { name: 'bundle directory with -d', files: { ...bundle, 'p.rego': POLICY }, args: ['eval', '-b', './bun', '-d', 'p.rego', '-f', 'raw', 'data.a.b.v; data.ex.o'] },
      { name: 'bundle: missing directory', args: ['eval', '-b', 'nope', 'data'] },
      { name: 'bundle: parse error', files: { ...bundle, 'bun/a/p.rego': 'package a.b\nv := \n' }, args: ['eval', '-b', 'bun', '-f', 'pretty', 'data'] },
      { name: 'bundle: bad data file', files: { ...bundle, 'bun/c/data.json': '{bad' }, args: ['eval', '-b', 'bun', 'data'] },
      { name: 'bundle: manifest roots', files: { ...bundle, 'bun/.manifest': '{"roots": ["a", "c"]}' }, args: ['eval', '-b', 'bun', '-f', 'raw', 'data'] },
      { name: 'bundle: package outside the roots', files: { ...bundle, 'bun/.manifest': '{"roots": ["a"]}' }, args: ['eval', '-b', 'bun', 'data'] },
      { name: 'bundle: data outside the roots', files: { ...bundle, 'bun/c/c.rego': 'package a.c\n', 'bun/.manifest': '{"roots": ["a"]}' }, args: ['eval', '-b', 'bun', 'data'] },
      { name: 'bundle: overlapping roots', files: { ...bundle, 'bun/.manifest': '{"roots": ["a", "a/b"]}' }, args: ['eval', '-b', 'bun', 'data'] },
      {
        name: 'bundle tarball',
        files: { 'b.tar.gz': tarGz({ '/data.json': '{"a": {"x": 1}}', '/a/p.rego': 'package a\nv := data.a.x + 1\n', '/.manifest': '{"roots": ["a"]}' }) },
        args: ['eval', '-b', 'b.tar.gz', '-f', 'raw', 'data'],
      },
      {
        name: 'bundle tarball: parse error names the archive path',
        files: { 'b.tar.gz': tarGz({ './a/data.json': '{"x": 1}', './c/bad.rego': 'package c\nw := \n' }) },
        args: ['eval', '-b', 'b.tar.gz', '-f', 'pretty', 'data'],
      },
      { name: 'bundle: a file that is not a tarball', files: { 'p.rego': 'package p\n' }, args: ['eval', '-b', 'p.rego', 'data'] },
      { name: 'bundle: rego_version 0 in the manifest', files: { 'bun/p.rego': 'package p\nallow { true }\n', 'bun/.manifest': '{"rego_version": 0}' }, args: ['eval', '-b', 'bun', '-f', 'raw', 'data.p.allow'] },
    ];
  })(),
  { name: 'prefixed data path', files: { 'x.json': '{"k": 1}' }, args: ['eval', '-d', 'pre.fix:x.json', '-f', 'pretty', 'data'] },
  { name: 'v0 policy with --v0-compatible', files: { 'v0.rego': 'package v\nallow { input.x == 1 }\nset[x] { x := 1 }\n', 'in.json': '{"x": 1}' }, args: ['eval', '--v0-compatible', '-d', 'v0.rego', '-i', 'in.json', 'data.v'], },
  { name: 'v0 policy without --v0-compatible', files: { 'v0.rego': 'package v\nallow { true }\n' }, args: ['eval', '-d', 'v0.rego', 'data.v'] },
  { name: 'opa.runtime', args: ['eval', '-f', 'pretty', 'object.remove(opa.runtime(), {"env"})'] },
  { name: 'type error in the query', args: ['eval', '-f', 'pretty', 'count(1)'] },
  { name: 'big numbers from input and data', files: { 'd.json': '{"n": 1.50, "m": 100000000000000000000000001}' }, args: ['eval', '-d', 'd.json', '-f', 'values', 'data.n; data.m; [data.n, data.m]'] },
];
