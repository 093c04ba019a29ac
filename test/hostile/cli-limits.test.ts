// Hostile inputs through the CLI and the Gatekeeper Client: the opt-in limits (`--timeout`,
// `--max-steps`, `--max-input-nodes`, `--max-data-nodes`, `--max-policy-bytes`,
// `--max-file-bytes`; Client `limits`) reject oversized or runaway work with a clear error
// and the command's error exit status, never a stack trace.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client } from '../../packages/gatekeeper-model/src/index.js';
import { BIN, HAVE_BIN, runCli, SKIP_NO_BIN } from '../../packages/cli/test/run-cli.js';
import { tarGz } from '../../packages/cli/test/eval-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'rego-ts-cli-limits-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const policy = file('p.rego', 'package p\n\nr := count([x | some x in numbers.range(1, 100000)])\nn := count(input.a)\nxs := count(data.xs)\n');
const input = file('input.json', '{"a": [1, 2, 3, 4]}');
const data = file('data.json', '{"xs": [1, 2, 3]}');
const bigInput = file('big.json', JSON.stringify({ a: Array.from({ length: 200_000 }, (_, i) => i) }));

/** No JS stack trace in the output (`at f (file:…)` lines, `RangeError`, `TypeError`). */
const noTrace = (s: string): void => {
  expect(s).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(s).not.toMatch(/RangeError|TypeError|internal error/);
};

