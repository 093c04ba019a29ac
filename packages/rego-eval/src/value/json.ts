/**
 * Conversions between Rego values and JSON: plain JS (`toJSON`), exact JSON text
 * (`toJSONText`, keeps number spellings, Go escaping and key order), parsing that keeps
 * big/precise numbers (`parseJSON`), and Rego literal text (`valueToRegoText`).
 */
import { RegoError } from '@rego-ts/rego-parser';
import { compare, compareStrings, sortedKeys } from './compare.js';
import { numberFromText, numberToText } from './number.js';
import { goQuote, jsonQuote, wellFormed } from './quote.js';
import { KIND, RegoNumber, RegoObject, RegoSet, newPlainObject, type PlainObject, type Value } from './types.js';

/** JSON-compatible JS: sets become sorted arrays, non-string keys their JSON text. */
export type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

/**
 * A JSON-compatible JS value. Subtrees that need no conversion are returned as-is (no copy).
 * RegoNumbers become their nearest float; use `toJSONText` to keep exact spellings.
 */
export function toJSON(v: Value): JSONValue {
  switch (typeof v) {
    case 'string':
      return wellFormed(v);
    case 'number':
    case 'boolean':
      return v;
  }
  if (v === null) return null;
  if (Array.isArray(v)) {
    let out: JSONValue[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const c = toJSON(v[i]!);
      if (c !== v[i] && !out) out = v.slice(0, i) as JSONValue[];
      if (out) out.push(c);
    }
    return out ?? (v as JSONValue[]);
  }
  const k = (v as { [KIND]?: string })[KIND];
  if (k === 'number') return (v as RegoNumber).f;
  if (k === 'set') return (v as RegoSet).sorted(compare).map(toJSON);
  if (k === 'object') {
    const out = newPlainObject() as { [key: string]: JSONValue };
    for (const [key, val] of (v as RegoObject).sorted(compare)) {
      out[typeof key === 'string' ? key : toJSONText(key)] = toJSON(val);
    }
    return out;
  }
  const o = v as PlainObject;
  let out: { [key: string]: JSONValue } | undefined;
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const c = toJSON(o[key]!);
    if (c !== o[key] && !out) {
      out = newPlainObject() as { [key: string]: JSONValue };
      for (let j = 0; j < i; j++) out[keys[j]!] = o[keys[j]!] as JSONValue;
    }
    if (out) out[key] = c;
  }
  return out ?? (o as { [key: string]: JSONValue });
}

export interface JSONTextOptions {
  /** Escape `<`, `>`, `&` as `\u003c`… (Go's default; json.marshal and OPA's output do). */
  escapeHTML?: boolean;
  /** Pretty-print with this indent per level (Go `json.MarshalIndent`). */
  indent?: string;
  /** Prefix of every line after the first when pretty-printing. */
  prefix?: string;
}

/**
 * JSON text as OPA writes it: compact by default, object keys sorted byte-wise, sets as
 * sorted arrays, non-string keys JSON-encoded, numbers in their stored spelling.
 */
