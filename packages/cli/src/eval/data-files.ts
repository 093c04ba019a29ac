/**
 * Decoding data documents as opa's loader does: `.json` with exact numbers, `.yaml`/`.yml`
 * as YAML 1.1 (Go's yaml.v2: `yes`, `on`, `y` are booleans), input documents as JSON when
 * valid and YAML otherwise.
 */
import { parse as parseYaml } from 'yaml';
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

export function decodeYAML(text: string): Value {
  let doc: unknown;
  // Conversion errors (NaN/Inf) are reported by yamlToValue below, as YAMLToJSON does.
  try {
    doc = parseYaml(text, {
      version: '1.1',
      prettyErrors: false,
      uniqueKeys: false,
      intAsBigInt: true,
      // Go's yaml.v2 leaves timestamps and sexagesimal numbers (`1:30`) as strings.
      customTags: (tags) => tags.filter((t) => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME')),
    });
  } catch (e) {
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
export function decodeInput(text: string): Value {
  try {
    return parseJSON(text);
  } catch (e) {
    if (!(e instanceof JSONSyntaxError)) throw e;
  }
  return decodeYAML(text);
}
