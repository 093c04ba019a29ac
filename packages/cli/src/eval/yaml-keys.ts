/**
 * A YAML mapping key as the decoded value holds it — the property name that the yaml package's
 * `toJS` makes of it — worked out from the key's source text alone, so that counts made before
 * a document is composed can tell repeated keys apart from distinct ones.
 */
import { CST, Document, isScalar, type ScalarTag } from 'yaml';
import { yamlDecodeOptions } from './yaml-options.js';

/** The merge key `<<`: it adds the merged mappings' entries (or none), never an entry of its own. */
export const MERGE_KEY: unique symbol = Symbol('merge key');

/** A key's property name; `MERGE_KEY`; or undefined when the source text alone cannot tell. */
export type KeyName = string | typeof MERGE_KEY | undefined;

// The schema's scalar tags in the order the composer tries them on a plain scalar.
const plainTags = (new Document(null, yamlDecodeOptions).schema.tags as ScalarTag[]).filter(
  (t) => (t.default === true || t.default === 'key') && t.test !== undefined && !('collection' in t && t.collection),
);
const ignore = (): void => {};

/** The property name of a plain, single- or double-quoted scalar key (`source` as lexed, untagged). */
export function scalarKeyName(type: 'scalar' | 'single-quoted-scalar' | 'double-quoted-scalar', source: string): KeyName {
  let text: string;
  try {
    const r = CST.resolveAsScalar({ type, offset: 0, indent: 0, source }, true, ignore);
    if (r === null) return undefined;
    text = r.value;
  } catch {
    return undefined;
  }
  if (type !== 'scalar') return text;
  const tag = plainTags.find((t) => t.test?.test(text));
  if (tag === undefined) return text;
  let value: unknown;
  try {
    value = tag.resolve(text, ignore, yamlDecodeOptions);
  } catch {
    return undefined;
  }
  if (isScalar(value)) value = value.value;
  return jsKeyName(value);
}

/** As the yaml package's `stringifyKey` names a scalar key; undefined for other values. */
export function jsKeyName(value: unknown): KeyName {
  if (value === null) return '';
  switch (typeof value) {
    case 'symbol':
      return value.description === '<<' ? MERGE_KEY : undefined;
    case 'string':
      return value === '<<' ? MERGE_KEY : value;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    default:
      return undefined;
  }
}
