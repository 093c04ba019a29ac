// Replays the differential-test regressions (difftest/regressions/*.json) against rego-ts: each
// holds a minimal case and the outcome the real opa gave, so no opa is needed here. Cases whose
// bug is still open carry an `open` reason and are expected to fail until fixed.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeOutcome } from '../../difftest/src/outcome.js';
import { evaluateWithRegoTs } from '../../difftest/src/rego-ts-engine.js';
import { regoTsVerdict } from '../../difftest/src/node/parser-diff.js';
import { loadRegressions } from '../../difftest/src/node/regressions.js';

const dir = join(import.meta.dirname, '..', '..', 'difftest', 'regressions');
const regressions = loadRegressions(dir);

describe('difftest regressions (rego-ts vs stored opa outcomes)', () => {
  it('has regressions to replay', () => {
    expect(regressions.length).toBeGreaterThan(0);
  });

  for (const { file, regression: r } of regressions) {
    const title = r.open ? `${file} (open: ${r.open})` : file;
    const test = r.open ? it.fails : it;
    if (r.case && r.opa) {
      const c = r.case;
      const expected = r.opa;
      test(title, () => {
        expect(describeOutcome(evaluateWithRegoTs(c))).toBe(describeOutcome(expected));
      });
    } else if (r.parser) {
      const p = r.parser;
      test(title, () => {
        const v = regoTsVerdict('c.rego', p.source);
        expect(v.stage === 'accepted' ? [] : [`${v.stage}:`, ...v.codes]).toEqual(p.opa);
      });
    }
  }
});
