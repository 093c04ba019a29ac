/**
 * A subset of Go's text/template for strings.render_template: text and actions with trim
 * markers, comments, fields and variables, pipelines, if/else if/else, range (with
 * `$i, $v :=`), with, and the builtin functions and/or/not/len/index/print/printf/println/
 * eq/ne/lt/le/gt/ge/html/js/urlquery. Data is what OPA decodes from the variables' JSON
 * text (a decoder with UseNumber): numbers are json.Number, a string type holding the text.
 */
import { formatFloat } from './gofloat.js';
import { goSprintf } from './sprintf.js';
import { utf8 } from './strutil.js';
import { isGoPrintable } from '../value/quote.js';

/** encoding/json's json.Number: a string-kind type holding the number's JSON text. */
export class JNum {
  constructor(readonly text: string) {}
}

export type Data = null | boolean | number | string | JNum | Data[] | { [k: string]: Data };

const isMap = (v: unknown): v is { [k: string]: Data } => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JNum);

export class TemplateError extends Error {}

// ---- lexing ----------------------------------------------------------------------------------

type Piece = { text: string } | { action: string; line: number };

function split(src: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  let line = 1;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = open < 0 ? src.slice(i) : src.slice(i, open);
    if (trimNext) text = text.replace(/^\s+/, '');
    trimNext = false;
    if (open < 0) {
      if (text) out.push({ text });
      break;
    }
    let start = open + 2;
    if (src.startsWith('- ', start) || src.startsWith('-\t', start) || src.startsWith('-\n', start)) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    if (text) out.push({ text });
    line += (src.slice(i, open).match(/\n/g) ?? []).length;
    let close = start;
    let inStr: string | undefined;
    for (; close < src.length; close++) {
      const c = src[close]!;
      if (inStr) {
        if (c === '\\' && inStr === '"') close++;
        else if (c === inStr) inStr = undefined;
      } else if (c === '"' || c === '`' || c === "'") inStr = c;
      else if (src.startsWith('}}', close)) break;
    }
    if (close >= src.length) throw new TemplateError(`template: template:${line}: unclosed action`);
    let body = src.slice(start, close);
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      trimNext = true;
    }
    out.push({ action: body.trim(), line });
    line += (body.match(/\n/g) ?? []).length;
    i = close + 2;
  }
  return out;
}

type Tok = { t: 'field'; path: string[] } | { t: 'var'; name: string; path: string[] } | { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'bool'; v: boolean } | { t: 'nil' } | { t: 'ident'; v: string } | { t: 'pipe' } | { t: 'lparen' } | { t: 'rparen' } | { t: 'decl' } | { t: 'assign' } | { t: 'comma' };

function tokenize(s: string, line: number): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const err = (m: string) => new TemplateError(`template: template:${line}: ${m}`);
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '|') {
      out.push({ t: 'pipe' });
      i++;
    } else if (c === '(') {
      out.push({ t: 'lparen' });
      i++;
    } else if (c === ')') {
      out.push({ t: 'rparen' });
      i++;
    } else if (c === ',') {
      out.push({ t: 'comma' });
      i++;
    } else if (s.startsWith(':=', i)) {
      out.push({ t: 'decl' });
      i += 2;
    } else if (c === '=') {
      out.push({ t: 'assign' });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      out.push({ t: 'str', v: JSON.parse(s.slice(i, j + 1)) as string });
      i = j + 1;
    } else if (c === '`') {
      const j = s.indexOf('`', i + 1);
      if (j < 0) throw err('unterminated raw quoted string');
      out.push({ t: 'str', v: s.slice(i + 1, j) });
      i = j + 1;
    } else if (c === '.' || c === '$') {
      const m = /^(\$[A-Za-z0-9_]*|)((?:\.[A-Za-z0-9_]+)*)(\.?)/.exec(s.slice(i))!;
      const path = m[2] ? m[2].slice(1).split('.') : [];
      if (m[1]) out.push({ t: 'var', name: m[1], path });
      else out.push({ t: 'field', path });
      i += m[0].length || 1;
    } else {
      const m = /^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)|^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
      if (!m) throw err(`unexpected ${JSON.stringify(c)} in command`);
      const w = m[0];
      if (/^[-+\d.]/.test(w)) out.push({ t: 'num', v: Number(w) });
      else if (w === 'true' || w === 'false') out.push({ t: 'bool', v: w === 'true' });
      else if (w === 'nil') out.push({ t: 'nil' });
      else out.push({ t: 'ident', v: w });
      i += w.length;
    }
  }
  return out;
}

