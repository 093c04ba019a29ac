// Gatekeeper workloads on rego-ts and gator: reviews/s with per-review p50/p99 (S7, seed), and
// the setup cost of compiling templates + constraints (S9).
import { measure, measureRepeated } from './stats.mjs';
import { loadSet, makeClient, reviewOnce, violationsPerPass } from './workloads/library.mjs';
import { gatorBench } from './peers/gator.mjs';

/** Reviews every object in turn, each review timed on its own (as gator bench). */
export async function runReviewWorkload(id, group, files, cfg, gatorRun = cfg.gatorRun) {
  const res = { id, group, kind: 'review', errors: [] };
  const set = loadSet(files);
  const client = makeClient(set);
  res.violationsPerPass = violationsPerPass(client, set.objects);
  let i = 0;
  const objs = set.objects;
  res.ours = { eval: await measure(() => reviewOnce(client, objs[i++ % objs.length]), cfg.timing) };
  if (cfg.gator && cfg.peers.has('gator')) {
    try {
      const g = gatorBench(cfg.gator, files, gatorRun);
      res.gator = { eval: g };
      res.gatorViolationsPerPass = g.violationsPerPass;
      res.matchesGator = g.violationsPerPass === res.violationsPerPass;
    } catch (e) {
      res.errors.push(String(e.message).slice(0, 300));
    }
  }
  return res;
}

/** S9: parse + compile every template and load every constraint (no data), vs gator's setup. */
export async function runCompileWorkload(id, files, cfg) {
  const res = { id, group: 'S9', kind: 'compile', errors: [] };
  const set = loadSet(files);
  res.counts = { templates: set.templates.length, constraints: set.constraints.length, objects: set.objects.length };
  res.ours = { cold: measureRepeated(() => makeClient(set, { data: false }), cfg.coldCount, cfg.coldMs * 4) };
  if (cfg.gator && cfg.peers.has('gator')) {
    try {
      const g = gatorBench(cfg.gator, files, { iterations: 1, warmup: 0 });
      res.gator = { cold: { medianNs: g.compileNs } };
    } catch (e) {
      res.errors.push(String(e.message).slice(0, 300));
    }
  }
  return res;
}
