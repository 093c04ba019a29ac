#!/usr/bin/env node
/**
 * `pnpm difftest [--runs N] [--seed S] [--parser-runs N] [--shrink N] [--no-save] [--show-known]`: the
 * evaluation and parser differentials against the real opa. Prints the seed (a fresh random
 * one unless given), the counts, and each disagreement (shrunk); saves shrunk disagreements
 * under `difftest/regressions/`. Exit code 1 when any disagreement was found.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { describeOutcome } from '../outcome.js';
import { OPA_UNSTABLE } from '../opa-unstable.js';
import { runEvalDiff } from './eval-diff.js';
import { runParserDiff } from './parser-diff.js';
import { findOpaBinary } from './opa-binary.js';
import { saveRegression } from './regressions.js';

// Exit through process.exit so that the opa server is stopped (its 'exit' hook).
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    seed: { type: 'string' },
    'parser-runs': { type: 'string' },
    shrink: { type: 'string', default: '10' },
    'no-save': { type: 'boolean', default: false },
    'show-known': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('usage: pnpm difftest [--runs N] [--seed S] [--parser-runs N] [--shrink N] [--no-save] [--show-known]');
  process.exit(0);
}

const opaBin = findOpaBinary();
if (!opaBin) {
  console.error('difftest: opa binary not found (set OPA_BIN or run scripts/peers.sh)');
  process.exit(2);
}
const runs = Number(values.runs);
const parserRuns = values['parser-runs'] !== undefined ? Number(values['parser-runs']) : Math.min(runs, 2000);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const regressionsDir = join(import.meta.dirname, '..', '..', 'regressions');
const log = (s: string) => console.log(s);

console.log(`difftest: seed ${seed}, ${runs} evaluation cases, ${parserRuns} parser cases, opa ${opaBin}`);
const started = Date.now();
const evalReport = await runEvalDiff({ opaBin, runs, seed, shrink: Number(values.shrink), showKnown: values['show-known'], log });
console.log(
  `evaluation: ${evalReport.runs} cases, ${evalReport.agreed} agreed, ${evalReport.disagreements.length} disagreed, ${evalReport.timeouts} timed out, ${evalReport.opaCrashes} crashed opa` +
    ` (opa outcomes: ${Object.entries(evalReport.kinds).map(([k, n]) => `${k} ${n}`).join(', ')}) in ${((Date.now() - started) / 1000).toFixed(0)}s`,
);
for (const [id, n] of Object.entries(evalReport.known)) console.log(`  known issue ${id}: ${n} case(s) (not failures; see difftest/src/${id === OPA_UNSTABLE ? 'opa-unstable' : 'known'}.ts)`);
const parserStarted = Date.now();
const parserReport = await runParserDiff({ opaBin, runs: parserRuns, seed, log });
console.log(
  `parser: ${parserReport.runs} sources, ${parserReport.agreed} agreed (${parserReport.accepted} accepted, ${parserReport.parseRejected} parse errors, ${parserReport.compileRejected} compile errors), ${parserReport.disagreements.length} disagreed, ${parserReport.opaCrashes.length} crashed opa, ${parserReport.unattributed} not compared, in ${((Date.now() - parserStarted) / 1000).toFixed(0)}s`,
);
for (const [id, n] of Object.entries(parserReport.known)) console.log(`  known issue ${id}: ${n} source(s) (not failures; see difftest/src/${id === OPA_UNSTABLE ? 'opa-unstable' : 'known'}.ts)`);
for (const d of parserReport.disagreements.slice(0, 10)) {
  console.log(`parser disagreement (${d.stage}):\n${d.source}\n  opa:     ${d.opa.join(', ') || 'accepted'}\n  rego-ts: ${d.regoTs.join(', ') || 'accepted'}`);
}

if (!values['no-save']) {
  for (const d of evalReport.disagreements) {
    if (!d.minimal) continue;
    const file = saveRegression(regressionsDir, { seed, index: d.index, case: d.minimal, opa: d.opa });
    console.log(`saved ${file} (rego-ts: ${describeOutcome(d.regoTs)})`);
  }
  for (const d of parserReport.disagreements) {
    const file = saveRegression(regressionsDir, { seed, index: d.index, parser: { source: d.source, stage: d.stage, opa: d.opa } });
    console.log(`saved ${file}`);
  }
}
const failed = evalReport.disagreements.length + parserReport.disagreements.length;
console.log(`difftest seed ${seed}: ${failed ? `${failed} disagreement(s)` : 'no disagreement'}`);
process.exit(failed ? 1 : 0);
