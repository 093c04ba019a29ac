// Smoke test of the benchmark workloads: each runs once on rego-ts, and its decision equals
// OPA's (`opa eval` on the same files) where opa is present. No timing is asserted.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findGatekeeperLibrary, findOpa, SKIP_NO_CORPUS, SKIP_NO_OPA } from '../../test-support/peers.js';
// @ts-expect-error — plain ESM modules without type declarations
import { policyWorkloads } from '../src/workloads/policies.mjs';
// @ts-expect-error — plain ESM modules without type declarations
import { seedWorkload } from '../src/workloads/seed.mjs';
// @ts-expect-error — plain ESM modules without type declarations
import { libraryTemplates, loadSet, makeClient, templateWrapper, violationsPerPass, seedFiles } from '../src/workloads/library.mjs';
// @ts-expect-error — plain ESM modules without type declarations
import { generateCluster } from '../src/workloads/cluster.mjs';
// @ts-expect-error — plain ESM modules without type declarations
import { canonical, oursDecision } from '../src/run-rego.mjs';
// @ts-expect-error — plain ESM modules without type declarations
import { writePolicyDir } from '../src/peers/opa.mjs';
// @ts-expect-error — plain ESM modules without type declarations
import { parseGoDuration, percentile } from '../src/stats.mjs';

interface Workload {
  id: string;
  modules: Array<{ file: string; source: string }>;
  data?: unknown;
  query: string;
  input: unknown;
  regoVersion?: 'v0' | 'v1';
  floor?: (input: unknown) => unknown;
}

const opa = findOpa();
if (!opa) console.warn(SKIP_NO_OPA);
const lib = findGatekeeperLibrary();
if (!lib) console.warn(SKIP_NO_CORPUS);

function opaDecision(w: Workload): unknown {
  const dir = writePolicyDir(w.modules, w.data, w.input);
  try {
    const args = ['eval', '--format', 'json', ...(w.regoVersion === 'v0' ? ['--v0-compatible'] : []), '-d', dir.dir, '-i', dir.inputFile, w.query];
    const out = JSON.parse(execFileSync(opa!, args, { encoding: 'utf8', maxBuffer: 256 << 20 }));
    return out.result?.[0]?.expressions?.[0]?.value;
  } finally {
    rmSync(dir.root, { recursive: true, force: true });
  }
}

function checkWorkload(w: Workload) {
  const ours = oursDecision(w);
  expect(ours).not.toBeUndefined();
  if (opa) expect(canonical(ours)).toBe(canonical(opaDecision(w)));
  if (w.floor) expect(canonical(w.floor(w.input))).toBe(canonical(ours));
}

describe('policy workloads (S0–S6) and the seed', () => {
  for (const w of policyWorkloads() as Workload[]) it(w.id, () => checkWorkload(w));
  it('SEED allowed-repos (Rego only), with its hand-written floor', () => checkWorkload(seedWorkload()));
  it('SEED allowed-repos (review)', () => {
    const set = loadSet(seedFiles());
    expect(violationsPerPass(makeClient(set), set.objects)).toBeGreaterThan(0);
  });
});

describe.skipIf(!lib)('gatekeeper-library workloads (S7)', () => {
  const templates = lib ? (libraryTemplates(lib) as Array<{ name: string; files: string[] }>) : [];
  it('finds every general template', () => expect(templates.length).toBeGreaterThanOrEqual(30));
  for (const t of templates) {
    it(`S7 ${t.name}: Rego-only wrapper equals opa; reviews run`, () => {
      const set = loadSet(t.files);
      const client = makeClient(set);
      violationsPerPass(client, set.objects);
      checkWorkload(templateWrapper(t.name, set, client));
    });
  }
  it('S10 generated cluster audits against every general template', () => {
    const all = templates.flatMap((t) => t.files);
    const client = makeClient(loadSet(all), { data: false });
    const objects = generateCluster(200);
    for (const o of objects) client.addData(o);
    const status = client.audit(objects) as Array<{ status: { totalViolations: number } }>;
    expect(status.reduce((n, s) => n + s.status.totalViolations, 0)).toBeGreaterThan(0);
  });
});

describe('timing helpers', () => {
  it('parses Go durations', () => {
    expect(parseGoDuration('294.66µs')).toBeCloseTo(294660);
    expect(parseGoDuration('1m2.5s')).toBeCloseTo(62.5e9);
    expect(parseGoDuration('4.642464ms')).toBeCloseTo(4642464);
  });
  it('interpolates percentiles between closest ranks', () => {
    expect(percentile(Float64Array.from([1, 2, 3, 4]), 50)).toBe(2.5);
    expect(percentile(Float64Array.from([1, 2, 3, 4]), 100)).toBe(4);
  });
});
