/**
 * The normalised outcome of a case, comparable across engines: the JSON text of `data.p`
 * (sets as sorted arrays, keys sorted, numbers as spelled), `undefined`, or error codes.
 */
import { RegoError, RegoErrors, parseJSON, toJSONText, type Value } from '@rego-ts/rego-eval';

export type Outcome =
  | { kind: 'value'; json: string }
  | { kind: 'undefined' }
  | { kind: 'compile_error'; codes: string[]; messages: string[] }
  | { kind: 'eval_error'; codes: string[]; messages: string[] };

export function valueOutcome(v: Value | undefined): Outcome {
  return v === undefined ? { kind: 'undefined' } : { kind: 'value', json: toJSONText(v) };
}

/** The outcome of JSON text produced by opa (re-serialised the way rego-ts writes values). */
export function jsonTextOutcome(text: string): Outcome {
  return valueOutcome(parseJSON(text));
}

export function errorOutcome(kind: 'compile_error' | 'eval_error', errs: Array<{ code: string; message: string }>): Outcome {
  return { kind, codes: [...new Set(errs.map((e) => e.code))].sort(), messages: errs.map((e) => e.message) };
}

/** Turns what rego-ts threw into an outcome; anything that is not a RegoError is a crash. */
export function thrownOutcome(kind: 'compile_error' | 'eval_error', e: unknown): Outcome {
  if (e instanceof RegoErrors) return errorOutcome(kind, e.errors);
  if (e instanceof RegoError) return errorOutcome(kind, [e]);
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { kind, codes: ['crash'], messages: [msg] };
}

/** Same result, or errors of the same kind with the same codes (messages are not compared). */
export function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'value') return a.json === (b as typeof a).json;
  if (a.kind === 'undefined') return true;
  return a.codes.join(',') === (b as typeof a).codes.join(',');
}

export function describeOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'value':
      return o.json;
    case 'undefined':
      return 'undefined';
    default:
      return `${o.kind} ${o.codes.join(',')}: ${o.messages.join(' | ')}`;
  }
}
