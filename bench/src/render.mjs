// Re-renders the tables of a saved run: node bench/src/render.mjs results/FILE.json
import { readFileSync } from 'node:fs';
import { markdownTables, ratioSummary, targetCheck } from './report.mjs';

const { meta, results } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
console.log(markdownTables(results, meta));
console.log('\nRatios at a glance (rego-ts / peer, median time; lower is better):\n\n' + ratioSummary(results));
console.log('\nTargets:\n' + targetCheck(results));
console.log(`\nTotal duration ${meta.durationS.toFixed(0)} s; load average at start ${meta.loadavg}, at end ${meta.loadavgEnd}.`);
