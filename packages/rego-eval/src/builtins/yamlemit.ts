/**
 * yaml.marshal's writer: OPA marshals with sigs.k8s.io/yaml, i.e. JSON text read back by
 * go-yaml v2 and written by its libyaml emitter port. This is a port of the parts of that
 * emitter (emitterc.go), its scalar resolver (resolve.go) and its map key order (sorter.go)
 * that JSON-shaped data reaches, so that quoting, escapes, line folding at 80 columns,
 * literal blocks and key order match byte for byte.
 */
import { formatFloat } from './gofloat.js';
import { parseTime } from './gotime.js';
import { compare } from '../value/compare.js';
import { objectEntries } from '../value/collections.js';
import { toJSONText } from '../value/json.js';
import { jsonQuote, wellFormed } from '../value/quote.js';
import { fail } from './errors.js';
import { RegoSet, isRegoNumber, type Value } from '../value/types.js';

type Node = { kind: 'scalar'; text: string; str: boolean } | { kind: 'seq'; items: Node[] } | { kind: 'map'; entries: Array<[Node, Node]> };

// ---- values → nodes (the JSON round trip) --------------------------------------------------------

const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

/** A JSON number as go-yaml decodes and re-encodes it: int64/uint64 exactly, else float64 %g. */
function numberText(text: string): string {
  if (/^-?\d+$/.test(text)) {
    const b = BigInt(text);
    if (b >= INT64_MIN && b <= UINT64_MAX) return b.toString();
  }
  const f = Number(text);
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  return formatFloat(f, 'g', -1);
}

function toNode(v: Value, rb: ReadBack): Node {
  if (v === null) return { kind: 'scalar', text: 'null', str: false };
  if (typeof v === 'boolean') return { kind: 'scalar', text: v ? 'true' : 'false', str: false };
  // Through Go's JSON text: a raw byte of invalid UTF-8 is read back as U+FFFD.
  if (typeof v === 'string') return { kind: 'scalar', text: rb.string(wellFormed(v)), str: true };
  if (typeof v === 'number') return { kind: 'scalar', text: numberText(String(v)), str: false };
  if (Array.isArray(v)) return { kind: 'seq', items: v.map((e) => toNode(e, rb)) };
  if (v instanceof RegoSet) return { kind: 'seq', items: v.sorted(compare).map((e) => toNode(e, rb)) };
  if (isRegoNumber(v)) return { kind: 'scalar', text: numberText(v.text), str: false };
  // Read in Go's JSON order (keys by code point), written in go-yaml's key order.
  const entries = objectEntries(v).map(([k, e]) => [typeof k === 'string' ? wellFormed(k) : toJSONText(k), e] as [string, Value]);
  entries.sort((a, b) => cpLess(a[0], b[0]));
  const read = entries.map(([k, e]): [string, Node] => {
    rb.key(k);
    return [k, toNode(e, rb)];
  });
  const keys = read.map(([k]) => [...k]);
  const order = read.map((_, i) => i).sort((i, j) => (keyLess(keys[i]!, keys[j]!) ? -1 : keyLess(keys[j]!, keys[i]!) ? 1 : 0));
  return { kind: 'map', entries: order.map((i) => [{ kind: 'scalar', text: read[i]![0], str: true }, read[i]![1]]) };
}

// ---- the JSON text read back by go-yaml -------------------------------------------------------
//
// Go's JSON encoder leaves U+0085 (NEL) and U+007F–U+009F, U+FFFE/U+FFFF unescaped. go-yaml's
// reader rejects the latter ("control characters"), and its scanner treats NEL as a line break
// inside the double-quoted scalars: it folds in values, and a key spanning lines (or longer than
// 1024 characters) is no longer a key. A line starting with `---`/`...` is a document marker.

const NEL = '\u0085';

function hasControl(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x7f || (c >= 0x80 && c <= 0x9f && c !== 0x85) || c === 0xfffe || c === 0xffff) return true;
  }
  return false;
}

function anyControl(v: Value): boolean {
  if (typeof v === 'string') return hasControl(v);
  if (Array.isArray(v)) return v.some(anyControl);
  if (v instanceof RegoSet) return v.sorted(compare).some(anyControl);
  if (v === null || typeof v !== 'object' || isRegoNumber(v)) return false;
  return objectEntries(v).some(([k, e]) => anyControl(k) || anyControl(e));
}

const cpLess = (a: string, b: string): number => {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < x.length && i < y.length; i++) {
    if (x[i] !== y[i]) return x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
  }
  return x.length - y.length;
};

class ReadBack {
  line = 0;

