/** Shared pieces of the OpenAPI v3 (CRD schema) support: error shape, patterns, formatting. */
import { RE2JS } from 're2js';
import { isPlainRecord } from '../model/shape.js';

/** One Kubernetes field error (`field.Error`), printed as `<path>: <detail>`. */
export interface SchemaFieldError {
  path: string;
  text: string;
}

export const PRESERVE = 'x-kubernetes-preserve-unknown-fields';
export const INT_OR_STRING = 'x-kubernetes-int-or-string';

const patternCache = new Map<string, RE2JS | null>();
export function compilePattern(p: string): RE2JS | null {
  let re = patternCache.get(p);
  if (re === undefined) {
    try {
      re = RE2JS.compile(p);
    } catch {
      re = null;
    }
    patternCache.set(p, re);
  }
  return re;
}

/** Go's `%v` of a scalar in `Invalid value: <v>` position. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function childPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Structural equality of JSON values (for `enum`, `uniqueItems`). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainRecord(a) && isPlainRecord(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** `a: x` for one error, `[a: x, b: y]` for several (Kubernetes' aggregate). */
export function aggregate(errors: Array<{ path: string; text: string }>, prefix = ''): string {
  const parts = errors.map((e) => `${prefix}${e.path}: ${e.text}`);
  return parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`;
}
