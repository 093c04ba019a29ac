/**
 * `rego-ts check` against `opa check` on every module of OPA's conformance suite (v0 and v1):
 * the same modules are rejected at parse time, with the first error on the same row. Broken
 * variants of the modules are added, since the suite's own modules all parse.
 * Compile-stage checks are compared only when a compile hook is in effect; without one,
 * modules opa rejects while compiling are counted but not compared.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOpa, findSuite, SKIP_NO_OPA, SKIP_NO_SUITE } from '../../../test-support/peers.js';
import { loadSuiteCases } from '../../rego-parser/test/suite-cases.js';
import { HAVE_BIN, SKIP_NO_BIN, runBinary, runCli } from './run-cli.js';
import { loadModules } from '../src/modules.js';
import { compileHook } from '../src/compile-hook.js';

const opa = findOpa();
const suite = findSuite();
const skip = !opa ? SKIP_NO_OPA : !suite ? SKIP_NO_SUITE : !HAVE_BIN ? SKIP_NO_BIN : '';

interface JsonError {
  message: string;
  code?: string;
  location?: { file: string; row: number; col: number };
}

/** First parse error row per file, from one `check --format json` run over a directory. */
function parseErrorRows(result: { stderr: string }): Map<string, number> {
  const rows = new Map<string, number>();
  if (!result.stderr.trim()) return rows;
  const out = JSON.parse(result.stderr) as { errors: JsonError[] };
  for (const e of out.errors) {
    if (e.code !== 'rego_parse_error' || !e.location) continue;
    if (!rows.has(e.location.file)) rows.set(e.location.file, e.location.row);
  }
  return rows;
}

describe('rego-ts check vs opa check on the conformance suite', () => {
  // v0v1: the v0 modules checked with --v0-v1 (v0 syntax that must also be valid v1).
  for (const mode of ['v0', 'v1', 'v0v1'] as const) {
    const version = mode === 'v1' ? 'v1' : 'v0';
    it.skipIf(skip !== '')(`${mode}: same modules rejected at parse time, same first error row${skip ? ` (${skip})` : ''}`, () => {
      const dir = mkdtempSync(join(tmpdir(), `check-suite-${mode}-`));
      const root = join(dir, 'm');
      mkdirSync(root);
      let n = 0;
      const seen = new Set<string>();
      for (const c of loadSuiteCases(suite!)) {
        if (c.version !== version) continue;
        for (const src of c.modules) {
          if (seen.has(src)) continue;
          seen.add(src);
          writeFileSync(join(root, `m${String(n++).padStart(5, '0')}.rego`), src);
          // The suite's modules all parse; broken variants of some of them exercise the
          // error path (truncated text, a dropped closing brace, a stray token).
          if (n % 7 === 0) {
            const variants = [src.slice(0, Math.floor(src.length * 0.6)), src.replace('}', ''), src.replace(':=', ':= )')];
            for (const v of variants) writeFileSync(join(root, `m${String(n++).padStart(5, '0')}.rego`), v);
          }
        }
      }
      const flags = mode === 'v0' ? ['--v0-compatible'] : mode === 'v0v1' ? ['--v0-v1'] : [];
      // Loading (parse) errors of all files come out of one run; compile errors only when
      // nothing failed to parse, so they are not part of this comparison.
      const theirs = parseErrorRows(runBinary(opa!, ['check', '--format', 'json', ...flags, root]));
      const ours = parseErrorRows(runCli(['check', '--format', 'json', ...flags, root], { env: { REGO_TS_CHECK_PARSE_ONLY: '1' } }));

      const mismatches: string[] = [];
      for (const [file, row] of theirs) {
        const mine = ours.get(file);
        if (mine === undefined) mismatches.push(`${file}: opa rejects at row ${row}, we accept`);
        else if (mine !== row) mismatches.push(`${file}: opa's first error at row ${row}, ours at row ${mine}`);
      }
      for (const [file, row] of ours) {
        if (!theirs.has(file)) mismatches.push(`${file}: we reject at row ${row}, opa accepts`);
      }
      expect(n).toBeGreaterThan(500);
      // The suite has cases that expect parse errors: the comparison is not vacuous.
      expect(theirs.size).toBeGreaterThan(5);
      console.log(`${mode}: ${n} modules, opa rejects ${theirs.size} at parse time, we reject ${ours.size}`);
      expect(mismatches, mismatches.slice(0, 20).join('\n')).toEqual([]);
    });
  }
});

describe('rego-ts check vs opa check at compile time (sampled suite cases)', () => {
  it.skipIf(skip !== '')(`accepts and rejects (first error code) as opa does${skip ? ` (${skip})` : ''}`, async () => {
    const hook = await compileHook();
    if (!hook) return; // no compiler available: check stops after parsing
    const root = mkdtempSync(join(tmpdir(), 'check-compile-'));
    let n = 0;
    const mismatches: string[] = [];
    for (const [i, c] of loadSuiteCases(suite!).entries()) {
      // Every 8th case keeps the run short; the modules of a case are checked together.
      if (i % 8 !== 0 || c.modules.length === 0) continue;
      const dir = join(root, `c${i}`);
      mkdirSync(dir);
      const files = c.modules.map((m, j) => {
        const f = join(dir, `m${j}.rego`);
        writeFileSync(f, m);
        return f;
      });
      const r = runBinary(opa!, ['check', '--format', 'json', ...(c.version === 'v0' ? ['--v0-compatible'] : []), dir]);
      const theirs = r.code === 0 ? [] : (JSON.parse(r.stderr) as { errors: JsonError[] }).errors.map((e) => e.code ?? 'error');
      const loaded = loadModules(files, c.version);
      let ours = loaded.errors.map((e) => (typeof e === 'string' ? 'error' : e.code));
      if (ours.length === 0) {
        try {
          ours = (await hook(loaded.modules, { strict: false, regoVersion: c.version })).map((e) => e.code);
        } catch (e) {
          ours = [`exception: ${(e as Error).message}`];
        }
      }
      n++;
      if ((theirs.length === 0) !== (ours.length === 0) || (theirs.length > 0 && theirs[0] !== ours[0])) {
        mismatches.push(`${c.file} ${c.note}: opa ${theirs.join(',') || 'ok'}, ours ${ours.join(',') || 'ok'}`);
      }
    }
    console.log(`compile stage: ${n - mismatches.length}/${n} sampled cases agree with opa check`);
    expect(n).toBeGreaterThan(300);
    // The compiler is young: guard against regressions rather than demand full agreement.
    expect(mismatches.length / n, mismatches.slice(0, 30).join('\n')).toBeLessThan(0.15);
  });
});
