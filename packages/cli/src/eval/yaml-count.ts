/**
 * `--max-input-nodes` for YAML input on the composed document, before `toJS` builds its value
 * (and expands its aliases): the document, every sequence item and mapping value, aliases as what
 * they expand to. It follows `yamlTokensExceed` (yaml-token-count.ts), which counts the text's
 * tokens before anything is composed; like it, a lower bound of the built value's count (a key
 * repeated in a mapping once, merge keys `<<` not at all), so no input the evaluator would
 * accept is refused.
 */
import { isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import { jsKeyName, MERGE_KEY } from './yaml-keys.js';

/** Whether the document's value holds more than `max` values. */
export function yamlValuesExceed(doc: Document, max: number): boolean {
  let count = 0;
  // Iterative: documents may nest thousands deep.
  const stack: Array<unknown> = [doc.contents];
  while (stack.length > 0) {
    let node = stack.pop();
    if (isAlias(node)) node = node.resolve(doc);
    if (++count > max) return true;
    if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
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
      for (const v of byKey.values()) stack.push(unnamed ? null : v);
    }
  }
  return false;
}
