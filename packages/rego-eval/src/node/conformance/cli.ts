#!/usr/bin/env node
/**
 * `node dist/node/conformance/cli.js [--json] [--filter REGEX] [--verbose] [--update-expected]`
 * Runs OPA's conformance suite, prints a per-folder table and the closing line
 * `conformance: N passed, M failed, K skipped`. Exit 1 when the outcome differs from
 * `conformance-expected-failures.txt` in either direction.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSuiteDir, folderTable, judge, readExpectedFailures, runSuite, summaryLine } from './runner.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const verbose = args.includes('--verbose');
const update = args.includes('--update-expected');
const fi = args.indexOf('--filter');
const filter = fi >= 0 && args[fi + 1] ? new RegExp(args[fi + 1]!) : undefined;

const expectedPath = join(import.meta.dirname, '..', '..', '..', 'conformance-expected-failures.txt');

const dir = findSuiteDir();
if (!dir) {
  console.log('OPA conformance suite not found: set OPA_SUITE or install Go and the OPA module');
  console.log('conformance: 0 passed, 0 failed, 0 skipped');
  process.exit(0);
}

const opts: Parameters<typeof runSuite>[1] = {};
if (filter) opts.filter = filter;
const results = runSuite(dir, opts);
const expected = readExpectedFailures(expectedPath);
// With a filter, only judge the listed cases that ran.
const ran = new Set(results.map((r) => r.id));
const relevant = filter ? new Map([...expected].filter(([id]) => ran.has(id))) : expected;
const verdict = judge(results, relevant);

if (update) {
  const lines = results
    .filter((r) => r.status === 'fail')
    .map((r) => {
      // Hand-written reasons start with "known:" and are kept; others are refreshed.
      const prev = expected.get(r.id);
      return `${r.id} # ${prev?.startsWith('known:') ? prev : (r.reason ?? 'fails').replace(/\s+/g, ' ').slice(0, 200)}`;
    });
  const uniq = [...new Set(lines)].sort();
  writeFileSync(expectedPath, uniq.join('\n') + '\n');
}

if (json) {
  console.log(JSON.stringify({ results, unexpectedFailures: verdict.unexpectedFailures, unexpectedPasses: verdict.unexpectedPasses }, null, 2));
} else {
  console.log(folderTable(results));
  if (verbose) for (const r of results) if (r.status === 'fail') console.log(`FAIL ${r.id}: ${(r.reason ?? '').replace(/\s+/g, ' ')}`);
  if (!update) {
    for (const r of verdict.unexpectedFailures) console.log(`unexpected failure: ${r.id}: ${r.reason}`);
    for (const id of verdict.unexpectedPasses) console.log(`unexpected pass (remove from ${existsSync(expectedPath) ? 'expected failures' : 'list'}): ${id}`);
  }
  console.log(summaryLine(results));
}
process.exitCode = !update && (verdict.unexpectedFailures.length || verdict.unexpectedPasses.length) ? 1 : 0;
