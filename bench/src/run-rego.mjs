// Runs one Rego workload on every system: rego-ts (eval-only, end-to-end, cold), OPA (opa
// bench / opa eval --metrics), opa-wasm (eval, end-to-end, cold) and an optional hand-written
// TypeScript floor. Also checks that rego-ts's decision equals OPA's.
import { rmSync } from 'node:fs';
import { compile, toJSON } from '@rego-ts/rego-eval';
import { measure, measureRepeated } from './stats.mjs';
import { opaBench, opaEvalCold, writePolicyDir } from './peers/opa.mjs';
import { buildWasm, loadWasm, wasmValue } from './peers/wasm.mjs';

const firstValue = (rs) => rs[0]?.expressions[0]?.value;

/** JSON text with sorted keys, for comparing decisions across systems. */
export function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

export function compileOurs(w) {
  const policy = compile({ modules: w.modules, data: w.data, regoVersion: w.regoVersion ?? 'v1' });
  return policy.prepare(w.query);
}

/** The decision rego-ts gives, as plain JSON (for the smoke test and the check column). */
export function oursDecision(w) {
  const v = firstValue(compileOurs(w).evaluate({ input: w.input }));
  return v === undefined ? undefined : toJSON(v);
}

function safe(label, errors, f) {
  try {
    return f();
  } catch (e) {
    errors.push(`${label}: ${String(e?.message ?? e).split('\n')[0].slice(0, 200)}`);
    return undefined;
  }
}
async function safeAsync(label, errors, f) {
  try {
    return await f();
  } catch (e) {
    errors.push(`${label}: ${String(e?.message ?? e).split('\n')[0].slice(0, 200)}`);
    return undefined;
  }
}

/**
 * @param w workload; @param cfg { opa, timing: {warmupMs,timeMs}, coldCount, coldMs, peers: Set }
 */
export async function runRegoWorkload(w, cfg) {
  const errors = [];
  const inputText = JSON.stringify(w.input ?? null);
  const dataText = w.data === undefined ? undefined : JSON.stringify(w.data);
  const res = { id: w.id, group: w.group, kind: 'rego', errors };

  // rego-ts
  const pq = safe('rego-ts compile', errors, () => compileOurs(w));
  if (pq) {
    const ours = {};
    const decision = safe('rego-ts eval', errors, () => {
      const v = firstValue(pq.evaluate({ input: w.input }));
      return v === undefined ? undefined : toJSON(v);
    });
    if (!errors.length) {
      ours.eval = await measure(() => pq.evaluate({ input: w.input }), cfg.timing);
      ours.e2e = await measure(() => {
        const v = firstValue(pq.evaluate({ input: JSON.parse(inputText) }));
        return JSON.stringify(v === undefined ? undefined : toJSON(v));
      }, cfg.timing);
      ours.cold = measureRepeated(() => {
        const policy = compile({ modules: w.modules, data: dataText === undefined ? undefined : JSON.parse(dataText), regoVersion: w.regoVersion ?? 'v1' });
        policy.prepare(w.query).evaluate({ input: JSON.parse(inputText) });
      }, cfg.coldCount, cfg.coldMs);
    }
    res.ours = ours;
    res.decision = decision;
  }

  // hand-written floor
  if (w.floor) {
    res.floor = {
      eval: await measure(() => w.floor(w.input), cfg.timing),
      e2e: await measure(() => JSON.stringify(w.floor(JSON.parse(inputText))), cfg.timing),
    };
    res.floorDecision = w.floor(w.input);
  }

  if (!cfg.opa) return res;
  const pdir = writePolicyDir(w.modules, w.data, w.input);
  try {
    const v0 = w.regoVersion === 'v0';
    if (cfg.peers.has('opa')) {
      const cold = safe('opa eval', errors, () => opaEvalCold(cfg.opa, { ...pdir, query: w.query, v0 }, cfg.opaColdRepeats));
      const bench = safe('opa bench', errors, () => opaBench(cfg.opa, { ...pdir, query: w.query, v0 }, { gomaxprocs: cfg.opaGomaxprocs }));
      res.opa = { eval: bench, cold: cold && { medianNs: cold.coldNs } };
      if (cold) res.opaDecision = cold.result;
      if (cold && pq) res.matchesOpa = canonical(res.decision) === canonical(cold.result);
    }
    if (cfg.peers.has('wasm') && w.modules.length > 0) {
      const bytes = safe('opa build -t wasm', errors, () => buildWasm(cfg.opa, { ...pdir, query: w.query, v0 }));
      if (bytes) {
        const policy = await safeAsync('opa-wasm load', errors, () => loadWasm(bytes, w.data));
        const ok = policy && safe('opa-wasm eval', errors, () => policy.evaluate(w.input));
        if (ok) {
          res.wasmDecision = wasmValue(ok);
          const inputBytes = () => new TextEncoder().encode(inputText).buffer;
          res.wasm = {
            eval: await measure(() => policy.evaluate(w.input), cfg.timing),
            e2e: await measure(() => JSON.stringify(wasmValue(policy.evaluate(inputBytes()))), cfg.timing),
          };
          // Cold: instantiate + set data + first evaluation (the wasm compile by `opa build` is excluded).
          const coldSamples = [];
          for (let i = 0; i < (cfg.wasmCold ?? 3); i++) {
            const t0 = process.hrtime.bigint();
            const p = await loadWasm(bytes, dataText === undefined ? undefined : JSON.parse(dataText));
            p.evaluate(JSON.parse(inputText));
            coldSamples.push(Number(process.hrtime.bigint() - t0));
          }
          coldSamples.sort((a, b) => a - b);
          res.wasm.cold = { medianNs: coldSamples[Math.floor(coldSamples.length / 2)] };
        }
      }
    }
  } finally {
    rmSync(pdir.root, { recursive: true, force: true });
  }
  return res;
}