describe.skipIf(!HAVE_BIN)(`rego-ts eval limits (${HAVE_BIN ? 'built' : SKIP_NO_BIN})`, () => {
  it('--max-steps: eval_cancel_error, exit 2 (JSON and pretty output)', () => {
    const r = runCli(['eval', '-d', policy, 'data.p.r', '--max-steps', '1000']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ errors: [{ code: 'eval_cancel_error', message: 'caller cancelled query execution: step budget exhausted' }] });
    const p = runCli(['eval', '-d', policy, 'data.p.r', '--max-steps', '1000', '-f', 'pretty']);
    expect([p.code, p.stderr]).toEqual([2, '1 error occurred: eval_cancel_error: caller cancelled query execution: step budget exhausted\n']);
    expect(runCli(['eval', '-d', policy, 'data.p.r', '--max-steps', '0', '-f', 'raw'])).toMatchObject({ code: 0, stdout: '100000\n' });
  });

  it('--timeout still reports opa\'s context error', () => {
    const slow = file('slow.rego', 'package s\n\nr := count([1 | some x in numbers.range(1, 3000); some y in numbers.range(1, 3000)])\n');
    const r = runCli(['eval', '-d', slow, 'data.s.r', '--timeout', '1ms', '-f', 'pretty']);
    expect([r.code, r.stderr]).toEqual([2, '1 error occurred: eval_cancel_error: context deadline exceeded\n']);
  });

  it('--max-input-nodes: a 200k-element input is refused, a small one evaluates', () => {
    const r = runCli(['eval', '-d', policy, '-i', bigInput, 'data.p.n', '--max-input-nodes', '1000', '-f', 'pretty']);
    expect([r.code, r.stderr]).toEqual([2, '1 error occurred: eval_cancel_error: caller cancelled query execution: input has more than maxInputNodes (1000) values\n']);
    expect(runCli(['eval', '-d', policy, '-i', input, 'data.p.n', '--max-input-nodes', '6', '-f', 'raw'])).toMatchObject({ code: 0, stdout: '4\n' });
  });

  it('--max-data-nodes: data files over the limit are a compile error naming the file', () => {
    const r = runCli(['eval', '-d', policy, '-d', data, 'data.p.xs', '--max-data-nodes', '4', '-f', 'pretty']);
    expect([r.code, r.stderr]).toEqual([2, `1 error occurred: rego_compile_error: data too large: base document has more than maxDataNodes (4) values at ${data}\n`]);
    expect(runCli(['eval', '-d', policy, '-d', data, 'data.p.xs', '--max-data-nodes', '5', '-f', 'raw'])).toMatchObject({ code: 0, stdout: '3\n' });
  });

  it('--max-data-nodes: a large data file is refused on its text, before it is decoded (JSON and YAML)', () => {
    const limitError = (f: string): [number, string] => [2, `1 error occurred: rego_compile_error: data too large: base document has more than maxDataNodes (1000) values at ${f}\n`];
    mkdirSync(join(dir, 'big-x', 'xs'), { recursive: true });
    mkdirSync(join(dir, 'big-y', 'ys'), { recursive: true });
    // 200k values and a syntax error at the end: decoding would report the error; counted on
    // the text, the list's items settle at once (no later text can take them back), so the file
    // is refused after ~1000 values and never decoded.
    const json = join(dir, 'big-x', 'xs', 'data.json');
    writeFileSync(json, `[${Array.from({ length: 200_000 }, (_, i) => i).join(', ')}, oops`);
    const yaml = join(dir, 'big-y', 'ys', 'data.yaml');
    writeFileSync(yaml, `${Array.from({ length: 200_000 }, (_, i) => `- ${i}`).join('\n')}\n: : [ broken\n`);
    const yamlMap = file('big-map.yml', `${Array.from({ length: 200_000 }, (_, i) => `k${i}: {v: ${i}}`).join('\n')}\n: : [ broken\n`);
    for (const [f, arg] of [[json, join(dir, 'big-x')], [yaml, join(dir, 'big-y')], [yamlMap, yamlMap]] as const) {
      const r = runCli(['eval', '-d', policy, '-d', arg, 'data.p.xs', '--max-data-nodes', '1000', '-f', 'pretty']);
      expect([r.code, r.stderr]).toEqual(limitError(f));
      noTrace(r.stdout + r.stderr);
    }
    // Without the limit the files are decoded, and fail as they should.
    expect(runCli(['eval', '-d', json, 'data', '-f', 'pretty']).stderr).toContain(`${json}: invalid character`);
    expect(runCli(['eval', '-d', yamlMap, 'data', '-f', 'pretty']).stderr).toContain(`${yamlMap}: error converting YAML to JSON: yaml:`);
    // Values under a key settle only when their object ends (a repeated key would replace them):
    // a valid file is still refused on its text, without being decoded.
    const keyed = file('big-keyed.json', JSON.stringify({ xs: Array.from({ length: 200_000 }, (_, i) => ({ v: i })) }));
    expect(Object.values(runCli(['eval', '-d', keyed, 'count(data.xs)', '--max-data-nodes', '1000', '-f', 'pretty']))).toEqual([limitError(keyed)[0], '', limitError(keyed)[1]]);
    expect(runCli(['eval', '-d', keyed, 'count(data.xs)', '--max-data-nodes', '400002', '-f', 'raw'])).toMatchObject({ code: 0, stdout: '200000\n' });
    expect(runCli(['eval', '-d', keyed, 'count(data.xs)', '--max-data-nodes', '400001', '-f', 'raw']).code).toBe(2);
  });

  it('--max-data-nodes: a directory counts all its data files together; under the limit the same values load', () => {
    const d = join(dir, 'data-dir');
    const put = (name: string, text: string): void => {
      mkdirSync(join(d, name, '..'), { recursive: true });
      writeFileSync(join(d, name), text);
    };
    // Each file alone is small; together (merged: `a` counts once; `y` is YAML 1.1's true) 1 + 5 + 7 + 1 + 2 + 3 = 19 values.
    put('a/data.json', '{"x": [1, 2, 3]}');
    put('b/data.yaml', 'y: [1, 2, 3]\nz: {q: 1}\n');
    put('c.json', '{"a": {"x2": 1}}');
    put('d.yaml', 'a:\n  w: {v: 1}\n');
    put('e/f/data.yml', 'g: 1\n');
    const plain = runCli(['eval', '-d', d, 'data', '-f', 'json']);
    expect(plain.code).toBe(0);
    const at = runCli(['eval', '-d', d, 'data', '-f', 'json', '--max-data-nodes', '19']);
    expect([at.code, at.stdout]).toEqual([0, plain.stdout]);
    const r = runCli(['eval', '-d', d, 'data', '-f', 'pretty', '--max-data-nodes', '18']);
    expect([r.code, r.stderr]).toEqual([2, `1 error occurred: rego_compile_error: data too large: base document has more than maxDataNodes (18) values at ${join(d, 'e', 'f', 'data.yml')}\n`]);
    // Several -d paths share the budget too.
    const two = runCli(['eval', '-d', join(d, 'a'), '-d', join(d, 'b'), 'data', '-f', 'pretty', '--max-data-nodes', '8']);
    expect([two.code, two.stderr]).toEqual([2, `1 error occurred: rego_compile_error: data too large: base document has more than maxDataNodes (8) values at ${join(d, 'b', 'data.yaml')}\n`]);
  });

  it('--max-data-nodes: bundle data files (directory and tarball), counted with -d data', () => {
    const b = join(dir, 'bundle');
    mkdirSync(join(b, 'sub'), { recursive: true });
    writeFileSync(join(b, 'data.json'), '{"xs": [1, 2, 3]}');
    writeFileSync(join(b, 'sub', 'data.yaml'), `ys: [${Array.from({ length: 5000 }, (_, i) => i).join(', ')}]\n`);
    // 1 + 1 + 3 + (sub) 1 + 1 + 5000 values.
    const plain = runCli(['eval', '-b', b, 'data', '-f', 'json']);
    expect(runCli(['eval', '-b', b, 'data', '-f', 'json', '--max-data-nodes', '5007'])).toMatchObject({ code: 0, stdout: plain.stdout });
    const r = runCli(['eval', '-b', b, 'data', '-f', 'pretty', '--max-data-nodes', '5006']);
    expect([r.code, r.stderr]).toEqual([2, `1 error occurred: rego_compile_error: data too large: base document has more than maxDataNodes (5006) values at ${join(b, 'sub', 'data.yaml')}\n`]);
    // With -d data loaded first: the budget is for both.
    const other = file('other.json', '{"o": 1}');
    const withData = runCli(['eval', '-d', other, '-b', b, 'count(data.xs)', '-f', 'pretty', '--max-data-nodes', '5007']);
    expect([withData.code, withData.stderr]).toEqual([2, `1 error occurred: rego_compile_error: data too large: base document has more than maxDataNodes (5007) values at ${join(b, 'sub', 'data.yaml')}\n`]);
    expect(runCli(['eval', '-d', other, '-b', b, 'count(data.xs)', '-f', 'raw', '--max-data-nodes', '5008'])).toMatchObject({ code: 0, stdout: '3\n' });
    const tgz = join(dir, 'bundle.tar.gz');
    writeFileSync(tgz, tarGz({ '/data.json': '{"xs": [1, 2, 3]}', '/sub/data.json': `{"ys": [${Array.from({ length: 5000 }, (_, i) => i).join(', ')}]}` }));
    const t = runCli(['eval', '-b', tgz, 'data', '-f', 'pretty', '--max-data-nodes', '5006']);
    expect([t.code, t.stderr]).toEqual([2, `1 error occurred: rego_compile_error: data too large: base document has more than maxDataNodes (5006) values at ${tgz}: /sub/data.json\n`]);
    expect(runCli(['eval', '-b', tgz, 'count(data.sub.ys)', '-f', 'raw', '--max-data-nodes', '5007'])).toMatchObject({ code: 0, stdout: '5000\n' });
  });

  it('--max-policy-bytes: the total of the loaded .rego files', () => {
    const size = readFileSync(policy).length;
    const r = runCli(['eval', '-d', policy, 'data.p.n', '--max-policy-bytes', String(size - 1), '-f', 'pretty']);
    expect([r.code, r.stderr]).toEqual([2, `1 error occurred: rego_compile_error: policy too large: module sources exceed maxPolicyBytes (${size - 1} bytes) at ${policy}\n`]);
    expect(runCli(['eval', '-d', policy, 'data.p.xs', '--max-policy-bytes', String(size), '-f', 'raw']).code).toBe(0);
  });

  it('--max-file-bytes: policy, data and input files are not read past the limit', () => {
    const d = runCli(['eval', '-d', policy, '-d', data, 'data.p.xs', '--max-file-bytes', '20', '-f', 'pretty']);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain(`${policy}: file too large: ${readFileSync(policy).length} bytes exceed --max-file-bytes (20)`);
    const i = runCli(['eval', '-i', bigInput, 'input.a[0]', '--max-file-bytes', '1000', '-f', 'pretty']);
    expect([i.code, i.stderr]).toEqual([2, `unable to read input: ${bigInput}: file too large: ${readFileSync(bigInput).length} bytes exceed --max-file-bytes (1000)\n`]);
    noTrace(d.stdout + d.stderr + i.stdout + i.stderr);
  });

  it('--max-file-bytes also limits stdin input, counted while reading (an endless pipe stops)', () => {
    const big = runCli(['eval', '-I', 'input.a[0]', '--max-file-bytes', '1000', '-f', 'pretty'], { input: readFileSync(bigInput, 'utf8') });
    expect([big.code, big.stderr]).toEqual([2, 'unable to read input: stdin: input too large: more than 1000 bytes (--max-file-bytes)\n']);
    expect(runCli(['eval', '-I', 'input.a[0]', '--max-file-bytes', '1000', '-f', 'raw'], { input: readFileSync(input, 'utf8') })).toMatchObject({ code: 0, stdout: '1\n' });
    // `yes` never ends: without a running count this would read until memory runs out.
    const endless = spawnSync('sh', ['-c', `yes '[1,' | "${process.execPath}" "${BIN}" eval -I input --max-file-bytes 100000 -f pretty`], { encoding: 'utf8', timeout: 60_000 });
    expect([endless.status, endless.stderr]).toEqual([2, 'unable to read input: stdin: input too large: more than 100000 bytes (--max-file-bytes)\n']);
  });

  it('--max-input-nodes: JSON input text is counted before it is parsed (same error as the evaluator)', () => {
    const text = readFileSync(bigInput, 'utf8');
    for (const args of [['-I'], ['-i', bigInput]]) {
      const r = runCli(['eval', ...args, 'data.p.n', '-d', policy, '--max-input-nodes', '1000', '-f', 'pretty'], { input: text });
      expect([r.code, r.stderr]).toEqual([2, '1 error occurred: eval_cancel_error: caller cancelled query execution: input has more than maxInputNodes (1000) values\n']);
    }
    // Exactly at the limit: 1 object + 1 array + 4 numbers (YAML: see the next test).
    expect(runCli(['eval', '-I', 'data.p.n', '-d', policy, '--max-input-nodes', '6', '-f', 'raw'], { input: '{"a": [1, 2, 3, 4]}' })).toMatchObject({ code: 0, stdout: '4\n' });
    expect(runCli(['eval', '-I', 'data.p.n', '-d', policy, '--max-input-nodes', '5', '-f', 'raw'], { input: '{"a": [1, 2, 3, 4]}' }).code).toBe(2);
    expect(runCli(['eval', '-I', 'data.p.n', '-d', policy, '--max-input-nodes', '5', '-f', 'raw'], { input: 'a: [1, 2, 3, 4]\n' }).code).toBe(2);
  });

  it('--max-input-nodes: YAML input is counted before its value is built (on its tokens, aliases before expanding)', () => {
    // List items under a key and a syntax error at the end: counted on the lexer's tokens, so the
    // error is the limit's, not the parser's (the file is never parsed; 200k items: ~1.5 s
    // instead of the ~45 s the yaml package takes to compose it). Items under a key count once
    // the mapping ends: a repeated key would replace them.
    const yamlList = (n: number): string => `a:\n${Array.from({ length: n }, (_, i) => `  - {name: n${i}, v: ${i}}`).join('\n')}\n: : [ broken\n`;
    const limitError = (n: number): [number, string] => [2, `1 error occurred: eval_cancel_error: caller cancelled query execution: input has more than maxInputNodes (${n}) values\n`];
    const r = runCli(['eval', '-i', file('big.yaml', yamlList(200_000)), 'data.p.n', '-d', policy, '--max-input-nodes', '1000', '-f', 'pretty']);
    expect([r.code, r.stderr]).toEqual(limitError(1000));
    const small = file('small.yaml', yamlList(2000));
    expect(runCli(['eval', '-i', small, 'data.p.n', '-d', policy, '--max-input-nodes', '1000', '-f', 'pretty']).stderr).toBe(limitError(1000)[1]);
    expect(runCli(['eval', '-i', small, 'data.p.n', '-d', policy, '-f', 'pretty']).stderr).toMatch(/^unable to parse input: yaml: /);
    // An alias bomb is counted as expanded before it is expanded: the limit's error, not the
    // yaml package's "excessive alias count".
    const bomb = file('bomb.yaml', 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n');
    const b = runCli(['eval', '-i', bomb, 'data.p.n', '-d', policy, '--max-input-nodes', '5000', '-f', 'pretty']);
    expect([b.code, b.stderr]).toEqual(limitError(5000));
    // Mapping entries are counted on the tokens too: 300k of them and a syntax error at the end
    // get the limit's error (refused after ~1000 entries; composing them took ~10 s).
    const mapping = file('map.yaml', `${Array.from({ length: 300_000 }, (_, i) => `k${i}: {v: ${i}}`).join('\n')}\n: : [ broken\n`);
    expect(Object.values(runCli(['eval', '-i', mapping, 'data.p.n', '-d', policy, '--max-input-nodes', '1000', '-f', 'pretty']))).toEqual([limitError(1000)[0], '', limitError(1000)[1]]);
    expect(runCli(['eval', '-I', 'data.p.n', '-d', policy, '--max-input-nodes', '5', '-f', 'raw'], { input: 'a: {b: 1, c: 2, d: {e: 3}}\n' }).code).toBe(2);
    // A repeated key replaces its earlier value, however large: accepted, as without a limit.
    expect(runCli(['eval', '-I', 'count(input.a)', '--max-input-nodes', '2', '-f', 'raw'], { input: `a: [${'1, '.repeat(1000)}1]\na: x\n` })).toMatchObject({ code: 0, stdout: '1\n' });
    expect(runCli(['eval', '-I', 'data.p.n', '-d', policy, '--max-input-nodes', '6', '-f', 'raw'], { input: 'a: [1, 2, 3, 4]\n' })).toMatchObject({ code: 0, stdout: '4\n' });
  });

  it('--max-file-bytes stops a gzip bomb bundle while inflating', () => {
    // 32 MB of zeros in one entry: ~32 kB compressed, refused after ~1 MB of output.
    const bomb = join(dir, 'bomb.tar.gz');
    writeFileSync(bomb, tarGz({ '/data.json': `{"x": "${'0'.repeat(32 << 20)}"}` }));
    const r = runCli(['eval', '-b', bomb, 'data.x', '--max-file-bytes', String(1 << 20), '-f', 'pretty']);
    expect([r.code, r.stderr]).toEqual([2, `1 error occurred: loading error: ${bomb}: file too large: decompressed archive exceeds --max-file-bytes (${1 << 20})\n`]);
    const small = join(dir, 'small.tar.gz');
    writeFileSync(small, tarGz({ '/data.json': '{"x": 1}' }));
    expect(runCli(['eval', '-b', small, 'data.x', '--max-file-bytes', '4096', '-f', 'raw'])).toMatchObject({ code: 0, stdout: '1\n' });
    noTrace(r.stdout + r.stderr);
  });

  it('bad limit values are usage errors (exit 2); the help lists the flags', () => {
    const r = runCli(['eval', 'data.p', '--max-steps', '-1']);
    expect(r.code).toBe(2);
    const help = runCli(['eval', '--help']).stdout;
    for (const f of ['--max-steps int', '--max-input-nodes int', '--max-data-nodes int', '--max-policy-bytes int', '--max-file-bytes int', '--timeout duration']) expect(help).toContain(f);
  });
});

