/**
 * `# METADATA` comment blocks (OPA `parser.go` `parseAnnotations`): found among the comments,
 * decoded as YAML and checked while parsing a module, so broken blocks are parse errors at
 * the rows `opa parse` reports.
 */
import type { Comment } from '../ast/module.js';
import type { AnnotationValue } from '../ast/annotations.js';
import type { Location } from '../ast/location.js';
import type { Term } from '../ast/terms.js';
import { formatErrorDetails, type RegoError } from '../errors.js';
import { decodeMetadataYaml, type YamlMap } from './metadata-yaml.js';
import { termString } from './rego-text.js';
import { annotationFields, type AnnotationFields } from './metadata-fields.js';

/** Parses one term (passed in: the entry points live above this module). */
export type TermParser = (src: string) => { term?: Term; errors: RegoError[] };

/** Go's `Errors.Error()` text of a term parse failure, details lines included. */
function errorsText(errors: RegoError[]): string {
  const one = (e: RegoError) => (e.details ? `${e.format()}\n${formatErrorDetails(e.details)}` : e.format());
  if (errors.length === 1) return `1 error occurred: ${one(errors[0]!)}`;
  return `${errors.length} errors occurred:\n${errors.map(one).join('\n')}`;
}

/** OPA's ParseRef: a term that is a ref (`input` alone parses as one). */
function refError(parse: TermParser, s: string): string | undefined {
  const r = parse(s);
  if (!r.term) return `failed to parse ref: failed to parse term: ${errorsText(r.errors)}`;
  if (r.term.type !== 'ref') return `expected ref but got ${termString(r.term)}`;
  return undefined;
}

/** A decoded block, before it is attached to the statement below it. */
export interface MetadataBlock {
  value: YamlMap;
  fields: AnnotationFields;
  /** The `# METADATA` comment. */
  location: Location;
}

export interface MetadataError {
  message: string;
  location: Location;
}

/** Column 1 and text starting with METADATA (after trimming), as OPA's IsMetadataComment. */
function isMetadataComment(c: Comment): boolean {
  return c.location.col === 1 && c.text.trim().startsWith('METADATA');
}

/** A block ends at a gap, an indented comment or the next METADATA line. */
function endsBlock(curr: Comment, prev: Comment): boolean {
  return curr.location.col !== 1 || curr.location.row - 1 !== prev.location.row || isMetadataComment(curr);
}

/** Go's `%s` of a decoded YAML value, which OPA puts into some messages. */
function goString(v: AnnotationValue | undefined): string {
  if (v === null || v === undefined) return '%!s(<nil>)';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return `%!s(bool=${v})`;
  if (typeof v === 'number') return Number.isInteger(v) ? `%!s(int=${v})` : `%!s(float64=${v})`;
  if (Array.isArray(v)) return `[${v.map(goString).join(' ')}]`;
  const keys = Object.keys(v).sort();
  return `map[${keys.map((k) => `${k}:${goString(v[k])}`).join(' ')}]`;
}

function stringField(m: YamlMap, k: string): string {
  const v = Object.hasOwn(m, k) ? m[k] : undefined;
  return typeof v === 'string' ? v.trim() : '';
}

function isMap(v: AnnotationValue | undefined): v is YamlMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function relatedResourceError(v: AnnotationValue): string | undefined {
  if (typeof v === 'string') return v.length > 0 ? undefined : 'ref URL may not be empty string';
  if (isMap(v)) return stringField(v, 'ref') ? undefined : "'ref' value required in object";
  return 'invalid value type, must be string or map';
}

function authorError(v: AnnotationValue): string | undefined {
  if (typeof v === 'string') return v.trim() ? undefined : 'author is an empty string';
  if (isMap(v)) return stringField(v, 'name') || stringField(v, 'email') ? undefined : "'name' and/or 'email' values required in object";
  return 'invalid value type, must be string or map';
}

function schemaError(parse: TermParser, item: AnnotationValue): string | undefined {
  const k = isMap(item) ? (Object.keys(item)[0] ?? '') : '';
  if (refError(parse, k)) return 'invalid document reference';
  const v = isMap(item) ? item[k] : undefined;
  if (typeof v === 'string') {
    const t = parse(v).term;
    if (t?.type === 'var' && t.value === 'schema') return undefined;
    if (t?.type === 'ref' && t.value[0]?.type === 'var' && t.value[0].value === 'schema') return undefined;
    return 'invalid schema reference';
  }
  if (isMap(v)) return undefined;
  return `invalid schema declaration for path ${JSON.stringify(k)}`;
}

