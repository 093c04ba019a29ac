/**
 * `--max-input-nodes` for YAML input before the value is built, in two steps, each a lower
 * bound of the built value's count (the document, every sequence item and mapping value) so
 * that neither refuses an input the evaluator's own count after building would accept:
 *
 * - `yamlItemsExceed` streams the lexer's tokens and counts sequence items (block `-` and flow
 *   `[a, b]` items), stopping once past the limit: a large list is refused after reading about
 *   `max` items, before any parsing (composing a YAML document costs far more than lexing);
 * - `yamlValuesExceed` counts the composed document's nodes, mapping values included, aliases
 *   as what they expand to (a key repeated in a mapping once, merge keys `<<` not at all), before
 *   `toJS` builds the value (and expands aliases).
 */
import { CST, Lexer, isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';

/** Whether the YAML text holds more than `max` values, counting only the document and sequence items. */
export function yamlItemsExceed(text: string, max: number): boolean {
  let count = 1;
  // Open flow collections; `item` is true in a sequence until its next item has started.
  const flow: Array<{ seq: boolean; item: boolean }> = [];
  const value = (): void => {
    const top = flow[flow.length - 1];
    if (top !== undefined && top.item) {
      count++;
      top.item = false;
    }
  };
  for (const tok of new Lexer().lex(text)) {
    switch (CST.tokenType(tok)) {
      case 'seq-item-ind':
        if (flow.length === 0) count++;
        break;
      case 'flow-seq-start':
        value();
        flow.push({ seq: true, item: true });
        break;
      case 'flow-map-start':
        value();
        flow.push({ seq: false, item: false });
        break;
      case 'flow-seq-end':
      case 'flow-map-end':
        flow.pop();
        break;
      case 'comma': {
        const top = flow[flow.length - 1];
        if (top !== undefined) top.item = top.seq;
        break;
      }
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar-header':
      case 'alias':
        value();
        break;
      default:
        break;
    }
    if (count > max) return true;
  }
  return false;
}

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
      // The last value of a repeated scalar key wins, as when the value is built.
      const byKey = new Map<unknown, unknown>();
      const others: unknown[] = [];
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          if (typeof key.value === 'symbol' || key.value === '<<') continue; // a merge key
          byKey.set(String(key.value), pair.value);
        } else others.push(pair.value);
      }
      for (const v of byKey.values()) stack.push(v);
      for (const v of others) stack.push(v);
    }
  }
  return false;
}

