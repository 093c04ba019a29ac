/** Shapes (see `shape.ts`) of the Gatekeeper kinds, following the upstream Go structs. */
import type { Shape } from './shape.js';

const strings: Shape = { array: 'string' };
const stringMap: Shape = { map: 'string' };

const metadata: Shape = {
  object: { name: 'string', generateName: 'string', namespace: 'string', labels: stringMap, annotations: stringMap },
};

const target: Shape = {
  object: {
    target: 'string',
    rego: 'string',
    libs: strings,
    code: { array: { object: { engine: 'string', source: 'any' } } },
    operations: strings,
  },
};

export const constraintTemplateShape: Shape = {
  object: {
    apiVersion: 'string',
    kind: 'string',
    metadata,
    spec: {
      object: {
        crd: {
          object: {
            spec: {
              object: {
                names: { object: { kind: 'string', shortNames: strings } },
                validation: { object: { legacySchema: 'boolean', openAPIV3Schema: { map: 'any' } } },
              },
            },
          },
        },
        targets: { array: target },
      },
    },
  },
};

const selector: Shape = {
  object: {
    matchLabels: stringMap,
    matchExpressions: { array: { object: { key: 'string', operator: 'string', values: strings } } },
  },
};

export const matchShape: Shape = {
  object: {
    kinds: { array: { object: { apiGroups: strings, kinds: strings } } },
    scope: 'string',
    namespaces: strings,
    excludedNamespaces: strings,
    labelSelector: selector,
    namespaceSelector: selector,
    name: 'string',
    source: 'string',
  },
};

/**
 * Constraints are decoded as unstructured objects upstream: only identity fields are typed here;
 * `spec` is checked by the synthesized CRD schema (so errors read as upstream's).
 */
export const constraintShape: Shape = {
  object: { apiVersion: 'string', kind: 'string', metadata },
};

const userInfo: Shape = { object: { username: 'string', uid: 'string', groups: strings, extra: { map: strings } } };
const gvk: Shape = { object: { group: 'string', version: 'string', kind: 'string' } };
const gvr: Shape = { object: { group: 'string', version: 'string', resource: 'string' } };
const kubeObject: Shape = { object: { apiVersion: 'string', kind: 'string', metadata } };

export const admissionRequestShape: Shape = {
  object: {
    uid: 'string',
    kind: gvk,
    resource: gvr,
    subResource: 'string',
    requestKind: gvk,
    requestResource: gvr,
    requestSubResource: 'string',
    name: 'string',
    namespace: 'string',
    operation: 'string',
    userInfo,
    object: kubeObject,
    oldObject: kubeObject,
    dryRun: 'boolean',
    options: 'any',
  },
};

export const admissionReviewShape: Shape = {
  object: { apiVersion: 'string', kind: 'string', request: admissionRequestShape, response: 'any' },
};

const assertion: Shape = { object: { violations: 'string|number', message: 'string' }, caseInsensitive: true };
const suiteCase: Shape = {
  object: { name: 'string', object: 'string', inventory: strings, skip: 'boolean', assertions: { array: assertion } },
  caseInsensitive: true,
};
const suiteTest: Shape = {
  object: {
    name: 'string',
    template: 'string',
    constraint: 'string',
    expansion: 'string',
    invalid: 'boolean',
    skip: 'boolean',
    cases: { array: suiteCase },
  },
  caseInsensitive: true,
};

export const suiteShape: Shape = {
  object: { apiVersion: 'string', kind: 'string', skip: 'boolean', tests: { array: suiteTest } },
  caseInsensitive: true,
};
