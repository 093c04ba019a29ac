// The seed's allowed-repos check (examples/medstack) as a Rego workload with a hand-written
// TypeScript floor: the same decision computed with no interpreter.
import { loadSet, makeClient, seedFiles, templateWrapper } from './library.mjs';

const POD_SPEC_FIELDS = [
  ['containers', 'container'],
  ['initContainers', 'initContainer'],
  ['ephemeralContainers', 'ephemeralContainer'],
];

/** Messages of k8sallowedrepos for one review, as the template's Rego builds them. */
export function allowedReposFloor(review, repos) {
  const obj = review.object;
  const spec = obj?.kind === 'Pod' ? obj.spec : obj?.kind === 'Deployment' ? obj.spec?.template?.spec : undefined;
  if (!spec) return [];
  const out = [];
  const reposText = `[${repos.map((r) => JSON.stringify(r)).join(', ')}]`;
  for (const [field, label] of POD_SPEC_FIELDS) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      const image = c?.image;
      if (typeof image === 'string' && repos.some((r) => image.startsWith(r))) continue;
      if (typeof image !== 'string') continue;
      out.push(`${label} <${c.name}> has an invalid image repo <${image}>, allowed repos are ${reposText}`);
    }
  }
  return out;
}

/** Rego-only seed workload: the template over every matched (object, constraint) pair. */
export function seedWorkload() {
  const set = loadSet(seedFiles());
  const client = makeClient(set);
  const w = templateWrapper('seed allowed-repos', set, client);
  return {
    ...w,
    id: 'SEED allowed-repos (Rego only)',
    group: 'SEED',
    // Same output as data.bench.results: violations per case (messages built, then counted).
    floor: (input) => input.cases.map((c) => new Set(allowedReposFloor(c.review, c.parameters.repos ?? [])).size),
  };
}
