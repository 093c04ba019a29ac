/**
 * Counting the values of a JSON text before it is parsed, for `--max-input-nodes` and
 * `--max-data-nodes`: the document, every array element and every object value, nested ones
 * included, with the parser's rules so the count never exceeds the parsed value's — a key
 * repeated in an object counts once, with its last value (the parser keeps that one), keys
 * named as decoded (`"a"` and `"\u0061"` are one key, unpaired surrogates become U+FFFD).
 * A data document placed where earlier data exists (`at`) counts only its new paths
 * (see data-place.ts).
 *
 * The scan is strict: text that is not JSON (YAML input: comments, unquoted keys, trailing
 * commas …) is not counted. With `early`, the count stops as soon as the nodes that no later
 * text can take back pass `max` — array items whose enclosing values are all arrays, the new
 * keys of an object that is such an item or the document, and whatever closed within them;
 * what lies under a key settles when its object closes, since a repeated key replaces it.
 */
import { existingAt, existsAt, type Existing } from './data-place.js';

export interface JsonCountOptions {
  /** Decide as soon as the settled count passes `max`, whatever follows (the text must be JSON). */
  early?: boolean;
  /** The objects earlier data holds where the document goes (data files); undefined: nothing. */
  at?: Existing;
  /** Earlier data holds the document's own path. */
  exists?: boolean;
}

interface Frame {
  readonly obj: boolean;
  /** Nodes added here are settled. */
  readonly settles: boolean;
  /** Arrays: items and their content; objects: the nodes of the distinct keys' values themselves. */
  total: number;
  /** How many of this frame's nodes `sure` holds already. */
  sured: number;
  /** Objects: the content (below the value itself) of each distinct key's last value. */
  readonly keys: Map<string, number> | undefined;
  /** The open entry's key. */
  key: string;
  /** What earlier data holds at this object's path, and at its open key's. */
  readonly at: Existing;
  keyAt: Existing;
}

/**
 * Whether the JSON `text` holds more than `max` values; undefined when the text is not JSON
 * (or, without `early`, not JSON to its end).
 */
export function jsonNodesExceed(text: string, max: number, opts: JsonCountOptions = {}): boolean | undefined {
  const early = opts.early === true;
  const n = text.length;
  const stack: Frame[] = [];
  let sure = 0;
  let total = 0;
  let i = 0;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  /** Counts a value's own node where it starts; returns what earlier data holds at its path. */
  const begin = (): Existing => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      const self = opts.exists === true ? 0 : 1;
      total += self;
      sure += self;
      return opts.at;
    }
    if (top.obj) return top.keyAt; // counted with its key
    top.total++;
    if (top.settles) {
      sure++;
      top.sured++;
    }
    return undefined;
  };
  /** A scalar value ended: under a key, it replaces the key's earlier content. */
  const scalarEnd = (): void => {
    const top = stack[stack.length - 1];
    if (top?.obj) top.keys!.set(top.key, 0);
  };
  const open = (obj: boolean, at: Existing): void => {
    const top = stack[stack.length - 1];
    const settles = top === undefined || (!top.obj && top.settles);
    stack.push({ obj, settles, total: 0, sured: 0, keys: obj ? new Map() : undefined, key: '', at: obj ? at : undefined, keyAt: undefined });
  };
  const close = (): void => {
    const f = stack.pop()!;
    let content = f.total;
    if (f.keys !== undefined) for (const v of f.keys.values()) content += v;
    const top = stack[stack.length - 1];
    if (top === undefined) {
      total += content;
      sure += content - f.sured;
    } else if (top.obj) top.keys!.set(top.key, content);
    else {
      top.total += content;
      if (top.settles) {
        sure += content - f.sured;
        top.sured += content;
      }
    }
  };
  const key = (name: string): void => {
    const top = stack[stack.length - 1]!;
    const exists = existsAt(top.at, name);
    if (!top.keys!.has(name)) {
      top.keys!.set(name, 0);
      if (!exists) {
        top.total++;
        if (top.settles) {
          sure++;
          top.sured++;
        }
      }
    }
    top.key = name;
    top.keyAt = exists ? existingAt(top.at, name) : undefined;
  };

  // States: a value is expected (0), or after a value (1); in an object, a key (2).
  let state = 0;
  ws();
  while (i < n) {
    if (early && sure > max) return true;
    const c = text.charCodeAt(i);
    if (state === 0) {
      if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        open(c === 0x7b, begin());
        i++;
        ws();
        if (text.charCodeAt(i) === (c === 0x7b ? 0x7d : 0x5d)) {
          i++;
          close();
          state = 1;
        } else state = c === 0x7b ? 2 : 0;
      } else {
        begin();
        const end = c === 0x22 ? skipString(text, i) : scalarEnd_(text, i);
        if (end < 0) return undefined;
        i = end;
        scalarEnd();
        state = 1;
      }
    } else if (state === 2) {
      if (c !== 0x22) return undefined;
      const end = skipString(text, i);
      if (end < 0) return undefined;
      const name = keyName(text, i, end);
      if (name === undefined) return undefined;
      key(name);
      i = end;
      ws();
      if (text.charCodeAt(i) !== 0x3a /* : */) return undefined;
      i++;
      state = 0;
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return undefined; // text after the document
      if (c === 0x2c /* , */) {
        i++;
        state = top.obj ? 2 : 0;
      } else if (c === (top.obj ? 0x7d : 0x5d)) {
        i++;
        close();
      } else return undefined;
    }
    ws();
  }
  if (early && sure > max) return true;
  if (stack.length > 0 || state !== 1) return undefined;
  return total > max;
}

/** The end of the string starting at `i` (its opening quote), or -1 when it is not JSON. */
function skipString(text: string, i: number): number {
  const n = text.length;
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -1;
    if (c === 0x5c) {
      const e = text.charCodeAt(++i);
      if (e === 0x75 /* u */) {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return -1;
        i += 4;
      } else if (!(e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74)) return -1;
    }
  }
  return -1;
}

/** A key's name as the parser decodes it (escapes; unpaired surrogates as U+FFFD). */
function keyName(text: string, start: number, end: number): string | undefined {
  const raw = text.slice(start + 1, end - 1);
  if (!raw.includes('\\')) return wellFormed(raw);
  try {
    return wellFormed(JSON.parse(text.slice(start, end)) as string);
  } catch {
    return undefined;
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

const SCALAR = /true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** The end of the literal or number starting at `i`, or -1 when there is none. */
function scalarEnd_(text: string, i: number): number {
  SCALAR.lastIndex = i;
  if (!SCALAR.test(text)) return -1;
  const end = SCALAR.lastIndex;
  // A literal runs into what follows it (`truex`, `12a`): not JSON.
  const c = text.charCodeAt(end);
  return end < text.length && !(c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x2c || c === 0x5d || c === 0x7d) ? -1 : end;
}