  /** Scans one double-quoted scalar's content, returning what go-yaml reads. */
  scalar(s: string): string {
    if (!s.includes(NEL)) return s;
    const cs = [...s];
    const n = cs.length;
    let out = '';
    let i = 0;
    let col0 = false;
    for (;;) {
      if (col0 && i + 3 < n) {
        const three = cs.slice(i, i + 3).join('');
        if ((three === '---' || three === '...') && (cs[i + 3] === ' ' || cs[i + 3] === NEL)) {
          throw fail(`yaml: line ${this.line + 1}: found unexpected document indicator`);
        }
      }
      while (i < n && cs[i] !== ' ' && cs[i] !== NEL) {
        out += cs[i++];
        col0 = false;
      }
      if (i >= n) break;
      let whitespaces = '';
      let trailingBreaks = '';
      let leadingBlanks = false;
      while (i < n && (cs[i] === ' ' || cs[i] === NEL)) {
        if (cs[i] === ' ') {
          if (!leadingBlanks) whitespaces += ' ';
          col0 = false;
        } else {
          if (!leadingBlanks) {
            whitespaces = '';
            leadingBlanks = true;
          } else trailingBreaks += '\n';
          this.line++;
          col0 = true;
        }
        i++;
      }
      out += leadingBlanks ? (trailingBreaks === '' ? ' ' : trailingBreaks) : whitespaces;
    }
    return out;
  }

  key(k: string): void {
    this.scalar(k);
    if (k.includes(NEL) || [...jsonQuote(k)].length > 1024) {
      throw fail(`yaml: ${this.line > 0 ? `line ${this.line}: ` : ''}did not find expected ',' or '}'`);
    }
  }

  string(s: string): string {
    return this.scalar(s);
  }
}

// ---- sorter.go: keyList.Less for string keys -----------------------------------------------------

const isLetter = (c: string): boolean => /^\p{L}$/u.test(c);
const isDigit = (c: string): boolean => /^\p{Nd}$/u.test(c);

function keyLess(ar: string[], br: string[]): boolean {
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 48));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 48));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

// ---- resolve.go: would this string read back as something other than a string? -------------------

const RESOLVE_MAP = new Map<string, GoValue>();
for (const [v, words] of [
  [{ t: 'bool', v: true }, 'y Y yes Yes YES true True TRUE on On ON'],
  [{ t: 'bool', v: false }, 'n N no No NO false False FALSE off Off OFF'],
  [{ t: 'nil' }, '~ null Null NULL'],
  [{ t: 'float', v: NaN }, '.nan .NaN .NAN'],
  [{ t: 'float', v: Infinity }, '.inf .Inf .INF +.inf +.Inf +.INF'],
  [{ t: 'float', v: -Infinity }, '-.inf -.Inf -.INF'],
] as Array<[GoValue, string]>) {
  for (const w of words.split(' ')) RESOLVE_MAP.set(w, v);
}
RESOLVE_MAP.set('', { t: 'nil' });
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP_LAYOUTS = ['2006-1-2T15:4:5.999999999Z07:00', '2006-1-2t15:4:5.999999999Z07:00', '2006-1-2 15:4:5.999999999', '2006-1-2'];

export const TAG = {
  str: 'tag:yaml.org,2002:str',
  bool: 'tag:yaml.org,2002:bool',
  int: 'tag:yaml.org,2002:int',
  float: 'tag:yaml.org,2002:float',
  null: 'tag:yaml.org,2002:null',
  timestamp: 'tag:yaml.org,2002:timestamp',
  binary: 'tag:yaml.org,2002:binary',
  merge: 'tag:yaml.org,2002:merge',
};

/** A value as go-yaml v2 decodes it into interface{}. */
export type GoValue =
  | { t: 'nil' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: bigint }
  | { t: 'uint'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'str'; v: string }
  | { t: 'seq'; items: GoValue[] }
  | { t: 'map'; entries: Array<[GoValue, GoValue]> };

/** strconv.ParseFloat(s, 64) (decimal forms only); undefined on syntax or range errors. */
function goParseFloat(s: string): number | undefined {
  const f = Number(s);
  return Number.isFinite(f) ? f : undefined;
}

/** strconv.ParseInt(s, 0, 64), then ParseUint(s, 0, 64). */
function goParseInt(s: string): GoValue | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  let body = m[2]!;
  if (/^0[oO]/.test(body)) body = '0o' + body.slice(2);
  else if (/^0[0-7]+$/.test(body)) body = '0o' + body.slice(1);
  const b = BigInt(body);
  const signed = m[1] === '-' ? -b : b;
  if (signed >= INT64_MIN && signed < 1n << 63n) return { t: 'int', v: signed };
  if (m[1] === '' && b <= UINT64_MAX) return { t: 'uint', v: b };
  return undefined;
}

function isTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  for (const layout of TIMESTAMP_LAYOUTS) {
    try {
      parseTime(layout, s);
      return true;
    } catch {
      // next layout
    }
  }
  return false;
}

