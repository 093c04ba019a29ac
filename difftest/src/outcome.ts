/**
 * The normalised outcome of a case, comparable across engines: the JSON text of `data.p`
 * (sets as sorted arrays, keys sorted, numbers as spelled), `undefined`, or error codes.
 */
import { RegoError, RegoErrors, newPlainObject, parseJSON, toJSONText, type PlainObject, type Value } from '@rego-ts/rego-eval';

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
  return valueOutcome(parseGoJSON(text));
}

/** An escape `\ufffd` that is not itself an escaped backslash followed by `ufffd`. */
const ESCAPED_FFFD = /(?<!\\)((?:\\\\)*)\\u[fF]{3}[dD]/g;
/** A noncharacter standing in for an escaped U+FFFD while parsing. */
const MARK = '\ufdd0';

/**
 * JSON text as opa writes it (Go's encoding/json): U+FFFD itself is written raw, the escape
 * `\ufffd` stands for a byte of invalid UTF-8. Read such an escape back as a raw byte (held as
 * U+DC00+b in rego-ts; which byte it was is lost: U+DCFF), so that it compares equal to the raw
 * bytes rego-ts keeps.
 */
export function parseGoJSON(text: string): Value {
  if (!/\\u[fF]{3}[dD]/.test(text)) return parseJSON(text);
  return rawBytes(parseJSON(text.replace(ESCAPED_FFFD, `$1${MARK}`)));
}

/** parseJSON gives plain values only: strings, arrays, null-prototype objects, numbers. */
function rawBytes(v: Value): Value {
  if (typeof v === 'string') return v.replaceAll(MARK, '\udcff');
  if (Array.isArray(v)) return v.map(rawBytes);
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== null) return v;
  const out = newPlainObject();
  for (const [k, x] of Object.entries(v as PlainObject)) out[rawBytes(k) as string] = rawBytes(x);
  return out;
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
