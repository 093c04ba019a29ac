// ExpansionTemplates: resultants, implied results in gator test (json/yaml compared with gator).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Expander, decodeExpansionTemplate, formatGatorTest, runGatorTest } from '../src/index.js';
import { loadPaths } from '../src/node/index.js';
import { findGator, SKIP_NO_GATOR } from '../../../test-support/peers.js';

const DIR = join(import.meta.dirname, 'fixtures', 'expansion');
const files = ['template.yaml', 'constraint.yaml', 'expansion.yaml', 'deployment.yaml', 'deployment-no-namespace.yaml'].map((f) => join(DIR, f));
const gator = findGator();

describe('expansion', () => {
  const template = decodeExpansionTemplate(loadPaths([join(DIR, 'expansion.yaml')])[0]!.value);

  it('builds the resultant from templateSource with the generated GVK, namespace and mock name', () => {
    const deploy = loadPaths([join(DIR, 'deployment.yaml')])[0]!.value as any;
    const [r] = new Expander([template]).expand(deploy);
    expect(r).toEqual({
      templateName: 'expand-deployments',
      enforcementAction: 'warn',
      object: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { labels: { app: 'web' }, namespace: 'prod', name: 'web-pod' },
        spec: deploy.spec.template.spec,
      },
    });
    expect(new Expander([template]).expand({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } })).toEqual([]);
  });

  it('validation of ExpansionTemplates', () => {
    const bad = (spec: unknown, name = 'x') => () => decodeExpansionTemplate({ apiVersion: 'expansion.gatekeeper.sh/v1alpha1', kind: 'ExpansionTemplate', metadata: { name }, spec });
    expect(bad({ generatedGVK: { kind: 'Pod' } })).toThrow('ExpansionTemplate x has empty source field');
    expect(bad({ templateSource: 'spec.template' })).toThrow('ExpansionTemplate x has empty generatedGVK field');
    expect(bad({}, '')).toThrow('ExpansionTemplate has empty name field');
    expect(() => decodeExpansionTemplate({ kind: 'Pod' })).toThrow('not an Expansion Template');
  });

  it('gator test reports implied results on the parent with the prefix and the action override', () => {
    const report = runGatorTest(loadPaths(files, { version: '1.1' }));
    expect(report.exitCode).toBe(0); // warn
    expect(report.results.map((r) => [r.violatingObject.metadata!.name, r.result.enforcementAction, r.result.msg])).toEqual([
      ['web', 'warn', '[Implied by expand-deployments] container <c> has an invalid image repo <bad/nginx>, allowed repos are ["good/"]'],
      ['web2', 'warn', '[Implied by expand-deployments] container <c> has an invalid image repo <bad/nginx>, allowed repos are ["good/"]'],
    ]);
  });

  it.skipIf(!gator)(`gator test json and yaml outputs equal gator's ${gator ? '' : `(skipped: ${SKIP_NO_GATOR})`}`, () => {
    const one = files.slice(0, 4); // gator prints repeated results in YAML flow style; keep one
    for (const [format, fs] of [['json', files], ['yaml', one]] as const) {
      const theirs = spawnSync(gator!, ['test', '--enable-k8s-native-validation=false', '-o', format, ...fs.flatMap((f) => ['-f', f])], { encoding: 'utf8' });
      expect(formatGatorTest(runGatorTest(loadPaths(fs, { version: '1.1' })), format), format).toBe(theirs.stdout);
    }
  });
});