export function toJSONText(v: Value, opts: JSONTextOptions = {}): string {
  const html = opts.escapeHTML ?? true;
  const pretty = opts.indent !== undefined || opts.prefix !== undefined;
  const indent = opts.indent ?? '';
  const prefix = opts.prefix ?? '';
  const write = (x: Value, depth: number): string => {
    switch (typeof x) {
      case 'string':
        return jsonQuote(x, html);
      case 'number':
        return numberToText(x);
      case 'boolean':
        return x ? 'true' : 'false';
    }
    if (x === null) return 'null';
    let items: string[];
    let open: string;
    let close: string;
    if (Array.isArray(x)) {
      items = x.map((e) => write(e, depth + 1));
      open = '[';
      close = ']';
    } else {
      const k = (x as { [KIND]?: string })[KIND];
      if (k === 'number') return (x as RegoNumber).text;
      if (k === 'set') {
        items = (x as RegoSet).sorted(compare).map((e) => write(e, depth + 1));
        open = '[';
        close = ']';
      } else {
        const sep = pretty ? ': ' : ':';
        let entries: Array<[string, Value]>;
        if (k === 'object') {
          // Keys with the same JSON text (`1` and `"1"`) are written once: like OPA, which
          // fills a map in key order, the greatest key's value wins.
          const byText = new Map<string, Value>();
          for (const [key, val] of (x as RegoObject).sorted(compare)) {
            byText.set(typeof key === 'string' ? key : toJSONText(key, { escapeHTML: html }), val);
          }
          entries = [...byText].sort((a, b) => compareStrings(a[0], b[0]));
        } else {
          const o = x as PlainObject;
          entries = sortedKeys(o).map((key) => [key, o[key]!]);
        }
        items = entries.map(([key, val]) => jsonQuote(key, html) + sep + write(val, depth + 1));
        open = '{';
        close = '}';
      }
    }
    if (items.length === 0) return open + close;
    if (!pretty) return open + items.join(',') + close;
    const nl = '\n' + prefix;
    const inner = nl + indent.repeat(depth + 1);
    return open + inner + items.join(',' + inner) + nl + indent.repeat(depth) + close;
  };
  try {
    return write(v, 0);
  } catch (e) {
    throw tooDeep(e);
  }
}

/**
 * The writers and the parser recurse per level, so a document nested deeper than the JS
 * stack allows overflows it: report that as a RegoError rather than a raw RangeError.
 */
function tooDeep(e: unknown): unknown {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new RegoError('eval_internal_error', 'json: nesting too deep');
  return e;
}

