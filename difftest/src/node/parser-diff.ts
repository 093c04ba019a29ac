/**
 * The parser differential: many generated (and mutated) sources, each accepted or rejected by
 * rego-ts exactly as `opa check` does. One `opa check --format json` runs over a directory of
 * files and its errors are mapped back to files by location. opa stops at the first compile
 * stage with errors, which can hide another file's later-stage errors, so rejected files are
 * removed and the rest re-checked until opa reports nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { compile, RegoError, RegoErrors } from '@rego-ts/rego-eval';
import { parseModule } from '@rego-ts/rego-parser';
import { sourceArbitrary } from '../generate/mutate.js';
import { knownIssue } from '../known.js';
import { OPA_UNSTABLE, opaSometimesAgrees } from '../opa-unstable.js';
import type { Outcome } from '../outcome.js';

export type Stage = 'accepted' | 'parse' | 'compile';

export interface ParserVerdict {
  stage: Stage;
  codes: string[];
}

export interface ParserDisagreement {
  index: number;
  source: string;
  stage: string;
  opa: string[];
  regoTs: string[];
}

export interface ParserDiffReport {
  runs: number;
  agreed: number;
  accepted: number;
  parseRejected: number;
  compileRejected: number;
  /** Disagreements explained by a known issue (known.ts), per issue id (not failures). */
  known: Record<string, number>;
  /** Files opa's errors could not be attributed to, or opa crashed on (not compared). */
  unattributed: number;
  opaCrashes: string[];
  disagreements: ParserDisagreement[];
}

interface CheckError {
  code: string;
  location?: { file?: string };
}

class OpaCrash extends Error {}

/** opa reported errors without a file (e.g. "var x is undeclared"): the caller bisects. */
class Unattributed extends Error {
  constructor(readonly errors: CheckError[]) {
    super('opa check errors without a location');
  }
}

function opaCheck(opaBin: string, paths: string[]): Promise<CheckError[]> {
  return new Promise((resolve, reject) => {
    execFile(opaBin, ['check', '--format', 'json', '-m', '1000000', ...paths], { maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      if (!err) return resolve([]);
      try {
        // The JSON error report goes to stderr.
        resolve((JSON.parse(stderr || stdout) as { errors?: CheckError[] }).errors ?? []);
      } catch {
        // opa itself panicked (it does on some template strings): the caller bisects.
        reject(new OpaCrash(`opa check failed: ${err.message.slice(0, 500)}`));
      }
    });
  });
}

/**
 * opa's verdict for each file (a missing entry: opa crashed on it). When opa crashes on a set
 * of files, or reports errors without a location, the set is halved until the files are found.
 */
export async function opaVerdicts(opaBin: string, files: Map<string, string>, crashed: string[] = []): Promise<Map<string, ParserVerdict>> {
  try {
    return await opaVerdictsOnce(opaBin, new Map(files));
  } catch (e) {
    if (!(e instanceof OpaCrash) && !(e instanceof Unattributed)) throw e;
    if (files.size <= 1) {
      if (e instanceof OpaCrash) {
        crashed.push(...files.keys());
        return new Map();
      }
      const codes = [...new Set(e.errors.map((x) => x.code))].sort();
      return new Map([...files.keys()].map((name) => [name, { stage: codes.includes('rego_parse_error') ? 'parse' : 'compile', codes } as ParserVerdict]));
    }
    const entries = [...files];
    const half = Math.ceil(entries.length / 2);
    const a = await opaVerdicts(opaBin, new Map(entries.slice(0, half)), crashed);
    const b = await opaVerdicts(opaBin, new Map(entries.slice(half)), crashed);
    return new Map([...a, ...b]);
  }
}

