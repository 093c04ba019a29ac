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

/** An open array or object (reused per depth: objects are many and mostly small). */
interface Frame {
  obj: boolean;
  /** Nodes added here are settled. */
  settles: boolean;
  /** Arrays: items and their content; objects: the nodes of the distinct keys' values themselves. */
  total: number;
  /** How many of this frame's nodes `sure` holds already. */
  sured: number;
  /** Objects: the distinct keys (`names[0 .. keys)`), and the content (below the value itself) of each one's last value. */
  readonly names: string[];
  readonly sizes: number[];
  keys: number;
  /** Objects with many keys: each key's index in `names` (small ones are searched). */
  index: Map<string, number> | undefined;
  /** The open entry's index in `names`. */
  slot: number;
  /** What earlier data holds at this object's path, and at its open key's. */
  at: Existing;
  keyAt: Existing;
}

/**
 * Whether the JSON `text` holds more than `max` values; undefined when the text is not JSON
 * (or, without `early`, not JSON to its end).
 */
export function jsonNodesExceed(text: string, max: number, opts: JsonCountOptions = {}): boolean | undefined {
  const early = opts.early === true;
  const n = text.length;
  // The open frames are frames[0 .. depth).
  const frames: Frame[] = [];
  let depth = 0;
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
    const top = depth > 0 ? frames[depth - 1] : undefined;
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
    const top = depth > 0 ? frames[depth - 1] : undefined;
    if (top?.obj) top.sizes[top.slot] = 0;
  };
  const open = (obj: boolean, at: Existing): void => {
    const top = depth > 0 ? frames[depth - 1] : undefined;
    const settles = top === undefined || (!top.obj && top.settles);
    let f = frames[depth];
    if (f === undefined) frames.push((f = { obj, settles, total: 0, sured: 0, names: [], sizes: [], keys: 0, index: undefined, slot: 0, at: undefined, keyAt: undefined }));
    f.obj = obj;
    f.settles = settles;
    f.total = f.sured = f.slot = f.keys = 0;
    f.index = undefined;
    f.at = obj ? at : undefined;
    f.keyAt = undefined;
    depth++;
  };
  const close = (): void => {
    const f = frames[--depth]!;
    let content = f.total;
    for (let k = 0; k < f.keys; k++) content += f.sizes[k]!;
    const top = depth > 0 ? frames[depth - 1] : undefined;
    if (top === undefined) {
      total += content;
      sure += content - f.sured;
    } else if (top.obj) top.sizes[top.slot] = content;
    else {
      top.total += content;
      if (top.settles) {
        sure += content - f.sured;
        top.sured += content;
      }
    }
  };
  const key = (name: string): void => {
    const top = frames[depth - 1]!;
    const exists = existsAt(top.at, name);
    let slot = findKey(top, name);
    if (slot < 0) {
      slot = top.keys++;
      top.names[slot] = name;
      top.sizes[slot] = 0;
      if (top.index !== undefined) top.index.set(name, slot);
      else if (slot >= 8) top.index = new Map(top.names.slice(0, top.keys).map((k, j) => [k, j]));
      if (!exists) {
        top.total++;
        if (top.settles) {
          sure++;
          top.sured++;
        }
      }
    }
    top.slot = slot;
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
      const top = depth > 0 ? frames[depth - 1] : undefined;
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
  if (depth > 0 || state !== 1) return undefined;
  return total > max;
}

/** The index of `name` among an object's keys, or -1. */
function findKey(f: Frame, name: string): number {
  if (f.index !== undefined) return f.index.get(name) ?? -1;
  for (let k = 0; k < f.keys; k++) if (f.names[k] === name) return k;
  return -1;
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
  if (!raw.includes('\\')) return hasSurrogate(raw) ? wellFormed(raw) : raw;
  try {
    return wellFormed(JSON.parse(text.slice(start, end)) as string);
  } catch {
    return undefined;
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function hasSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) if ((s.charCodeAt(i) & 0xf800) === 0xd800) return true;
  return false;
}

function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

/** The end of the literal or number starting at `i`, or -1 when there is none. */
function scalarEnd_(text: string, i: number): number {
  const c = text.charCodeAt(i);
  let end: number;
  if (c === 0x74 /* t */) end = text.startsWith('true', i) ? i + 4 : -1;
  else if (c === 0x66 /* f */) end = text.startsWith('false', i) ? i + 5 : -1;
  else if (c === 0x6e /* n */) end = text.startsWith('null', i) ? i + 4 : -1;
  else end = numberEnd(text, i);
  if (end < 0 || end >= text.length) return end;
  // A literal runs into what follows it (`truex`, `12a`, `01`): not JSON.
  const d = text.charCodeAt(end);
  return d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09 || d === 0x2c || d === 0x5d || d === 0x7d ? end : -1;
}

/** The end of a JSON number at `i` (`-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`), or -1. */
function numberEnd(text: string, i: number): number {
  const digits = (j: number): number => {
    while (j < text.length && isDigit(text.charCodeAt(j))) j++;
    return j;
  };
  if (text.charCodeAt(i) === 0x2d /* - */) i++;
  const c = text.charCodeAt(i);
  if (c === 0x30 /* 0 */) i++;
  else if (isDigit(c)) i = digits(i + 1);
  else return -1;
  if (text.charCodeAt(i) === 0x2e /* . */) {
    if (!isDigit(text.charCodeAt(i + 1))) return -1;
    i = digits(i + 1);
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45 /* e E */) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    if (!isDigit(text.charCodeAt(i))) return -1;
    i = digits(i);
  }
  return i;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
