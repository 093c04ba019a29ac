/**
 * Encodings (v1/topdown/encoding.go): JSON, base64/base64url, hex, URL query, YAML. Strings
 * are UTF-8 encoded before byte-level encodings; decoded bytes that are not valid UTF-8
 * become U+FFFD (JS strings cannot hold raw bytes).
 */
import { parseAllDocuments, isAlias, isMap, isPair, isScalar, isSeq, type Node as YNode, type ScalarTag, type Tags } from 'yaml';
import { formatFloat } from './gofloat.js';
import { goResolve, TAG, yamlMarshal, type GoValue } from './yamlemit.js';
import { compare } from '../value/compare.js';
import { ObjectBuilder, objectEntries } from '../value/collections.js';
import { parseJSON, toJSONText, valueToRegoText } from '../value/json.js';
import { numberFromBigInt, numberFromText } from '../value/number.js';
import { goQuote } from '../value/quote.js';
import { RegoSet, typeOf, type Value } from '../value/types.js';
import { isObj, obj, str } from './args.js';
import { fail, operandErr, typeErr } from './errors.js';
import type { BuiltinTable } from './registry.js';
import { firstInvalidUtf8 } from '../value/bytes.js';
import { firstRawByte, fromUtf8, utf8 } from './strutil.js';

// ---- base64 ----------------------------------------------------------------------------------

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
export const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function b64encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[v >> 18]! + alphabet[(v >> 12) & 63]! + alphabet[(v >> 6) & 63]! + alphabet[v & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = bytes[i]! << 16;
    out += alphabet[v >> 18]! + alphabet[(v >> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[v >> 18]! + alphabet[(v >> 12) & 63]! + alphabet[(v >> 6) & 63]! + (pad ? '=' : '');
  }
  return out;
}

/** Go `base64.Encoding.DecodeString` (padded, non-strict; \r and \n ignored). */
export function b64decode(s: string, alphabet: string): Uint8Array {
  const src = utf8(s);
  const map = new Int16Array(256).fill(-1);
  for (let i = 0; i < 64; i++) map[alphabet.charCodeAt(i)] = i;
  const out: number[] = [];
  const bad = (n: number) => fail(`illegal base64 data at input byte ${n}`);
  const isNL = (c: number | undefined) => c === 10 || c === 13;
  let si = 0;
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailing = -1;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        throw bad(si - j);
      }
      const c = src[si]!;
      si++;
      const d = map[c]!;
      if (d >= 0) {
        dbuf[j] = d;
        continue;
      }
      if (isNL(c)) {
        j--;
        continue;
      }
      if (c !== 0x3d) throw bad(si - 1);
      if (j === 0 || j === 1) throw bad(si - 1);
      if (j === 2) {
        while (si < src.length && isNL(src[si])) si++;
        if (si === src.length) throw bad(src.length);
        if (src[si] !== 0x3d) throw bad(si - 1);
        si++;
      }
      while (si < src.length && isNL(src[si])) si++;
      if (si < src.length) trailing = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    if (dlen >= 2) out.push((val >> 16) & 255);
    if (dlen >= 3) out.push((val >> 8) & 255);
    if (dlen >= 4) out.push(val & 255);
    if (trailing >= 0) throw bad(trailing);
    if (dlen < 4) return Uint8Array.from(out);
  }
}

// ---- hex -------------------------------------------------------------------------------------

function hexDecode(s: string): Uint8Array {
  const src = utf8(s);
  const val = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1);
  const invalid = (c: number) => fail(`encoding/hex: invalid byte: U+${c.toString(16).toUpperCase().padStart(4, '0')} ${goQuote(String.fromCharCode(c), "'")}`);
  const out = new Uint8Array(src.length >> 1);
  let i = 1;
  for (; i < src.length; i += 2) {
    const a = val(src[i - 1]!);
    const b = val(src[i]!);
    if (a < 0) throw invalid(src[i - 1]!);
    if (b < 0) throw invalid(src[i]!);
    out[i >> 1] = (a << 4) | b;
  }
  if (src.length % 2 === 1) {
    if (val(src[i - 1]!) < 0) throw invalid(src[i - 1]!);
    throw fail('encoding/hex: odd length hex string');
  }
  return out;
}

