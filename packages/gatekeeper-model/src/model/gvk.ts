/** apiVersion / GroupVersionKind helpers (Kubernetes `schema.ParseGroupVersion` rules). */
import type { GroupVersionKind, KubeObject } from './types.js';
import { isPlainRecord } from './shape.js';

/** `v1` → {group: '', version: 'v1'}; `apps/v1` → {apps, v1}; `a/b/c` → undefined (unparsable). */
export function parseGroupVersion(apiVersion: string | undefined): { group: string; version: string } | undefined {
  if (!apiVersion) return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0]! };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return undefined;
}

/** The object's GVK as Gatekeeper derives it; an unparsable apiVersion empties all three fields. */
export function objectGVK(obj: unknown): GroupVersionKind {
  if (!isPlainRecord(obj)) return { group: '', version: '', kind: '' };
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const gv = parseGroupVersion(apiVersion);
  if (!gv) return { group: '', version: '', kind: '' };
  return { ...gv, kind };
}

/** `apps/v1, Kind=Deployment`, `/v1, Kind=Pod` (Go's GroupVersionKind.String()). */
export function formatGVK(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.version}, Kind=${gvk.kind}`;
}

export function objectMeta(obj: unknown): Record<string, unknown> {
  if (!isPlainRecord(obj)) return {};
  const m = obj.metadata;
  return isPlainRecord(m) ? m : {};
}

function metaString(obj: unknown, key: string): string {
  const v = objectMeta(obj)[key];
  return typeof v === 'string' ? v : '';
}

export const objectName = (obj: unknown): string => metaString(obj, 'name');
export const objectNamespace = (obj: unknown): string => metaString(obj, 'namespace');
export const objectGenerateName = (obj: unknown): string => metaString(obj, 'generateName');

/** Labels as a string map (non-string values are ignored). */
export function objectLabels(obj: unknown): Record<string, string> {
  const l = objectMeta(obj).labels;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!isPlainRecord(l)) return out;
  for (const k of Object.keys(l)) if (typeof l[k] === 'string') out[k] = l[k];
  return out;
}

/** A Namespace object (group "", kind Namespace). */
export function isNamespaceObject(obj: unknown): obj is KubeObject {
  const gvk = objectGVK(obj);
  return gvk.group === '' && gvk.kind === 'Namespace';
}