// ---- parsing ---------------------------------------------------------------------------------

type Arg = Tok | { t: 'sub'; pipe: Pipeline };
interface Command {
  args: Arg[];
}
interface Pipeline {
  decl: string[];
  assign: boolean;
  cmds: Command[];
}
type Node =
  | { k: 'text'; s: string }
  | { k: 'action'; pipe: Pipeline; line: number }
  | { k: 'if' | 'with'; pipe: Pipeline; then: Node[]; else: Node[]; line: number }
  | { k: 'range'; pipe: Pipeline; then: Node[]; else: Node[]; line: number }
  | { k: 'break' }
  | { k: 'continue' };

function parsePipeline(toks: Tok[], line: number): Pipeline {
  let i = 0;
  const decl: string[] = [];
  let assign = false;
  // $x := / $i, $v :=
  const save = i;
  while (toks[i]?.t === 'var' && (toks[i] as { path: string[] }).path.length === 0) {
    decl.push((toks[i] as { name: string }).name);
    i++;
    if (toks[i]?.t === 'comma') {
      i++;
      continue;
    }
    break;
  }
  if (decl.length > 0 && (toks[i]?.t === 'decl' || toks[i]?.t === 'assign')) {
    assign = toks[i]!.t === 'assign';
    i++;
  } else {
    decl.length = 0;
    i = save;
  }
  const parseCmds = (stopAtParen: boolean): { cmds: Command[] } => {
    const cmds: Command[] = [{ args: [] }];
    while (i < toks.length) {
      const t = toks[i]!;
      if (t.t === 'rparen') {
        if (!stopAtParen) throw new TemplateError(`template: template:${line}: unexpected ")"`);
        break;
      }
      i++;
      if (t.t === 'pipe') cmds.push({ args: [] });
      else if (t.t === 'lparen') {
        const inner = parseCmds(true);
        if (toks[i]?.t !== 'rparen') throw new TemplateError(`template: template:${line}: unclosed left paren`);
        i++;
        cmds[cmds.length - 1]!.args.push({ t: 'sub', pipe: { decl: [], assign: false, cmds: inner.cmds } });
      } else cmds[cmds.length - 1]!.args.push(t);
    }
    if (cmds.some((c) => c.args.length === 0)) throw new TemplateError(`template: template:${line}: missing value for command`);
    return { cmds };
  };
  return { decl, assign, cmds: parseCmds(false).cmds };
}

