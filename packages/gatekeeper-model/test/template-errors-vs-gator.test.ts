// Template and constraint error texts (spec §1.5, §2.2–2.4, §4.2) compared byte for byte with
// the real gator (`gator test` on one bad document).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorText, runGatorTest } from '../src/index.js';
import { loadPaths } from '../src/node/index.js';
import { findGator, SKIP_NO_GATOR } from '../../../test-support/peers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const gator = findGator();

function compare(files: string[]): void {
  let ours = '';
  try {
    runGatorTest(loadPaths(files, { version: '1.1' }));
  } catch (e) {
    ours = errorText(e);
  }
  const theirs = spawnSync(gator!, ['test', ...files.flatMap((f) => ['-f', f])], { encoding: 'utf8' }).stderr;
  expect(ours ? `${ours}\n` : '').toBe(theirs);
}

describe.skipIf(!gator)(`error texts equal gator's ${gator ? '' : `(skipped: ${SKIP_NO_GATOR})`}`, () => {
  const templates = join(FIXTURES, 'bad-templates');
  for (const f of readdirSync(templates).sort()) it(`template ${f}`, () => compare([join(templates, f)]));
  for (const dir of ['bad-constraints', 'schema-constraints']) {
    const constraints = join(FIXTURES, dir);
    for (const f of readdirSync(constraints).filter((n) => n.endsWith('.yaml')).sort()) {
      it(`${dir} ${f}`, () => compare([join(constraints, '_template.yml'), join(constraints, f)]));
    }
  }
});
