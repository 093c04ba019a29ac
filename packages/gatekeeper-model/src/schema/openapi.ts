/**
 * OpenAPI v3 with Kubernetes CRD semantics: value validation (validate.ts), structural-schema
 * checks (structural.ts), defaulting and pruning (prune-default.ts). Written for CRD schemas,
 * not general JSON Schema: no `$ref`, `x-kubernetes-*` extensions understood.
 */
export { validateValue } from './validate.js';
export { structuralErrors } from './structural.js';
export { applyDefaults, unknownFields } from './prune-default.js';
export { aggregate, deepEqual } from './schema-common.js';
export type { SchemaFieldError } from './schema-common.js';
