/**
 * Decodes the YAML of a `# METADATA` block the way OPA does (go-yaml v3 into OPA's
 * `rawAnnotation` struct), reporting failures with go-yaml's wording and line numbers, since
 * OPA derives the error's row from the line number in the message.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node, type YAMLError } from 'yaml';
import type { AnnotationValue } from '../ast/annotations.js';

export type YamlMap = { [key: string]: AnnotationValue };

/** `line` is the number go-yaml puts in `yaml: line N: …` (absent when it prints none). */
export type YamlResult = { ok: true; value: YamlMap } | { ok: false; message: string; line?: number };

/** Field types of OPA's rawAnnotation, named as Go prints them in unmarshal errors. */
const FIELDS: Record<string, string> = {
  scope: 'string',
  title: 'string',
  entrypoint: 'bool',
  description: 'string',
  organizations: '[]string',
  related_resources: '[]interface {}',
  authors: '[]interface {}',
  schemas: '[]map[string]interface {}',
  compile: 'map[string]interface {}',
  custom: 'map[string]interface {}',
  labels: 'map[string]interface {}',
};

/** YAML 1.1 words go-yaml still accepts for a Go bool. */
const BOOL_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

function lineOf(text: string, pos: number): number {
  let n = 0;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * go-yaml's text for a syntax error. Scanner errors print the 1-based line of the problem,
 * parser errors its 0-based line; neither prints a line for problems on the first line.
 */
function syntaxError(text: string, e: YAMLError): { message: string; line?: number } {
  let l0 = lineOf(text, e.pos[0]);
  const msg = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  let kind: 'scanner' | 'parser' = 'parser';
  let goMsg = msg;
  if (e.code === 'MISSING_CHAR' && /Implicit map keys/.test(msg)) {
    kind = 'scanner';
    goMsg = "could not find expected ':'";
  } else if (e.code === 'MISSING_CHAR' && /quote/.test(msg)) {
    kind = 'scanner';
    goMsg = 'found unexpected end of stream';
  } else if (e.code === 'BAD_INDENT' && /^Flow (sequence|map) in block collection/.test(msg)) {
    // An unclosed collection: go-yaml wants a node after `[`, a separator after an item.
    const [open, close] = msg.startsWith('Flow map') ? ['{', '}'] : ['[', ']'];
    const after = text.slice(text.lastIndexOf(open) + 1).trim();
    goMsg = after === '' || after.endsWith(',') ? 'did not find expected node content' : `did not find expected ',' or '${close}'`;
  } else if (e.code === 'BAD_INDENT') {
    goMsg = 'did not find expected key';
  } else if (e.code === 'BAD_SCALAR_START' || e.code === 'TAB_AS_INDENT') {
    kind = 'scanner';
    goMsg = 'found character that cannot start any token';
  } else if (e.code === 'BLOCK_AS_IMPLICIT_KEY' || e.code === 'MULTILINE_IMPLICIT_KEY') {
    kind = 'scanner';
    goMsg = 'mapping values are not allowed in this context';
    // go-yaml stops at the offending `:`, which may be on a later line than the value.
    const colon = /:(?=[ \t\n]|$)/g;
    colon.lastIndex = e.pos[0];
    const m = colon.exec(text);
    if (m) l0 = lineOf(text, m.index);
  } else if (e.code === 'BAD_DQ_ESCAPE') {
    kind = 'scanner';
    goMsg = 'found unknown escape character';
  }
  if (l0 === 0) return { message: `yaml: ${goMsg}` };
  const line = kind === 'scanner' ? l0 + 1 : l0;
  return { message: `yaml: line ${line}: ${goMsg}`, line };
}

/** The tag and quoted value go-yaml shows for a node that does not fit its target. */
function describe(text: string, n: Node): string {
  if (isSeq(n)) return '!!seq';
  if (isMap(n)) return '!!map';
  if (!isScalar(n)) return '!!str';
  const v = n.value;
  const tag =
    v === null ? '!!null' : typeof v === 'boolean' ? '!!bool' : typeof v === 'number' ? (Number.isInteger(v) && !/[.eE]/.test(n.source ?? '') ? '!!int' : '!!float') : '!!str';
  const s = typeof v === 'string' ? v : (n.source ?? String(v));
  void text;
  return `${tag} \`${s.length > 10 ? `${s.slice(0, 7)}...` : s}\``;
}

/** Plain data of a node; keys are set as own data properties, so `__proto__` stays a key. */
function toPlain(n: unknown): AnnotationValue {
  if (isMap(n)) {
    const o: YamlMap = {};
    for (const p of n.items) {
      const k = isScalar(p.key) ? String(p.key.value) : String(toPlain(p.key));
      Object.defineProperty(o, k, { value: toPlain(p.value), enumerable: true, writable: true, configurable: true });
    }
    return o;
  }
  if (isSeq(n)) return n.items.map(toPlain);
  if (isScalar(n)) {
    const v = n.value;
    if (v === null || v === undefined) return null;
    if (typeof v === 'bigint') return Number(v);
    return v as AnnotationValue;
  }
  return null;
}

/** Unmarshal errors (type mismatches, duplicate keys), in document order like go-yaml's. */
function typeErrors(text: string, root: Node): string[] {
  const errs: string[] = [];
  const line = (n: Node) => lineOf(text, n.range?.[0] ?? 0) + 1;
  const bad = (n: Node, into: string): void => void errs.push(`line ${line(n)}: cannot unmarshal ${describe(text, n)} into ${into}`);
  const isNull = (n: Node | null | undefined) => !n || (isScalar(n) && n.value === null);

  // Duplicate keys are rejected in every mapping go-yaml decodes.
  const visit = (n: unknown, want: string | undefined): void => {
    if (isMap(n)) {
      const seen = new Map<string, Node>();
      for (const p of n.items) {
        if (isScalar(p.key)) {
          const k = String(p.key.value);
          const prev = seen.get(k);
          if (prev) errs.push(`line ${line(p.key)}: mapping key ${JSON.stringify(k)} already defined at line ${line(prev)}`);
          else seen.set(k, p.key);
        }
        visit(p.value, want === 'ast.rawAnnotation' && isScalar(p.key) ? FIELDS[String(p.key.value)] : undefined);
      }
      return;
    }
    if (isSeq(n)) {
      const elem = want === '[]string' ? 'string' : want === '[]map[string]interface {}' ? 'map[string]interface {}' : undefined;
      for (const x of n.items) visit(x, elem);
    }
  };
  const check = (n: Node | null | undefined, want: string | undefined): void => {
    if (!want || isNull(n)) return;
    const node = n!;
    switch (want) {
      case 'string':
        if (!isScalar(node)) bad(node, want);
        return;
      case 'bool': {
        if (!isScalar(node)) return bad(node, want);
        const v = node.value;
        if (typeof v !== 'boolean' && !(typeof v === 'string' && node.type === 'PLAIN' && BOOL_WORDS.has(v))) bad(node, want);
        return;
      }
      case '[]string':
      case '[]interface {}':
      case '[]map[string]interface {}':
        if (!isSeq(node)) return bad(node, want);
        if (want === '[]string') for (const x of node.items) check(x as Node, 'string');
        if (want === '[]map[string]interface {}') for (const x of node.items) check(x as Node, 'map[string]interface {}');
        return;
      default:
        if (!isMap(node)) bad(node, want);
    }
  };
  if (isMap(root)) {
    for (const p of root.items) {
      if (isScalar(p.key)) check(p.value as Node | null, FIELDS[String(p.key.value)]);
    }
  } else if (!isNull(root)) {
    bad(root, 'ast.rawAnnotation');
  }
  // go-yaml reports type errors and duplicate keys in one walk; ours are two, so order by line.
  visit(root, 'ast.rawAnnotation');
  return errs.sort((a, b) => Number(/^line (\d+)/.exec(a)![1]) - Number(/^line (\d+)/.exec(b)![1]));
}

/** The text go-yaml stores into a Go string: a plain scalar as written (`1.50`, `yes`), else its value. */
function scalarText(n: unknown): AnnotationValue {
  if (!isScalar(n) || n.value === null) return null;
  return n.type === 'PLAIN' && n.source !== undefined ? n.source : String(n.value);
}

/** Fields OPA decodes into Go strings (and string lists) keep go-yaml's text of the scalar. */
function goStringFields(root: Node, value: YamlMap): void {
  if (!isMap(root)) return;
  for (const p of root.items) {
    if (!isScalar(p.key)) continue;
    const k = String(p.key.value);
    if (FIELDS[k] === 'string' && isScalar(p.value)) value[k] = scalarText(p.value);
    else if (FIELDS[k] === '[]string' && isSeq(p.value)) value[k] = p.value.items.map(scalarText);
  }
}

/** Parses a block's YAML (the comment texts, one line each, without `#` and one space). */
export function decodeMetadataYaml(text: string): YamlResult {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: false });
  if (doc.errors.length > 0) return { ok: false, ...syntaxError(text, doc.errors[0]!) };
  const root = doc.contents as Node | null;
  const errs = root ? typeErrors(text, root) : [];
  if (errs.length > 0) {
    const m = /^line (\d+)/.exec(errs[0]!);
    return { ok: false, message: `yaml: unmarshal errors:\n  ${errs.join('\n  ')}`, line: Number(m![1]) };
  }
  const value = root && isMap(root) ? (toPlain(root) as YamlMap) : {};
  if (root && isMap(root)) goStringFields(root, value);
  return { ok: true, value };
}
