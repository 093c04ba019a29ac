// Matching under gator verify (plain-object reviews, no Namespace attached, Namespaces found
// through the inventory) compared with the real gator: every constraint of the matching fixture
// against every object, with and without the Namespaces as inventory.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatVerifyReport, runVerify } from '../src/node/index.js';
import { findGator, SKIP_NO_GATOR } from '../../../test-support/peers.js';

const SRC = join(import.meta.dirname, 'fixtures', 'matching');
const gator = findGator();

function buildSuite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gk-match-verify-'));
  cpSync(SRC, dir, { recursive: true });
  const files = readdirSync(dir).sort();
  const constraints = files.filter((f) => /^c\d\d-/.test(f));
  const objects = files.filter((f) => f.startsWith('o-'));
  const namespaces = objects.filter((f) => f.startsWith('o-ns-'));
  writeFileSync(join(dir, 'inventory.yaml'), namespaces.map((f) => `---\n${readFileSync(join(dir, f), 'utf8')}`).join('\n'));
  const tests = constraints.map((c) => {
    const cases = objects.flatMap((o) => [
      `      - name: ${o}\n        object: ${o}\n        assertions: [{violations: 0}]`,
      `      - name: ${o}+inventory\n        object: ${o}\n        inventory: [inventory.yaml]\n        assertions: [{violations: 0}]`,
    ]);
    return `  - name: ${c}\n    template: template.yaml\n    constraint: ${c}\n    cases:\n${cases.join('\n')}`;
  });
  writeFileSync(join(dir, 'suite.yaml'), `kind: Suite\napiVersion: test.gatekeeper.sh/v1alpha1\ntests:\n${tests.join('\n')}\n`);
  return dir;
}

describe.skipIf(!gator)(`matching under gator verify equals gator ${gator ? '' : `(skipped: ${SKIP_NO_GATOR})`}`, () => {
  it('every constraint x object, with and without inventory', () => {
    const dir = buildSuite();
    const normalize = (t: string) => t.replace(/\(\d+\.\d{3}s\)/g, '(T)').replace(/\t\d+\.\d{3}s/g, '\tT');
    const theirs = spawnSync(gator!, ['verify', '-v', 'suite.yaml'], { cwd: dir, encoding: 'utf8' }).stdout;
    const mine = formatVerifyReport(runVerify(['suite.yaml'], { cwd: dir }), true);
    expect(theirs.split('\n').length).toBeGreaterThan(400);
    rmSync(dir, { recursive: true, force: true });
    expect(normalize(mine)).toBe(normalize(theirs));
  });
});