// ---- URL query ---------------------------------------------------------------------------------

/** Go `url.QueryEscape`. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Go `url.QueryUnescape`. */
export function queryUnescape(s: string): string {
  const src = utf8(s);
  const out: number[] = [];
  const isHex = (c: number | undefined) => c !== undefined && /[0-9a-fA-F]/.test(String.fromCharCode(c));
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 0x25) {
      if (i + 2 >= src.length || !isHex(src[i + 1]) || !isHex(src[i + 2])) {
        const bad = fromUtf8(src.slice(i, Math.min(i + 3, src.length)));
        throw fail(`invalid URL escape ${goQuote(bad)}`);
      }
      out.push(parseInt(String.fromCharCode(src[i + 1]!, src[i + 2]!), 16));
      i += 2;
    } else if (c === 0x2b) out.push(0x20);
    else out.push(c);
  }
  return fromUtf8(Uint8Array.from(out));
}

function encodeObject(o: Value): string {
  if (!isObj(o)) throw typeErr(1, o, 'object');
  const pairs: Array<[string, string[]]> = [];
  const bad = () => operandErr(1, 'values must be string, array[string], or set[string]');
  for (const [k, v] of objectEntries(o)) {
    const key = typeof k === 'string' ? k : toJSONText(k);
    let vals: string[];
    if (typeof v === 'string') vals = [v];
    else if (Array.isArray(v) || v instanceof RegoSet) {
      const elems = Array.isArray(v) ? v : v.sorted(compare);
      vals = elems.map((e) => {
        if (typeof e !== 'string') throw bad();
        return e;
      });
    } else throw bad();
    pairs.push([key, vals]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const parts: string[] = [];
  for (const [k, vs] of pairs) for (const v of vs) parts.push(queryEscape(k) + '=' + queryEscape(v));
  return parts.join('&');
}

function decodeObject(q: string): Value {
  const order: string[] = [];
  const vals = new Map<string, string[]>();
  let firstErr: Error | undefined;
  for (const part of q.split('&')) {
    if (part === '') continue;
    if (part.includes(';')) {
      firstErr ??= fail('invalid semicolon separator in query');
      continue;
    }
    const eq = part.indexOf('=');
    const rawK = eq < 0 ? part : part.slice(0, eq);
    const rawV = eq < 0 ? '' : part.slice(eq + 1);
    let k: string;
    let v: string;
    try {
      k = queryUnescape(rawK);
      v = queryUnescape(rawV);
    } catch (e) {
      firstErr ??= e as Error;
      continue;
    }
    if (!vals.has(k)) {
      vals.set(k, []);
      order.push(k);
    }
    vals.get(k)!.push(v);
  }
  if (firstErr) throw firstErr;
  const b = new ObjectBuilder();
  for (const k of order) b.set(k, vals.get(k)!);
  return b.build();
}

// ---- YAML --------------------------------------------------------------------------------------

/** fmt's %#v of a decoded YAML value (go-yaml's and sigs.k8s.io/yaml's error messages). */
function sharpV(g: GoValue, inContainer = false): string {
  switch (g.t) {
    case 'nil':
      return inContainer ? 'interface {}(nil)' : '<nil>';
    case 'bool':
      return String(g.v);
    case 'int':
      return g.v.toString();
    case 'uint':
      return '0x' + g.v.toString(16);
    case 'float':
      return formatFloat(g.v, 'g', -1);
    case 'str':
      return goQuote(g.v);
    case 'seq':
      return `[]interface {}{${g.items.map((e) => sharpV(e, true)).join(', ')}}`;
    case 'map':
      return `map[interface {}]interface {}{${g.entries.map(([k, v]) => `${sharpV(k, true)}:${sharpV(v, true)}`).join(', ')}}`;
  }
}

/** strconv.FormatFloat(f, 'g', -1, 32): YAML float keys as sigs.k8s.io/yaml spells them. */
function float32Key(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  const x = Math.fround(f);
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  for (let p = 1; p <= 9; p++) {
    const t = Number(x.toPrecision(p));
    if (Math.fround(t) === x) return formatFloat(t, 'g', -1);
  }
  return formatFloat(x, 'g', -1);
}

const goEqual = (a: GoValue, b: GoValue): boolean =>
  a.t === b.t && (a.t === 'nil' || ((a.t === 'bool' || a.t === 'int' || a.t === 'uint' || a.t === 'float' || a.t === 'str') && a.v === (b as typeof a).v));

/**
 * go-yaml v2's limit on aliasing: past 100 aliased nodes and 1000 decoded ones, the aliased
 * share may not exceed 99% (up to 400k decoded nodes), falling linearly to 10% at 4M.
 */
function excessiveAliasing(decoded: number, aliased: number): boolean {
  if (aliased <= 100 || decoded <= 1000) return false;
  const low = 400_000;
  const high = 4_000_000;
  const allowed = decoded <= low ? 0.99 : decoded >= high ? 0.1 : 0.99 - 0.89 * ((decoded - low) / (high - low));
  return aliased / decoded > allowed;
}

/** go-yaml v2's decoder into interface{} (decode.go), over the yaml package's syntax tree. */
class YamlDecoder {
  private anchors = new Map<string, GoValue>();
  /** `unterminated`: the source, when it does not end with a line break (see scalar). */
  constructor(
    private readonly source: string,
    private readonly unterminated?: string,
  ) {}
  /**
   * Alias bombs: go-yaml decodes an alias by decoding its anchor's node again and gives up
   * ("excessive aliasing") when aliases make up too much of what it decoded. Values are shared
   * here, so the counts add each alias's expanded size instead.
   */
  private readonly sizes = new WeakMap<GoValue, number>();
  private decodeCount = 0;
  private aliasCount = 0;

  node(node: YNode | null | undefined): GoValue {
    if (node === null || node === undefined) return { t: 'nil' };
    if (isAlias(node)) {
      const v = this.anchors.get(node.source);
      if (v === undefined) throw fail(`yaml: unknown anchor '${node.source}' referenced`);
      const n = this.sizes.get(v) ?? 1;
      this.decodeCount += n;
      this.aliasCount += n;
      if (excessiveAliasing(this.decodeCount, this.aliasCount)) throw fail('yaml: document contains excessive aliasing');
      return v;
    }
    const before = this.decodeCount++;
    let result: GoValue;
    if (isScalar(node)) result = this.scalar(node);
    else if (isSeq(node)) {
      result = {
        t: 'seq',
        items: node.items.map((i) => (isPair(i) ? { t: 'map', entries: [[this.node(i.key as YNode), this.node(i.value as YNode)]] } : this.node(i as YNode))),
      };
    } else if (isMap(node)) {
      const entries: Array<[GoValue, GoValue]> = [];
      const set = (k: GoValue, v: GoValue) => {
        const at = entries.findIndex(([e]) => goEqual(e, k));
        if (at >= 0) entries[at] = [k, v];
        else entries.push([k, v]);
      };
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const kn = pair.key as YNode | null;
        if (kn && isScalar(kn) && String(kn.source) === '<<' && ((kn.type === 'PLAIN' && !kn.tag) || kn.tag === TAG.merge)) {
          this.merge(pair.value as YNode | null, set);
          continue;
        }
        const k = this.node(kn);
        if (k.t === 'seq' || k.t === 'map') throw fail(`yaml: invalid map key: ${sharpV(k)}`);
        set(k, this.node(pair.value as YNode));
      }
      result = { t: 'map', entries };
    } else result = { t: 'nil' };
    this.sizes.set(result, this.decodeCount - before);
    if (node.anchor) this.anchors.set(node.anchor, result);
    return result;
  }

  private scalar(node: YNode & { source?: unknown; type?: string; tag?: string }): GoValue {
    if (node.type === 'QUOTE_DOUBLE' && node.range) checkSurrogateEscapes(this.source, node.range[0], node.range[1]);
    let text = String(node.source ?? '');
    // A block scalar running to the end of input has no final line break in go-yaml.
    const src = this.unterminated;
    if (src !== undefined && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && text.endsWith('\n') && node.range && node.range[1] >= src.length) {
      text = text.slice(0, -1);
    }
    const tag = node.tag ?? '';
    if (tag === '' && node.type !== 'PLAIN') return { t: 'str', v: text };
    const r = goResolve(tag, text);
    if (r.tag === TAG.binary) {
      try {
        return { t: 'str', v: fromUtf8(b64decode(text, STD)) };
      } catch {
        throw fail('yaml: !!binary value contains invalid base64 data');
      }
    }
    return r.value;
  }

  private merge(n: YNode | null, set: (k: GoValue, v: GoValue) => void): void {
    const want = () => fail('yaml: map merge requires map or sequence of maps as the value');
    const apply = (m: YNode) => {
      const g = this.node(m);
      if (g.t !== 'map') throw want();
      for (const [k, v] of g.entries) set(k, v);
    };
    if (n && (isMap(n) || isAlias(n))) apply(n);
    else if (n && isSeq(n)) {
      for (let i = n.items.length - 1; i >= 0; i--) {
        const m = n.items[i] as YNode;
        if (!isMap(m) && !isAlias(m)) throw want();
        apply(m);
      }
    } else throw want();
  }
}

/** sigs.k8s.io/yaml's convertToJSONableObject, then encoding/json, then OPA's JSON reader. */
function goYamlToValue(g: GoValue): Value {
  switch (g.t) {
    case 'nil':
      return null;
    case 'bool':
    case 'str':
      return g.v;
    case 'int':
    case 'uint':
      return numberFromBigInt(g.v);
    case 'float':
      if (!Number.isFinite(g.v)) throw fail(`json: unsupported value: ${Number.isNaN(g.v) ? 'NaN' : g.v > 0 ? '+Inf' : '-Inf'}`);
      return numberFromText(Object.is(g.v, -0) ? '-0' : String(g.v));
    case 'seq':
      return g.items.map(goYamlToValue);
    case 'map': {
      const b = new ObjectBuilder();
      for (const [k, v] of g.entries) {
        let key: string;
        if (k.t === 'str') key = k.v;
        else if (k.t === 'int') key = k.v.toString();
        else if (k.t === 'float') key = float32Key(k.v);
        else if (k.t === 'bool') key = String(k.v);
        else {
          const type = k.t === 'nil' ? '%!s(<nil>)' : 'uint64';
          throw fail(`unsupported map key of type: ${type}, key: ${sharpV(k)}, value: ${sharpV(v)}`);
        }
        b.set(key, goYamlToValue(v));
      }
      return b.build();
    }
  }
}

/** go-yaml v2 also resolves `0o17` as an octal integer. */
const octal0o: ScalarTag = {
  identify: (v) => typeof v === 'bigint' || typeof v === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: /^[-+]?0o[0-7_]+$/,
  resolve: (s) => {
    const neg = s.startsWith('-');
    const v = BigInt('0o' + s.replace(/^[-+]?0o/, '').replaceAll('_', ''));
    return neg ? -v : v;
  },
};

const YAML_OPTS = {
  version: '1.1' as const,
  uniqueKeys: false,
  intAsBigInt: true,
  customTags: (tags: Tags): Tags => [octal0o, ...tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp')],
};

/** go-yaml's wording for the errors users hit most; others keep the parser's message. */
function goYamlMessage(e: { message: string; linePos?: Array<{ line: number }> }): string {
  const first = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  const line = e.linePos?.[0]?.line;
  const at = line !== undefined ? `line ${line}: ` : '';
  if (/^Flow sequence .*end with a \]/.test(first)) return `yaml: ${at}did not find expected ',' or ']'`;
  if (/^Flow map .*end with a \}/.test(first)) return `yaml: ${at}did not find expected ',' or '}'`;
  if (/^Missing closing .*quote/.test(first)) return 'yaml: found unexpected end of stream';
  if (/^Tabs are not allowed as indentation/.test(first)) return `yaml: ${line !== undefined && line > 1 ? `line ${line}: ` : ''}found character that cannot start any token`;
  if (/^All mapping items must start at the same column/.test(first) && line !== undefined && line > 1) return `yaml: line ${line - 1}: did not find expected key`;
  if (/Nested mappings are not allowed in compact mappings/.test(first)) return 'yaml: mapping values are not allowed in this context';
  return `yaml: ${at}${first}`;
}

