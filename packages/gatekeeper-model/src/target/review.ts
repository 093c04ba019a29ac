/**
 * Building the review (an admission/v1 AdmissionRequest as JSON) that templates see as
 * `input.review`, from a plain object (gator, audit) or from an AdmissionRequest/Review.
 */
import { gkError } from '../errors.js';
import { objectGVK, objectName, objectNamespace, parseGroupVersion } from '../model/gvk.js';
import { isPlainRecord } from '../model/shape.js';
import type { AdmissionRequest, KubeObject } from '../model/types.js';

/** Where the reviewed object comes from (`spec.match.source`). */
export type ReviewSource = 'Original' | 'Generated' | '';

export interface Review {
  /** The value of `input.review` (incl. `namespaceObject`). Built once, shared by all constraints. */
  readonly request: Record<string, unknown>;
  /** The object matchers look at (after DELETE handling), or null. */
  readonly object: KubeObject | null;
  readonly oldObject: KubeObject | null;
  /** The Namespace object attached by the caller (webhook/audit), or null. */
  readonly namespaceObject: KubeObject | null;
  /** The Namespace matchers use (defaults to `namespaceObject`; `gator test` differs). */
  readonly matchNamespace: KubeObject | null;
  readonly source: ReviewSource;
  /** True when built from an AdmissionRequest (operations filtering applies at the webhook EP). */
  readonly fromAdmission: boolean;
  readonly operation: string;
}

export interface ObjectReviewOptions {
  /** An operation to put on the request (expansion resultants inherit their parent's). */
  operation?: string;
  source?: ReviewSource;
  /** The object's Namespace (audit/webhook attach it; gator verify never does). */
  namespaceObject?: KubeObject | null;
  /** A Namespace for matching only, not shown to Rego (gator test's quirk, spec §4.6). */
  matchNamespace?: KubeObject | null;
}

function null0<T>(v: T | undefined | null): T | null {
  return v === undefined ? null : v;
}

/** The review gator and audit build from a plain object (operation "", no user, no oldObject). */
export function reviewFromObject(obj: KubeObject, opts: ObjectReviewOptions = {}): Review {
  const gvk = objectGVK(obj);
  const request: Record<string, unknown> = {
    uid: '',
    kind: { group: gvk.group, version: gvk.version, kind: gvk.kind },
    resource: { group: '', version: '', resource: '' },
  };
  const name = objectName(obj);
  if (name) request.name = name;
  const ns = objectNamespace(obj);
  if (ns) request.namespace = ns;
  request.operation = opts.operation ?? '';
  request.userInfo = {};
  request.object = obj;
  // A DELETE review carries the object as oldObject (finish() copies it back to object).
  request.oldObject = opts.operation === 'DELETE' ? obj : null;
  request.options = null;
  const r = finish(request, opts.source ?? 'Original', opts.namespaceObject ?? null, false);
  return opts.matchNamespace !== undefined ? { ...r, matchNamespace: opts.matchNamespace } : r;
}

/** A review from an AdmissionRequest, used verbatim apart from the keys Go always emits. */
export function reviewFromAdmissionRequest(
  req: Partial<AdmissionRequest> & Record<string, unknown>,
  opts: { source?: ReviewSource; namespaceObject?: KubeObject | null } = {},
): Review {
  const request: Record<string, unknown> = { ...req };
  request.uid = req.uid ?? '';
  request.kind = { group: '', version: '', kind: '', ...(isPlainRecord(req.kind) ? req.kind : {}) };
  request.resource = { group: '', version: '', resource: '', ...(isPlainRecord(req.resource) ? req.resource : {}) };
  for (const k of ['name', 'namespace', 'subResource', 'requestSubResource'] as const) {
    if (request[k] === '' || request[k] === null) delete request[k];
  }
  request.operation = req.operation ?? '';
  request.userInfo = isPlainRecord(req.userInfo) ? req.userInfo : {};
  request.object = null0(req.object);
  request.oldObject = null0(req.oldObject);
  request.options = null0(req.options);
  return finish(request, opts.source ?? 'Original', opts.namespaceObject ?? null, true);
}

