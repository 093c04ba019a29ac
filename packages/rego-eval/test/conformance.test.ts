/**
 * Runs OPA's conformance suite through the runner and checks the outcome against
 * conformance-expected-failures.txt in both directions.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSuite, SKIP_NO_SUITE } from '../../../test-support/peers.js';
import { judge, readExpectedFailures, runSuite, summaryLine } from '../src/node/conformance/runner.js';

const suite = findSuite();

describe('OPA conformance suite', () => {
  it.skipIf(!suite)(suite ? 'matches conformance-expected-failures.txt' : SKIP_NO_SUITE, () => {
    const results = runSuite(suite!);
    const expected = readExpectedFailures(join(import.meta.dirname, '..', 'conformance-expected-failures.txt'));
    const verdict = judge(results, expected);
    console.log(summaryLine(results));
    expect(verdict.unexpectedFailures.map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
    expect(verdict.unexpectedPasses).toEqual([]);
  });
});
