/**
 * Where a data document lands in the base data loaded before it, for counting its values
 * against `--max-data-nodes` before it is built. Documents are deep-merged: an object at a path
 * that earlier data holds already adds only its new keys, and any other value at such a path
 * is a merge error. So a value at a path that exists already counts nothing (it is one node
 * of the merged data, counted with the earlier file); below it, only its new keys count.
 */
import { isPlainObject, type PlainObject } from '@rego-ts/rego-eval';

/**
 * The objects that earlier data holds at a path (one per root: the data loaded so far, the
 * bundle being loaded); undefined when the path holds nothing there.
 */
export type Existing = readonly PlainObject[] | undefined;

const hasOwn = Object.prototype.hasOwnProperty;

/** Whether earlier data holds anything at `key` below `at`. */
export function existsAt(at: Existing, key: string): boolean {
  if (at === undefined) return false;
  for (const o of at) if (hasOwn.call(o, key)) return true;
  return false;
}

/** The objects earlier data holds at `key` below `at` (other values: none — merging them fails). */
export function existingAt(at: Existing, key: string): Existing {
  if (at === undefined) return undefined;
  let out: PlainObject[] | undefined;
  for (const o of at) {
    const v = hasOwn.call(o, key) ? o[key] : undefined;
    if (v !== undefined && isPlainObject(v)) (out ??= []).push(v);
  }
  return out;
}
