/**
 * Validation of values against CRD schemas with the API server's error texts. Patterns are RE2
 * (Go) regular expressions.
 *
 * Why not a general validator (ajv & co.): they compile schemas to JS with `new Function`
 * (forbidden here and by strict browser CSPs), do not know the `x-kubernetes-*` extensions,
 * and report errors in a different vocabulary than the `kubectl`/gator texts users grep for.
 */
import type { JSONSchemaProps } from '../model/types.js';
import { isPlainRecord, jsonTypeName } from '../model/shape.js';
import { childPath, compilePattern, deepEqual, INT_OR_STRING, showValue, type SchemaFieldError } from './schema-common.js';

/** Validates `value` against `schema`; `path` is the field path (e.g. `spec.parameters`). */
export function validateValue(value: unknown, schema: JSONSchemaProps, path: string): SchemaFieldError[] {
  const errors: SchemaFieldError[] = [];
  validate(value, schema, path, errors);
  return errors;
}

function typeMatches(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainRecord(value);
    default:
      return true;
  }
}

function validate(value: unknown, schema: JSONSchemaProps, path: string, errors: SchemaFieldError[]): void {
  if (value === undefined) return;
  if (value === null) {
    // As the CRD validator: null is only valid for nullable or untyped fields.
    if (schema.type && !schema.nullable && !schema[INT_OR_STRING]) {
      errors.push({ path, text: `Invalid value: "null": ${path || '<root>'} in body must be of type ${schema.type}: "null"` });
    }
    return;
  }
  const where = path || '<root>';
  const invalid = (v: unknown, detail: string): void => {
    errors.push({ path, text: `Invalid value: ${showValue(v)}: ${detail}` });
  };
  // Like the API server, later checks still run after a type error (each guarded by the
  // value's own type), so one field may report several errors.
  if (schema[INT_OR_STRING]) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
      invalid(jsonTypeName(value), `${where} in body must be of type integer,string: ${JSON.stringify(jsonTypeName(value))}`);
    }
  } else if (schema.type === 'integer' && typeof value === 'number' && !Number.isInteger(value) && (schema.format === 'int32' || schema.format === 'int64')) {
    invalid('float64', `${where} in body must be of type ${schema.format}: "float64"`);
  } else if (schema.type && !typeMatches(value, schema.type)) {
    invalid(jsonTypeName(value), `${where} in body must be of type ${schema.type}: ${JSON.stringify(jsonTypeName(value))}`);
  }
  if (schema.type === 'integer' && typeof value === 'number') {
    const format = schema.format === 'int32' || schema.format === 'int64' ? `with format ${schema.format}` : '(default format)';
    const outOfRange = schema.format === 'int32' && (value > 2147483647 || value < -2147483648);
    if (!Number.isInteger(value) || outOfRange) {
      errors.push({ path: '', text: `Invalid value: "": Checked value must be of type integer ${format} in ${where}` });
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => deepEqual(e, value))) {
    // The API server quotes every supported value (non-strings as their JSON text).
    const supported = schema.enum.map((e) => JSON.stringify(typeof e === 'string' ? e : JSON.stringify(e))).join(', ');
    errors.push({ path, text: `Unsupported value: ${showValue(value)}: supported values: ${supported}` });
  }
  if (typeof value === 'string' && schema.format && schema.type === 'string' && !formatMatches(schema.format, value)) {
    invalid(value, `${where} in body must be of type ${schema.format}: ${JSON.stringify(value)}`);
  }
  if (typeof value === 'string') validateString(value, schema, path, where, invalid, errors);
  else if (typeof value === 'number') validateNumber(value, schema, where, invalid);
  else if (Array.isArray(value)) validateArray(value, schema, path, where, invalid, errors);
  else if (isPlainRecord(value)) validateObject(value, schema, path, where, errors);
  for (const sub of schema.allOf ?? []) validate(value, sub, path, errors);
  if (schema.anyOf?.length && !schema.anyOf.some((s) => validateValue(value, s, path).length === 0)) {
    invalid(value, `${where} in body must match at least one schema (anyOf)`);
  }
  if (schema.oneOf?.length && schema.oneOf.filter((s) => validateValue(value, s, path).length === 0).length !== 1) {
    invalid(value, `${where} in body must match exactly one schema (oneOf)`);
  }
  if (schema.not && validateValue(value, schema.not, path).length === 0) {
    invalid(value, `${where} in body must not match the schema (not)`);
  }
}

