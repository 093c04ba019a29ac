/**
 * The schema of the constraint CRD each template synthesizes (upstream crds.go/schema.go and
 * the target's match schema), and the template-side checks of that CRD (names, structure).
 */
import type { JSONSchemaProps } from '../model/types.js';
import type { NormalizedTemplate } from '../template/normalize.js';
import { structuralErrors, type SchemaFieldError } from './openapi.js';

/** `^\*?[-:a-z0-9]*\*?$`: namespace and name globs of `spec.match`. */
export const WILDCARD_PATTERN = '^\\*?[-:a-z0-9]*\\*?$';

const str: JSONSchemaProps = { type: 'string' };
const strList: JSONSchemaProps = { type: 'array', items: str };
const globList: JSONSchemaProps = { type: 'array', items: { type: 'string', pattern: WILDCARD_PATTERN } };

const labelSelector: JSONSchemaProps = {
  type: 'object',
  properties: {
    matchLabels: { type: 'object', additionalProperties: str },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: { key: str, operator: str, values: strList },
      },
    },
  },
};

/** The `spec.match` schema of the admission target. */
export const MATCH_SCHEMA: JSONSchemaProps = {
  type: 'object',
  properties: {
    kinds: { type: 'array', items: { type: 'object', properties: { apiGroups: strList, kinds: strList } } },
    scope: str,
    namespaces: globList,
    excludedNamespaces: globList,
    labelSelector,
    namespaceSelector: labelSelector,
    name: { type: 'string', pattern: WILDCARD_PATTERN },
    source: { type: 'string', enum: ['All', 'Generated', 'Original'] },
  },
};

/** The full schema of a constraint of `template` (root object). */
export function constraintSchema(template: NormalizedTemplate): JSONSchemaProps {
  const spec: Record<string, JSONSchemaProps> = {
    match: MATCH_SCHEMA,
    enforcementAction: { type: 'string', default: 'deny' },
    scopedEnforcementActions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          action: str,
          enforcementPoints: { type: 'array', items: { type: 'object', properties: { name: str } } },
        },
      },
    },
  };
  if (template.parametersSchema) spec.parameters = template.parametersSchema;
  return {
    type: 'object',
    properties: {
      metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 63 } } },
      spec: { type: 'object', properties: spec },
      status: { 'x-kubernetes-preserve-unknown-fields': true },
    },
  };
}

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_TEXT =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_TEXT =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Kubernetes' DNS-1035 check; `mixedCase` values (kinds) are checked lowercased. */
function dns1035(value: string, path: string, out: SchemaFieldError[], mixedCase = false): void {
  const v = mixedCase ? value.toLowerCase() : value;
  if (v.length > 63) out.push({ path, text: `Invalid value: ${JSON.stringify(value)}: must be no more than 63 characters` });
  if (!DNS1035.test(v)) {
    const why = mixedCase ? `may have mixed case, but should otherwise match: ${DNS1035_TEXT}` : DNS1035_TEXT;
    out.push({ path, text: `Invalid value: ${JSON.stringify(value)}: ${why}` });
  }
}

/** The Kubernetes CRD validation errors of the synthesized constraint CRD (names + structure). */
export function constraintCRDErrors(template: NormalizedTemplate): SchemaFieldError[] {
  const out: SchemaFieldError[] = [];
  const plural = template.kind.toLowerCase();
  const crdName = `${plural}.constraints.gatekeeper.sh`;
  if (crdName.length > 253 || !DNS1123_SUBDOMAIN.test(crdName)) {
    out.push({ path: 'metadata.name', text: `Invalid value: ${JSON.stringify(crdName)}: ${SUBDOMAIN_TEXT}` });
  }
  dns1035(plural, 'spec.names.plural', out);
  dns1035(plural, 'spec.names.singular', out);
  template.shortNames.forEach((s, i) => dns1035(s, `spec.names.shortNames[${i}]`, out));
  dns1035(template.kind, 'spec.names.kind', out, true);
  dns1035(`${template.kind}List`, 'spec.names.listKind', out, true);
  if (template.parametersSchema) {
    const errs = structuralErrors(template.parametersSchema, 'spec.validation.openAPIV3Schema.properties[spec].properties[parameters]');
    // Kubernetes reports the structural-schema errors before the other schema checks.
    const late = (e: SchemaFieldError) => e.path.endsWith('.uniqueItems');
    out.push(...errs.filter((e) => !late(e)), ...errs.filter(late));
  }
  return out;
}
