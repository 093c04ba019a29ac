// Enforcement actions under gator test (spec §4.4, §7.3, checklist 15–16): results, scoped
// actions and exit status, compared with the real gator.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatGatorTest, runGatorTest } from '../src/index.js';
import { loadPaths } from '../src/node/index.js';
import { findGator, SKIP_NO_GATOR } from '../../../test-support/peers.js';

const DIR = join(import.meta.dirname, 'fixtures', 'actions');
const constraints = readdirSync(DIR).filter((f) => f.startsWith('c-')).sort();
const gator = findGator();
const run = (files: string[]) => runGatorTest(loadPaths(files.map((f) => join(DIR, f)), { version: '1.1' }));

describe('enforcement actions under gator test', () => {
  it('results carry the action as written and the scoped actions for gator', () => {
    const r = run(['template.yaml', ...constraints, 'pod.yaml']);
    const got = r.results.map((x) => `${x.result.constraint.metadata.name} ${x.result.enforcementAction} [${x.result.scopedActions}]`);
    expect(got).toEqual([
      'empty  []',
      'absent deny []',
      'deny deny []',
      'dryrun dryrun []',
      'unknown foo []',
      'scoped-all-warn scoped [warn]',
      'scoped-gator-deny scoped [deny]',
      'warn warn []',
    ]);
  });

  it('exit status 1 only when something denies', () => {
    const codes = Object.fromEntries(constraints.map((c) => [c, run(['template.yaml', c, 'pod.yaml']).exitCode]));
    expect(codes).toEqual({
      'c-absent.yaml': 1,
      'c-deny.yaml': 1,
      'c-dryrun.yaml': 0,
      'c-empty.yaml': 0,
      'c-scoped-all-warn.yaml': 0,
      'c-scoped-gator-deny.yaml': 1,
      'c-scoped-webhook-only.yaml': 0,
      'c-unknown.yaml': 0,
      'c-warn.yaml': 0,
    });
  });

  it.skipIf(!gator)(`json output and exit statuses equal gator's ${gator ? '' : `(skipped: ${SKIP_NO_GATOR})`}`, () => {
    const all = ['template.yaml', ...constraints, 'pod.yaml'];
    const theirs = spawnSync(gator!, ['test', '--enable-k8s-native-validation=false', '-o', 'json', ...all.flatMap((f) => ['-f', join(DIR, f)])], { encoding: 'utf8' });
    expect(formatGatorTest(run(all), 'json')).toBe(theirs.stdout);
    for (const c of constraints) {
      const g = spawnSync(gator!, ['test', '--enable-k8s-native-validation=false', ...['template.yaml', c, 'pod.yaml'].flatMap((f) => ['-f', join(DIR, f)])], { encoding: 'utf8' });
      expect(run(['template.yaml', c, 'pod.yaml']).exitCode, c).toBe(g.status);
    }
  });
});
