/**
 * A small declarative decoder with Go-JSON semantics: known fields are type-checked, unknown
 * fields are ignored, `null` counts as absent. Errors name the field path so loaders can point
 * at the offending line.
 */

export type FieldPath = Array<string | number>;

export interface FieldError {
  path: FieldPath;
  message: string;
}

export type Shape =
  | 'string'
  | 'boolean'
  | 'number'
  | 'any'
  | { array: Shape }
  | { map: Shape }
  | { object: Record<string, Shape>; required?: string[]; caseInsensitive?: boolean }
  /** A string, or (for suites) a number written where a string is allowed. */
  | 'string|number';

const hasOwn = Object.prototype.hasOwnProperty;

/** `spec.targets[0].rego` */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? p : `.${p}`;
  }
  return out;
}

export function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** Checks `value` against `shape`; returns the errors (empty when it conforms). */
export function checkShape(value: unknown, shape: Shape, path: FieldPath = []): FieldError[] {
  const errors: FieldError[] = [];
  visit(value, shape, path, errors);
  return errors;
}

function visit(value: unknown, shape: Shape, path: FieldPath, errors: FieldError[]): void {
  if (value === null || value === undefined || shape === 'any') return;
  const bad = (want: string): void => {
    errors.push({ path, message: `expected ${want}, got ${jsonTypeName(value)}` });
  };
  if (shape === 'string') {
    if (typeof value !== 'string') bad('string');
    return;
  }
  if (shape === 'string|number') {
    if (typeof value !== 'string' && typeof value !== 'number') bad('string or integer');
    return;
  }
  if (shape === 'boolean') {
    if (typeof value !== 'boolean') bad('boolean');
    return;
  }
  if (shape === 'number') {
    if (typeof value !== 'number') bad('number');
    return;
  }
  if ('array' in shape) {
    if (!Array.isArray(value)) return bad('array');
    value.forEach((item, i) => visit(item, shape.array, [...path, i], errors));
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return bad('object');
  const obj = value as Record<string, unknown>;
  if ('map' in shape) {
    for (const k of Object.keys(obj)) visit(obj[k], shape.map, [...path, k], errors);
    return;
  }
  const fields = shape.object;
  for (const k of Object.keys(obj)) {
    const name = shape.caseInsensitive ? Object.keys(fields).find((f) => f.toLowerCase() === k.toLowerCase()) : k;
    if (name !== undefined && hasOwn.call(fields, name)) visit(obj[k], fields[name]!, [...path, k], errors);
  }
  for (const r of shape.required ?? []) {
    const v = getField(obj, r, shape.caseInsensitive ?? false);
    if (v === undefined || v === null) errors.push({ path: [...path, r], message: 'required field is missing' });
  }
}

/** Reads a field, optionally matching the key case-insensitively (as Go's JSON decoder does). */
export function getField(obj: Record<string, unknown>, name: string, caseInsensitive: boolean): unknown {
  if (hasOwn.call(obj, name)) return obj[name];
  if (!caseInsensitive) return undefined;
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

export function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
