/**
 * Decoding data documents as opa's loader does: `.json` with exact numbers, `.yaml`/`.yml`
 * as YAML 1.1 (Go's yaml.v2: `yes`, `on`, `y` are booleans), input documents as JSON when
 * valid and YAML otherwise.
 */
import { parseDocument } from 'yaml';
import { yamlValuesExceed } from './yaml-count.js';
import { yamlDecodeOptions } from './yaml-options.js';
import { yamlTokensExceed, type YamlPlace } from './yaml-token-count.js';
import { JSONSyntaxError, newPlainObject, parseJSON, type Value } from '@rego-ts/rego-eval';

/** A decoding failure; `message` is the text opa prints (without the file name). */
export class DecodeError extends Error {}

export function decodeJSON(text: string): Value {
  try {
    return parseJSON(text);
  } catch (e) {
    if (e instanceof JSONSyntaxError) throw new DecodeError(e.message);
    throw e;
  }
}

/** A YAML input holding more values than allowed (`maxValues`), found before building it. */
export class TooManyValues extends Error {
  constructor(readonly max: number) {
    super('input too large');
  }
}

/**
 * Decodes YAML text; with `maxValues`, throws `TooManyValues` when the text's tokens, or else the
 * composed document, hold more values, before the value is built (a data document: more new
 * values where `place` says earlier data is).
 */
export function decodeYAML(text: string, maxValues?: number, place?: YamlPlace): Value {
  let doc: unknown;
  // Conversion errors (NaN/Inf) are reported by yamlToValue below, as YAMLToJSON does.
  try {
    if (maxValues !== undefined && yamlTokensExceed(text, maxValues, place)) throw new TooManyValues(maxValues);
    // As the yaml package's parse(): compose, warn, fail on the first error, build.
    const d = parseDocument(text, yamlDecodeOptions);
    for (const w of d.warnings) process.emitWarning(w);
    if (d.errors.length > 0) throw d.errors[0];
    if (maxValues !== undefined && yamlValuesExceed(d, maxValues, place)) throw new TooManyValues(maxValues);
    doc = d.toJS();
  } catch (e) {
    if (e instanceof TooManyValues) throw e;
    throw new DecodeError(`yaml: ${(e as Error).message.split('\n')[0]}`);
  }
  return yamlToValue(doc ?? null);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** YAML → Rego value the way YAMLToJSON does it: keys become strings, no prototype keys. */
function yamlToValue(x: unknown): Value {
  if (x === null || x === undefined) return null;
  if (typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'number') {
    if (Number.isFinite(x)) return x;
    throw new DecodeError(`json: unsupported value: ${Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf'}`);
  }
  // int64 values stay exact; larger integers become floats, as in Go.
  if (typeof x === 'bigint') return x >= INT64_MIN && x <= INT64_MAX ? parseJSON(x.toString()) : Number(x);
  if (x instanceof Date) return x.toISOString();
  if (Array.isArray(x)) return x.map(yamlToValue);
  if (x instanceof Map) {
    const o = newPlainObject();
    for (const [k, v] of x) o[String(k)] = yamlToValue(v);
    return o;
  }
  if (x instanceof Set) return [...x].map(yamlToValue);
  const o = newPlainObject();
  for (const k of Object.keys(x as object)) o[k] = yamlToValue((x as Record<string, unknown>)[k]);
  return o;
}

/** `opa eval -i`: JSON when the text is valid JSON, else YAML (opa's `util.Unmarshal`). */
export function decodeInput(text: string, maxValues?: number): Value {
  try {
    return parseJSON(text);
  } catch (e) {
    if (!(e instanceof JSONSyntaxError)) throw e;
  }
  return decodeYAML(text, maxValues);
}
