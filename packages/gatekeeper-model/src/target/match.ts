/**
 * Constraint matching (`spec.match`) with Gatekeeper's semantics (pkg/mutation/match): the new
 * object is tried first, then the old one; matchers run in a fixed order and stop at the first
 * false or error.
 */
import { isNamespaceObject, objectGVK, objectGenerateName, objectLabels, objectName, objectNamespace } from '../model/gvk.js';
import type { KubeObject, Match } from '../model/types.js';
import { selectorMatches } from './label-selector.js';
import type { Review } from './review.js';
import { generateNameMatches, wildcardMatches } from './wildcard.js';

/** A matcher failure; the client turns it into an autoreject result. */
export class MatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatchError';
  }
}

/** Resolves a Namespace by name (the target's cache of Namespaces added as data). */
export type NamespaceLookup = (name: string) => KubeObject | undefined;

/**
 * True when `match` selects the review. Throws `MatchError` with the upstream wrapping
 * (`error matching the requested object: <name> :failed to run Match criteria: <err>`).
 */
export function reviewMatches(match: Match | undefined, review: Review, lookup: NamespaceLookup): boolean {
  if (match === undefined || match === null) return true;
  let ns = review.matchNamespace;
  const reqNs = typeof review.request.namespace === 'string' ? review.request.namespace : '';
  if (ns === null && reqNs !== '') ns = lookup(reqNs) ?? null;
  const obj = review.object;
  const old = review.oldObject;
  if (obj === null && old === null) {
    throw new MatchError('invalid request object: neither object nor old object are defined');
  }
  for (const o of [obj, old]) {
    if (o === null) continue;
    let ok: boolean;
    try {
      ok = objectMatches(match, o, ns, review.source);
    } catch (e) {
      const name = objectName(o);
      throw new MatchError(
        `error matching the requested object: ${name} :failed to run Match criteria: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (ok) return true;
  }
  return false;
}

function namespaceName(o: KubeObject, ns: KubeObject | null): string | undefined {
  if (isNamespaceObject(o)) return objectName(o);
  if (ns !== null) return objectName(ns);
  const n = objectNamespace(o);
  return n === '' ? undefined : n;
}

/** The per-object matcher chain (kinds, scope, namespaces, excluded, labels, nsSelector, name, source). */
export function objectMatches(match: Match, o: KubeObject, ns: KubeObject | null, source: string): boolean {
  const gvk = objectGVK(o);
  const isNs = isNamespaceObject(o);
  const hasNs = objectNamespace(o) !== '' || ns !== null;

  const kinds = match.kinds ?? [];
  if (kinds.length > 0) {
    const ok = kinds.some((k) => {
      const ks = k.kinds ?? [];
      const gs = k.apiGroups ?? [];
      const kindOk = ks.length === 0 || ks.includes('*') || ks.includes(gvk.kind);
      const groupOk = gs.length === 0 || gs.includes('*') || gs.includes(gvk.group);
      return kindOk && groupOk;
    });
    if (!ok) return false;
  }

  if (match.scope === 'Cluster' && !(isNs || !hasNs)) return false;
  if (match.scope === 'Namespaced' && !(!isNs && hasNs)) return false;

  const nsName = namespaceName(o, ns);
  const namespaces = match.namespaces ?? [];
  if (namespaces.length > 0 && nsName !== undefined && !namespaces.some((p) => wildcardMatches(p, nsName))) return false;
  const excluded = match.excludedNamespaces ?? [];
  if (excluded.length > 0 && nsName !== undefined && excluded.some((p) => wildcardMatches(p, nsName))) return false;

  if (match.labelSelector && !selectorMatches(match.labelSelector, objectLabels(o))) return false;

  if (match.namespaceSelector) {
    if (isNs) {
      if (!selectorMatches(match.namespaceSelector, objectLabels(o))) return false;
    } else if (!(ns === null && objectNamespace(o) === '')) {
      if (ns === null) throw new Error('namespace selector for namespace-scoped object but missing Namespace');
      if (!selectorMatches(match.namespaceSelector, objectLabels(ns))) return false;
    }
  }

  if (match.name) {
    const p = match.name;
    if (!wildcardMatches(p, objectName(o)) && !generateNameMatches(p, objectGenerateName(o))) return false;
  }

  const want = match.source ?? 'All';
  if (!['All', 'Generated', 'Original'].includes(want)) throw new Error(`invalid source field ${JSON.stringify(want)}`);
  if (want !== 'All') {
    if (source === '') throw new Error(`source field not specified for resource ${objectName(o)}`);
    if (want !== source) return false;
  }
  return true;
}