/** Rego literal syntax, as OPA prints values (sprintf `%v`, print, template strings). */
export function valueToRegoText(v: Value): string {
  switch (typeof v) {
    case 'string':
      return goQuote(v);
    case 'number':
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return '[' + v.map(valueToRegoText).join(', ') + ']';
  const k = (v as { [KIND]?: string })[KIND];
  if (k === 'number') return (v as RegoNumber).text;
  if (k === 'set') {
    const s = v as RegoSet;
    if (s.size === 0) return 'set()';
    return '{' + s.sorted(compare).map(valueToRegoText).join(', ') + '}';
  }
  if (k === 'object') {
    return '{' + (v as RegoObject).sorted(compare).map(([a, b]) => valueToRegoText(a) + ': ' + valueToRegoText(b)).join(', ') + '}';
  }
  const o = v as PlainObject;
  return '{' + sortedKeys(o).map((key) => goQuote(key) + ': ' + valueToRegoText(o[key]!)).join(', ') + '}';
}

/** A JSON syntax error with Go `encoding/json`'s message text. */
export class JSONSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Go's quoteChar(byte): the character's first UTF-8 byte, as the rune of that value. */
function quoteChar(c: string): string {
  const cp = c.codePointAt(0)!;
  if (cp >= 0x80) {
    const first = cp < 0x800 ? 0xc0 | (cp >> 6) : cp < 0x10000 ? (cp >= 0xdc80 && cp <= 0xdcff ? cp - 0xdc00 : 0xe0 | (cp >> 12)) : 0xf0 | (cp >> 18);
    c = String.fromCharCode(first);
  }
  if (c === "'") return "'\\''";
  if (c === '"') return '\'"\'';
  const q = goQuote(c);
  return "'" + q.slice(1, -1) + "'";
}

/**
 * Parses JSON text into a Rego value. Numbers keep their spelling (`1.0`, big integers) via
 * `numberFromText`; objects are null-prototype with own properties only (`__proto__` is
 * data); duplicate keys: the last wins. Throws `JSONSyntaxError`, or a `RegoError`
 * (`eval_internal_error`, "json: nesting too deep") when nesting exhausts the JS stack.
 */
export function parseJSON(text: string): Value {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  // Messages follow Go's json.Decoder as OPA uses it (`EOF`, `unexpected EOF`, …).
  const fail = (context: string): never => {
    if (i >= n) throw new JSONSyntaxError(/^\s*$/.test(text) ? 'EOF' : 'unexpected EOF', i);
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    throw new JSONSyntaxError(`invalid character ${quoteChar(ch)} ${context}`, i);
  };
  const literal = (word: string, v: Value): Value => {
    for (let j = 0; j < word.length; j++) {
      if (i >= n) fail('');
      if (text[i] !== word[j]) fail(`in literal ${word} (expecting ${quoteChar(word[j]!)})`);
      i++;
    }
    return v;
  };
  const parseString = (): string => {
    i++; // opening quote
    let out = '';
    let start = i;
    for (;;) {
      if (i >= n) fail('');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        // Go's decoder turns unpaired surrogates (escaped or raw) into U+FFFD.
        return wellFormed(out);
      }
      if (c < 0x20) fail('in string literal');
      if (c === 0x5c) {
        out += text.slice(start, i);
        i++;
        if (i >= n) fail('');
        const e = text[i]!;
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e;
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            let code = 0;
            for (let j = 0; j < 4; j++) {
              i++;
              if (i >= n) fail('');
              const h = parseInt(text[i]!, 16);
              if (Number.isNaN(h)) fail('in \\u hexadecimal character escape');
              code = code * 16 + h;
            }
            out += String.fromCharCode(code);
            break;
          }
          default:
            fail('in string escape code');
        }
        i++;
        start = i;
        continue;
      }
      i++;
    }
  };
  const parseNumber = (): Value => {
    const start = i;
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (text[i]! >= '1' && text[i]! <= '9') while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
    else fail('in numeric literal');
    if (text[i] === '.') {
      i++;
      if (!(text[i]! >= '0' && text[i]! <= '9')) fail('after decimal point in numeric literal');
      while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!(text[i]! >= '0' && text[i]! <= '9')) fail('in exponent of numeric literal');
      while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
    }
    return numberFromText(text.slice(start, i));
  };
  const parseValue = (): Value => {
    ws();
    if (i >= n) fail('');
    const c = text[i]!;
    switch (c) {
      case '{': {
        i++;
        const o = newPlainObject();
        ws();
        if (text[i] === '}') {
          i++;
          return o;
        }
        for (;;) {
          ws();
          if (text[i] !== '"') fail('looking for beginning of object key string');
          const key = parseString();
          ws();
          if (text[i] !== ':') fail('after object key');
          i++;
          o[key] = parseValue();
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === '}') {
            i++;
            return o;
          }
          fail('after object key:value pair');
        }
      }
      // eslint-disable-next-line no-fallthrough
      case '[': {
        i++;
        const a: Value[] = [];
        ws();
        if (text[i] === ']') {
          i++;
          return a;
        }
        for (;;) {
          a.push(parseValue());
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === ']') {
            i++;
            return a;
          }
          fail('after array element');
        }
      }
      // eslint-disable-next-line no-fallthrough
      case '"':
        return parseString();
      case 't':
        return literal('true', true);
      case 'f':
        return literal('false', false);
      case 'n':
        return literal('null', null);
      default:
        if (c === '-' || (c >= '0' && c <= '9')) return parseNumber();
        return fail('looking for beginning of value');
    }
  };
  let v: Value;
  try {
    v = parseValue();
  } catch (e) {
    throw tooDeep(e);
  }
  ws();
  if (i < n) {
    // OPA reads one more token and reports it.
    const c = text[i]!;
    let tok: string | undefined;
    if (c === '[' || c === '{' || c === ']' || c === '}') tok = c;
    else if (c === '"') tok = parseString();
    else if (c === '-' || (c >= '0' && c <= '9')) {
      const start = i;
      parseNumber();
      tok = text.slice(start, i);
    }
    if (tok === undefined) fail('looking for beginning of value');
    throw new JSONSyntaxError(`error: invalid character '${tok}' after top-level value`, i);
  }
  return v;
}
