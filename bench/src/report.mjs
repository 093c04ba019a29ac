// Turns workload results into comparison rows, the markdown table, and the target check.
import { fmtNs, geomean } from './stats.mjs';
import { canonical } from './run-rego.mjs';

const PEERS = {
  rego: [
    ['eval', 'opa', 'OPA (opa bench)'],
    ['eval', 'wasm', 'opa-wasm'],
    ['eval', 'floor', 'hand-written TS'],
    ['e2e', 'wasm', 'opa-wasm'],
    ['e2e', 'floor', 'hand-written TS'],
    ['cold', 'opa', 'OPA (opa eval --metrics)'],
    ['cold', 'wasm', 'opa-wasm (instantiate)'],
  ],
  review: [['eval', 'gator', 'gator bench']],
  compile: [['cold', 'gator', 'gator bench setup']],
};

/** One row per (workload, mode, peer) with figures of both sides; ratio = ours/peer median time. */
export function comparisonRows(results) {
  const rows = [];
  for (const r of results) {
    for (const [mode, peer, label] of PEERS[r.kind] ?? []) {
      const ours = r.ours?.[mode];
      const theirs = r[peer]?.[mode];
      if (!ours || !theirs) continue;
      const ratio = ours && theirs ? ours.medianNs / theirs.medianNs : NaN;
      const check = peer === 'opa' ? r.matchesOpa : peer === 'gator' ? r.matchesGator : peer === 'floor' ? canonical(r.floorDecision) === canonical(r.decision) : r.kind === 'rego' && r.wasmDecision !== undefined ? canonical(r.wasmDecision) === canonical(r.opaDecision ?? r.decision) : undefined;
      rows.push({ id: r.id, group: r.group, mode, peer, label, ours, theirs, ratio, check });
    }
  }
  return rows;
}

const ops = (s) => (s && Number.isFinite(s.opsPerSec) ? (s.opsPerSec >= 100 ? s.opsPerSec.toFixed(0) : s.opsPerSec.toFixed(2)) : '—');
const gc = (s) => (s && s.gcCount !== undefined ? `${s.gcCount}/${s.gcMs.toFixed(1)}ms` : '—');
const ratioText = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '—');
const checkText = (c) => (c === true ? 'same' : c === false ? 'DIFFERS' : '');

export function markdownTables(results, meta) {
  const out = [];
  out.push(`Machine: ${meta.cpu} (${meta.cores} cores), load average at start ${meta.loadavg}; Node ${meta.node}; OPA ${meta.opa}; gator ${meta.gator}; opa-wasm ${meta.opaWasm}.`);
  out.push(`Run: ${meta.date}, ${meta.quick ? '--quick' : 'full'}, ${meta.durationS !== undefined ? `${meta.durationS.toFixed(0)} s` : ''}.`);
  out.push('');
  out.push('Times per evaluation (review); ratio = rego-ts median / peer median (lower is better). GC = rego-ts GC events / pause total while timing.');
  out.push('');
  out.push('| workload | mode | peer | rego-ts median | rego-ts p99 | rego-ts ops/s | GC | peer median | peer p99 | peer ops/s | ratio | result |');
  out.push('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const row of comparisonRows(results)) {
    const o = row.ours;
    const t = row.theirs;
    out.push(`| ${row.id} | ${row.mode} | ${row.label} | ${fmtNs(o?.medianNs)} | ${fmtNs(o?.p99Ns)} | ${ops(o)} | ${gc(o)} | ${fmtNs(t?.medianNs)} | ${fmtNs(t?.p99Ns)} | ${ops(t)} | ${ratioText(row.ratio)} | ${checkText(row.check)} |`);
  }
  const audits = results.filter((r) => r.kind === 'audit');
  if (audits.length) {
    out.push('');
    out.push('Audit (`gator test` on both, each a fresh process: start-up, YAML, compile, inventory, every review). Ratio = rego-ts / gator.');
    out.push('');
    out.push('| workload | rego-ts wall | rego-ts peak RSS | gator wall | gator peak RSS | wall ratio | RSS ratio | violations |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---|');
    for (const r of audits) {
      const o = r.ours?.audit;
      const g = r.gator?.audit;
      const v = o && g ? (o.violations === g.violations ? `${o.violations} (same)` : `${o.violations} vs ${g.violations} DIFFERS`) : (o?.violations ?? '—');
      out.push(`| ${r.id} | ${o ? `${(o.wallMs / 1000).toFixed(2)} s` : '—'} | ${o ? `${o.maxRssMB.toFixed(0)} MB` : '—'} | ${g ? `${(g.wallMs / 1000).toFixed(2)} s` : '—'} | ${g ? `${g.maxRssMB.toFixed(0)} MB` : '—'} | ${o && g ? ratioText(o.wallMs / g.wallMs) : '—'} | ${o && g ? ratioText(o.maxRssMB / g.maxRssMB) : '—'} | ${v} |`);
    }
  }
  const parse = results.find((r) => r.kind === 'parse');
  if (parse) {
    const mb = parse.bytes / 1e6;
    out.push('');
    out.push(`Parse throughput (${parse.modules} modules of OPA's conformance suite, ${mb.toFixed(2)} MB): rego-ts parseModule ${parse.oursMs.toFixed(0)} ms (${(mb / (parse.oursMs / 1000)).toFixed(2)} MB/s)` + (parse.opaMs !== undefined ? `; opa check (2 processes, includes start-up and compile checks) ${parse.opaMs.toFixed(0)} ms (${(mb / (parse.opaMs / 1000)).toFixed(2)} MB/s); ratio ${ratioText(parse.oursMs / parse.opaMs)}.` : '.'));
  }
  const errs = results.filter((r) => r.errors?.length);
  if (errs.length) {
    out.push('');
    out.push('Errors / not measured:');
    for (const r of errs) for (const e of r.errors) out.push(`- ${r.id}: ${e}`);
  }
  return out.join('\n');
}