/** A `\uD800`–`\uDFFF` (or `\U0000D800`…) escape, after an even number of backslashes. */
const SURROGATE_ESCAPE = /(?<!\\)(?:\\\\)*\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}/;

/**
 * go-yaml rejects escapes of surrogate code points in double-quoted scalars, even a pair
 * (`"\ud83d\ude00"`), where the yaml package would decode them.
 */
function checkSurrogateEscapes(source: string, start: number, end: number): void {
  const m = SURROGATE_ESCAPE.exec(source.slice(start, end));
  if (!m) return;
  const at = start + m.index + m[0].lastIndexOf('\\');
  let line = 1;
  for (let i = source.indexOf('\n'); i >= 0 && i < at; i = source.indexOf('\n', i + 1)) line++;
  throw fail(`yaml: ${line > 1 ? `line ${line}: ` : ''}found invalid Unicode character escape code`);
}

/** go-yaml's scanner limit on nested flow collections (`[[[…`), checked before parsing. */
const MAX_FLOW_DEPTH = 10_000;

/** Whether `[`/`{` nest deeper than the limit, outside quoted scalars and comments. */
function flowTooDeep(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_FLOW_DEPTH) return true;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    } else if (c === 0x22) {
      for (i++; i < s.length && s.charCodeAt(i) !== 0x22; i++) if (s.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x27) {
      for (i++; i < s.length && s.charCodeAt(i) !== 0x27; i++);
    } else if (c === 0x23 && (i === 0 || /\s/.test(s[i - 1]!))) {
      while (i < s.length && s.charCodeAt(i) !== 0x0a) i++;
    }
  }
  return false;
}

