/**
 * YAML laid out as Go's yaml.v3 encoder writes it with 4-space indentation (gator's `-o yaml`):
 * nested maps +4, sequence dashes +4 from the enclosing map, map keys sorted unless the object
 * is marked as a Go struct (`ordered()`). Scalars are quoted by the `yaml` package.
 */
import { stringify } from 'yaml';
import { ORDERED } from './go-json.js';

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  return stringify(v, { lineWidth: 0 }).replace(/\n$/, '');
}

function keysOf(o: Record<string | symbol, unknown>): string[] {
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  return o[ORDERED] ? keys : keys.sort();
}

const isMap = (v: unknown): v is Record<string | symbol, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const empty = (v: unknown): string | undefined =>
  isMap(v) ? (keysOf(v).length ? undefined : '{}') : Array.isArray(v) ? (v.length ? undefined : '[]') : scalar(v);

/** A map whose children sit at `level + 4`; keys at `keyCol` (list items: dash column + 2). */
function writeMap(m: Record<string | symbol, unknown>, level: number, keyCol: number, out: string[], first?: string): void {
  keysOf(m).forEach((k, i) => {
    const prefix = i === 0 && first !== undefined ? first : ' '.repeat(keyCol);
    writeEntry(`${prefix}${scalar(k)}:`, m[k], level, out);
  });
}

function writeEntry(head: string, value: unknown, level: number, out: string[]): void {
  const flat = empty(value);
  if (flat !== undefined) out.push(`${head} ${flat}`);
  else if (isMap(value)) {
    out.push(head);
    writeMap(value, level + 4, level + 4, out);
  } else {
    out.push(head);
    writeSeq(value as unknown[], level + 4, out);
  }
}

/** A sequence whose dashes sit at column `dash`. */
function writeSeq(items: unknown[], dash: number, out: string[], first?: string): void {
  items.forEach((item, i) => {
    const prefix = (i === 0 && first !== undefined ? first : ' '.repeat(dash)) + '- ';
    const flat = empty(item);
    if (flat !== undefined) out.push(prefix + flat);
    else if (isMap(item)) writeMap(item, dash, dash + 2, out, prefix);
    else writeSeq(item as unknown[], dash + 2, out, prefix);
  });
}

export function goYAML(value: unknown): string {
  const flat = empty(value);
  if (flat !== undefined) return flat + '\n';
  const out: string[] = [];
  if (isMap(value)) writeMap(value, 0, 0, out);
  else writeSeq(value as unknown[], 0, out);
  return out.join('\n') + '\n';
}
