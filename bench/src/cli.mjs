// `pnpm bench [--quick] [--json FILE] [--filter REGEX] [--peers opa,wasm,gator]`: every workload
// against every peer in the same run; prints the comparison table and the target check.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { findGator, findOpa, opaVersion } from './peers/opa.mjs';
import { gatorVersion } from './peers/gator.mjs';
import { QUICK_SIZES, SIZES, policyWorkloads } from './workloads/policies.mjs';
import { findLibrary, libraryTemplates, loadSet, makeClient, seedFiles, templateWrapper } from './workloads/library.mjs';
import { seedWorkload } from './workloads/seed.mjs';
import { runRegoWorkload } from './run-rego.mjs';
import { runCompileWorkload, runReviewWorkload } from './run-gatekeeper.mjs';
import { runAuditWorkload } from './run-audit.mjs';
import { runParseThroughput } from './parse-throughput.mjs';
import { markdownTables, ratioSummary, targetCheck } from './report.mjs';

function parseArgs(argv) {
  const a = { quick: false, json: undefined, filter: undefined, peers: new Set(['opa', 'wasm', 'gator']) };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--') continue;
    if (x === '--quick') a.quick = true;
    else if (x === '--json') a.json = argv[++i];
    else if (x === '--filter') a.filter = new RegExp(argv[++i]);
    else if (x === '--peers') a.peers = new Set(argv[++i].split(',').filter(Boolean));
    else if (x === '-h' || x === '--help') {
      console.log('usage: pnpm bench [--quick] [--json FILE] [--filter REGEX] [--peers opa,wasm,gator]');
      process.exit(0);
    } else {
      console.error(`unknown argument ${x}`);
      process.exit(2);
    }
  }
  return a;
}

export function config(quick) {
  return quick
    ? { timing: { warmupMs: 100, timeMs: 250 }, coldCount: 3, coldMs: 1500, opaColdRepeats: 1, gatorRun: { iterations: 200, warmup: 10 }, gatorRunAll: { iterations: 5, warmup: 1 }, auditSizes: [1000], auditTimeoutMs: 300_000, parseIterations: 2, sizes: QUICK_SIZES, wasmCold: 1, opaGomaxprocs: 1 }
    : { timing: { warmupMs: 500, timeMs: 2000 }, coldCount: 10, coldMs: 5000, opaColdRepeats: 3, gatorRun: { iterations: 1000, warmup: 10 }, gatorRunAll: { iterations: 50, warmup: 2 }, auditSizes: [1000, 10000, 100000], auditTimeoutMs: 1_800_000, parseIterations: 5, sizes: SIZES, wasmCold: 5 };
}

/** Every workload as { id, run(cfg) } in report order. */
export function allWorkloads(cfg) {
  const list = [];
  for (const w of policyWorkloads(cfg.sizes)) list.push({ id: w.id, run: () => runRegoWorkload(w, cfg) });
  list.push({ id: 'SEED allowed-repos (Rego only)', run: () => runRegoWorkload(seedWorkload(), cfg) });
  list.push({ id: 'SEED allowed-repos (review)', run: () => runReviewWorkload('SEED allowed-repos (review)', 'SEED-review', seedFiles(), cfg) });
  const lib = findLibrary();
  if (lib) {
    const templates = libraryTemplates(lib);
    for (const t of templates) {
      list.push({ id: `S7 ${t.name} (review)`, run: () => runReviewWorkload(`S7 ${t.name} (review)`, 'S7', t.files, cfg) });
      list.push({
        id: `S7 ${t.name} (Rego only)`,
        run: () => {
          const set = loadSet(t.files);
          return runRegoWorkload(templateWrapper(t.name, set, makeClient(set)), cfg);
        },
      });
    }
    const all = templates.flatMap((t) => t.files);
    list.push({ id: 'S7 all general templates (review)', run: () => runReviewWorkload('S7 all general templates (review)', 'S7-all', all, cfg, cfg.gatorRunAll) });
    list.push({ id: 'S9 compile general library', run: () => runCompileWorkload('S9 compile general library', all, cfg) });
    for (const n of cfg.auditSizes) list.push({ id: `S10 audit n=${n}`, run: () => runAuditWorkload(n, templates, cfg) });
  }
  list.push({
    id: 'P parse throughput',
    run: () => ({ id: 'P parse throughput', group: 'P', kind: 'parse', errors: [], ...runParseThroughput(cfg.peers.has('opa') ? cfg.opa : undefined, cfg.parseIterations) }),
  });
  return list;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const cfg = { ...config(args.quick), peers: args.peers, opa: findOpa(), gator: findGator() };
  const meta = {
    date: new Date().toISOString(),
    quick: args.quick,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    loadavg: loadavg().map((x) => x.toFixed(2)).join(' '),
    node: process.version,
    opa: cfg.opa ? opaVersion(cfg.opa) : 'absent (set OPA_BIN)',
    gator: cfg.gator ? gatorVersion(cfg.gator) : 'absent (set GATOR_BIN)',
    opaWasm: JSON.parse(readFileSync(join(import.meta.dirname, '..', 'node_modules', '@open-policy-agent', 'opa-wasm', 'package.json'), 'utf8')).version,
    config: { ...config(args.quick) },
  };
  if (!findLibrary()) console.error('gatekeeper-library corpus not found: S7, S9, S10 skipped');
  const results = [];
  for (const w of allWorkloads(cfg)) {
    if (args.filter && !args.filter.test(w.id)) continue;
    const t0 = Date.now();
    let r;
    try {
      r = await w.run();
    } catch (e) {
      r = { id: w.id, errors: [String(e?.message ?? e).slice(0, 300)] };
    }
    results.push(r);
    console.error(`${w.id}: ${((Date.now() - t0) / 1000).toFixed(1)} s${r.errors?.length ? ` (${r.errors.length} errors)` : ''}`);
  }
  meta.durationS = (Date.now() - started) / 1000;
  meta.loadavgEnd = loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(markdownTables(results, meta));
  console.log('\nRatios at a glance (rego-ts / peer, median time; lower is better):\n\n' + ratioSummary(results));
  console.log('\nTargets:\n' + targetCheck(results));
  console.log(`\nTotal duration ${meta.durationS.toFixed(0)} s; load average at end ${meta.loadavgEnd}.`);
  if (args.json) {
    // BigInt-free: every figure is a number.
    writeFileSync(args.json, JSON.stringify({ meta, results }, null, 2));
    console.error(`wrote ${args.json}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