/** The issue's targets, evaluated on this run's rows. */
export function targetCheck(results) {
  const rows = comparisonRows(results).filter((r) => Number.isFinite(r.ratio));
  const opaEval = rows.filter((r) => r.peer === 'opa' && r.mode === 'eval');
  const small = opaEval.filter((r) => ['S0', 'S7-rego', 'SEED'].includes(r.group) || r.id === 'S1 RBAC small data');
  const gator = rows.filter((r) => r.peer === 'gator' && r.mode === 'eval');
  const wasmE2e = rows.filter((r) => r.peer === 'wasm' && r.mode === 'e2e');
  const floor = rows.filter((r) => r.peer === 'floor' && r.mode === 'eval');
  const t = [];
  const line = (name, ok, detail) => t.push(`- [${ok ? 'x' : ' '}] ${name}: ${detail}`);
  const none = (name, rs) => (rs.length === 0 ? (t.push(`- [ ] ${name}: not measured in this run`), true) : false);
  const worst = (rs, f = (r) => r.ratio) => [...rs].sort((a, b) => f(b) - f(a));
  const smallWorse = small.filter((r) => r.ratio > 0.5);
  if (!none('eval-only ≤ 0.5× OPA on gatekeeper templates and small policies', small))
    line('eval-only ≤ 0.5× OPA on gatekeeper templates and small policies', smallWorse.length === 0, `${small.length - smallWorse.length}/${small.length} meet it; geomean ${ratioText(geomean(small.map((r) => r.ratio)))}; worst ${worst(small).slice(0, 3).map((r) => `${r.id} ${ratioText(r.ratio)}`).join(', ')}`);
  const gm = geomean(opaEval.map((r) => r.ratio));
  if (!none('geomean ≤ 1.0× OPA overall (eval-only)', opaEval))
    line('geomean ≤ 1.0× OPA overall (eval-only)', gm <= 1, `geomean ${ratioText(gm)} over ${opaEval.length} workloads`);
  const over2 = opaEval.filter((r) => r.ratio > 2);
  line('none worse than 2× OPA', over2.length === 0, over2.length ? `${over2.length} worse: ${worst(over2).map((r) => `${r.id} ${ratioText(r.ratio)}`).join(', ')}` : 'none');
  const tput = (r) => r.ours.opsPerSec / r.theirs.opsPerSec;
  const gatorBad = gator.filter((r) => tput(r) < 3 || r.ours.p99Ns >= r.theirs.p99Ns);
  if (!none('≥ 3× gator reviews/s with lower p99', gator))
    line('≥ 3× gator reviews/s with lower p99', gatorBad.length === 0, `${gator.length - gatorBad.length}/${gator.length} meet it; reviews/s geomean ${geomean(gator.map(tput)).toFixed(2)}× gator; p99 lower in ${gator.filter((r) => r.ours.p99Ns < r.theirs.p99Ns).length}/${gator.length}`);
  const wasmBad = wasmE2e.filter((r) => r.ratio > 1 / 3);
  if (!none('≥ 3× opa-wasm end to end', wasmE2e))
    line('≥ 3× opa-wasm end to end', wasmBad.length === 0, `${wasmE2e.length - wasmBad.length}/${wasmE2e.length} meet it; geomean ratio ${ratioText(geomean(wasmE2e.map((r) => r.ratio)))} (target ≤ 0.33×)`);
  if (!none('within 5× of the hand-written floor', floor))
    line('within 5× of the hand-written floor', floor.every((r) => r.ratio <= 5), floor.map((r) => `${r.id} ${ratioText(r.ratio)}`).join(', '));
  const gaps = worst(opaEval).slice(0, 3).map((r) => `${r.id} (${ratioText(r.ratio)} OPA)`);
  t.push(`- largest eval-only gaps vs OPA: ${gaps.join('; ')}`);
  return t.join('\n');
}

/** One line per workload: every ratio of the run (rego-ts / peer, median time). */
export function ratioSummary(results) {
  const rows = comparisonRows(results);
  const cols = [
    ['eval', 'opa', 'eval / OPA'],
    ['eval', 'wasm', 'eval / wasm'],
    ['e2e', 'wasm', 'e2e / wasm'],
    ['eval', 'floor', 'eval / floor'],
    ['e2e', 'floor', 'e2e / floor'],
    ['cold', 'opa', 'cold / OPA'],
    ['cold', 'wasm', 'cold / wasm'],
    ['eval', 'gator', 'review / gator (p50)'],
    ['cold', 'gator', 'setup / gator'],
  ];
  const out = [`| workload | ${cols.map((c) => c[2]).join(' | ')} | reviews/s × gator |`, `|---|${cols.map(() => '---:').join('|')}|---:|`];
  const ids = [...new Set(rows.map((r) => r.id))];
  for (const id of ids) {
    const mine = rows.filter((r) => r.id === id);
    const cell = ([mode, peer]) => ratioText(mine.find((r) => r.mode === mode && r.peer === peer)?.ratio);
    const g = mine.find((r) => r.peer === 'gator' && r.mode === 'eval');
    const tput = g ? `${(g.ours.opsPerSec / g.theirs.opsPerSec).toFixed(2)}×` : '—';
    out.push(`| ${id} | ${cols.map(cell).join(' | ')} | ${tput} |`);
  }
  return out.join('\n');
}
