// `gator test` over the gatekeeper-library samples, compared result by result with the real
// gator (one run per suite test: its template, its constraint and all its case objects).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorText, formatGatorTest, isAdmissionReviewObject, runGatorTest } from '../src/index.js';
import { discoverSuites, loadPaths } from '../src/node/index.js';
import { findGatekeeperLibrary, findGator, SKIP_NO_CORPUS, SKIP_NO_GATOR } from '../../../test-support/peers.js';

const library = findGatekeeperLibrary();
const gator = findGator();

interface Run {
  name: string;
  files: string[];
}

function runs(): Run[] {
  const out: Run[] = [];
  for (const s of discoverSuites([`${library}/...`])) {
    const dir = dirname(s.path);
    for (const t of s.suite.tests) {
      if (t.invalid || t.skip) continue;
      const objects = [...new Set(t.cases.map((c) => join(dir, c.object)))].filter((f) => {
        try {
          return !loadPaths([f], { version: '1.1' }).some((d) => isAdmissionReviewObject(d.value));
        } catch {
          return false;
        }
      });
      out.push({ name: `${s.display} ${t.name}`, files: [join(dir, t.template), join(dir, t.constraint), ...objects] });
    }
  }
  return out;
}

const key = (r: any) => `${r.violatingObject?.kind}/${r.violatingObject?.metadata?.name}: ${r.msg} [${r.enforcementAction}]`;

function ours(files: string[]): { code: number; results: string[] } {
  try {
    const report = runGatorTest(loadPaths(files, { version: '1.1' }));
    const json = JSON.parse(formatGatorTest(report, 'json')) ?? [];
    return { code: report.exitCode, results: json.map(key).sort() };
  } catch (e) {
    return { code: 1, results: [`error: ${errorText(e)}`] };
  }
}

function theirs(files: string[]): { code: number; results: string[] } {
  const r = spawnSync(gator!, ['test', '--enable-k8s-native-validation=false', '-o', 'json', ...files.flatMap((f) => ['-f', f])], { encoding: 'utf8' });
  if (r.stdout.trim() === '') return { code: r.status ?? 1, results: [`error: ${r.stderr.trim()}`] };
  return { code: r.status ?? 1, results: (JSON.parse(r.stdout) ?? []).map(key).sort() };
}

describe.skipIf(!library || !gator)(
  `gator test on the gatekeeper-library samples equals gator ${!library ? `(skipped: ${SKIP_NO_CORPUS})` : !gator ? `(skipped: ${SKIP_NO_GATOR})` : ''}`,
  () => {
    it('same results and exit status for every suite test', () => {
      const diffs: string[] = [];
      const all = runs();
      expect(all.length).toBeGreaterThan(20);
      for (const run of all) {
        const a = ours(run.files);
        const b = theirs(run.files);
        if (a.code !== b.code || JSON.stringify(a.results) !== JSON.stringify(b.results)) {
          diffs.push(`${run.name}:\n  rego-ts (${a.code}): ${a.results.join('\n    ')}\n  gator (${b.code}): ${b.results.join('\n    ')}`);
        }
      }
      expect(diffs).toEqual([]);
    });
  },
);
