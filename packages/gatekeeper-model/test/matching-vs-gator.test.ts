// Matching (spec §4.5, §4.6 under gator test) compared with the real gator: 16 constraints with
// different `spec.match` fields × Namespaces, namespaced and cluster-scoped objects.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatGatorTest, runGatorTest } from '../src/index.js';
import { loadPaths } from '../src/node/index.js';
import { findGator, SKIP_NO_GATOR } from '../../../test-support/peers.js';

const DIR = join(import.meta.dirname, 'fixtures', 'matching');
const gator = findGator();
const key = (r: any) => `${r.violatingObject.kind}/${r.violatingObject.metadata.namespace ?? ''}/${r.violatingObject.metadata.name ?? r.violatingObject.metadata.generateName}: ${r.constraint.metadata.name}: ${r.msg}`;

function ours() {
  const report = runGatorTest(loadPaths([DIR], { version: '1.1' }));
  return { code: report.exitCode, results: (JSON.parse(formatGatorTest(report, 'json')) as any[]).map(key).sort() };
}

describe('matching under gator test', () => {
  it('expected decisions for a few corner cases', () => {
    const { results } = ours();
    const has = (s: string) => results.some((r) => r.startsWith(s));
    expect(has('Pod/prod/web-1: kinds-pod')).toBe(true);
    expect(has('Node//node-1: scope-cluster')).toBe(false); // gator test: empty Namespace attached
    expect(has('Node//node-1: scope-namespaced')).toBe(true);
    expect(has('Namespace//prod: scope-cluster')).toBe(true);
    expect(has('Pod/prod/gen-: name-contains')).toBe(true);
    expect(has('Pod/prod/x-pod: name-suffix')).toBe(false); // generateName never matches *x
    expect(has('Pod/team-a/x-pod: namespaces-prod')).toBe(true);
    expect(has('Pod/kube-system/dns: excluded-kube')).toBe(false);
    expect(has('Pod/default/web-default: nssel-prod')).toBe(false); // synthesized, unlabelled default
    expect(results).toContain(
      'Pod/team-a/x-pod: nssel-prod: unable to match constraints: error matching the requested object: x-pod :failed to run Match criteria: namespace selector for namespace-scoped object but missing Namespace',
    );
  });

  it.skipIf(!gator)(`same results and exit status as gator ${gator ? '' : `(skipped: ${SKIP_NO_GATOR})`}`, () => {
    const r = spawnSync(gator!, ['test', '--enable-k8s-native-validation=false', '-o', 'json', '-f', DIR], { encoding: 'utf8' });
    const theirs = (JSON.parse(r.stdout) as any[]).map(key).sort();
    const mine = ours();
    expect(mine.results).toEqual(theirs);
    expect(mine.code).toBe(r.status);
  });
});
