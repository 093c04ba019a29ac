/**
 * uri.parse / uri.is_valid and strings.render_template.
 * uri.* follow Go's net/url.Parse (v1/topdown/uri.go).
 */
import { compare } from '../value/compare.js';
import { ObjectBuilder, objectEntries } from '../value/collections.js';
import { toJSONText } from '../value/json.js';
import { goQuote } from '../value/quote.js';
import { RegoSet, isRegoNumber, type Value } from '../value/types.js';
import { obj, str } from './args.js';
import { fail } from './errors.js';
import { JNum, renderGoTemplate, TemplateError, type Data } from './gotemplate.js';
import type { BuiltinTable } from './registry.js';
import { fromUtf8, utf8 } from './strutil.js';

export interface URL {
  scheme: string;
  opaque: string;
  host: string;
  path: string;
  rawPath: string;
  rawQuery: string;
  fragment: string;
}

export class URLError extends Error {}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** Go's shouldEscape for paths and fragments. */
function shouldEscape(c: string, mode: 'path' | 'fragment'): boolean {
  if (UNRESERVED.test(c)) return false;
  if ('$&+,/:;=@'.includes(c)) return false;
  if (mode === 'fragment' && '!()*?'.includes(c)) return false;
  return true;
}

export function escape(s: string, mode: 'path' | 'fragment'): string {
  let out = '';
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    out += b < 0x80 && !shouldEscape(c, mode) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function unescapePart(s: string, mode: 'path' | 'fragment' | 'host'): string {
  const src = utf8(s);
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 0x25) {
      const h = String.fromCharCode(src[i + 1] ?? 0, src[i + 2] ?? 0);
      if (i + 2 >= src.length || !/^[0-9a-fA-F]{2}$/.test(h)) {
        throw new URLError(`invalid URL escape ${goQuote(fromUtf8(src.slice(i, Math.min(i + 3, src.length))))}`);
      }
      out.push(parseInt(h, 16));
      i += 2;
    } else out.push(c);
  }
  void mode;
  return fromUtf8(Uint8Array.from(out));
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new URLError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new URLError("missing ']' in host");
    const port = host.slice(i + 1);
    if (port !== '' && !/^:\d*$/.test(port)) throw new URLError(`invalid port ${goQuote(port)} after host`);
    return host;
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0) {
    const port = host.slice(colon);
    if (!/^:\d*$/.test(port)) throw new URLError(`invalid port ${goQuote(port)} after host`);
  }
  return unescapePart(host, 'host');
}

