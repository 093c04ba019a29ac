const GO_ESCAPED = /[<>&\u2028\u2029]/;

/** JSON as Go's encoding/json writes it: map keys sorted, `<`, `>`, `&` escaped, given indent. */
function escape(s: string): string {
  const j = JSON.stringify(s);
  // Most strings (keys, names) need none of Go's extra escapes: one test instead of five passes.
  if (!GO_ESCAPED.test(j)) return j;
  return j
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * `ordered` objects keep their key order (Go structs); every other object is a map and is
 * written with sorted keys.
 */
export const ORDERED = Symbol('go-json-ordered');

export function goJSON(value: unknown, indent = '    ', level = 0): string {
  const pad = indent.repeat(level + 1);
  const end = indent.repeat(level);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return escape(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => pad + goJSON(v, indent, level + 1)).join(',\n')}\n${end}]`;
  }
  const obj = value as Record<string | symbol, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
  if (!obj[ORDERED]) keys.sort();
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${pad}${escape(k)}: ${goJSON(obj[k], indent, level + 1)}`).join(',\n')}\n${end}}`;
}

/** Marks an object as a Go struct (keys written in insertion order). */
export function ordered<T extends object>(o: T): T {
  Object.defineProperty(o, ORDERED, { value: true, enumerable: false });
  return o;
}
