/**
 * Parsing YAML/JSON text into documents that remember where they came from, so every later
 * error can name the file, the document index, the line/column and the field path.
 * Browser-safe: callers pass text; Node loaders (src/node) read files.
 */
import { LineCounter, parseAllDocuments, isNode, isScalar, visit, type Document } from 'yaml';
import type { RegoError } from '@rego-ts/rego-parser';
import { gkError, type GatekeeperErrorCode } from '../errors.js';
import { formatPath, type FieldPath, type FieldError } from '../model/shape.js';
import { badCharacter, goJSONStrings, surrogateEscape, SURROGATE_ESCAPE_MESSAGE } from './unicode.js';

/** YAML 1.2 (`yes` stays a string; gator verify's reader) or 1.1 (`yes` is true; gator test's). */
export type YamlVersion = '1.1' | '1.2';

export interface ParseOptions {
  /** Name shown in errors (a path, `<stdin>`, …). */
  file?: string;
  version?: YamlVersion;
  /** Keep empty documents as `null` values instead of skipping them. */
  keepEmpty?: boolean;
  /** Alias expansion limit (YAML "billion laughs" guard). Default 100. */
  maxAliasCount?: number;
  /** Added to document indexes in messages (for callers that split streams themselves). */
  indexOffset?: number;
  /** Refuse text of more UTF-8 bytes, before parsing (`gk_usage_error`). */
  maxBytes?: number;
  /**
   * Read JSON text with go-yaml's rules (gator verify reads every file as YAML): surrogate
   * escapes are errors. Otherwise JSON is read as Kubernetes' JSON decoder reads it (gator
   * test): unpaired surrogate escapes become U+FFFD.
   */
  jsonAsYaml?: boolean;
}

/** One decoded document and the means to locate fields in its source. */
export class SourceDocument {
  constructor(
    readonly value: unknown,
    readonly file: string,
    /** 0-based index of the document in its stream. */
    readonly index: number,
    private readonly locator: (path: FieldPath) => { line: number; col: number } | undefined,
  ) {}

  /** 1-based line/column of the node at `path` (or of the nearest existing parent). */
  locate(path: FieldPath): { line: number; col: number } | undefined {
    for (let n = path.length; n >= 0; n--) {
      const pos = this.locator(path.slice(0, n));
      if (pos) return pos;
    }
    return undefined;
  }

  /** An error pointing at `path` in this document. */
  error(code: GatekeeperErrorCode, path: FieldPath, message: string): RegoError {
    const pos = this.locate(path);
    const field = path.length ? `${formatPath(path)}: ` : '';
    // Objects built in memory have no source to point at: the field path is all there is.
    if (!this.file && !pos) return gkError(code, `${field}${message}`);
    const where = `${this.file || '<input>'}: document ${this.index}${pos ? ` (line ${pos.line}, column ${pos.col})` : ''}`;
    return gkError(code, `${where}: ${field}${message}`, this.file, pos?.line, pos?.col);
  }

  /** The first of `errors` as a located error (callers report one error, like upstream). */
  fieldErrors(code: GatekeeperErrorCode, errors: FieldError[]): RegoError {
    const e = errors[0]!;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return this.error(code, e.path, e.message + more);
  }
}

/** A document built in memory (no source positions). */
export function memoryDocument(value: unknown, file = '', index = 0): SourceDocument {
  return new SourceDocument(value, file, index, () => undefined);
}

/**
 * Parses a YAML stream (documents separated by `---`) or a stream of concatenated JSON values
 * (text starting with `{` or `[`). Throws a located `gk_yaml_error` on the first malformed document.
 */
