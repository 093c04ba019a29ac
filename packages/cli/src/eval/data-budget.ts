/**
 * `--max-data-nodes` while data files load: the values of all base data together (the merged
 * document, counted as the evaluator's `maxDataNodes` counts it), each file counted on its text
 * before it is decoded (JSON on its punctuation, YAML on its lexer tokens, then on its composed
 * document) with the decoders' rules, so a file that would pass the limit is refused before its
 * value is built; once built, what it adds to the merged data is counted exactly. The early
 * counts are lower bounds of what the file adds: repeated keys count once, and paths that
 * earlier files hold already count nothing (data-place.ts), so no data the evaluator accepts
 * is refused.
 */
import { isPlainObject, RegoError, type PlainObject, type Value } from '@rego-ts/rego-eval';
import { decodeJSON, decodeYAML, TooManyValues } from './data-files.js';
import { existingAt, existsAt, type Existing } from './data-place.js';
import { jsonNodesExceed } from './json-count.js';
import type { YamlPlace } from './yaml-token-count.js';

/** Where a document at a path lands: the new objects that hold it, and what is there already. */
interface Slot {
  wrappers: number;
  place: YamlPlace & { exists: boolean };
}

export class DataBudget {
  /** Values of the base data loaded so far (its root object included). */
  private total = 1;
  /** The objects whose union is the data loaded so far (the loaded data, bundles' data). */
  private readonly roots: PlainObject[] = [];
  /** The limit's error, once a file passed it; later data files are not read. */
  error: RegoError | undefined;

  constructor(readonly max: number) {}

  /** Adds a document that data is merged into (its values must be counted already). */
  addRoot(root: PlainObject): void {
    this.roots.push(root);
  }

  /**
   * Decodes a data file's text (`.json` or YAML) that goes to `path`, counted first: undefined
   * (and `error` set) when the data would pass the limit. Decoding errors are thrown (`DecodeError`).
   */
  decode(file: string, kind: 'json' | 'yaml', text: string, path: readonly string[]): Value | undefined {
    const slot = this.slot(path);
    const left = this.max - this.total - slot.wrappers;
    if (left < 0) return this.refuse(file);
    let value: Value;
    if (kind === 'json') {
      if (jsonNodesExceed(text, left, { early: true, ...slot.place }) === true) return this.refuse(file);
      value = decodeJSON(text);
    } else {
      try {
        value = decodeYAML(text, left, slot.place);
      } catch (e) {
        if (e instanceof TooManyValues) return this.refuse(file);
        throw e;
      }
    }
    return this.add(file, value, path) ? value : undefined;
  }

  /**
   * Counts what a decoded document at `path` adds to the data (before it is merged); false (and
   * `error` set) when that passes the limit.
   */
  add(file: string, doc: Value, path: readonly string[]): boolean {
    const slot = this.slot(path);
    let left = this.max - this.total - slot.wrappers;
    // Iterative: documents may nest thousands deep. Each value with what earlier data holds at
    // its path and whether it counts itself.
    const stack: Array<[Value, Existing, boolean]> = [[doc, slot.place.at, !slot.place.exists]];
    while (stack.length > 0) {
      const [v, at, self] = stack.pop()!;
      if (self && --left < 0) {
        this.refuse(file);
        return false;
      }
      if (Array.isArray(v)) {
        for (const e of v) stack.push([e, undefined, true]);
      } else if (v !== null && typeof v === 'object' && isPlainObject(v)) {
        for (const k of Object.keys(v)) stack.push([v[k]!, existingAt(at, k), !existsAt(at, k)]);
      }
    }
    this.total = this.max - left;
    return true;
  }

  private refuse(file: string): undefined {
    this.error ??= new RegoError('rego_compile_error', `data too large: base document has more than maxDataNodes (${this.max}) values at ${file}`);
    return undefined;
  }

  /** The new objects a document at `path` needs above it, and what earlier data holds at `path`. */
  private slot(path: readonly string[]): Slot {
    // The root exists always; `depth` segments of the path exist already.
    let at: Existing = this.roots.length > 0 ? this.roots : undefined;
    let depth = 0;
    let exists = true;
    for (const seg of path) {
      if (!existsAt(at, seg)) {
        exists = false;
        break;
      }
      at = existingAt(at, seg);
      depth++;
    }
    if (!exists) at = undefined;
    // Objects between the deepest existing path and the document's are new.
    const wrappers = exists ? 0 : path.length - depth - 1;
    return { wrappers, place: { exists, at } };
  }
}
