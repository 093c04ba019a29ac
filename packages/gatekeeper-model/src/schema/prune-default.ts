/** Structural defaulting and the pruning ("unknown fields") check of CRD schemas. */
import type { JSONSchemaProps } from '../model/types.js';
import { isPlainRecord } from '../model/shape.js';
import { childPath, PRESERVE } from './schema-common.js';

/**
 * The pruning check: paths of fields the schema does not describe (and does not preserve).
 * `path` is the printed path of `value`.
 */
export function unknownFields(value: unknown, schema: JSONSchemaProps, path: string, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    if (isPlainRecord(schema.items)) {
      const items = schema.items as JSONSchemaProps;
      value.forEach((v, i) => unknownFields(v, items, `${path}[${i}]`, out));
    }
    return out;
  }
  if (!isPlainRecord(value)) return out;
  const props = isPlainRecord(schema.properties) ? schema.properties : undefined;
  const additional = schema.additionalProperties;
  for (const key of Object.keys(value)) {
    const p = props && Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
    const child = childPath(path, key);
    if (p) unknownFields(value[key], p, child, out);
    else if (isPlainRecord(additional)) unknownFields(value[key], additional as JSONSchemaProps, child, out);
    else if (additional === true || schema[PRESERVE]) continue;
    else out.push(child);
  }
  return out;
}

/**
 * Structural defaulting: fills `default`s of absent properties wherever the parent object
 * exists. Mutates `value` (callers pass a copy); returns it.
 */
export function applyDefaults(value: unknown, schema: JSONSchemaProps): unknown {
  if (Array.isArray(value)) {
    if (isPlainRecord(schema.items)) for (const v of value) applyDefaults(v, schema.items as JSONSchemaProps);
    return value;
  }
  if (!isPlainRecord(value)) return value;
  const props = isPlainRecord(schema.properties) ? schema.properties : undefined;
  if (props) {
    for (const [key, p] of Object.entries(props)) {
      if (!Object.prototype.hasOwnProperty.call(value, key) && p.default !== undefined) {
        // defineProperty: a property named `__proto__` is data, not the prototype.
        Object.defineProperty(value, key, { value: structuredClone(p.default), enumerable: true, writable: true, configurable: true });
      }
      if (Object.prototype.hasOwnProperty.call(value, key)) applyDefaults(value[key], p);
    }
  }
  if (isPlainRecord(schema.additionalProperties)) {
    for (const key of Object.keys(value)) {
      if (!props || !Object.prototype.hasOwnProperty.call(props, key)) applyDefaults(value[key], schema.additionalProperties as JSONSchemaProps);
    }
  }
  return value;
}
