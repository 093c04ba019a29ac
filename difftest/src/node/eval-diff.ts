/**
 * The evaluation differential: generate cases with a seed, evaluate each with rego-ts and
 * with opa (one server for the whole batch), and shrink disagreements to minimal cases.
 */
import fc from 'fast-check';
import { caseArbitrary, type Case } from '../generate/case.js';
import { describeOutcome, sameOutcome, type Outcome } from '../outcome.js';
import { evaluateWithRegoTs } from '../rego-ts-engine.js';
import { knownIssue } from '../known.js';
import { OpaServer } from './opa-server.js';
import { OPA_UNSTABLE, opaSometimesAgrees } from '../opa-unstable.js';

export interface Disagreement {
  /** Index of the case in the seeded run (fast-check `path`). */
  index: number;
  original: Case;
  /** The shrunk case, when shrinking ran. */
  minimal?: Case;
  opa: Outcome;
  regoTs: Outcome;
  /** The known issue that explains it (see known.ts), if any. */
  known?: string;
}

export interface EvalDiffReport {
  seed: number;
  runs: number;
  agreed: number;
  /** Cases where opa (or rego-ts) ran past the timeout: not compared. */
  timeouts: number;
  /** Cases on which the opa server itself went down (not compared; logged). */
  opaCrashes: number;
  disagreements: Disagreement[];
  /** Disagreements explained by a known issue, per issue id (not failures). */
  known: Record<string, number>;
  /** Outcome kinds over all compared cases (value, undefined, compile_error, eval_error). */
  kinds: Record<string, number>;
}

export interface EvalDiffOptions {
  opaBin: string;
  runs: number;
  seed: number;
  /** How many disagreements to shrink (each shrink evaluates many cases with opa). */
  shrink?: number;
  timeoutMs?: number;
  /** Log each case of a known issue too. */
  showKnown?: boolean;
  log?: (line: string) => void;
}

export async function runEvalDiff(opts: EvalDiffOptions): Promise<EvalDiffReport> {
  const log = opts.log ?? (() => {});
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const cases = fc.sample(caseArbitrary, { seed: opts.seed, numRuns: opts.runs });
  const report: EvalDiffReport = { seed: opts.seed, runs: opts.runs, agreed: 0, timeouts: 0, opaCrashes: 0, disagreements: [], known: {}, kinds: {} };
  let server = await OpaServer.start(opts.opaBin);
  try {
    const compare = async (c: Case): Promise<{ opa: Outcome; regoTs: Outcome } | 'timeout' | 'crash'> => {
      const opa = await server.evaluate(c, timeoutMs);
      if (opa === 'timeout' || opa === 'crash') {
        if (opa === 'crash') log(`opa server crashed on:\n${c.module}\n  input: ${JSON.stringify(c.input)}\n  data: ${JSON.stringify(c.data)}`);
        // The query may still be running in opa: start afresh.
        await server.stop();
        server = await OpaServer.start(opts.opaBin);
        return opa;
      }
      const regoTs = evaluateWithRegoTs(c, timeoutMs);
      if (regoTs.kind === 'eval_error' && regoTs.codes.includes('eval_cancel_error')) return 'timeout';
      return { opa, regoTs };
    };

    // Asks opa again (each ask recompiles the module) for an answer equal to rego-ts's.
    const opaUnstable = (c: Case, regoTs: Outcome): Promise<boolean> =>
      opaSometimesAgrees(
        async () => {
          const o = await server.evaluate(c, timeoutMs, true);
          return o === 'timeout' || o === 'crash' ? undefined : o;
        },
        (o) => sameOutcome(o, regoTs),
      );

    const started = Date.now();
    for (let i = 0; i < cases.length; i++) {
      const r = await compare(cases[i]!);
      if (r === 'timeout') {
        report.timeouts++;
        continue;
      }
      if (r === 'crash') {
        report.opaCrashes++;
        continue;
      }
      report.kinds[r.opa.kind] = (report.kinds[r.opa.kind] ?? 0) + 1;
      if (sameOutcome(r.opa, r.regoTs)) report.agreed++;
      else if (knownIssue(r.opa, r.regoTs, cases[i]!.module)) {
        const id = knownIssue(r.opa, r.regoTs, cases[i]!.module)!.id;
        report.known[id] = (report.known[id] ?? 0) + 1;
        if (opts.showKnown) log(`case ${i}: known issue ${id}: opa ${describeOutcome(r.opa)} / rego-ts ${describeOutcome(r.regoTs)}`);
      } else if (await opaUnstable(cases[i]!, r.regoTs)) {
        report.known[OPA_UNSTABLE] = (report.known[OPA_UNSTABLE] ?? 0) + 1;
        log(`case ${i}: opa answers differently across compiles, once as rego-ts (not a failure): opa ${describeOutcome(r.opa)} / rego-ts ${describeOutcome(r.regoTs)}\n${cases[i]!.module}`);
      } else {
        report.disagreements.push({ index: i, original: cases[i]!, ...r });
        log(`case ${i}: disagreement\n  opa:     ${describeOutcome(r.opa)}\n  rego-ts: ${describeOutcome(r.regoTs)}`);
      }
      if ((i + 1) % 1000 === 0) log(`${i + 1}/${cases.length} cases, ${report.disagreements.length} disagreements, ${((Date.now() - started) / 1000).toFixed(0)}s`);
    }

    // Shrink: replay the failing case through fast-check's runner (same seed, its path), with
    // a property that compares both engines on every shrink candidate.
    for (const d of report.disagreements.slice(0, opts.shrink ?? 10)) {
      let last: { opa: Outcome; regoTs: Outcome } | undefined;
      const prop = fc.asyncProperty(caseArbitrary, async (c) => {
        const r = await compare(c);
        if (r === 'timeout' || r === 'crash' || sameOutcome(r.opa, r.regoTs) || knownIssue(r.opa, r.regoTs, c.module)) return true;
        if (await opaUnstable(c, r.regoTs)) return true;
        // Stay on the same kind of disagreement: do not drift to another bug while shrinking.
        if (r.opa.kind !== d.opa.kind || r.regoTs.kind !== d.regoTs.kind) return true;
        last = r;
        return false;
      });
      const res = await fc.check(prop, { seed: opts.seed, numRuns: opts.runs, path: String(d.index), endOnFailure: false });
      if (res.failed && res.counterexample && last) {
        d.minimal = res.counterexample[0];
        d.opa = last.opa;
        d.regoTs = last.regoTs;
        log(`case ${d.index} shrunk (${res.numShrinks} steps):\n${d.minimal.module}\n  input: ${JSON.stringify(d.minimal.input)}\n  data: ${JSON.stringify(d.minimal.data)}\n  opa:     ${describeOutcome(d.opa)}\n  rego-ts: ${describeOutcome(d.regoTs)}`);
      }
    }
  } finally {
    await server.stop();
  }
  return report;
}
