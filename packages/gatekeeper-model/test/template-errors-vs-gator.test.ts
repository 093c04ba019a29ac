// Template error texts (spec §1.5, §2.2–2.4) compared byte for byte with the real gator.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorText, runGatorTest } from '../src/index.js';
import { loadPaths } from '../src/node/index.js';
import { findGator, SKIP_NO_GATOR } from '../../../test-support/peers.js';

const DIR = join(import.meta.dirname, 'fixtures', 'bad-templates');
const gator = findGator();

describe.skipIf(!gator)(`template errors equal gator's ${gator ? '' : `(skipped: ${SKIP_NO_GATOR})`}`, () => {
  for (const f of readdirSync(DIR).sort()) {
    it(f, () => {
      const path = join(DIR, f);
      let ours = '';
      try {
        runGatorTest(loadPaths([path], { version: '1.1' }));
      } catch (e) {
        ours = errorText(e);
      }
      const theirs = spawnSync(gator!, ['test', '-f', path], { encoding: 'utf8' }).stderr;
      expect(ours + '\n').toBe(theirs);
    });
  }
});