/** Go `url.Parse` (the parts uri.parse reports). */
export function goParseURL(rawURL: string): URL {
  const hash = rawURL.indexOf('#');
  const u = hash >= 0 ? rawURL.slice(0, hash) : rawURL;
  const frag = hash >= 0 ? rawURL.slice(hash + 1) : '';
  const wrap = (url: string, e: unknown) => new URLError(`parse ${goQuote(url)}: ${(e as Error).message}`);
  const out: URL = { scheme: '', opaque: '', host: '', path: '', rawPath: '', rawQuery: '', fragment: '' };
  try {
    if (/[\x00-\x1f\x7f]/.test(u)) throw new URLError('net/url: invalid control character in URL');
    if (u === '*') {
      out.path = '*';
    } else {
      let rest: string;
      [out.scheme, rest] = getScheme(u);
      out.scheme = out.scheme.toLowerCase();
      if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
      else {
        const q = rest.indexOf('?');
        if (q >= 0) {
          out.rawQuery = rest.slice(q + 1);
          rest = rest.slice(0, q);
        }
      }
      let done = false;
      if (!rest.startsWith('/')) {
        if (out.scheme !== '') {
          out.opaque = rest;
          done = true;
        } else if ((rest.split('/')[0] ?? '').includes(':')) throw new URLError('first path segment in URL cannot contain colon');
      }
      if (!done) {
        if ((out.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
          let authority = rest.slice(2);
          rest = '';
          const slash = authority.indexOf('/');
          if (slash >= 0) {
            rest = authority.slice(slash);
            authority = authority.slice(0, slash);
          }
          const at = authority.lastIndexOf('@');
          out.host = parseHost(at >= 0 ? authority.slice(at + 1) : authority);
        }
        out.path = unescapePart(rest, 'path');
        out.rawPath = escape(out.path, 'path') === rest ? '' : rest;
      }
    }
  } catch (e) {
    throw wrap(u, e);
  }
  if (frag !== '') {
    try {
      out.fragment = unescapePart(frag, 'fragment');
    } catch (e) {
      throw wrap(rawURL, e);
    }
  }
  return out;
}

function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

function port(host: string): string {
  const colon = host.lastIndexOf(':');
  if (colon < 0 || (host.startsWith('[') && colon < host.indexOf(']'))) return '';
  const p = host.slice(colon + 1);
  return /^\d+$/.test(p) ? p : '';
}

/** The variables as OPA's JSON round trip (with UseNumber) hands them to text/template. */
function templateData(v: Value): Data {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number' || isRegoNumber(v)) return new JNum(toJSONText(v));
  if (Array.isArray(v)) return v.map(templateData);
  if (v instanceof RegoSet) return v.sorted(compare).map(templateData);
  const o: { [k: string]: Data } = {};
  for (const [k, e] of objectEntries(v)) Object.defineProperty(o, typeof k === 'string' ? k : toJSONText(k), { value: templateData(e), enumerable: true, writable: true, configurable: true });
  return o;
}

/**
 * OPA reads the variables through JSON text made of their Rego text: a non-string key (first
 * in text order) makes the decoder fail as Go's does, and so do the escapes of Go quoting that
 * JSON lacks (`\a`, `\v`, `\x..` of control characters and raw bytes, `\U…`).
 */
function nonStringKey(v: Value): void {
  if (typeof v === 'string') return badEscape(v);
  if (Array.isArray(v)) return v.forEach(nonStringKey);
  if (v instanceof RegoSet) return v.sorted(compare).forEach(nonStringKey);
  if (v === null || typeof v !== 'object' || isRegoNumber(v)) return;
  for (const [k, e] of objectEntries(v).sort((a, b) => compare(a[0], b[0]))) {
    if (typeof k !== 'string') {
      const c = toJSONText(k)[0]!;
      throw fail(`invalid character ${c === "'" ? "'\\''" : `'${c}'`} looking for beginning of object key string`);
    }
    badEscape(k);
    nonStringKey(e);
  }
}

const NOT_JSON_ESCAPE = /\\(?:\\|([^"/bfnrtu]))/g;

function badEscape(s: string): void {
  const q = goQuote(s);
  if (!q.includes('\\')) return;
  for (const m of q.matchAll(NOT_JSON_ESCAPE)) {
    if (m[1] !== undefined) throw fail(`invalid character '${m[1]}' in string escape code`);
  }
}

export const uriBuiltins: BuiltinTable = {
  'uri.parse'(args) {
    let u: URL;
    try {
      u = goParseURL(str(args, 0));
    } catch (e) {
      if (e instanceof URLError) throw fail(e.message);
      throw e;
    }
    const o = new ObjectBuilder();
    if (u.scheme) o.set('scheme', u.scheme);
    if (hostname(u.host)) o.set('hostname', hostname(u.host));
    if (port(u.host)) o.set('port', port(u.host));
    if (u.path) {
      o.set('path', u.path);
      o.set('raw_path', u.rawPath || u.path);
    }
    if (u.rawQuery) o.set('raw_query', u.rawQuery);
    if (u.fragment) o.set('fragment', u.fragment);
    return o.build();
  },
  'uri.is_valid'(args) {
    const s = args[0];
    if (typeof s !== 'string' || s === '') return false;
    try {
      goParseURL(s);
      return true;
    } catch {
      return false;
    }
  },
  'strings.render_template'(args) {
    const tpl = str(args, 0);
    const vars = obj(args, 1) as Value;
    nonStringKey(vars);
    try {
      return renderGoTemplate(tpl, templateData(vars)).replaceAll('<no value>', '<undefined>');
    } catch (e) {
      if (e instanceof TemplateError) throw fail(e.message);
      throw e;
    }
  },
};