const shortTag = (tag: string): string => (tag.startsWith('tag:yaml.org,2002:') ? '!!' + tag.slice(18) : tag);

/**
 * resolve.go's resolve(tag, in): the tag a scalar resolves to and its value (timestamps stay
 * strings, as go-yaml v2 leaves them when decoding into interface{}).
 */
export function goResolve(tag: string, s: string): { tag: string; value: GoValue } {
  if (![TAG.str, TAG.bool, TAG.int, TAG.float, TAG.null, TAG.timestamp, ''].includes(tag)) return { tag, value: { t: 'str', v: s } };
  let r = resolveUntyped(tag, s);
  if (tag !== '' && tag !== r.tag && tag !== TAG.str) {
    if (tag === TAG.float && r.tag === TAG.int) r = { tag: TAG.float, value: { t: 'float', v: Number((r.value as { v: bigint }).v) } };
    else throw fail(`yaml: cannot decode ${shortTag(r.tag)} \`${s}\` as a ${shortTag(tag)}`);
  }
  return r;
}

function resolveUntyped(tag: string, s: string): { tag: string; value: GoValue } {
  const str = { tag: TAG.str, value: { t: 'str', v: s } as GoValue };
  if (tag === TAG.str) return str;
  const c = s[0];
  let hint: string;
  if (c === undefined) hint = 'N';
  else if (c === '+' || c === '-') hint = 'S';
  else if (c >= '0' && c <= '9') hint = 'D';
  else if ('yYnNtTfFoO~'.includes(c)) hint = 'M';
  else if (c === '.') hint = '.';
  else return str;
  const known = RESOLVE_MAP.get(s);
  if (known) return { tag: known.t === 'bool' ? TAG.bool : known.t === 'nil' ? TAG.null : TAG.float, value: known };
  if (hint === '.') {
    const f = /^\.\d+([eE][+-]?\d+)?$/.test(s) ? goParseFloat(s) : undefined;
    return f === undefined ? str : { tag: TAG.float, value: { t: 'float', v: f } };
  }
  if (hint !== 'D' && hint !== 'S') return str;
  if ((tag === '' || tag === TAG.timestamp) && isTimestamp(s)) return { tag: TAG.timestamp, value: { t: 'str', v: s } };
  const plain = s.replaceAll('_', '');
  const i = goParseInt(plain);
  if (i) return { tag: TAG.int, value: i };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = goParseFloat(plain);
    if (f !== undefined) return { tag: TAG.float, value: { t: 'float', v: f } };
  }
  return str;
}

function resolvesToString(s: string): boolean {
  return resolveUntyped('', s).tag === TAG.str;
}

// ---- emitterc.go ---------------------------------------------------------------------------------

const enum Style {
  Plain,
  Single,
  Double,
  Literal,
}

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

const isBreak = (c: number): boolean => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isPrintable = (c: number): boolean =>
  c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
const isBlankz = (c: number | undefined): boolean => c === undefined || c === 0x20 || c === 0x09 || c === 0 || isBreak(c);
const utf8Len = (c: number): number => (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

function analyze(cps: number[]): Analysis {
  if (cps.length === 0) return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  let blockInd = false;
  let flowInd = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  const ch = (i: number): string => String.fromCodePoint(cps[i]!);
  if (cps.length >= 3 && ((ch(0) === '-' && ch(1) === '-' && ch(2) === '-') || (ch(0) === '.' && ch(1) === '.' && ch(2) === '.'))) {
    blockInd = true;
    flowInd = true;
  }
  let precededByWs = true;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const followedByWs = i + 1 >= cps.length || cps[i + 1] === 0x20 || cps[i + 1] === 0x09;
    const s = ch(i);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(s)) {
        flowInd = true;
        blockInd = true;
      } else if (s === '?' || s === ':') {
        flowInd = true;
        if (followedByWs) blockInd = true;
      } else if (s === '-' && followedByWs) {
        flowInd = true;
        blockInd = true;
      }
    } else if (',?[]{}'.includes(s)) {
      flowInd = true;
    } else if (s === ':') {
      flowInd = true;
      if (followedByWs) blockInd = true;
    } else if (s === '#' && precededByWs) {
      flowInd = true;
      blockInd = true;
    }
    if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankz(c);
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || special) a.flowPlain = a.blockPlain = a.singleQuoted = a.block = false;
  if (lineBreaks) a.flowPlain = a.blockPlain = false;
  if (flowInd) a.flowPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

class Emitter {
  private out: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private indents: number[] = [];
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;

  result(): string {
    return this.out.join('');
  }

  private put(s: string): void {
    this.out.push(s);
    this.column++;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }

  /** write_break for one code point. */
  private writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.out.push(String.fromCodePoint(c));
      this.column = 0;
    }
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(ind: string, needWs: boolean, isWs: boolean, isIndention: boolean): void {
    if (needWs && !this.whitespace) this.put(' ');
    for (const c of ind) this.put(c);
    this.whitespace = isWs;
    this.indention = this.indention && isIndention;
  }

  node(n: Node, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (n.kind === 'scalar') return this.scalar(n);
    if (n.kind === 'seq') {
      if (this.flowLevel > 0 || n.items.length === 0) return this.flowSeq(n.items);
      this.increaseIndent(false, this.mappingContext && !this.indention);
      for (const item of n.items) {
        this.writeIndent();
        this.writeIndicator('-', true, false, true);
        this.node(item, false, false);
      }
      this.popIndent();
      return;
    }
    if (this.flowLevel > 0 || n.entries.length === 0) return this.flowMap(n.entries);
    this.increaseIndent(false, false);
    for (const [k, v] of n.entries) {
      this.writeIndent();
      if (this.simpleKey(k)) {
        this.node(k, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(k, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(v, true, false);
    }
    this.popIndent();
  }

  private flowSeq(items: Node[]): void {
    this.writeIndicator('[', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    items.forEach((item, i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > BEST_WIDTH) this.writeIndent();
      this.node(item, false, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(']', false, false, false);
  }

  private flowMap(entries: Array<[Node, Node]>): void {
    this.writeIndicator('{', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    entries.forEach(([k, v], i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > BEST_WIDTH) this.writeIndent();
      if (this.simpleKey(k)) {
        this.node(k, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, false);
        this.node(k, true, false);
        this.writeIndicator(':', true, false, false);
      }
      this.node(v, true, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator('}', false, false, false);
  }

  private simpleKey(n: Node): boolean {
    if (n.kind === 'seq') return n.items.length === 0;
    if (n.kind === 'map') return n.entries.length === 0;
    const cps = [...n.text].map((c) => c.codePointAt(0)!);
    if (analyze(cps).multiline) return false;
    return cps.reduce((s, c) => s + utf8Len(c), 0) <= 128;
  }

  private scalar(n: { text: string; str: boolean }): void {
    const cps = [...n.text].map((c) => c.codePointAt(0)!);
    const a = analyze(cps);
    let style: Style = n.str ? (n.text.includes('\n') ? Style.Literal : resolvesToString(n.text) && !BASE60_FLOAT.test(n.text) ? Style.Plain : Style.Double) : Style.Plain;
    if (this.simpleKeyContext && a.multiline) style = Style.Double;
    if (style === Style.Plain) {
      if ((this.flowLevel > 0 && !a.flowPlain) || (this.flowLevel === 0 && !a.blockPlain)) style = Style.Single;
      if (cps.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = Style.Single;
    }
    if (style === Style.Single && !a.singleQuoted) style = Style.Double;
    if (style === Style.Literal && (!a.block || this.flowLevel > 0 || this.simpleKeyContext)) style = Style.Double;
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case Style.Plain:
        this.writePlain(cps, allowBreaks);
        break;
      case Style.Single:
        this.writeSingle(cps, allowBreaks);
        break;
      case Style.Double:
        this.writeDouble(cps, allowBreaks);
        break;
      case Style.Literal:
        this.writeLiteral(cps);
        break;
    }
    this.popIndent();
  }

  private writePlain(cps: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && cps[i + 1] !== 0x20) this.writeIndent();
        else this.put(' ');
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(String.fromCodePoint(c));
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(cps: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1 && cps[i + 1] !== 0x20) this.writeIndent();
        else this.put(' ');
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.put(String.fromCodePoint(c));
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(cps: number[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    const bom = cps[0] === 0xfeff;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (!isPrintable(c) || bom || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        const simple: Record<number, string> = { 0: '0', 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P' };
        const e = simple[c];
        if (e !== undefined) this.put(e);
        else {
          const [p, w] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(p as string);
          for (const d of c.toString(16).toUpperCase().padStart(w as number, '0')) this.put(d);
        }
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1) {
          this.writeIndent();
          if (cps[i + 1] === 0x20) this.put('\\');
        } else this.put(' ');
        spaces = true;
      } else {
        this.put(String.fromCodePoint(c));
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(cps: number[]): void {
    this.writeIndicator('|', true, false, false);
    // block scalar hints
    if (cps[0] === 0x20 || isBreak(cps[0]!)) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const n = cps.length;
    let chomp = '';
    if (!isBreak(cps[n - 1]!)) chomp = '-';
    else if (n === 1 || isBreak(cps[n - 2]!)) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(String.fromCodePoint(c));
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** yaml.marshal's output for a value. */
export function yamlMarshal(v: Value): string {
  if (anyControl(v)) throw fail('yaml: control characters are not allowed');
  const root = toNode(v, new ReadBack());
  const e = new Emitter();
  e.node(root, false, false);
  e.writeIndent(); // document end
  return e.result();
}