/**
 * go-yaml knows only the %YAML and %TAG directives; the yaml package merely warns about others
 * (and reads the document as null), so check the directives that open the stream here.
 */
function checkDirectives(s: string): string {
  // go-yaml's scanner reads a '%' in column 0 as a directive wherever it appears (outside
  // block scalars) until the first document ends; only %YAML and %TAG exist.
  const lines = s.split('\n');
  let seenContent = false;
  let blockParent = -1; // indentation of the line that opened a block scalar
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const indent = line.length - line.trimStart().length;
    if (blockParent >= 0) {
      if (line.trim() === '' || indent > blockParent) continue;
      blockParent = -1;
    }
    if (line.startsWith('%')) {
      // go-yaml names the line of scanner errors except on the first one.
      const at = i > 0 ? `line ${i + 1}: ` : '';
      const m = /^%([0-9A-Za-z_-]*)/.exec(line)!;
      const name = m[1]!;
      if (name === '') throw fail(`yaml: ${at}could not find expected directive name`);
      const next = line[m[0].length];
      if (next !== undefined && next !== ' ' && next !== '\t') throw fail(`yaml: ${at}found unexpected non-alphabetical character`);
      if (name !== 'YAML' && name !== 'TAG') throw fail(`yaml: ${at}found unknown directive name`);
      // After content, a directive ends the (first and only read) document.
      if (seenContent) return lines.slice(0, i).join('\n');
      continue;
    }
    if (seenContent && /^(---|\.\.\.)(\s|$)/.test(line)) return s;
    if (line.trim() !== '' && !line.trimStart().startsWith('#')) seenContent = true;
    if (/(^|[\s:?-])[|>][-+0-9]*\s*(#.*)?$/.test(line)) blockParent = indent;
  }
  return s;
}

/**
 * go-yaml v2 (sigs.k8s.io/yaml's parser) ends the first document right after a root node that
 * is a flow collection or a quoted scalar when more content follows (`[a-z]+` is ["a-z"],
 * `{a: 1}\nb: 2` is {"a": 1}): Unmarshal reads that document only, the scanner having looked
 * at just the next token. The source up to the root's end, or undefined when go-yaml fails
 * on that token too (a character that starts no token, an unterminated quote, `- `, `? ` or
 * `: ` on the same line, a plain scalar that is a mapping key on the same line).
 */
function flowRootPrefix(s: string): string | undefined {
  const lead = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*(?:---[ \t]+)?(?:[!&][^ \t\n]*[ \t]+)*[ \t]*/.exec(s)![0].length;
  const end = flowNodeEnd(s, lead);
  if (end === undefined) return undefined;
  const rest = s.slice(end);
  const sameLine = /^[ \t]*(?![ \t#\r\n])/.exec(rest);
  const next = sameLine ? rest.slice(sameLine[0].length) : rest.replace(/^(?:[ \t]*(?:#[^\n]*)?(?:\r?\n|$))*[ \t]*/, '');
  if (next === '') return s.slice(0, end);
  const ch = next[0]!;
  if (ch === '@' || ch === '`') return undefined;
  if ((ch === '"' || ch === "'") && !quoteCloses(next)) return undefined;
  if (sameLine) {
    if (ch === '%' || /^[-?:](\s|$)/.test(next)) return undefined;
    // A root on one line may be a mapping key: the scanner reads the rest of the line for a
    // `: `, failing on a token that starts with `@` or a backquote (in a plain scalar they are text).
    const line = next.split('\n')[0]!.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '""');
    if (!s.slice(lead, end).includes('\n') && (/:(\s|$)/.test(line) || /([[\]{},]|"")[ \t]*[@`]/.test(line))) return undefined;
  }
  return s.slice(0, end);
}

/** End of the flow collection or quoted scalar starting at `i`, if any (brackets matched, quotes skipped). */
function flowNodeEnd(s: string, i: number): number | undefined {
  const q = /^"(?:[^"\\]|\\[\s\S])*"|^'(?:[^']|'')*'/;
  if (s[i] === '"' || s[i] === "'") {
    const m = q.exec(s.slice(i));
    return m ? i + m[0].length : undefined;
  }
  if (s[i] !== '[' && s[i] !== '{') return undefined;
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const ch = s[j]!;
    if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      if (--depth === 0) return j + 1;
    } else if ((ch === '"' || ch === "'") && /[\s[{,:]/.test(s[j - 1] ?? ' ')) {
      const m = q.exec(s.slice(j));
      if (!m) return undefined;
      j += m[0].length - 1;
    }
  }
  return undefined;
}

/** Whether the quoted scalar opening `t` is terminated. */
function quoteCloses(t: string): boolean {
  if (t[0] === "'") return /^'(?:[^']|'')*'/.test(t);
  return /^"(?:[^"\\]|\\[\s\S])*"/.test(t);
}

/**
 * go-yaml's reader decodes its whole (small) input before scanning: the first byte sequence
 * that is not UTF-8 fails with its error text.
 */
function yamlUtf8Error(s: string): string | undefined {
  const at = firstRawByte(s);
  return at < 0 ? undefined : firstInvalidUtf8(utf8(s.slice(at)))?.message;
}

function yamlParse(s: string): Value {
  const bad = yamlUtf8Error(s);
  if (bad !== undefined) throw fail(`yaml: ${bad}`);
  // Deep nesting makes the yaml package exhaust memory; go-yaml refuses it up front.
  if (flowTooDeep(s)) throw fail(`yaml: exceeded max depth of ${MAX_FLOW_DEPTH}`);
  // go-yaml's Unmarshal reads the first document only.
  const src = checkDirectives(s);
  let docs = parseAllDocuments(src, YAML_OPTS);
  let doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc) return null;
  if (doc.errors.length > 0) {
    const prefix = flowRootPrefix(src);
    if (prefix !== undefined) {
      docs = parseAllDocuments(prefix, YAML_OPTS);
      const d = Array.isArray(docs) ? docs[0] : undefined;
      if (d && d.errors.length === 0) doc = d;
    }
  }
  if (doc.errors.length > 0) throw fail(goYamlMessage(doc.errors[0]!));
  return goYamlToValue(new YamlDecoder(s, /\n$/.test(s) ? undefined : s).node(doc.contents as YNode));
}

// ---- builtins ------------------------------------------------------------------------------------

function marshalWithOptions(args: Value[]): string {
  const v = args[0]!;
  const opts = obj(args, 1);
  let indent = '\t';
  let prefix = '';
  let implicit = false;
  let explicit: boolean | undefined;
  for (const [idx, [k, o]] of objectEntries(opts)
    .sort((a, b) => compare(a[0], b[0]))
    .entries()) {
    if (typeof k !== 'string') throw operandErr(2, `failed to stringify key ${valueToRegoText(k)} at index ${idx}: operand ${idx} must be string but got ${typeOf(k)}`);
    switch (k) {
      case 'prefix':
        if (typeof o !== 'string') throw operandErr(2, `key prefix failed cast to string`);
        prefix = o;
        implicit = true;
        break;
      case 'indent':
        if (typeof o !== 'string') throw operandErr(2, `key indent failed cast to string`);
        indent = o;
        implicit = true;
        break;
      case 'pretty':
        if (typeof o !== 'boolean') throw operandErr(2, `key pretty failed cast to bool`);
        explicit = o;
        break;
      default:
        throw operandErr(2, `object contained unknown key ${goQuote(k)}`);
    }
  }
  const pretty = explicit ?? implicit;
  if (!pretty) return toJSONText(v);
  return prefix + toJSONText(v, { indent, prefix });
}

export const encodingBuiltins: BuiltinTable = {
  'json.marshal': (args) => toJSONText(args[0]!),
  'json.marshal_with_options': marshalWithOptions,
  'json.unmarshal': (args) => parseJSON(str(args, 0)),
  'json.is_valid'(args) {
    const s = args[0];
    if (typeof s !== 'string') return false;
    try {
      parseJSON(s);
      return true;
    } catch {
      return false;
    }
  },
  'base64.encode': (args) => b64encode(utf8(str(args, 0)), STD, true),
  'base64.decode': (args) => fromUtf8(b64decode(str(args, 0), STD)),
  'base64.is_valid'(args) {
    const s = args[0];
    if (typeof s !== 'string') return false;
    try {
      b64decode(s, STD);
      return true;
    } catch {
      return false;
    }
  },
  'base64url.encode': (args) => b64encode(utf8(str(args, 0)), URL_ALPHABET, true),
  'base64url.encode_no_pad': (args) => b64encode(utf8(str(args, 0)), URL_ALPHABET, false),
  'base64url.decode'(args) {
    let s = str(args, 0);
    if (!s.endsWith('=')) {
      const r = utf8(s).length % 4;
      if (r === 2) s += '==';
      else if (r === 3) s += '=';
      else if (r === 1) throw fail(`illegal base64url string: ${s}`);
    }
    return fromUtf8(b64decode(s, URL_ALPHABET));
  },
  'hex.encode': (args) => Array.from(utf8(str(args, 0)), (b) => b.toString(16).padStart(2, '0')).join(''),
  'hex.decode': (args) => fromUtf8(hexDecode(str(args, 0))),
  'urlquery.encode': (args) => queryEscape(str(args, 0)),
  'urlquery.decode': (args) => queryUnescape(str(args, 0)),
  'urlquery.encode_object': (args) => encodeObject(args[0]!),
  'urlquery.decode_object': (args) => decodeObject(str(args, 0)),
  'yaml.unmarshal': (args) => yamlParse(str(args, 0)),
  'yaml.is_valid'(args) {
    const s = args[0];
    if (typeof s !== 'string') return false;
    try {
      yamlParse(s);
      return true;
    } catch {
      return false;
    }
  },
  'yaml.marshal'(args) {
    return yamlMarshal(args[0]!);
  },
};