function finish(request: Record<string, unknown>, source: ReviewSource, ns: KubeObject | null, fromAdmission: boolean): Review {
  const operation = String(request.operation ?? '');
  if (operation === 'DELETE') {
    if (request.oldObject === null) {
      throw gkError('gk_review_error', 'oldObject cannot be nil for DELETE operations');
    }
    // Rego sees the deleted object as `object` too.
    request.object = structuredClone(request.oldObject);
  }
  request.namespaceObject = ns;
  return {
    request,
    object: (request.object as KubeObject | null) ?? null,
    oldObject: (request.oldObject as KubeObject | null) ?? null,
    namespaceObject: ns,
    matchNamespace: ns,
    source,
    fromAdmission,
    operation,
  };
}

const REQUEST_KEYS = new Set([
  'uid', 'kind', 'resource', 'subResource', 'requestKind', 'requestResource', 'requestSubResource', 'name',
  'namespace', 'operation', 'userInfo', 'object', 'oldObject', 'dryRun', 'options',
]);

/** Request fields Go decodes as (named) strings, with the type names its errors show. */
const STRING_FIELDS: Array<[string, string]> = [
  ['uid', 'types.UID'],
  ['name', 'string'],
  ['namespace', 'string'],
  ['operation', 'v1.Operation'],
  ['subResource', 'string'],
  ['requestSubResource', 'string'],
];

function goKind(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'slice';
  return 'map';
}

/**
 * gator verify's path for a case object of kind AdmissionReview (group admission.k8s.io):
 * strict decoding and the upstream error texts.
 */
export function reviewFromAdmissionReview(ar: unknown): Review {
  if (!isPlainRecord(ar)) {
    throw gkError('gk_invalid_object', 'not a valid AdmissionReview object: unable to convert to an AdmissionReview object, error: not an object');
  }
  for (const k of Object.keys(ar)) {
    if (!['apiVersion', 'kind', 'request', 'response'].includes(k)) {
      throw gkError('gk_invalid_object', `not a valid AdmissionReview object: unable to convert to an AdmissionReview object, error: unknown field "${k}"`);
    }
  }
  const req = ar.request;
  if (req === undefined || req === null) {
    throw gkError('gk_invalid_object', 'missing an AdmissionRequest object: request did not actually pass in an AdmissionRequest');
  }
  if (!isPlainRecord(req)) {
    throw gkError('gk_invalid_object', 'not a valid AdmissionReview object: unable to convert to an AdmissionReview object, error: request is not an object');
  }
  const invalid = (detail: string) =>
    gkError('gk_invalid_object', `not a valid AdmissionReview object: unable to convert to an AdmissionReview object, error: ${detail}`);
  for (const k of Object.keys(req)) {
    if (!REQUEST_KEYS.has(k)) throw invalid(`strict decoding error: unknown field "request.${k}"`);
  }
  for (const [k, goType] of STRING_FIELDS) {
    const v = req[k];
    if (v !== undefined && v !== null && typeof v !== 'string') throw invalid(`cannot convert ${goKind(v)} to ${goType}`);
  }
  const obj = req.object ?? null;
  const old = req.oldObject ?? null;
  if (obj === null && old === null) {
    throw gkError('gk_invalid_object', 'no object or oldObject found to review: AdmissionRequest does not contain an "object" or "oldObject" to review');
  }
  for (const o of [obj, old]) {
    if (o !== null && (!isPlainRecord(o) || typeof o.kind !== 'string' || o.kind === '')) {
      throw gkError('gk_invalid_object', `object or oldObject cannot be unmarshalled: Object 'Kind' is missing in '${JSON.stringify(o)}'`);
    }
  }
  return reviewFromAdmissionRequest(req as Partial<AdmissionRequest> & Record<string, unknown>, { source: 'Original' });
}

/** True for `{apiVersion: admission.k8s.io/*, kind: AdmissionReview}`. */
export function isAdmissionReview(obj: unknown): boolean {
  return (
    isPlainRecord(obj) &&
    obj.kind === 'AdmissionReview' &&
    typeof obj.apiVersion === 'string' &&
    parseGroupVersion(obj.apiVersion)?.group === 'admission.k8s.io'
  );
}

/** Heuristic for a bare AdmissionRequest: no apiVersion, and an `object`/`oldObject`/`operation` key. */
export function isAdmissionRequest(obj: unknown): boolean {
  if (!isPlainRecord(obj) || typeof obj.apiVersion === 'string') return false;
  return ('object' in obj || 'oldObject' in obj) && ('operation' in obj || 'uid' in obj || isPlainRecord(obj.kind));
}
