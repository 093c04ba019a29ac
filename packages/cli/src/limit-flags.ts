/**
 * The resource-limit flags shared by `eval`, `test` and the `gator` commands: each maps to
 * an opt-in limit of the evaluator or of file loading. All are off by default; 0 also
 * means unlimited, as for `--timeout`. A limit that is hit is reported as an error (exit
 * status as for any evaluation or loading error), never as a crash.
 */
import { statSync } from 'node:fs';
import type { RegoLimits } from '@rego-ts/gatekeeper-model';
import { intFlag, UsageError, type FlagSpec } from './command.js';
import { parseGoDuration } from './test-runner/go-duration.js';

export interface Limits {
  maxSteps?: number;
  maxInputNodes?: number;
  maxDataNodes?: number;
  maxPolicyBytes?: number;
  maxFileBytes?: number;
}

type LimitName = keyof Limits;

const SPECS: Record<LimitName, { flag: string; description: string }> = {
  maxSteps: { flag: 'max-steps', description: 'cancel an evaluation after this many evaluation steps' },
  maxInputNodes: { flag: 'max-input-nodes', description: 'reject an input document with more values (elements, object values, nested ones included)' },
  maxDataNodes: { flag: 'max-data-nodes', description: 'reject base data with more values (counted as for --max-input-nodes; all data files together, each counted before it is decoded; for gator: the inventory of each evaluation)' },
  maxPolicyBytes: { flag: 'max-policy-bytes', description: 'reject policies (for gator: a template) whose Rego sources total more bytes' },
  maxFileBytes: { flag: 'max-file-bytes', description: 'refuse to read a policy, data or input file (or stdin, or a decompressed bundle tarball) larger than this' },
};

/** The flag specs of the given limits, for a command's `flags`. */
export function limitFlags(...names: LimitName[]): Record<string, FlagSpec> {
  const out: Record<string, FlagSpec> = {};
  for (const n of names) out[SPECS[n].flag] = { type: 'string', valueName: 'int', description: `${SPECS[n].description} (default 0: unlimited)` };
  return out;
}

/** The limits set on the command line (absent and 0 flags are left out). */
export function limitsFromFlags(values: Record<string, unknown>): Limits {
  const out: Limits = {};
  for (const [name, spec] of Object.entries(SPECS) as Array<[LimitName, (typeof SPECS)[LimitName]]>) {
    const v = intFlag(values[spec.flag], spec.flag, 0);
    if (v > 0) out[name] = v;
  }
  return out;
}

/** The per-evaluation options of rego-eval's `evaluate` among `limits` (data is checked by compile). */
export function evaluateLimits(limits: Limits): { maxSteps?: number; maxInputNodes?: number } {
  return {
    ...(limits.maxSteps !== undefined ? { maxSteps: limits.maxSteps } : {}),
    ...(limits.maxInputNodes !== undefined ? { maxInputNodes: limits.maxInputNodes } : {}),
  };
}

/**
 * The gator commands' limits: `--timeout` (per evaluation) and the `--max-*` flags as the
 * gatekeeper Client's `RegoLimits`, plus `--max-file-bytes` for loading.
 */
export function gatorLimits(values: Record<string, unknown>): { limits: RegoLimits; maxFileBytes?: number } {
  const { maxFileBytes, ...rest } = limitsFromFlags(values);
  const limits: RegoLimits = { ...rest };
  if (values.timeout !== undefined) {
    const ms = parseGoDuration(String(values.timeout));
    if (ms === undefined) throw new UsageError(`invalid argument "${String(values.timeout)}" for "--timeout" flag: time: invalid duration "${String(values.timeout)}"`);
    if (ms > 0) limits.timeoutMs = ms;
  }
  return { limits, ...(maxFileBytes !== undefined ? { maxFileBytes } : {}) };
}

/** Flags of the gator commands: the `--max-*` limits and a per-evaluation `--timeout`. */
export function gatorLimitFlags(): Record<string, FlagSpec> {
  return {
    timeout: { type: 'string', valueName: 'duration', description: 'cancel an evaluation (one template for one object) after this long (e.g. 5s; default unlimited)' },
    ...limitFlags('maxSteps', 'maxInputNodes', 'maxDataNodes', 'maxPolicyBytes', 'maxFileBytes'),
  };
}

/** The message for a file over `--max-file-bytes`, or undefined when it fits (or cannot be stat'ed). */
export function fileTooLarge(path: string, maxFileBytes: number | undefined): string | undefined {
  if (maxFileBytes === undefined) return undefined;
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return undefined; // the read that follows reports it
  }
  return size > maxFileBytes ? `${path}: file too large: ${size} bytes exceed --max-file-bytes (${maxFileBytes})` : undefined;
}