function parse(src: string): Node[] {
  const pieces = split(src);
  let pos = 0;
  const block = (stop: (kw: string) => boolean): { nodes: Node[]; end: string; rest: string; line: number } => {
    const nodes: Node[] = [];
    while (pos < pieces.length) {
      const p = pieces[pos++]!;
      if ('text' in p) {
        nodes.push({ k: 'text', s: p.text });
        continue;
      }
      const a = p.action;
      if (a.startsWith('/*')) continue;
      const m = /^([a-z]+)\b\s*([\s\S]*)$/.exec(a);
      const kw = m?.[1] ?? '';
      if (kw === 'end' || kw === 'else') {
        if (stop(kw)) return { nodes, end: kw, rest: m![2]!, line: p.line };
        throw new TemplateError(`template: template:${p.line}: unexpected {{${kw}}}`);
      }
      if (kw === 'if' || kw === 'with' || kw === 'range') {
        nodes.push(control(kw, m![2]!, p.line));
        continue;
      }
      if (kw === 'break' || kw === 'continue') {
        nodes.push({ k: kw });
        continue;
      }
      if (kw === 'define' || kw === 'template' || kw === 'block') throw new TemplateError(`template: template:${p.line}: {{${kw}}} is not supported`);
      nodes.push({ k: 'action', pipe: parsePipeline(tokenize(a, p.line), p.line), line: p.line });
    }
    if (stop('eof')) return { nodes, end: 'eof', rest: '', line: 0 };
    throw new TemplateError('template: template:1: unexpected EOF');
  };
  const control = (kw: 'if' | 'with' | 'range', rest: string, line: number): Node => {
    const pipe = parsePipeline(tokenize(rest, line), line);
    const then = block((k) => k === 'end' || k === 'else');
    let els: Node[] = [];
    if (then.end === 'else') {
      const chained = /^(if|with)\b\s*([\s\S]*)$/.exec(then.rest);
      if (chained) els = [control(chained[1] as 'if' | 'with', chained[2]!, then.line)];
      else els = block((k) => k === 'end').nodes;
    }
    return { k: kw, pipe, then: then.nodes, else: els, line };
  };
  return block((k) => k === 'eof').nodes;
}

// ---- execution -------------------------------------------------------------------------------

const MISSING = Symbol('no value');
type V = Data | typeof MISSING;

function truthy(v: V): boolean {
  if (v === MISSING || v === null || v === false || v === 0 || v === '') return false;
  if (v instanceof JNum) return v.text !== '';
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** Go `fmt.Sprint` of a JSON-like value. */
export function goPrint(v: V): string {
  if (v === MISSING) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'number') return formatFloat(v, 'g', -1);
  if (typeof v === 'string') return v;
  if (v instanceof JNum) return v.text;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[' + v.map(goPrint).join(' ') + ']';
  return 'map[' + Object.keys(v).sort().map((k) => `${k}:${goPrint(v[k]!)}`).join(' ') + ']';
}

