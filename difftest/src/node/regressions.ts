/**
 * Regression files (`difftest/regressions/*.json`): a shrunk disagreement with opa's outcome,
 * replayed against rego-ts by the vitest suite without needing opa.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Case } from '../generate/case.js';
import type { Outcome } from '../outcome.js';

export const OPA_VERSION = 'v1.17.1';

export interface Regression {
  /** Why rego-ts disagreed, once known (filled in by hand). */
  note?: string;
  found: { seed: number; index: number; opa: string };
  /** An evaluation case and opa's outcome of `data.p`. */
  case?: Case;
  opa?: Outcome;
  /** A parser case: the source and opa check's verdict (`[]` accepted, `['parse:' | 'compile:', codes…]`). */
  parser?: { source: string; stage: string; opa: string[] };
}

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

export function saveRegression(
  dir: string,
  r: { seed: number; index: number; case?: Case; opa?: Outcome; parser?: Regression['parser'] },
): string {
  const body: Regression = { found: { seed: r.seed, index: r.index, opa: OPA_VERSION } };
  if (r.case) body.case = r.case;
  if (r.opa) body.opa = r.opa;
  if (r.parser) body.parser = r.parser;
  const key = JSON.stringify([body.case, body.parser]);
  const file = join(dir, `${r.parser ? 'parse' : 'eval'}-${hash(key)}.json`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
  return file;
}

export function loadRegressions(dir: string): Array<{ file: string; regression: Regression }> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return names.map((n) => ({ file: n, regression: JSON.parse(readFileSync(join(dir, n), 'utf8')) as Regression }));
}