async function opaVerdictsOnce(opaBin: string, files: Map<string, string>): Promise<Map<string, ParserVerdict>> {
  const dir = mkdtempSync(join(tmpdir(), 'difftest-parse-'));
  const out = new Map<string, ParserVerdict>();
  try {
    const remaining = new Set<string>();
    for (const [name, src] of files) {
      writeFileSync(join(dir, name), src);
      remaining.add(name);
    }
    for (;;) {
      const errs = await opaCheck(opaBin, [dir]);
      if (errs.length === 0) break;
      let attributed = 0;
      for (const e of errs) {
        const name = e.location?.file ? basename(e.location.file) : undefined;
        if (!name || !remaining.has(name) && !out.has(name)) continue;
        attributed++;
        const stage: Stage = e.code === 'rego_parse_error' ? 'parse' : 'compile';
        const v = out.get(name) ?? { stage, codes: [] };
        if (!v.codes.includes(e.code)) v.codes.push(e.code);
        out.set(name, v);
      }
      for (const name of out.keys()) {
        if (remaining.delete(name)) unlinkSync(join(dir, name));
      }
      // Errors without a file: find their files by bisecting the remaining ones.
      if (attributed === 0) throw new Unattributed(errs);
    }
    for (const name of files.keys()) if (!out.has(name)) out.set(name, { stage: 'accepted', codes: [] });
    for (const v of out.values()) v.codes.sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export function regoTsVerdict(file: string, source: string): ParserVerdict {
  const parsed = parseModule(source, { file });
  if (parsed.errors.length) return { stage: 'parse', codes: [...new Set(parsed.errors.map((e) => e.code))].sort() };
  try {
    compile({ modules: [{ file, source }] });
    return { stage: 'accepted', codes: [] };
  } catch (e) {
    const errs = e instanceof RegoErrors ? e.errors : e instanceof RegoError ? [e] : undefined;
    if (!errs) return { stage: 'compile', codes: [`crash: ${e instanceof Error ? e.message : String(e)}`] };
    return { stage: 'compile', codes: [...new Set(errs.map((x) => x.code))].sort() };
  }
}

/** Same stage; for compile errors, also the same codes. */
export function sameVerdict(a: ParserVerdict, b: ParserVerdict): boolean {
  return a.stage === b.stage && (a.stage !== 'compile' || a.codes.join(',') === b.codes.join(','));
}

/** A verdict as an evaluation outcome, to share the known-issue classes. */
function asOutcome(v: ParserVerdict): Outcome {
  return v.stage === 'accepted' ? { kind: 'undefined' } : { kind: 'compile_error', codes: v.codes, messages: [] };
}

const fmt = (v: ParserVerdict): string[] => (v.stage === 'accepted' ? [] : [`${v.stage}:`, ...v.codes]);

export async function runParserDiff(opts: { opaBin: string; runs: number; seed: number; log?: (s: string) => void }): Promise<ParserDiffReport> {
  const report: ParserDiffReport = { runs: opts.runs, agreed: 0, accepted: 0, parseRejected: 0, compileRejected: 0, unattributed: 0, opaCrashes: [], known: {}, disagreements: [] };
  // A different stream than the evaluation cases of the same seed.
  const sources = fc.sample(sourceArbitrary, { seed: opts.seed ^ 0x5bd1e995, numRuns: opts.runs });
  const files = new Map<string, string>();
  sources.forEach((s, i) => files.set(`c${i}.rego`, s.replace('package p', `package c${i}`)));
  const all = new Map(files);
  const verdicts = await opaVerdicts(opts.opaBin, files, report.opaCrashes);
  for (const [name, source] of all) {
    const opa = verdicts.get(name);
    if (!opa) {
      report.unattributed++;
      continue;
    }
    const mine = regoTsVerdict(name, source);
    if (sameVerdict(opa, mine)) {
      report.agreed++;
      if (opa.stage === 'accepted') report.accepted++;
      else if (opa.stage === 'parse') report.parseRejected++;
      else report.compileRejected++;
      continue;
    }
    // Confirm on the file alone (files in one directory can interact, e.g. mutated packages).
    const alone = (await opaVerdicts(opts.opaBin, new Map([[name, source]]))).get(name);
    if (!alone || sameVerdict(alone, mine)) {
      report.agreed++;
      continue;
    }
    const known = knownIssue(asOutcome(alone), asOutcome(mine), source);
    if (known) {
      report.known[known.id] = (report.known[known.id] ?? 0) + 1;
      continue;
    }
    const again = async (): Promise<ParserVerdict | undefined> => (await opaVerdicts(opts.opaBin, new Map([[name, source]]))).get(name);
    if (await opaSometimesAgrees(again, (v) => sameVerdict(v, mine))) {
      report.known[OPA_UNSTABLE] = (report.known[OPA_UNSTABLE] ?? 0) + 1;
      continue;
    }
    const index = Number(name.slice(1, -5));
    report.disagreements.push({ index, source, stage: alone.stage, opa: fmt(alone), regoTs: fmt(mine) });
  }
  return report;
}