class Exec {
  out = '';
  vars: Array<Map<string, V>> = [];
  constructor(readonly root: Data) {
    this.vars.push(new Map([['$', root]]));
  }
  lookup(name: string, line: number): V {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.has(name)) return this.vars[i]!.get(name)!;
    throw new TemplateError(`template: template:${line}: undefined variable "${name}"`);
  }
  field(v: V, path: string[], line: number): V {
    for (const p of path) {
      if (v === MISSING || v === null) return MISSING;
      if (!isMap(v)) throw new TemplateError(`template: template:${line}: can't evaluate field ${p} in type ${Array.isArray(v) ? '[]interface {}' : v instanceof JNum ? 'json.Number' : typeof v === 'string' ? 'string' : typeof v === 'number' ? 'float64' : 'bool'}`);
      v = Object.prototype.hasOwnProperty.call(v, p) ? v[p]! : MISSING;
    }
    return v;
  }
  arg(a: Arg, dot: V, line: number): V {
    switch (a.t) {
      case 'field':
        return this.field(dot, a.path, line);
      case 'var':
        return this.field(this.lookup(a.name, line), a.path, line);
      case 'str':
      case 'num':
      case 'bool':
        return a.v;
      case 'nil':
        return null;
      case 'sub':
        return this.pipeline(a.pipe, dot, line);
      case 'ident':
        return this.call(a.v, [], dot, line, undefined);
    }
    throw new TemplateError(`template: template:${line}: unexpected token`);
  }
  call(name: string, args: Arg[], dot: V, line: number, piped: V | undefined): V {
    const vals = () => {
      const v = args.map((a) => this.arg(a, dot, line));
      if (piped !== undefined) v.push(piped);
      return v;
    };
    /** Go's eq: same basic kind (json.Number counts as a string), else an error. */
    const same = (a: V, b: V): boolean => {
      const kind = (x: V) => (x instanceof JNum || typeof x === 'string' ? 'string' : typeof x === 'number' ? 'number' : typeof x === 'boolean' ? 'bool' : 'other');
      const ka = kind(a);
      const kb = kind(b);
      if (ka !== kb && ka !== 'other' && kb !== 'other') throw new TemplateError(`template: template:${line}: error calling ${name}: incompatible types for comparison`);
      if (ka === 'string' && kb === 'string') return (a instanceof JNum ? a.text : a) === (b instanceof JNum ? b.text : b);
      return JSON.stringify(a) === JSON.stringify(b);
    };
    const cmp = (f: (a: V, b: V) => boolean) => {
      const [a, ...rest] = vals();
      return rest.some((b) => f(a!, b));
    };
    const order = (a: V, b: V): number => {
      if (typeof a === 'number' && typeof b === 'number') return a - b;
      // json.Number is a string kind: compared as text.
      const sa = a instanceof JNum ? a.text : a;
      const sb = b instanceof JNum ? b.text : b;
      if (typeof sa === 'string' && typeof sb === 'string') return sa < sb ? -1 : sa > sb ? 1 : 0;
      throw new TemplateError(`template: template:${line}: error calling ${name}: incompatible types for comparison`);
    };
    switch (name) {
      case 'and': {
        let last: V = null;
        for (const a of [...args]) {
          last = this.arg(a, dot, line);
          if (!truthy(last)) return last;
        }
        return piped !== undefined ? piped : last;
      }
      case 'or': {
        let last: V = null;
        for (const a of args) {
          last = this.arg(a, dot, line);
          if (truthy(last)) return last;
        }
        return piped !== undefined ? piped : last;
      }
      case 'not':
        return !truthy(vals()[0]!);
      case 'len': {
        const v = vals()[0]!;
        if (typeof v === 'string') return utf8(v).length;
        if (v instanceof JNum) return utf8(v.text).length;
        if (Array.isArray(v)) return v.length;
        if (isMap(v)) return Object.keys(v).length;
        throw new TemplateError(`template: template:${line}: error calling len: len of type ${v === MISSING ? 'nil' : typeof v}`);
      }
      case 'index': {
        let [v, ...idx] = vals();
        for (const i of idx) {
          if (Array.isArray(v) && typeof i === 'number') v = v[i] ?? MISSING;
          else if (isMap(v) && typeof i === 'string') v = Object.prototype.hasOwnProperty.call(v, i) ? v[i]! : MISSING;
          else throw new TemplateError(`template: template:${line}: error calling index: cannot index`);
        }
        return v!;
      }
      case 'print':
        return printArgs(vals(), false);
      case 'println':
        return printArgs(vals(), true) + '\n';
      case 'printf': {
        const [f, ...rest] = vals();
        return goSprintf(
          String(f),
          rest.map((r) => (typeof r === 'number' ? { k: 'float', v: r } : r instanceof JNum ? { k: 'str', v: r.text, t: 'json.Number' } : { k: 'str', v: goPrint(r!) })),
        );
      }
      case 'eq':
        return cmp(same);
      case 'ne': {
        const [a, b] = vals();
        return !same(a!, b!);
      }
      case 'html':
        return htmlEscape(evalArgs(vals()));
      case 'js':
        return jsEscape(evalArgs(vals()));
      case 'urlquery':
        return queryEscape(evalArgs(vals()));
      case 'lt': {
        const [a, b] = vals();
        return order(a!, b!) < 0;
      }
      case 'le': {
        const [a, b] = vals();
        return order(a!, b!) <= 0;
      }
      case 'gt': {
        const [a, b] = vals();
        return order(a!, b!) > 0;
      }
      case 'ge': {
        const [a, b] = vals();
        return order(a!, b!) >= 0;
      }
    }
    throw new TemplateError(`template: template:${line}: function "${name}" not defined`);
  }
  command(c: Command, dot: V, line: number, piped: V | undefined): V {
    const [head, ...rest] = c.args;
    if (head!.t === 'ident') return this.call(head.v, rest, dot, line, piped);
    if (rest.length > 0 || piped !== undefined) throw new TemplateError(`template: template:${line}: can't give argument to non-function`);
    return this.arg(head!, dot, line);
  }
  pipeline(p: Pipeline, dot: V, line: number): V {
    let v: V | undefined;
    for (const c of p.cmds) v = this.command(c, dot, line, v);
    if (p.decl.length === 1) {
      const scope = this.vars[this.vars.length - 1]!;
      if (p.assign) {
        for (let i = this.vars.length - 1; i >= 0; i--) {
          if (this.vars[i]!.has(p.decl[0]!)) {
            this.vars[i]!.set(p.decl[0]!, v!);
            break;
          }
        }
      } else scope.set(p.decl[0]!, v!);
    }
    return v!;
  }
  run(nodes: Node[], dot: V): 'break' | 'continue' | undefined {
    for (const n of nodes) {
      switch (n.k) {
        case 'text':
          this.out += n.s;
          break;
        case 'action': {
          const v = this.pipeline(n.pipe, dot, n.line);
          // A nil value prints as <no value> at the top level of an action.
          if (n.pipe.decl.length === 0) this.out += v === null ? '<no value>' : goPrint(v);
          break;
        }
        case 'if':
        case 'with': {
          this.vars.push(new Map());
          const v = this.pipeline(n.pipe, dot, n.line);
          const r = truthy(v) ? this.run(n.then, n.k === 'with' ? v : dot) : this.run(n.else, dot);
          this.vars.pop();
          if (r) return r;
          break;
        }
        case 'range': {
          this.vars.push(new Map());
          const decl = n.pipe.decl;
          const v = this.pipeline({ ...n.pipe, decl: [] }, dot, n.line);
          const entries: Array<[V, V]> = Array.isArray(v) ? v.map((e, i) => [i, e]) : isMap(v) ? Object.keys(v).sort().map((k) => [k, v[k]!]) : typeof v === 'number' ? Array.from({ length: Math.max(0, v) }, (_, i) => [i, i]) : [];
          if (v !== MISSING && v !== null && (v instanceof JNum || (typeof v !== 'object' && typeof v !== 'number'))) throw new TemplateError(`template: template:${n.line}: range can't iterate over ${goPrint(v)}`);
          if (entries.length === 0) this.run(n.else, dot);
          for (const [k, e] of entries) {
            const scope = this.vars[this.vars.length - 1]!;
            if (decl.length === 1) scope.set(decl[0]!, e);
            else if (decl.length === 2) {
              scope.set(decl[0]!, k);
              scope.set(decl[1]!, e);
            }
            const r = this.run(n.then, e);
            if (r === 'break') break;
          }
          this.vars.pop();
          break;
        }
        case 'break':
        case 'continue':
          return n.k;
      }
    }
    return undefined;
  }
}

