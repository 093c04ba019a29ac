/**
 * The built `rego-ts` CLI: help/version/flag handling, parse, check, fmt and demo, with
 * exit codes and streams; outputs compared with the real opa where it is present.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOpa, SKIP_NO_OPA } from '../../../test-support/peers.js';
import { HAVE_BIN, SKIP_NO_BIN, runBinary, runCli } from './run-cli.js';

const opa = findOpa();
const ESC = '\x1b[';

let dir = '';
const GOOD = 'package p\n\nallow if input.user == "admin"\n';
const UGLY = 'package p\nallow   if {input.user=="admin"}\n';
const BAD = 'package p\n\nq := 1 }\n';

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe.skipIf(!HAVE_BIN)(`rego-ts CLI${HAVE_BIN ? '' : ` (${SKIP_NO_BIN})`}`, () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rego-ts-cli-'));
  });

  describe('global behaviour', () => {
    it('prints help with no arguments and with --help', () => {
      for (const args of [[], ['--help'], ['-h']]) {
        const r = runCli(args);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('Usage:');
        for (const c of ['check', 'fmt', 'parse', 'demo']) expect(r.stdout).toContain(c);
        expect(r.stderr).toBe('');
      }
    });

    it('prints the version at top level and on every command', () => {
      for (const args of [['--version'], ['check', '--version'], ['fmt', '--version'], ['parse', '--version'], ['demo', '--version']]) {
        const r = runCli(args);
        expect(r.code, args.join(' ')).toBe(0);
        expect(r.stdout).toMatch(/^rego-ts \d+\.\d+\.\d+/);
      }
    });

    it('has --help on every command', () => {
      for (const c of ['check', 'fmt', 'parse', 'demo']) {
        const r = runCli([c, '--help']);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(`rego-ts ${c}`);
        expect(r.stdout).toContain('--help');
      }
    });

    it('rejects unknown flags and commands with exit 2 and a clear message on stderr', () => {
      const r = runCli(['fmt', '--bogus']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('unknown flag: --bogus');
      expect(r.stderr).toContain("rego-ts fmt --help");
      const c = runCli(['bogus']);
      expect(c.code).toBe(2);
      expect(c.stderr).toContain('unknown command "bogus"');
      const v = runCli(['check', '--format', 'yaml', 'x.rego']);
      expect(v.code).toBe(2);
      expect(v.stderr).toContain('--format');
    });

    it('uses no colour when not on a terminal or when NO_COLOR is set', () => {
      const r = runCli(['check', join(dir, 'missing.rego')], { env: { NO_COLOR: '1' } });
      expect(r.stderr).not.toContain(ESC);
      const u = runCli(['--bogus']);
      expect(u.stderr).not.toContain(ESC);
    });
  });

  describe('parse', () => {
    it('prints an indented tree by default and JSON with --format json', () => {
      const f = file('parse.rego', GOOD);
      const r = runCli(['parse', f]);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n').slice(0, 5)).toEqual(['module', ' package', '  ref', '   data', '   "p"']);
      const j = runCli(['parse', '--format', 'json', f]);
      expect(j.code).toBe(0);
      const ast = JSON.parse(j.stdout) as { rules?: unknown[] };
      expect(Array.isArray(ast.rules)).toBe(true);
    });

    it('reports parse errors as JSON on stderr with exit 1 (as opa parse)', () => {
      const r = runCli(['parse', file('parse-bad.rego', BAD)]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const errs = (JSON.parse(r.stderr) as { errors: Array<{ code: string; message: string }> }).errors;
      expect(errs[0]).toMatchObject({ code: 'rego_parse_error', message: 'unexpected } token' });
    });

    it.skipIf(!opa)(`prints the same tree and JSON as opa parse${opa ? '' : ` (${SKIP_NO_OPA})`}`, () => {
      const src =
        'package p\n# hello\nimport data.x as y\ndefault a := 1\nb := $"x{a}"\n' +
        'c if { not input.x; every k in [1] { k > 0 }; some z in input.zs }\nd := x if { x := 1 } else := 2\n' +
        'e[k] := {"a": [1, {2}], "b": [v | v := input.v[_]]} if k := "k"\nf(_, q) := q if { q with input as 1 }\n';
      const f = file('parse-cmp.rego', src);
      expect(runCli(['parse', f])).toEqual(runBinary(opa!, ['parse', f]));
      const sortKeys = (x: unknown): unknown =>
        Array.isArray(x) ? x.map(sortKeys)
          : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sortKeys((x as Record<string, unknown>)[k])]))
          : x;
      const ours = JSON.parse(runCli(['parse', '--format', 'json', f]).stdout) as unknown;
      const theirs = JSON.parse(runBinary(opa!, ['parse', '--format', 'json', f]).stdout) as unknown;
      expect(sortKeys(ours)).toEqual(sortKeys(theirs));
    });

    it('parses v0 with --v0-compatible', () => {
      const f = file('parse-v0.rego', 'package p\ndeny[msg] { msg := "x" }\n');
      expect(runCli(['parse', f]).code).toBe(1);
      expect(runCli(['parse', '--v0-compatible', f]).code).toBe(0);
    });
  });

  describe('check', () => {
    it('prints nothing and exits 0 for good files, walking directories', () => {
      const sub = join(dir, 'good');
      mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, 'a.rego'), GOOD);
      writeFileSync(join(sub, 'notes.txt'), 'not rego');
      const r = runCli(['check', sub]);
      expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    });

    it('reports errors in opa text form with source line and caret', () => {
      const f = file('bad.rego', BAD);
      const r = runCli(['check', f]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `1 error occurred during loading: ${f}:3: rego_parse_error: unexpected } token\n\tq := 1 }\n\t       ^\n`,
      );
    });

    it('reports errors as JSON with --format json', () => {
      const f = file('bad-json.rego', BAD);
      const r = runCli(['check', '--format', 'json', f]);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stderr)).toEqual({
        errors: [
          {
            message: 'unexpected } token',
            code: 'rego_parse_error',
            location: { file: f, row: 3, col: 8 },
            details: { line: 'q := 1 }', idx: 7 },
          },
        ],
      });
    });

    it('skips non-Rego files and names matching --ignore, as opa check', () => {
      const sub = join(dir, 'ignore');
      mkdirSync(join(sub, '.hidden'), { recursive: true });
      mkdirSync(join(sub, 'lib'), { recursive: true });
      writeFileSync(join(sub, '.hidden', 'x.rego'), BAD);
      writeFileSync(join(sub, 'lib', 'y_test.rego'), BAD);
      writeFileSync(join(sub, 'data.json'), '{"broken": ');
      expect(runCli(['check', join(sub, 'data.json')]).code).toBe(0);
      expect(runCli(['check', sub]).code).toBe(1);
      expect(runCli(['check', '--ignore', '.*', sub]).code).toBe(1);
      expect(runCli(['check', '--ignore', '.*,*_test.rego', sub])).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(runCli(['check', '--ignore', '.*', '--ignore', '*_test.rego', sub]).code).toBe(0);
    });

    it('reports a missing path', () => {
      const r = runCli(['check', join(dir, 'nope.rego')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('no such file or directory');
    });

    it.skipIf(!opa)(`matches opa check byte for byte on parse errors${opa ? '' : ` (${SKIP_NO_OPA})`}`, () => {
      const files = [file('cmp1.rego', BAD), file('cmp2.rego', 'package p\np { \n'), file('cmp3.rego', GOOD)];
      for (const args of [[files[0]!], [files[0]!, files[1]!], ['--format', 'json', files[0]!, files[1]!], [files[2]!]]) {
        const ours = runCli(['check', ...args]);
        const theirs = runBinary(opa!, ['check', ...args]);
        expect(ours, args.join(' ')).toEqual(theirs);
      }
    });
  });

  describe('fmt', () => {
    it('formats stdin to stdout', () => {
      const r = runCli(['fmt'], { input: UGLY });
      expect(r).toEqual({ code: 0, stdout: 'package p\n\nallow if input.user == "admin"\n', stderr: '' });
    });

    it('reports stdin parse errors with exit 1', () => {
      const r = runCli(['fmt'], { input: BAD });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('stdin:3: rego_parse_error: unexpected } token');
    });

    it('lists changed files with -l and fails with --fail (exit 2)', () => {
      const sub = join(dir, 'fmt-l');
      mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, 'a.rego'), UGLY);
      writeFileSync(join(sub, 'b.rego'), GOOD);
      expect(runCli(['fmt', '-l', sub])).toEqual({ code: 0, stdout: `${join(sub, 'a.rego')}\n`, stderr: '' });
      const f = runCli(['fmt', '-l', '--fail', sub]);
      expect(f.code).toBe(2);
      expect(f.stderr).toBe('unexpected diff\n');
      expect(runCli(['fmt', '--fail', join(sub, 'b.rego')])).toEqual({ code: 0, stdout: GOOD, stderr: '' });
      expect(runCli(['fmt', '--fail', join(sub, 'a.rego')]).code).toBe(2);
    });

    it('shows a unified diff with -d when not on a terminal', () => {
      const f = file('fmt-d.rego', UGLY);
      const r = runCli(['fmt', '-d', f]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`--- ${f}`);
      expect(r.stdout).toContain('-allow   if {input.user=="admin"}');
      expect(r.stdout).toContain('+allow if input.user == "admin"');
      expect(r.stdout).not.toContain(ESC);
    });

    it.skipIf(!opa)(`colours the diff on a terminal exactly as opa fmt -d does${opa ? '' : ` (${SKIP_NO_OPA})`}`, async () => {
      const { coloredCharDiff } = (await import('../dist/diff.js')) as { coloredCharDiff(a: string, b: string): string };
      const sources = [
        UGLY,
        'package p\n\nf(x)=y if {y:=x+1}\n',
        'package p\nimport rego.v1\nx:={"a":[1,\n2]}\n\n\n\ny := x  # c\n',
        'package p\n\n# c\ndefault  allow=false\nallow if {\n    input.a\n\n\n    input.b==[1,2,\n3]}\n',
      ];
      for (const [i, src] of sources.entries()) {
        const f = file(`color${i}.rego`, src);
        const formatted = runCli(['fmt', f]).stdout;
        const colored = coloredCharDiff(src, formatted);
        expect(colored + '\n').toBe(runBinary(opa!, ['fmt', '-d', f]).stdout);
      }
    });

    it('rewrites files with -w', () => {
      const f = file('fmt-w.rego', UGLY);
      const r = runCli(['fmt', '-w', f]);
      expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(readFileSync(f, 'utf8')).toBe('package p\n\nallow if input.user == "admin"\n');
    });

    it('formats v0 with --v0-compatible and v0+v1 with --v0-v1', () => {
      const f = file('fmt-v0.rego', 'package p\ndeny[msg] { msg := "x" }\n');
      expect(runCli(['fmt', '--v0-compatible', f]).stdout).toBe('package p\n\ndeny[msg] {\n\tmsg := "x"\n}\n');
      expect(runCli(['fmt', '--v0-v1', f]).stdout).toBe('package p\n\nimport rego.v1\n\ndeny contains msg if msg := "x"\n');
    });

    it('fails with exit 2 on a file that does not parse', () => {
      const f = file('fmt-bad.rego', BAD);
      const r = runCli(['fmt', f]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`failed to format Rego source file: 1 error occurred: ${f}:3: rego_parse_error`);
    });

    it.skipIf(!opa)(`matches opa fmt outputs and exit codes${opa ? '' : ` (${SKIP_NO_OPA})`}`, () => {
      const ugly = file('cmp-ugly.rego', UGLY);
      const good = file('cmp-good.rego', GOOD);
      const bad = file('cmp-bad.rego', BAD);
      for (const args of [[ugly], [good], ['-l', ugly, good], ['-l', '--fail', ugly], ['--fail', good], ['--fail', ugly], [bad]]) {
        const ours = runCli(['fmt', ...args]);
        const theirs = runBinary(opa!, ['fmt', ...args]);
        expect(ours.code, args.join(' ')).toBe(theirs.code);
        expect(ours.stdout, args.join(' ')).toBe(theirs.stdout);
        expect(ours.stderr.trim(), args.join(' ')).toBe(theirs.stderr.trim());
      }
      const stdin = runCli(['fmt'], { input: UGLY });
      expect(stdin.stdout).toBe(runBinary(opa!, ['fmt'], { input: UGLY }).stdout);
    });
  });

  describe('demo', () => {
    it('runs and exits 0', () => {
      const r = runCli(['demo']);
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
    });
  });
});
