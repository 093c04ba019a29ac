/**
 * Parse error texts and positions, checked against fixtures recorded from `opa parse` v1.17.1
 * (`fixtures/parse-errors.json`: source, version, and OPA's errors with row, col, message and
 * details). Each case is also re-checked against the live binary when it is present.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModule, formatErrorDetails, detailsJSON } from '../src/index.js';
import { findOpa, SKIP_NO_OPA } from '../../../test-support/peers.js';

interface Expected {
  row: number;
  col: number;
  message: string;
  details?: { line: string; idx: number };
}
interface Case {
  source: string;
  regoVersion: 'v0' | 'v1';
  errors: Expected[];
}

const cases = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'parse-errors.json'), 'utf8')) as Case[];

function ours(c: Case): Expected[] {
  const r = parseModule(c.source, { file: 'x.rego', regoVersion: c.regoVersion });
  if (r.module) expect(r.errors).toEqual([]);
  else expect(r.errors.length).toBeGreaterThan(0);
  return r.errors.map((e) => {
    expect(e.code).toBe('rego_parse_error');
    const out: Expected = { row: e.location!.row, col: e.location!.col, message: e.message };
    if (e.details) out.details = detailsJSON(e.details) as { line: string; idx: number };
    return out;
  });
}

describe('parse errors match opa parse', () => {
  it(`${cases.length} recorded cases (${cases.filter((c) => c.errors.length).length} with errors)`, () => {
    const mismatches: string[] = [];
    for (const c of cases) {
      const got = ours(c);
      const want = c.errors;
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        mismatches.push(`${c.regoVersion} ${JSON.stringify(c.source)}\n  want ${JSON.stringify(want)}\n  got  ${JSON.stringify(got)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  const opa = findOpa();
  it.skipIf(!opa)(`the recorded cases still match the live opa binary${opa ? '' : ` (${SKIP_NO_OPA})`}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'parse-errors-'));
    try {
      const file = join(dir, 'x.rego');
      // A sample keeps this fast; the full table is the recorded fixture above.
      for (const c of cases.filter((_, i) => i % 8 === 0)) {
        writeFileSync(file, c.source);
        const args = ['parse', '--format', 'json', ...(c.regoVersion === 'v0' ? ['--v0-compatible'] : []), file];
        let out: string;
        try {
          out = execFileSync(opa!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        } catch (e) {
          const err = e as { stdout?: string; stderr?: string };
          out = err.stdout?.trim() ? err.stdout : (err.stderr ?? '');
        }
        const live = (JSON.parse(out) as { errors?: Array<{ message: string; location?: { row: number } }> }).errors ?? [];
        expect(live.map((e) => e.message)).toEqual(c.errors.map((e) => e.message));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('error presentation', () => {
  it('formats as OPA does, with the source line and caret', () => {
    const r = parseModule('package a\n\tp := 1 + x!\n', { file: 'policy.rego' });
    expect(r.errors).toHaveLength(1);
    const e = r.errors[0]!;
    expect(e.format()).toBe('policy.rego:2: rego_parse_error: illegal ! character');
    expect(e.details).toEqual({ line: '\tp := 1 + x!', idx: 11 });
    // As opa check: the line's leading tabs dropped, the caret after one space per byte.
    expect(formatErrorDetails(e.details!)).toBe('\tp := 1 + x!\n\t          ^');
  });

  it('places the caret as opa does after multibyte characters (OPA counts bytes)', () => {
    // Each expected text is what `opa check` v1.17.1 prints under the error.
    const caret = (src: string): [string, unknown] => {
      const e = parseModule(`package p\n\n${src}\n`, { file: 'x.rego' }).errors[0]!;
      return [formatErrorDetails(e.details!), detailsJSON(e.details!)];
    };
    expect(caret('x := "é" )')).toEqual(['\tx := "é" )\n\t          ^', { line: 'x := "é" )', idx: 10 }]);
    expect(caret('x := "€€" + ]')).toEqual(['\tx := "€€" + ]\n\t                ^', { line: 'x := "€€" + ]', idx: 16 }]);
    expect(caret('x := "😀" ] ')).toEqual(['\tx := "😀" ] \n\t            ^', { line: 'x := "😀" ] ', idx: 12 }]);
    expect(caret('\tx := "é" )')).toEqual(['\tx := "é" )\n\t          ^', { line: '\tx := "é" )', idx: 11 }]);
    // A no-break space (U+00A0) or U+0085 is not whitespace to opa's byte test: the caret stays on it.
    expect(caret('x := "a" +\u00a0')).toEqual(['\tx := "a" +\u00a0\n\t          ^', { line: 'x := "a" +\u00a0', idx: 10 }]);
    expect(caret('x := "a" +\u0085')).toEqual(['\tx := "a" +\u0085\n\t          ^', { line: 'x := "a" +\u0085', idx: 10 }]);
    expect(caret('x := "a\tb" )')).toEqual(['\tx := "a\tb" )\n\t           ^', { line: 'x := "a\tb" )', idx: 11 }]);
  });

  it('reports several errors sorted by position', () => {
    const r = parseModule('package a\np := 01\n', { file: 'x.rego' });
    expect(r.errors.map((e) => e.message)).toEqual([
      'unexpected number token: expected number without leading zero',
      'unexpected number token: expected rule value term (e.g., p := <VALUE> { ... })',
    ]);
  });
});
