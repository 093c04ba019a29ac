// CPU profile of rego-ts's side of one workload, steady state only (the V8 profiler, as
// `node --cpu-prof` uses, started after set-up and warm-up):
//   node bench/src/profile.mjs 'S4 indexing eq n=1000' [seconds] [out.cpuprofile]
// then `node bench/src/cpuprofile-top.mjs out.cpuprofile` for the top frames.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { policyWorkloads } from './workloads/policies.mjs';
import { seedWorkload } from './workloads/seed.mjs';
import { findLibrary, libraryTemplates, loadSet, makeClient, reviewOnce, templateWrapper } from './workloads/library.mjs';
import { compileOurs } from './run-rego.mjs';
import { toJSON } from '@rego-ts/rego-eval';

// BENCH_MODE=e2e profiles JSON text in → decision text out instead of eval-only.
const e2e = process.env.BENCH_MODE === 'e2e';
const stepFor = (pq, input) => {
  if (!e2e) return () => pq.evaluate({ input });
  const text = JSON.stringify(input);
  return () => {
    const v = pq.evaluate({ input: JSON.parse(text) })[0]?.expressions[0]?.value;
    return JSON.stringify(v === undefined ? null : toJSON(v));
  };
};

const [name, secs = '5', out = 'profile.cpuprofile'] = process.argv.slice(2);
let step;
const w = [...policyWorkloads(), seedWorkload()].find((x) => x.id === name);
if (w) {
  step = stepFor(compileOurs(w), w.input);
} else if (name === 'S9 compile general library') {
  // Building a client with every general template and its constraints, as the bench does.
  const lib = findLibrary();
  if (!lib) throw new Error('gatekeeper library not found');
  const set = loadSet(libraryTemplates(lib).flatMap((t) => t.files));
  step = () => makeClient(set, { data: false });
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
    step = stepFor(compileOurs(tw), tw.input);
  }
}
for (const end = Date.now() + 500; Date.now() < end; ) step();
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
let n = 0;
for (const until = Date.now() + Number(secs) * 1000; Date.now() < until; n++) step();
const { profile } = await session.post('Profiler.stop');
writeFileSync(out, JSON.stringify(profile));
console.log(`${name}: ${n} evaluations in ${secs} s; profile in ${out}`);
