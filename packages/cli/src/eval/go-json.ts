/**
 * JSON text as Go's `json.Encoder` with `SetIndent("", "  ")` writes it (what opa prints):
 * struct fields in declaration order, maps with sorted keys, `<`, `>`, `&` escaped, numbers in
 * their exact spelling. Rego values are written by `toJSONText`; `Struct` gives field order.
 */
import { toJSONText, type Value } from '@rego-ts/rego-eval';

/** A Go struct: fields in this order; `undefined` fields are omitted (`omitempty`). */
export class Struct {
  constructor(readonly fields: Array<[string, GoJSON | undefined]>) {}
}

/** A Go slice of structs (or of values). */
export type GoJSON = Struct | GoJSON[] | Value;

const INDENT = '  ';

function quote(s: string): string {
  return toJSONText(s);
}

/** Indented text of `v` at nesting `depth` (the first line is not prefixed). */
export function goJSONText(v: GoJSON, depth = 0): string {
  const pad = INDENT.repeat(depth + 1);
  const end = INDENT.repeat(depth);
  if (v instanceof Struct) {
    const fields = v.fields.filter((f): f is [string, GoJSON] => f[1] !== undefined);
    if (fields.length === 0) return '{}';
    return `{\n${fields.map(([k, x]) => `${pad}${quote(k)}: ${goJSONText(x, depth + 1)}`).join(',\n')}\n${end}}`;
  }
  if (Array.isArray(v) && v.some((x) => x instanceof Struct || Array.isArray(x))) {
    const items = v as GoJSON[];
    return `[\n${items.map((x) => pad + goJSONText(x, depth + 1)).join(',\n')}\n${end}]`;
  }
  return toJSONText(v as Value, { indent: INDENT, prefix: end });
}

/** `json.Encoder.Encode` output: the indented text and a newline. */
export function encodeJSON(v: GoJSON): string {
  return goJSONText(v) + '\n';
}

/** `json.Marshal`: compact, HTML-escaped. */
export function marshalJSON(v: Value): string {
  return toJSONText(v);
}
