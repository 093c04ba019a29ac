// Runs rego-ts's side of one workload in a loop, for `node --cpu-prof`:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/src/profile.mjs 'S4 indexing eq n=1000' [seconds]
// then `node bench/src/cpuprofile-top.mjs /tmp/prof/*.cpuprofile` for the top frames.
import { policyWorkloads } from './workloads/policies.mjs';
import { seedWorkload } from './workloads/seed.mjs';
import { findLibrary, libraryTemplates, loadSet, makeClient, reviewOnce, templateWrapper } from './workloads/library.mjs';
import { compileOurs } from './run-rego.mjs';

const [name, secs = '5'] = process.argv.slice(2);
const until = Date.now() + Number(secs) * 1000;
let step;
const w = [...policyWorkloads(), seedWorkload()].find((x) => x.id === name);
if (w) {
  const pq = compileOurs(w);
  step = () => pq.evaluate({ input: w.input });
} else {
  const m = /^S7 (.+) \((review|Rego only)\)$/.exec(name ?? '');
  const lib = findLibrary();
  const t = m && lib ? libraryTemplates(lib).find((x) => x.name === m[1]) : undefined;
  if (!t) throw new Error(`unknown workload ${name}`);
  const set = loadSet(t.files);
  const client = makeClient(set);
  if (m[2] === 'review') {
    let i = 0;
    step = () => reviewOnce(client, set.objects[i++ % set.objects.length]);
  } else {
    const tw = templateWrapper(t.name, set, client);
    const pq = compileOurs(tw);
    step = () => pq.evaluate({ input: tw.input });
  }
}
let n = 0;
while (Date.now() < until) {
  step();
  n++;
}
console.log(`${name}: ${n} evaluations in ${secs} s`);
