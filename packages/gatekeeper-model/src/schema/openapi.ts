/**
 * OpenAPI v3 validation with Kubernetes CRD semantics: structural-schema checks, value
 * validation with the API server's error texts, structural defaulting and the pruning
 * ("unknown fields") check. Written for CRD schemas (not general JSON Schema): no `$ref`,
 * `x-kubernetes-*` extensions understood. Patterns are RE2 (Go) regular expressions.
 *
 * Why not a general validator (ajv & co.): they compile schemas to JS with `new Function`
 * (forbidden here and by strict browser CSPs), do not know the `x-kubernetes-*` extensions,
 * and report errors in a different vocabulary than the `kubectl`/gator texts users grep for.
 */
import { RE2JS } from 're2js';
import type { JSONSchemaProps } from '../model/types.js';
import { isPlainRecord, jsonTypeName } from '../model/shape.js';

/** One Kubernetes field error (`field.Error`), printed as `<path>: <detail>`. */
export interface SchemaFieldError {
  path: string;
  text: string;
}

const PRESERVE = 'x-kubernetes-preserve-unknown-fields';
const INT_OR_STRING = 'x-kubernetes-int-or-string';

const patternCache = new Map<string, RE2JS | null>();
function compilePattern(p: string): RE2JS | null {
  let re = patternCache.get(p);
  if (re === undefined) {
    try {
      re = RE2JS.compile(p);
    } catch {
      re = null;
    }
    patternCache.set(p, re);
  }
  return re;
}

/** Go's `%v` of a scalar in `Invalid value: <v>` position. */
function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function childPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

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

/** Structural equality of JSON values (for `enum`, `uniqueItems`). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainRecord(a) && isPlainRecord(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

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

/**
 * Kubernetes' structural-schema rules that matter for constraint schemas. `path` is the
 * printed CRD path of `schema` (e.g. `spec.validation.openAPIV3Schema.properties[spec]`).
 */
export function structuralErrors(
  schema: JSONSchemaProps,
  path: string,
  role: 'field' | 'item' | 'root' = 'field',
  out: SchemaFieldError[] = [],
): SchemaFieldError[] {
  if (!isPlainRecord(schema)) {
    out.push({ path, text: 'Invalid value: must be a schema object' });
    return out;
  }
  const preserve = schema[PRESERVE] === true;
  const intOrString = schema[INT_OR_STRING] === true;
  if (!schema.type && !preserve && !intOrString) {
    const what = role === 'item' ? 'array items' : 'object fields';
    out.push({ path: `${path}.type`, text: `Required value: must not be empty for specified ${what}` });
  }
  if (schema[PRESERVE] === false) {
    out.push({ path: `${path}.x-kubernetes-preserve-unknown-fields`, text: 'Invalid value: false: must be true or undefined' });
  }
  if (schema.type && !['object', 'array', 'string', 'integer', 'number', 'boolean'].includes(schema.type)) {
    out.push({
      path: `${path}.type`,
      text: `Unsupported value: ${JSON.stringify(schema.type)}: supported values: "array", "boolean", "integer", "number", "object", "string"`,
    });
  }
  if (schema.type === 'array' && schema.items === undefined) {
    out.push({ path: `${path}.items`, text: 'Required value: must be specified' });
  }
  if (Array.isArray(schema.items)) {
    out.push({ path: `${path}.items`, text: 'Forbidden: items must be a schema object and not an array' });
  }
  if (schema.properties !== undefined && schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    out.push({ path: `${path}.additionalProperties`, text: 'Forbidden: additionalProperties and properties are mutual exclusive' });
  }
  if (schema.uniqueItems === true) {
    out.push({ path: `${path}.uniqueItems`, text: 'Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic' });
  }
  const junctors: Array<[string, JSONSchemaProps]> = [
    ...(['allOf', 'anyOf', 'oneOf'] as const).flatMap((k) => (Array.isArray(schema[k]) ? schema[k]! : []).map((j, i): [string, JSONSchemaProps] => [`${path}.${k}[${i}]`, j])),
    ...(isPlainRecord(schema.not) ? [[`${path}.not`, schema.not] as [string, JSONSchemaProps]] : []),
  ];
  for (const [jpath, j] of junctors) junctorErrors(j, jpath, out);
  if (schema.pattern !== undefined && compilePattern(schema.pattern) === null) {
    out.push({ path: `${path}.pattern`, text: `Invalid value: ${JSON.stringify(schema.pattern)}: must be a valid regular expression` });
  }
  if (isPlainRecord(schema.properties)) {
    for (const [k, p] of Object.entries(schema.properties)) structuralErrors(p, `${path}.properties[${k}]`, 'field', out);
  }
  if (isPlainRecord(schema.items)) structuralErrors(schema.items as JSONSchemaProps, `${path}.items`, 'item', out);
  if (isPlainRecord(schema.additionalProperties)) {
    structuralErrors(schema.additionalProperties as JSONSchemaProps, `${path}.additionalProperties`, 'field', out);
  }
  if (schema.default !== undefined && schema.type) {
    for (const e of validateValue(schema.default, schema, '')) {
      out.push({ path: `${path}.default${e.path ? `.${e.path}` : ''}`, text: e.text });
    }
  }
  return out;
}

/** Inside allOf/anyOf/oneOf/not only value validations are allowed (structural schemas). */
const JUNCTOR_FORBIDDEN = [
  'type', 'default', 'title', 'description', 'nullable',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type', 'x-kubernetes-validations',
];

function junctorErrors(schema: JSONSchemaProps, path: string, out: SchemaFieldError[]): void {
  if (!isPlainRecord(schema)) return;
  for (const k of JUNCTOR_FORBIDDEN) {
    const v = schema[k];
    if (v !== undefined && v !== '' && v !== false) out.push({ path: `${path}.${k}`, text: 'Forbidden: must be empty to be structural' });
  }
  for (const [k, p] of Object.entries(isPlainRecord(schema.properties) ? schema.properties : {})) junctorErrors(p, `${path}.properties[${k}]`, out);
  if (isPlainRecord(schema.items)) junctorErrors(schema.items as JSONSchemaProps, `${path}.items`, out);
  if (isPlainRecord(schema.additionalProperties)) junctorErrors(schema.additionalProperties as JSONSchemaProps, `${path}.additionalProperties`, out);
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) (Array.isArray(schema[k]) ? schema[k]! : []).forEach((j, i) => junctorErrors(j, `${path}.${k}[${i}]`, out));
  if (isPlainRecord(schema.not)) junctorErrors(schema.not, `${path}.not`, out);
}

/** `a: x` for one error, `[a: x, b: y]` for several (Kubernetes' aggregate). */
export function aggregate(errors: Array<{ path: string; text: string }>, prefix = ''): string {
  const parts = errors.map((e) => `${prefix}${e.path}: ${e.text}`);
  return parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`;
}
