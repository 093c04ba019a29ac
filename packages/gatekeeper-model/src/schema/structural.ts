/** Kubernetes' structural-schema rules, as they apply to constraint parameter schemas. */
import type { JSONSchemaProps } from '../model/types.js';
import { isPlainRecord } from '../model/shape.js';
import { compilePattern, INT_OR_STRING, PRESERVE, type SchemaFieldError } from './schema-common.js';
import { validateValue } from './validate.js';

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