/** `compile:` — `unknowns` must be refs, `mask_rule` a var, string or ref. */
function compileError(parse: TermParser, c: AnnotationValue | undefined): string | undefined {
  if (!isMap(c)) return undefined;
  const unknowns = Object.hasOwn(c, 'unknowns') ? c['unknowns'] : undefined;
  if (Array.isArray(unknowns)) {
    for (const u of unknowns) {
      if (typeof u !== 'string') continue;
      const e = refError(parse, u);
      if (e) return `invalid unknowns element ${JSON.stringify(u)}: ${e}`;
    }
  }
  const mask = Object.hasOwn(c, 'mask_rule') ? c['mask_rule'] : undefined;
  if (typeof mask === 'string') {
    const r = parse(mask);
    if (!r.term) return `invalid mask_rule annotation ${JSON.stringify(mask)}: failed to parse term: ${errorsText(r.errors)}`;
    const t = r.term.type;
    if (t !== 'var' && t !== 'string' && t !== 'ref') return `invalid mask_rule annotation type ${JSON.stringify(mask)}: string`;
  }
  return undefined;
}

/** OPA's checks of a decoded block, in its order; the first failure is the error. */
function validate(parse: TermParser, value: YamlMap): string | undefined {
  const list = (k: string): AnnotationValue[] => {
    const v = Object.hasOwn(value, k) ? value[k] : undefined;
    return Array.isArray(v) ? v : [];
  };
  for (const v of list('related_resources')) {
    const e = relatedResourceError(v);
    if (e) return `invalid related-resource definition ${goString(v)}: ${e}`;
  }
  const compile = compileError(parse, Object.hasOwn(value, 'compile') ? value['compile'] : undefined);
  if (compile) return compile;
  for (const v of list('schemas')) {
    const e = schemaError(parse, v);
    if (e) return e;
  }
  for (const v of list('authors')) {
    const e = authorError(v);
    if (e) return `invalid author definition ${goString(v)}: ${e}`;
  }
  return undefined;
}

/** OPA's hint for `key:value` lines, where YAML needs a space after the colon. */
function colonHints(message: string, comments: Comment[]): string {
  let out = message;
  for (const c of comments) {
    if (!c.text.includes(':')) continue;
    const parts = c.text.split(':').slice(1);
    const invalid: string[] = [];
    for (const [i, part] of parts.entries()) {
      if (part.length === 0 && i === parts.length - 1) break;
      const r = part.length === 0 ? '\ufffd' : String.fromCodePoint(part.codePointAt(0)!);
      if (r === ' ' || r === '\t') break;
      invalid.push(goQuoteRune(r));
    }
    if (invalid.length > 0) {
      out += `\n  Hint: on line ${c.location.row}, symbol(s) [${invalid.join(' ')}] immediately following a key/value separator ':' is not a legal yaml space character`;
    }
  }
  return out;
}

/** Go's `%+q` of a rune: ASCII-only, single-quoted. */
function goQuoteRune(r: string): string {
  const cp = r.codePointAt(0)!;
  if (r === "'") return "'\\''";
  if (r === '\\') return "'\\\\'";
  if (cp >= 0x20 && cp < 0x7f) return `'${r}'`;
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };
  if (named[cp]) return `'${named[cp]}'`;
  if (cp < 0x100 && cp < 0x20) return `'\\x${cp.toString(16).padStart(2, '0')}'`;
  if (cp <= 0xffff) return `'\\u${cp.toString(16).padStart(4, '0')}'`;
  return `'\\U${cp.toString(16).padStart(8, '0')}'`;
}

/** Finds, decodes and checks every METADATA block of a module's comments. */
export function parseMetadataBlocks(comments: Comment[], parse: TermParser): { blocks: MetadataBlock[]; errors: MetadataError[] } {
  const blocks: MetadataBlock[] = [];
  const errors: MetadataError[] = [];
  for (let i = 0; i < comments.length; i++) {
    const head = comments[i]!;
    if (!isMetadataComment(head)) continue;
    const lines: Comment[] = [];
    let j = i + 1;
    for (; j < comments.length && !endsBlock(comments[j]!, comments[j - 1]!); j++) lines.push(comments[j]!);
    i = j - 1;
    const text = lines.map((c) => `${c.text.startsWith(' ') ? c.text.slice(1) : c.text}\n`).join('');
    if (text.trim() === '') {
      errors.push({ message: 'expected METADATA block, found whitespace', location: head.location });
      continue;
    }
    const r = decodeMetadataYaml(text);
    if (!r.ok) {
      // OPA indexes the block's comments with go-yaml's line number (so usually the line
      // after the problem), clamped to the last; without a number, the first comment.
      const at = r.line === undefined ? lines[0]! : lines[Math.min(r.line, lines.length - 1)]!;
      errors.push({ message: colonHints(r.message, lines), location: at.location });
      continue;
    }
    const invalid = validate(parse, r.value);
    if (invalid) {
      errors.push({ message: invalid, location: head.location });
      continue;
    }
    blocks.push({ value: r.value, fields: annotationFields(parse, r.value), location: head.location });
  }
  return { blocks, errors };
}