type Invalid = (v: unknown, detail: string) => void;

const FORMATS: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  datetime: /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/,
  ipv4: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
  byte: /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
};

/** The string formats the API server checks (unknown formats accept anything). */
function formatMatches(format: string, value: string): boolean {
  const re = FORMATS[format];
  return re === undefined || re.test(value);
}

function validateString(
  value: string,
  schema: JSONSchemaProps,
  path: string,
  where: string,
  invalid: Invalid,
  errors: SchemaFieldError[],
): void {
  const len = [...value].length;
  if (schema.maxLength !== undefined && len > schema.maxLength) {
    errors.push({ path, text: `Too long: may not be more than ${schema.maxLength} bytes` });
  }
  if (schema.minLength !== undefined && len < schema.minLength) {
    invalid(value, `${where} in body should be at least ${schema.minLength} chars long`);
  }
  if (schema.pattern !== undefined) {
    const re = compilePattern(schema.pattern);
    if (re && !re.matcher(value).find()) invalid(value, `${where} in body should match '${schema.pattern}'`);
  }
}

function validateNumber(value: number, schema: JSONSchemaProps, where: string, invalid: Invalid): void {
  if (schema.minimum !== undefined) {
    if (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum) {
      invalid(value, `${where} in body should be greater than ${schema.exclusiveMinimum ? '' : 'or equal to '}${schema.minimum}`);
    }
  }
  if (schema.maximum !== undefined) {
    if (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum) {
      invalid(value, `${where} in body should be less than ${schema.exclusiveMaximum ? '' : 'or equal to '}${schema.maximum}`);
    }
  }
  if (schema.multipleOf !== undefined && schema.multipleOf !== 0 && !Number.isInteger(value / schema.multipleOf)) {
    invalid(value, `${where} in body should be a multiple of ${schema.multipleOf}`);
  }
}

function validateArray(
  value: unknown[],
  schema: JSONSchemaProps,
  path: string,
  where: string,
  invalid: Invalid,
  errors: SchemaFieldError[],
): void {
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    errors.push({ path, text: `Too many: ${value.length}: must have at most ${schema.maxItems} item${schema.maxItems === 1 ? '' : 's'}` });
  }
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    invalid(value.length, `${where} in body should have at least ${schema.minItems} items`);
  }
  if (schema.uniqueItems) {
    for (let i = 0; i < value.length; i++) {
      if (value.slice(0, i).some((v) => deepEqual(v, value[i]))) {
        errors.push({ path: `${path}[${i}]`, text: `Duplicate value: ${showValue(value[i])}` });
      }
    }
  }
  if (isPlainRecord(schema.items)) {
    const items = schema.items as JSONSchemaProps;
    value.forEach((v, i) => validate(v, items, `${path}[${i}]`, errors));
  }
}

function validateObject(
  value: Record<string, unknown>,
  schema: JSONSchemaProps,
  path: string,
  where: string,
  errors: SchemaFieldError[],
): void {
  const n = Object.keys(value).length;
  if (schema.maxProperties !== undefined && n > schema.maxProperties) {
    errors.push({ path, text: `Too many: ${n}: must have at most ${schema.maxProperties} items` });
  }
  if (schema.minProperties !== undefined && n < schema.minProperties) {
    errors.push({ path, text: `Invalid value: ${n}: ${where} in body should have at least ${schema.minProperties} properties` });
  }
  for (const r of schema.required ?? []) {
    if (!Object.prototype.hasOwnProperty.call(value, r) || value[r] === undefined) {
      errors.push({ path: childPath(path, r), text: 'Required value' });
    }
  }
  const props = isPlainRecord(schema.properties) ? schema.properties : undefined;
  for (const key of Object.keys(value)) {
    const p = props && Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
    if (p) validate(value[key], p, childPath(path, key), errors);
    else if (isPlainRecord(schema.additionalProperties)) {
      validate(value[key], schema.additionalProperties as JSONSchemaProps, childPath(path, key), errors);
    }
  }
}
