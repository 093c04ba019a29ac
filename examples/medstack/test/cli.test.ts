// The example through the CLI (`rego-ts demo`, `rego-ts gator verify|test|audit`), and
// `gator test` results compared with the real gator when installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findGatekeeperLibrary, findGator, SKIP_NO_CORPUS, SKIP_NO_GATOR } from '../../../test-support/peers.js';
import { medstackDir } from '../src/index.js';

const BIN = join(medstackDir, '..', '..', 'packages', 'cli', 'dist', 'bin.js');
const built = existsSync(BIN);
const gator = findGator();
const library = findGatekeeperLibrary();

function cli(args: string[], input = '') {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: medstackDir, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const files = ['policy', 'objects'].flatMap((d) => ['-f', d]);

describe.skipIf(!built)(`rego-ts CLI on the example ${built ? '' : '(skipped: run `pnpm build` first)'}`, () => {
  it('rego-ts demo', () => {
    const r = cli(['demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('denied the request: [enforce-image-repository] container <nginx> has an invalid image repo <munta/nginx>');
    expect(r.stdout).toContain('totalViolations: 5');
  });

  it('rego-ts gator verify . (exit 0, ok line)', () => {
    const r = cli(['gator', 'verify', '.']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok\t\.yaml\t\d+\.\d{3}s\nPASS\n\n$/); // gator prints `.yaml` for `.` (upstream quirk)
  });

  it('rego-ts gator verify with a failing filter regex is a setup error', () => {
    const r = cli(['gator', 'verify', '-r', 'a//b//c', '.']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error: compiling filter: invalid test filter: a filter may include at most one "//"\n');
  });

  it('rego-ts gator test: one line per violation, exit 1 on deny', () => {
    const r = cli(['gator', 'test', ...files]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines).toContain(
      'v1/Pod medstack/nginx: ["enforce-image-repository"] Message: "container <nginx> has an invalid image repo <munta/nginx>, allowed repos are [\\"xxx.dkr.ecr.ca-central-1.amazonaws.com/\\", \\"docker.io/bitnami/\\"]"',
    );
  });

  it('rego-ts gator test from stdin, json output; allowed objects exit 0', () => {
    const r = cli(['gator', 'test', '-o', 'json', '-f', 'policy', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata: {name: ok, namespace: medstack}\nspec: {containers: [{name: a, image: docker.io/bitnami/nginx}]}\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('null');
  });

  it('rego-ts gator audit: status per constraint as YAML / JSON / table', () => {
    const y = cli(['gator', 'audit', ...files]);
    expect(y.code).toBe(0);
    expect(y.stdout).toContain('name: enforce-image-repository');
    expect(y.stdout).toContain('totalViolations: 5');
    const j = cli(['gator', 'audit', '-o', 'json', '--constraint-violations-limit', '2', ...files]);
    const parsed = JSON.parse(j.stdout);
    expect(parsed[0].status.totalViolations).toBe(5);
    expect(parsed[0].status.violations).toHaveLength(2);
    const t = cli(['gator', 'audit', '-o', 'table', ...files]);
    expect(t.stdout).toMatch(/^K8sAllowedRepos\/enforce-image-repository: totalViolations: 5\n/);
    expect(cli(['gator', 'audit', '-o', 'xml', ...files]).code).toBe(2);
  });

  it.skipIf(!gator)(`gator test results equal the real gator's ${gator ? '' : `(skipped: ${SKIP_NO_GATOR})`}`, () => {
    const ours = cli(['gator', 'test', '-o', 'json', ...files]);
    const theirs = spawnSync(gator!, ['test', '-o', 'json', ...files], { cwd: medstackDir, encoding: 'utf8' });
    expect(ours.code).toBe(theirs.status);
    const key = (r: any) => `${r.violatingObject.kind}/${r.violatingObject.metadata.name}: ${r.msg} [${r.enforcementAction}]`;
    expect(JSON.parse(ours.stdout).map(key)).toEqual(JSON.parse(theirs.stdout).map(key));
  });

  it.skipIf(!library)(`rego-ts gator verify over the whole gatekeeper-library ${library ? '' : `(skipped: ${SKIP_NO_CORPUS})`}`, () => {
    const r = spawnSync(process.execPath, [BIN, 'gator', 'verify', './...'], { cwd: library!, encoding: 'utf8' });
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL') || l.includes('--- FAIL'))).toEqual([]);
    expect(r.stdout).toMatch(/\nPASS\n\n$/);
    expect(r.status).toBe(0);
  });
});
