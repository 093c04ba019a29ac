/**
 * Kubernetes-shaped types of the Gatekeeper model. Field names are the Kubernetes JSON names;
 * no Kubernetes client is involved. Unknown fields are kept (objects are used as decoded).
 */

/** JSON as decoded from YAML/JSON documents. */
export type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };
export type JSONObject = { [key: string]: JSONValue };

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** Any Kubernetes object (`apiVersion`, `kind`, `metadata`, and whatever else). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

// ---- ConstraintTemplate (templates.gatekeeper.sh v1, v1beta1, v1alpha1) ----

/** OpenAPI v3 schema as written in CRDs (`JSONSchemaProps`), incl. `x-kubernetes-*` extensions. */
export interface JSONSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps | JSONSchemaProps[];
  required?: string[];
  enum?: JSONValue[];
  default?: JSONValue;
  nullable?: boolean;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [key: string]: unknown;
}

export interface TemplateCode {
  engine: string;
  source: unknown;
}

export interface TemplateTarget {
  target: string;
  rego?: string;
  libs?: string[];
  code?: TemplateCode[];
  operations?: string[];
}

export interface ConstraintTemplateSpec {
  crd?: {
    spec?: {
      names?: { kind?: string; shortNames?: string[] };
      validation?: { legacySchema?: boolean; openAPIV3Schema?: JSONSchemaProps };
    };
  };
  targets?: TemplateTarget[];
}

export interface ConstraintTemplate {
  apiVersion: string;
  kind: 'ConstraintTemplate';
  metadata: ObjectMeta;
  spec: ConstraintTemplateSpec;
  status?: unknown;
}

/** A Rego source (`code[].source` of engine `Rego`, or the legacy `rego`/`libs` fields). */
export interface RegoSource {
  rego: string;
  libs: string[];
  /** `"v1"` selects Rego v1; anything else v0. */
  version: string;
}

// ---- Constraint (constraints.gatekeeper.sh v1beta1, v1alpha1) ----

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface MatchKinds {
  apiGroups?: string[];
  kinds?: string[];
}

export interface Match {
  kinds?: MatchKinds[];
  scope?: string;
  namespaces?: string[];
  excludedNamespaces?: string[];
  labelSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  name?: string;
  source?: string;
}

export interface ScopedEnforcementAction {
  action: string;
  enforcementPoints?: Array<{ name: string }>;
}

export interface ConstraintSpec {
  match?: Match;
  enforcementAction?: string;
  scopedEnforcementActions?: ScopedEnforcementAction[];
  parameters?: JSONValue;
  [key: string]: unknown;
}

export interface Constraint {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: ConstraintSpec;
  status?: unknown;
  [key: string]: unknown;
}

// ---- admission/v1 ----

export interface UserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  requestKind?: GroupVersionKind;
  requestResource?: { group: string; version: string; resource: string };
  requestSubResource?: string;
  name?: string;
  namespace?: string;
  operation: string;
  userInfo: UserInfo;
  object: KubeObject | null;
  oldObject: KubeObject | null;
  dryRun?: boolean;
  options: JSONValue | null;
}

export interface AdmissionReview {
  apiVersion: string;
  kind: 'AdmissionReview';
  request?: AdmissionRequest;
  response?: unknown;
}

// ---- gator Suite (test.gatekeeper.sh) ----

export interface SuiteAssertion {
  /** `"yes"` (default), `"no"`, or a non-negative integer (also as a string). */
  violations?: string | number;
  message?: string;
}

export interface SuiteCase {
  name: string;
  object: string;
  inventory?: string[];
  skip?: boolean;
  assertions: SuiteAssertion[];
}

export interface SuiteTest {
  name: string;
  template: string;
  constraint: string;
  expansion?: string;
  invalid?: boolean;
  skip?: boolean;
  cases: SuiteCase[];
}

export interface Suite {
  apiVersion: string;
  kind: 'Suite';
  metadata?: ObjectMeta;
  skip?: boolean;
  tests: SuiteTest[];
}
