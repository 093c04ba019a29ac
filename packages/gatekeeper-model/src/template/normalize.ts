/**
 * Version defaults and conversion of a ConstraintTemplate to the version-less internal form
 * (upstream: apis/templates/{v1,v1beta1,v1alpha1}/defaults.go and conversion.go, schema/transform.go).
 */
import { gkError } from '../errors.js';
import { parseGroupVersion } from '../model/gvk.js';
import { isPlainRecord } from '../model/shape.js';
import type { ConstraintTemplate, JSONSchemaProps, TemplateCode } from '../model/types.js';

export interface NormalizedTarget {
  target: string;
  /** Engines in declaration order; a legacy `rego` field has been folded in as engine `Rego`. */
  code: TemplateCode[];
  operations?: string[];
}

export interface NormalizedTemplate {
  name: string;
  /** `spec.crd.spec.names.kind` (the constraint kind). */
  kind: string;
  shortNames: string[];
  legacySchema: boolean;
  /** The parameter schema after legacy transformation; undefined when the template has none. */
  parametersSchema: JSONSchemaProps | undefined;
  targets: NormalizedTarget[];
  labels: Record<string, string>;
  original: ConstraintTemplate;
}

/** Applies the version default of `legacySchema` and folds legacy fields into `code`. */
export function normalizeTemplate(ct: ConstraintTemplate): NormalizedTemplate {
  const version = parseGroupVersion(ct.apiVersion)?.version ?? '';
  const crdSpec = ct.spec?.crd?.spec ?? {};
  const validation = crdSpec.validation;
  const legacySchema = validation?.legacySchema ?? version !== 'v1';
  let schema: JSONSchemaProps | undefined = validation?.openAPIV3Schema;
  if (legacySchema) schema = injectPreserveUnknown(schema ?? {});
  const targets = (ct.spec?.targets ?? []).map((t): NormalizedTarget => {
    const code = [...(t.code ?? [])];
    if (t.rego) {
      // The legacy field wins: it replaces the source of an existing Rego entry (its version
      // and libs are lost, so it is parsed as v0) or is appended as a new entry.
      const source = { rego: t.rego, libs: t.libs ?? [], version: '' };
      const i = code.findIndex((c) => c.engine === 'Rego');
      if (i >= 0) code[i] = { engine: 'Rego', source };
      else code.push({ engine: 'Rego', source });
    }
    const out: NormalizedTarget = { target: t.target ?? '', code };
    if (t.operations) out.operations = t.operations;
    return out;
  });
  return {
    name: ct.metadata?.name ?? '',
    kind: crdSpec.names?.kind ?? '',
    shortNames: crdSpec.names?.shortNames ?? [],
    legacySchema,
    parametersSchema: schema,
    targets,
    labels: ct.metadata?.labels ?? {},
    original: ct,
  };
}

/**
 * Legacy schemas accept anything they do not describe: every untyped or object node gets
 * `x-kubernetes-preserve-unknown-fields`, every array without `items` gets a permissive one.
 */
export function injectPreserveUnknown(schema: JSONSchemaProps): JSONSchemaProps {
  const out: JSONSchemaProps = { ...schema };
  if (!out.type || out.type === 'object') out['x-kubernetes-preserve-unknown-fields'] = true;
  if (out.type === 'array' && out.items === undefined) out.items = { 'x-kubernetes-preserve-unknown-fields': true };
  if (isPlainRecord(out.properties)) {
    const props: Record<string, JSONSchemaProps> = {};
    for (const [k, v] of Object.entries(out.properties)) props[k] = injectPreserveUnknown(v);
    out.properties = props;
  }
  if (Array.isArray(out.items)) {
    throw gkError('gk_invalid_template', 'invalid ConstraintTemplate: multiple schemas are not supported');
  }
  if (isPlainRecord(out.items)) out.items = injectPreserveUnknown(out.items);
  if (isPlainRecord(out.additionalProperties)) out.additionalProperties = injectPreserveUnknown(out.additionalProperties);
  return out;
}