export function parseDocuments(text: string, opts: ParseOptions = {}): SourceDocument[] {
  const file = opts.file ?? '';
  if (opts.maxBytes !== undefined) checkTextSize(text, file, opts.maxBytes);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJSONStream(text, file, opts.jsonAsYaml ?? false, opts.indexOffset ?? 0);
  let lineCounter = new LineCounter();
  const parse = (t: string) =>
    parseAllDocuments(t, { lineCounter, version: opts.version ?? '1.2', uniqueKeys: true, prettyErrors: false, strict: true });
  let docs = parse(text);
  // Go's YAML parser accepts quoted scalars whose continuation lines are not indented past
  // their key (the gatekeeper-library has some); re-indent those lines and parse again.
  for (let attempt = 0; attempt < 50 && Array.isArray(docs); attempt++) {
    const err = docs.flatMap((d) => d.errors).find((e) => e.code === 'MISSING_CHAR' && /^Missing closing .?quote/.test(e.message));
    if (!err) break;
    const fixed = reindentQuoted(text, lineCounter.linePos(err.pos[0]).line);
    if (fixed === undefined) break;
    text = fixed;
    lineCounter = new LineCounter();
    docs = parse(text);
  }
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) {
    // An EmptyStream: no documents at all.
    return [];
  }
  const out: SourceDocument[] = [];
  const base = opts.indexOffset ?? 0;
  const yamlError = (index: number, offset: number, message: string): RegoError => {
    const pos = lineCounter.linePos(offset);
    return gkError('gk_yaml_error', `${file || '<input>'}: document ${index} (line ${pos.line}, column ${pos.col}): invalid YAML: ${message}`, file, pos.line, pos.col);
  };
  const docIndexAt = (offset: number): number => {
    const i = list.findIndex((d) => d.range[2] > offset);
    return base + (i < 0 ? Math.max(list.length - 1, 0) : i);
  };
  // go-yaml's reader refuses these characters before parsing anything.
  const bad = badCharacter(text);
  if (bad) throw yamlError(docIndexAt(bad.offset), bad.offset, bad.message);
  const escapes = surrogateEscape(text) !== undefined;
  // Locating is for errors only: rather than keep every parsed document (many times the size
  // of its text) alive for it, parse the final text again the first time a position is asked.
  const finalText = text;
  let reparsed: { docs: Document.Parsed[]; lines: LineCounter } | undefined;
  const locateIn = (i: number, path: FieldPath): { line: number; col: number } | undefined => {
    if (!reparsed) {
      const lines = new LineCounter();
      const again = parseAllDocuments(finalText, { lineCounter: lines, version: opts.version ?? '1.2', uniqueKeys: true, prettyErrors: false, strict: true });
      reparsed = { docs: Array.isArray(again) ? again : [], lines };
    }
    const doc = reparsed.docs[i];
    if (!doc) return undefined;
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (!isNode(node) || !node.range) return undefined;
    return reparsed.lines.linePos(node.range[0]);
  };
  list.forEach((doc, i) => {
    const index = base + i;
    const err = doc.errors[0];
    // go-yaml stops at whichever comes first: a surrogate escape or a syntax error.
    const esc = escapes ? doubleQuotedSurrogate(doc, text) : undefined;
    if (esc !== undefined && (!err || esc < err.pos[0])) throw yamlError(index, esc, SURROGATE_ESCAPE_MESSAGE);
    if (err) {
      const pos = lineCounter.linePos(err.pos[0]);
      throw gkError(
        'gk_yaml_error',
        `${file || '<input>'}: document ${index} (line ${pos.line}, column ${pos.col}): invalid YAML: ${firstLine(err.message)}`,
        file,
        pos.line,
        pos.col,
      );
    }
    if (doc.contents === null) {
      if (opts.keepEmpty) out.push(new SourceDocument(null, file, index, () => undefined));
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: opts.maxAliasCount ?? 100 });
    } catch (e) {
      throw gkError(
        'gk_yaml_error',
        `${file || '<input>'}: document ${index}: invalid YAML: ${firstLine(e instanceof Error ? e.message : String(e))}`,
        file,
      );
    }
    if ((value === null || value === undefined) && !opts.keepEmpty) return; // empty document
    out.push(new SourceDocument(value, file, index, (path) => locateIn(i, path)));
  });
  return out;
}

/**
 * Indents the continuation lines of a multi-line quoted scalar that opens on `line` (1-based)
 * so they sit deeper than the line's key. Returns undefined when nothing could be changed.
 */