/** text/template's evalArgs: a lone string as is, else fmt.Sprint of the arguments. */
function evalArgs(vals: V[]): string {
  if (vals.length === 1 && typeof vals[0] === 'string') return vals[0];
  return printArgs(vals, false);
}

/** template.HTMLEscapeString. */
function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\ufffd', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** template.JSEscapeString. */
function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const special: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D' };
    if (special[ch]) out += special[ch];
    else if (c < 0x20) out += '\\u00' + c.toString(16).toUpperCase().padStart(2, '0');
    else if (c < 0x80 || isGoPrintable(c)) out += ch;
    else out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** url.QueryEscape. */
function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function printArgs(vals: V[], spaces: boolean): string {
  let out = '';
  vals.forEach((v, i) => {
    // Sprint adds spaces between operands when neither is a string.
    const isStr = (x: V) => typeof x === 'string' || x instanceof JNum;
    if (i > 0 && (spaces || (!isStr(v) && !isStr(vals[i - 1]!)))) out += ' ';
    out += goPrint(v);
  });
  return out;
}

/** Renders a template; missing map keys print `<no value>` (OPA then says `<undefined>`). */
export function renderGoTemplate(src: string, data: Data): string {
  const ex = new Exec(data);
  ex.run(parse(src), data);
  return ex.out;
}