describe.skipIf(!HAVE_BIN)('rego-ts test limits', () => {
  it('--max-steps fails the test that exhausts it (exit 2), others pass', () => {
    const t = file('t_test.rego', 'package t\n\ntest_small if { 1 == 1 }\n\ntest_big if { count([x | some x in numbers.range(1, 100000)]) == 100000 }\n');
    const r = runCli(['test', t, '--max-steps', '1000', '-f', 'json']);
    expect(r.code).toBe(2);
    const results = JSON.parse(r.stdout) as Array<{ name: string; fail?: boolean; error?: { code: string } }>;
    expect(results.map((x) => [x.name, x.error?.code ?? null])).toEqual([
      ['test_small', null],
      ['test_big', 'eval_cancel_error'],
    ]);
    expect(runCli(['test', t]).code).toBe(0);
  });

  it('--max-data-nodes: data files counted before decoding, a compile error naming the file (exit 1)', () => {
    const t = file('v_test.rego', 'package v\n\ntest_n if { count(data.v.xs) == 3 }\n');
    const big = join(dir, 'test-data');
    mkdirSync(join(big, 'v'), { recursive: true });
    writeFileSync(join(big, 'v', 'data.json'), '{"xs": [1, 2, 3]}');
    writeFileSync(join(big, 'w.yaml'), `w: [${Array.from({ length: 100_000 }, (_, i) => i).join(', ')}\n`);
    const r = runCli(['test', t, big, '--max-data-nodes', '100']);
    expect([r.code, r.stderr]).toEqual([1, `1 error occurred: rego_compile_error: data too large: base document has more than maxDataNodes (100) values at ${join(big, 'w.yaml')}\n`]);
    writeFileSync(join(big, 'w.yaml'), 'w: 1\n');
    // 1 + v + xs + 3 + w = 7 values.
    expect(runCli(['test', t, big, '--max-data-nodes', '7']).code).toBe(0);
    expect(runCli(['test', t, big, '--max-data-nodes', '6']).code).toBe(1);
    noTrace(r.stderr);
    // Bundles (`test -b`): their data files, all bundles together.
    const b1 = join(dir, 'test-bundle-1');
    const b2 = join(dir, 'test-bundle-2');
    mkdirSync(join(b1, 'v'), { recursive: true });
    mkdirSync(b2, { recursive: true });
    writeFileSync(join(b1, 'v_test.rego'), readFileSync(t, 'utf8'));
    writeFileSync(join(b1, 'v', 'data.json'), '{"xs": [1, 2, 3]}');
    writeFileSync(join(b2, 'data.yaml'), `w: [${Array.from({ length: 100_000 }, (_, i) => i).join(', ')}\n`);
    const rb = runCli(['test', '-b', b1, b2, '--max-data-nodes', '100']);
    expect([rb.code, rb.stderr]).toEqual([1, `1 error occurred: rego_compile_error: data too large: base document has more than maxDataNodes (100) values at ${join(b2, 'data.yaml')}\n`]);
    writeFileSync(join(b2, 'data.yaml'), 'w: 1\n');
    expect(runCli(['test', '-b', b1, b2, '--max-data-nodes', '7']).code).toBe(0);
    expect(runCli(['test', '-b', b1, b2, '--max-data-nodes', '6']).code).toBe(1);
  });

  it('--max-policy-bytes and --max-file-bytes are loading/compile errors (exit 1)', () => {
    const t = file('u_test.rego', 'package u\n\ntest_a if { true }\n');
    const r = runCli(['test', t, '--max-policy-bytes', '5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('policy too large');
    const f = runCli(['test', t, '--max-file-bytes', '5']);
    expect(f.code).toBe(1);
    expect(f.stderr).toContain('file too large');
    noTrace(r.stderr + f.stderr);
  });
});

const LIB = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'gatekeeper-library', 'library', 'general', 'requiredlabels');
const template = join(LIB, 'template.yaml');
const constraint = join(LIB, 'samples', 'all-must-have-owner', 'constraint.yaml');
const disallowed = join(LIB, 'samples', 'all-must-have-owner', 'example_disallowed.yaml');

describe.skipIf(!HAVE_BIN)('rego-ts gator limits', () => {
  it('gator test --max-steps: a violation whose message is the error, exit 1', () => {
    const r = runCli(['gator', 'test', '-f', template, '-f', constraint, '-f', disallowed, '--max-steps', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Message: "eval_cancel_error: caller cancelled query execution: step budget exhausted"');
  });

  it('gator verify --max-steps fails the cases, --max-policy-bytes the tests (exit 1)', () => {
    const s = runCli(['gator', 'verify', LIB, '--max-steps', '1', '-v']);
    expect(s.code).toBe(1);
    expect(s.stdout).toContain('got messages [eval_cancel_error: caller cancelled query execution: step budget exhausted]');
    const p = runCli(['gator', 'verify', LIB, '--max-policy-bytes', '100']);
    expect(p.code).toBe(1);
    expect(p.stdout).toContain('rego_compile_error: policy too large: module sources exceed maxPolicyBytes (100 bytes) at template');
    noTrace(s.stdout + s.stderr + p.stdout + p.stderr);
  });

  it('gator audit / test --max-file-bytes: a loading error, exit 1', () => {
    for (const cmd of ['audit', 'test']) {
      const r = runCli(['gator', cmd, '-f', template, '-f', constraint, '-f', disallowed, '--max-file-bytes', '100']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`file too large: ${template}`);
      noTrace(r.stderr);
    }
  });

  it('gator test --max-file-bytes also limits stdin, counted while reading', () => {
    const text = readFileSync(disallowed, 'utf8').repeat(100);
    const r = runCli(['gator', 'test', '-f', '-', '--max-file-bytes', '1000'], { input: text });
    expect([r.code, r.stderr]).toEqual([1, 'stdin: input too large: more than 1000 bytes (--max-file-bytes)\n']);
  });

  it('gator test stdin: bytes that are not UTF-8 are a YAML error, U+FFFD in JSON (as gator, exit 1 / 0)', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "x';
    const bad = spawnSync(process.execPath, [BIN, 'gator', 'test'], { input: Buffer.concat([Buffer.from(pod), Buffer.from([0xff]), Buffer.from('"\n')]), encoding: 'utf8' });
    expect([bad.status, bad.stderr]).toEqual([1, '<stdin>: line 4, column 11: invalid YAML: invalid leading UTF-8 octet\n']);
    const json = spawnSync(process.execPath, [BIN, 'gator', 'test'], { input: Buffer.concat([Buffer.from('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x'), Buffer.from([0xff]), Buffer.from('"}}')]), encoding: 'utf8' });
    expect([json.status, json.stderr]).toEqual([0, '']);
  });

  it('gator --timeout: an invalid duration is a usage error', () => {
    expect(runCli(['gator', 'test', '-f', template, '--timeout', 'soon']).code).toBe(2);
  });
});

describe('Gatekeeper Client limits', () => {
  const objects = (rego: string) => ({
    template: {
      apiVersion: 'templates.gatekeeper.sh/v1',
      kind: 'ConstraintTemplate',
      metadata: { name: 'k8sbig' },
      spec: { crd: { spec: { names: { kind: 'K8sBig' } } }, targets: [{ target: 'admission.k8s.gatekeeper.sh', rego }] },
    },
    constraint: { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sBig', metadata: { name: 'big' } },
  });
  const rego = 'package k8sbig\n\nviolation[{"msg": msg}] {\n  n := count([x | x := numbers.range(1, 100000)[_]])\n  msg := sprintf("%v %v", [n, count(object.get(input.review.object, "items", []))])\n}\n';
  const pod = (items: number) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, items: Array.from({ length: items }, (_, i) => i) });
  const messages = (c: Client, items = 1) => c.review(pod(items)).results.map((r) => r.msg);
  const client = (limits: ConstructorParameters<typeof Client>[0]) => {
    const c = new Client(limits);
    const o = objects(rego);
    c.addTemplate(o.template);
    c.addConstraint(o.constraint);
    return c;
  };

  it('no limits by default', () => {
    expect(messages(client({}))).toEqual(['100000 1']);
  });

  it('maxSteps and timeoutMs: the evaluation error becomes the violation message', () => {
    expect(messages(client({ limits: { maxSteps: 1000 } }))).toEqual(['eval_cancel_error: caller cancelled query execution: step budget exhausted']);
    expect(messages(client({ limits: { timeoutMs: 600_000, maxSteps: 10_000_000 } }))).toEqual(['100000 1']);
  });

  it('maxInputNodes: a huge object under review', () => {
    const c = client({ limits: { maxInputNodes: 1000 } });
    expect(messages(c, 10)).toEqual(['100000 10']);
    expect(messages(c, 5000)).toEqual(['eval_cancel_error: caller cancelled query execution: input has more than maxInputNodes (1000) values']);
  });

  it('maxDataNodes: the inventory given to each evaluation', () => {
    const c = client({ limits: { maxDataNodes: 50 } });
    expect(messages(c)).toEqual(['100000 1']);
    for (let i = 0; i < 10; i++) c.addData({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}`, namespace: 'default' }, data: { k: 'v' } });
    expect(messages(c)).toEqual(['eval_cancel_error: caller cancelled query execution: data has more than maxDataNodes (50) values']);
  });

  it('maxPolicyBytes: a template over the limit is a gk_compile_error before parsing', () => {
    const c = new Client({ limits: { maxPolicyBytes: 1000 } });
    const big = objects(`package k8sbig\n\nviolation[{"msg": "x"}] { "${'x'.repeat(5_000_000)}" != "" }\n`);
    let err: unknown;
    try {
      c.addTemplate(big.template);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'gk_compile_error', message: 'unable to compile modules: 1 error occurred: rego_compile_error: policy too large: module sources exceed maxPolicyBytes (1000 bytes) at template' });
    expect(() => c.addTemplate(objects(rego).template)).not.toThrow();
  });
});
