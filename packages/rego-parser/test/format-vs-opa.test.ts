/**
 * `format` against the real `opa fmt` on every module of OPA's conformance suite (v0 modules
 * with --v0-compatible, v1 modules as is): outputs must be identical. `scripts/fmt-diff.mjs` gives the same comparison as a report.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, parseModule } from '../src/index.js';
import { findGatekeeperLibrary, findOpa, findSuite, SKIP_NO_CORPUS, SKIP_NO_OPA, SKIP_NO_SUITE } from '../../../test-support/peers.js';
import { loadSuiteCases, loadTemplateRego } from './suite-cases.js';
import fc from 'fast-check';
import { regoModuleSource } from './rego-source-arbitrary.js';

const opa = findOpa();
const suite = findSuite();
const skip = !opa ? SKIP_NO_OPA : !suite ? SKIP_NO_SUITE : '';

/** Known differences (none at present): `(file, source) => true` to excuse a module. */
function knownDifference(_file: string, _source: string): boolean {
  return false;
}

/** Run `opa fmt -w` over the sources in one directory; a file opa rejects is dropped and the run repeated. */
function opaFormatAll(sources: string[], version: 'v0' | 'v1'): Array<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'fmt-vs-opa-'));
  const pending = new Set(sources.map((_, i) => i));
  const name = (i: number): string => `m${String(i).padStart(5, '0')}.rego`;
  const out: Array<string | undefined> = [];
  for (;;) {
    for (const i of pending) writeFileSync(join(dir, name(i)), sources[i]!);
    const r = spawnSync(opa!, ['fmt', '-w', ...(version === 'v0' ? ['--v0-compatible'] : []), dir], { encoding: 'utf8' });
    if (r.status === 0) break;
    const bad = [...pending].find((i) => r.stderr.includes(name(i)));
    if (bad === undefined) throw new Error(`opa fmt failed: ${r.stderr}`);
    pending.delete(bad);
    rmSync(join(dir, name(bad)));
  }
  for (const i of pending) out[i] = readFileSync(join(dir, name(i)), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return out;
}

describe('format vs opa fmt on the conformance suite', () => {
  for (const version of ['v0', 'v1'] as const) {
    it.skipIf(skip !== '')(`${version}: identical output${skip ? ` (${skip})` : ''}`, () => {
      const entries: Array<{ file: string; id: string; source: string }> = [];
      for (const c of loadSuiteCases(suite!)) {
        if (c.version !== version) continue;
        for (const source of c.modules) entries.push({ file: c.file, id: `${c.file} ${c.note}`, source });
      }
      const theirs = opaFormatAll(entries.map((e) => e.source), version);
      const differ: string[] = [];
      let same = 0;
      entries.forEach((e, i) => {
        const m = parseModule(e.source, { regoVersion: version }).module;
        let ours: string | undefined;
        try {
          ours = m && format(m, { source: e.source, regoVersion: version });
        } catch {
          ours = undefined;
        }
        if (ours === theirs[i]) same++;
        else if (!knownDifference(e.file, e.source)) differ.push(e.id);
      });
      expect(same).toBeGreaterThan(2000);
      expect(differ, differ.slice(0, 20).join('\n')).toEqual([]);
    });
  }
});

const library = findGatekeeperLibrary();
const skipLib = !opa ? SKIP_NO_OPA : !library ? SKIP_NO_CORPUS : '';

describe('format vs opa fmt on the gatekeeper-library templates (v0)', () => {
  it.skipIf(skipLib !== '')(`identical output (or the same refusal)${skipLib ? ` (${skipLib})` : ''}`, () => {
    const templates = loadTemplateRego(library!);
    const theirs = opaFormatAll(templates.map((t) => t.rego), 'v0');
    const differ: string[] = [];
    let same = 0;
    templates.forEach((t, i) => {
      const m = parseModule(t.rego, { regoVersion: 'v0' }).module;
      expect(m, `${t.file} ${t.what}`).toBeDefined();
      let ours: string | undefined = format(m!, { source: t.rego, regoVersion: 'v0' });
      // opa fmt turns a module or two into invalid Rego (comments inside a rule head), which
      // its result check then refuses; so does ours (`rego-ts fmt` runs the same check).
      if (parseModule(ours, { regoVersion: 'v0' }).errors.length > 0) ours = undefined;
      if (ours === theirs[i]) same++;
      else differ.push(`${t.file} ${t.what}`);
    });
    expect(same).toBeGreaterThan(30);
    expect(differ).toEqual([]);
  });
});

describe('format vs opa fmt on generated modules', () => {
  it.skipIf(!opa)(`identical output on generated modules, with and without comments (opa fmt's own hazards included)${opa ? '' : ` (${SKIP_NO_OPA})`}`, () => {
    // A fixed seed (FMT_SEED to vary it) keeps the run reproducible; opa formats them in one batch.
    const generated = fc.sample(regoModuleSource(true), { numRuns: Number(process.env.FMT_RUNS ?? 200), seed: Number(process.env.FMT_SEED ?? 20261126) });
    // Each module also with comments at line ends and on lines of their own.
    const commented = generated.map((src) =>
      src
        .split('\n')
        .map((line, i) => (i > 0 && line.trim() ? `${i % 3 === 0 ? `# own ${i}\n` : ''}${line} # eol ${i}` : line))
        .join('\n'),
    );
    const sources = [...generated, ...commented].filter((src) => parseModule(src).module);
    const theirs = opaFormatAll(sources, 'v1');
    const differ: string[] = [];
    sources.forEach((src, i) => {
      let ours: string | undefined = format(parseModule(src).module!, { source: src });
      if (parseModule(ours).errors.length > 0) ours = undefined;
      if (ours !== theirs[i]) differ.push(`--- source\n${src}\n--- opa\n${theirs[i] ?? '(refused)'}\n--- ours\n${ours ?? '(refused)'}`);
    });
    // Comments interleaved into a generated METADATA block break its YAML: opa (and we)
    // reject those modules, so about a quarter of the 400 drop out.
    expect(sources.length).toBeGreaterThan(250);
    expect(differ.slice(0, 3).join('\n'), `${differ.length} differ`).toBe('');
  });
});
