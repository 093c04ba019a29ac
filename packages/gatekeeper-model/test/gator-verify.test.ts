// gator verify: fixture suite with expected outcomes and texts (taken from the real gator's
// output), every gatekeeper-library suite, and a per-case comparison with gator when installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverSuites, formatVerifyReport, runVerify } from '../src/node/index.js';
import { findGatekeeperLibrary, findGator, SKIP_NO_CORPUS, SKIP_NO_GATOR } from '../../../test-support/peers.js';
import { parseVerboseReport } from './helpers/verify-outcomes.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'verify');
const library = findGatekeeperLibrary();
const gator = findGator();

function ours(path: string, run = '') {
  return parseVerboseReport(formatVerifyReport(runVerify([path], { run }), true));
}

function gators(path: string, cwd: string, run = '') {
  let out: string;
  try {
    out = execFileSync(gator!, ['verify', '-v', ...(run ? ['-r', run] : []), path], { encoding: 'utf8', cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = (e as { stdout: string }).stdout;
  }
  return parseVerboseReport(out);
}

describe('gator verify (fixtures)', () => {
  it('outcomes and failure texts', () => {
    const r = ours(FIXTURES);
    const get = (k: string) => r.get(`0:${k}`);
    expect(get('labels/ok')).toEqual({ outcome: 'PASS' });
    expect(get('labels/missing-team')).toEqual({ outcome: 'PASS' });
    expect(get('labels/wrong-count-fails')?.error).toBe(
      'unexpected number of violations: got 1 violations but want exactly 2: got messages [you must provide labels: {"team"} (mode strict)]',
    );
    expect(get('labels/wrong-message-fails')?.error).toBe(
      'unexpected number of violations: got 0 violations containing "nothing-like-this" but want at least 1: got messages [you must provide labels: {"team"} (mode strict)]',
    );
    expect(get('labels/expected-none-fails')?.error).toBe(
      'unexpected number of violations: got 1 violations but want none: got messages [you must provide labels: {"team"} (mode strict)]',
    );
    expect(get('labels/bad-regex-fails')?.error).toBe('message contains invalid regular expression: error parsing regexp: missing closing ): `(unclosed`');
    expect(get('labels/inventory-neighbour')).toEqual({ outcome: 'PASS' });
    expect(get('labels/update-review')).toEqual({ outcome: 'PASS' });
    expect(get('labels/no-request')?.error).toBe('missing an AdmissionRequest object: request did not actually pass in an AdmissionRequest');
    expect(get('labels/two-objects-fails')?.error).toMatch(/^object file must contain exactly one object: ".*two-objects.yaml" defines 2 objects$/);
    expect(get('labels/skipped-case')).toEqual({ outcome: 'SKIP' });
    expect(get('namespace-selector/autoreject-without-namespace')).toEqual({ outcome: 'PASS' });
    expect(get('namespace-selector/namespace-from-inventory')?.outcome).toBe('FAIL');
    expect(get('invalid-schema/')).toEqual({ outcome: 'PASS' });
    expect(get('invalid-but-only-unknown-field-fails/')?.error).toBe(
      'constraint should have failed schema validation: got error invalid Constraint: unknown fields: [spec.parameters.extra] but want schema validation failed',
    );
    expect(get('unknown-field-fails/')?.error).toBe('invalid Constraint: unknown fields: [spec.parameters.extra]');
    expect(get('skipped-test/')).toEqual({ outcome: 'SKIP' });
  });

  it('report format: non-verbose shows failures only; final line and blank line', () => {
    const text = formatVerifyReport(runVerify([FIXTURES]), false);
    expect(text).not.toContain('--- PASS');
    expect(text).toContain('    --- FAIL: wrong-count-fails\t(');
    expect(text).toMatch(/\nFAIL\t.*suite.yaml\t\d+\.\d{3}s\nFAIL\n\n$/);
  });

  it('--run filters (A, A//B) and rejects two //', () => {
    const a = ours(FIXTURES, 'missing-team');
    expect(a.get('0:labels/missing-team')?.outcome).toBe('PASS');
    expect(a.get('0:labels/ok')?.outcome).toBe('SKIP');
    expect(a.get('0:invalid-schema/')?.outcome).toBe('SKIP');
    const b = ours(FIXTURES, 'namespace//inventory');
    expect(b.get('0:namespace-selector/namespace-from-inventory')?.outcome).toBe('FAIL');
    expect(b.get('0:namespace-selector/autoreject-without-namespace')?.outcome).toBe('SKIP');
    expect(() => runVerify([FIXTURES], { run: 'a//b//c' })).toThrow('compiling filter: invalid test filter: a filter may include at most one "//"');
  });

  it('suite paths are displayed as gator displays them', () => {
    const show = (arg: string) => discoverSuites([arg], FIXTURES).map((x) => x.display)[0];
    expect(show('.')).toBe('.yaml');
    expect(show('./')).toBe(`./${join(FIXTURES, 'suite.yaml').slice(1)}`);
    expect(show('../verify')).toBe('../verify/suite.yaml');
    expect(show('../verify/...')).toBe('../verify/suite.yaml');
    expect(show('suite.yaml')).toBe('suite.yaml');
    expect(show(`${FIXTURES}/...`)).toBe(join(FIXTURES, 'suite.yaml'));
  });

  it('discovery errors', () => {
    expect(() => runVerify([join(FIXTURES, 'suite.yaml/...')])).toThrow(/can only recursively traverse directories/);
    expect(() => runVerify([join(FIXTURES, 'nope')])).toThrow(/listing test files/);
  });

  it.skipIf(!gator)(`per-case outcomes equal gator's ${gator ? '' : `(skipped: ${SKIP_NO_GATOR})`}`, () => {
    const mine = ours(FIXTURES);
    const theirs = gators('.', FIXTURES);
    expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [k, v] of theirs) expect(mine.get(k)?.outcome, k).toBe(v.outcome);
    for (const k of ['0:labels/wrong-count-fails', '0:labels/bad-regex-fails', '0:labels/no-request', '0:invalid-but-only-unknown-field-fails/']) {
      expect(mine.get(k)?.error, k).toBe(theirs.get(k)?.error);
    }
  });
});

describe.skipIf(!gator)(`gator verify output equals gator's, timings aside ${gator ? '' : `(skipped: ${SKIP_NO_GATOR})`}`, () => {
  const normalize = (t: string) => t.replace(/\(\d+\.\d{3}s\)/g, '(T)').replace(/\t\d+\.\d{3}s/g, '\tT');
  it('display paths', () => {
    for (const arg of ['.', './', '../verify', '../verify/...', './...', 'suite.yaml']) {
      const r = spawnSync(gator!, ['verify', arg], { cwd: FIXTURES, encoding: 'utf8' });
      const line = r.stdout.split('\n').find((l) => /^(ok|FAIL)\t/.test(l))!.split('\t')[1];
      expect(discoverSuites([arg], FIXTURES)[0]!.display, arg).toBe(line);
    }
  });

  it('--run filters', () => {
    const cwd = join(import.meta.dirname, 'fixtures', 'verify');
    for (const run of ['missing', 'labels//bad', '//ok', 'namespace//', 'schema', 'nomatch']) {
      const r = spawnSync(gator!, ['verify', '-v', '-r', run, 'suite.yaml'], { cwd, encoding: 'utf8' });
      expect(normalize(formatVerifyReport(runVerify(['suite.yaml'], { cwd, run }), true)), run).toBe(normalize(r.stdout));
    }
  });

  for (const dir of ['verify', 'verify-errors', 'verify-files', 'expansion']) {
    it(dir, () => {
      const cwd = join(import.meta.dirname, 'fixtures', dir);
      const r = spawnSync(gator!, ['verify', '-v', 'suite.yaml'], { cwd, encoding: 'utf8' });
      const mine = formatVerifyReport(runVerify(['suite.yaml'], { cwd }), true);
      expect(normalize(mine)).toBe(normalize(r.stdout));
    });
  }
});

describe.skipIf(!library)(`gatekeeper-library suites ${library ? '' : `(skipped: ${SKIP_NO_CORPUS})`}`, () => {
  it('every suite passes under rego-ts gator verify', () => {
    const report = runVerify([`${library}/...`]);
    expect(report.suites.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const s of report.suites) {
      for (const t of s.tests) {
        if (t.error) failures.push(`${s.display} ${t.name}: ${t.error}`);
        for (const c of t.cases) if (c.error) failures.push(`${s.display} ${t.name}/${c.name}: ${c.error}`);
      }
    }
    expect(failures).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it.skipIf(!gator)(`per-case outcomes equal gator's ${gator ? '' : `(skipped: ${SKIP_NO_GATOR})`}`, () => {
    const mine = ours(`${library}/...`);
    const theirs = gators('./...', library!);
    expect(mine.size).toBe(theirs.size);
    const diffs: string[] = [];
    for (const [k, v] of theirs) if (mine.get(k)?.outcome !== v.outcome) diffs.push(`${k}: gator ${v.outcome}, rego-ts ${mine.get(k)?.outcome} ${mine.get(k)?.error ?? ''}`);
    expect(diffs).toEqual([]);
  });
});
