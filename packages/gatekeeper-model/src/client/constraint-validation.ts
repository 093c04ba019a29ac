/** AddConstraint's validation pipeline and defaulting (upstream client.go, crds/validate.go, target.go). */
import { gkError } from '../errors.js';
import { parseGroupVersion } from '../model/gvk.js';
import { checkShape, formatPath, isPlainRecord } from '../model/shape.js';
import { matchShape } from '../model/shapes.js';
import type { Constraint, JSONSchemaProps } from '../model/types.js';
import { CONSTRAINT_GROUP } from '../model/decode.js';
import { aggregate, applyDefaults, unknownFields, validateValue } from '../schema/openapi.js';
import { labelSelectorErrors } from '../target/label-selector.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const EXEMPT_ROOT_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** The (first) offending field of a validation error, for locating it in the source document. */
export const ERROR_PATH = Symbol('gk-error-path');

function withPath<E extends Error>(err: E, path: string): E {
  (err as unknown as Record<symbol, string>)[ERROR_PATH] = path;
  return err;
}

export function errorPath(err: unknown): string | undefined {
  return err instanceof Error ? (err as unknown as Record<symbol, string | undefined>)[ERROR_PATH] : undefined;
}

export interface TemplateForConstraint {
  kind: string;
  schema: JSONSchemaProps;
}

/** Steps 1–4: identity checks; returns the template name to look up. */
export function constraintIdentity(c: Constraint): { name: string; kind: string; templateName: string } {
  const name = c.metadata?.name ?? '';
  if (!name) throw gkError('gk_invalid_constraint', 'invalid Constraint: missing metadata.name');
  const kind = c.kind ?? '';
  if (!kind) throw gkError('gk_invalid_constraint', 'invalid Constraint: missing kind');
  const gv = parseGroupVersion(c.apiVersion);
  if (gv?.group !== CONSTRAINT_GROUP) {
    throw gkError(
      'gk_invalid_constraint',
      `invalid Constraint: wrong API Group for Constraint "${name}", got "${gv?.group ?? ''}" but need "${CONSTRAINT_GROUP}"`,
    );
  }
  return { name, kind, templateName: kind.toLowerCase() };
}

/** Steps 5–14 and defaulting. Returns the defaulted copy of the constraint. */
export function validateAndDefaultConstraint(c: Constraint, tpl: TemplateForConstraint): Constraint {
  const name = c.metadata?.name ?? '';
  const spec = isPlainRecord(c.spec) ? c.spec : undefined;
  const match = spec && isPlainRecord(spec.match) ? spec.match : undefined;
  // 5. label selectors
  const selErrors = [];
  for (const key of ['labelSelector', 'namespaceSelector'] as const) {
    const sel = match?.[key];
    // Upstream reports these paths without `match` (a quirk kept for identical texts).
    if (isPlainRecord(sel)) selErrors.push(...labelSelectorErrors(sel, `spec.${key}`));
  }
  if (selErrors.length) throw withPath(gkError('gk_invalid_constraint', `invalid Constraint: ${aggregate(selErrors)}`), selErrors[0]!.path.replace(/^spec\./, 'spec.match.'));
  // 6. name
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    throw gkError(
      'gk_invalid_constraint',
      `invalid Constraint: invalid name: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"`,
    );
  }
  // 7. kind
  if (c.kind !== tpl.kind) {
    // Upstream swaps name and kind in this text; kept for identical output.
    throw gkError('gk_invalid_constraint', `invalid Constraint: wrong kind ${JSON.stringify(name)} for constraint ${JSON.stringify(c.kind)}; want ${JSON.stringify(tpl.kind)}`);
  }
  // 9. version
  const version = parseGroupVersion(c.apiVersion)?.version ?? '';
  if (version !== 'v1beta1' && version !== 'v1alpha1') {
    throw gkError(
      'gk_invalid_constraint',
      `invalid Constraint: unsupported version "${version}" for Constraint ${JSON.stringify(name)}; supported versions: map[v1alpha1:true v1beta1:true]`,
    );
  }
  // 10. schema
  const errors = validateValue(c, tpl.schema, '');
  if (errors.length) {
    const withRoot = errors.map((e) => ({ path: e.path ? `[].${e.path}` : '[]', text: e.text }));
    throw withPath(gkError('gk_schema_error', `schema validation failed: ${aggregate(withRoot)}`), errors[0]!.path);
  }
  // 11. unknown fields
  const unknown: string[] = [];
  for (const key of Object.keys(c)) {
    if (EXEMPT_ROOT_KEYS.has(key)) continue;
    const p = tpl.schema.properties?.[key];
    if (p) unknownFields((c as Record<string, unknown>)[key], p, key, unknown);
    else unknown.push(key);
  }
  if (unknown.length) {
    unknown.sort();
    throw withPath(gkError('gk_unknown_fields', `invalid Constraint: unknown fields: [${unknown.join(' ')}]`), unknown[0]!);
  }
  // 14. match decodes into the match structure
  if (match) {
    const me = checkShape(match, matchShape, ['spec', 'match']);
    if (me.length) {
      throw gkError('gk_invalid_constraint', `invalid Constraint: unable to create matcher: ${formatPath(me[0]!.path)}: ${me[0]!.message}`);
    }
  }
  const copy = structuredClone(c);
  applyDefaults(copy, tpl.schema);
  return copy;
}