function reindentQuoted(text: string, line: number): string | undefined {
  const lines = text.split('\n');
  const start = lines[line - 1];
  if (start === undefined) return undefined;
  const keyIndent = start.length - start.trimStart().length;
  const m = /^\s*(?:-\s+)?[^"'#]*?:\s+(["'])/.exec(start);
  if (!m) return undefined;
  const quote = m[1]!;
  let changed = false;
  for (let i = line; i < lines.length; i++) {
    const l = lines[i]!;
    const indent = l.length - l.trimStart().length;
    if (l.trim() !== '' && indent <= keyIndent) {
      lines[i] = ' '.repeat(keyIndent + 2 - indent) + l;
      changed = true;
    }
    if (closesQuote(l, quote)) break;
  }
  return changed ? lines.join('\n') : undefined;
}

function closesQuote(l: string, quote: string): boolean {
  for (let i = 0; i < l.length; i++) {
    if (quote === '"' && l[i] === '\\') i++;
    else if (l[i] === quote) {
      if (quote === "'" && l[i + 1] === "'") i++;
      else return true;
    }
  }
  return false;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

/** The first surrogate escape inside a double-quoted scalar of `doc` (keys included), by offset. */
function doubleQuotedSurrogate(doc: Document.Parsed, text: string): number | undefined {
  let first: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || node.type !== 'QUOTE_DOUBLE' || !node.range) return;
      const at = surrogateEscape(text, node.range[0], node.range[1]);
      if (at !== undefined && (first === undefined || at < first)) first = at;
    },
  });
  return first;
}

/** A `gk_usage_error` when `text` has more than `max` UTF-8 bytes (counting stops past the limit). */
function checkTextSize(text: string, file: string, max: number): void {
  // Every UTF-16 unit is at least one byte.
  let bytes = text.length;
  if (bytes <= max) {
    for (let i = 0; i < text.length && bytes <= max; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x800) bytes += c >= 0xd800 && c <= 0xdbff ? 1 : 2; // a pair is 4 bytes for 2 units
      else if (c >= 0x80) bytes += 1;
    }
  }
  if (bytes > max) throw gkError('gk_usage_error', `${file || '<input>'}: text too large: more than ${max} bytes (maxBytes)`, file);
}

/** Concatenated JSON values (`{...}{...}` or one per line), as Kubernetes' stream decoder reads them. */
function parseJSONStream(text: string, file: string, asYaml: boolean, base: number): SourceDocument[] {
  const out: SourceDocument[] = [];
  let i = 0;
  let index = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    const end = scanJSONValue(text, i);
    const chunk = text.slice(start, end);
    if (asYaml) {
      const bad = badCharacter(chunk);
      const esc = surrogateEscape(chunk);
      const at = bad && (esc === undefined || bad.offset < esc) ? bad.offset : esc;
      if (at !== undefined) {
        const { line, col } = lineCol(text, start + at);
        const message = at === bad?.offset ? bad.message : SURROGATE_ESCAPE_MESSAGE;
        throw gkError('gk_yaml_error', `${file || '<input>'}: document ${base + index} (line ${line}, column ${col}): invalid YAML: ${message}`, file, line, col);
      }
    }
    try {
      const value = JSON.parse(chunk) as unknown;
      out.push(new SourceDocument(asYaml ? value : goJSONStrings(value, chunk), file, base + index, () => undefined));
    } catch (e) {
      const { line, col } = lineCol(text, start);
      throw gkError(
        'gk_yaml_error',
        `${file || '<input>'}: document ${base + index} (line ${line}, column ${col}): invalid JSON: ${e instanceof Error ? e.message : String(e)}`,
        file,
        line,
        col,
      );
    }
    index++;
    i = end;
  }
  return out;
}

/** End offset of the bracketed JSON value starting at `start` (or the text end when unbalanced). */
function scanJSONValue(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (depth === 0) {
      // A scalar at top level: read to the next whitespace.
      let j = i;
      while (j < text.length && !/\s/.test(text[j]!)) j++;
      return j;
    }
  }
  return text.length;
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset; i++) if (text[i] === '\n') {
    line++;
    last = i;
  }
  return { line, col: offset - last };
}
