/**
 * `--max-input-nodes` for YAML input on the composed document, before `toJS` builds its value
 * (and expands its aliases): the document, every sequence item and mapping value, aliases as what
 * they expand to. It follows `yamlTokensExceed` (yaml-token-count.ts), which counts the text's
 * tokens before anything is composed; like it, a lower bound of the built value's count (a key
 * repeated in a mapping once, merge keys `<<` not at all), so no input the evaluator would
 * accept is refused. A data document placed where earlier data exists counts only its new
 * paths, as yaml-token-count.ts does (see data-place.ts).
 */
import { isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import { existingAt, existsAt, type Existing } from './data-place.js';
import { jsKeyName, MERGE_KEY } from './yaml-keys.js';
import type { YamlPlace } from './yaml-token-count.js';

/** Whether the document's value holds more than `max` values. */
export function yamlValuesExceed(doc: Document, max: number, place: YamlPlace = {}): boolean {
  let count = 0;
  // Iterative: documents may nest thousands deep. Each node with what earlier data holds at its
  // path (mappings on a path of mappings only) and whether it counts itself.
  const stack: Array<[unknown, Existing, boolean]> = [[doc.contents, place.at, place.exists !== true]];
  while (stack.length > 0) {
    const [item, at, self] = stack.pop()!;
    const node = isAlias(item) ? item.resolve(doc) : item;
    if (self && ++count > max) return true;
    if (isSeq(node)) {
      for (const item of node.items) stack.push([item, undefined, true]);
    } else if (isMap(node)) {
      // The last value of a repeated key wins, as when the value is built.
      const byKey = new Map<string, unknown>();
      let unnamed = false;
      for (const pair of node.items) {
        const name = pair.key === null ? '' : isScalar(pair.key) ? jsKeyName(pair.key.value) : undefined;
        if (name === MERGE_KEY) continue;
        if (name === undefined) unnamed = true;
        else byKey.set(name, pair.value);
      }
      // A key named only when built (a collection, an alias) may replace any value: one node each.
      for (const [k, v] of byKey) stack.push([unnamed ? null : v, existingAt(at, k), !existsAt(at, k)]);
    }
  }
  return false;
}
