/**
 * Converts our AST to the JSON shape of `opa parse --format json` (OPA's `ast` JSON
 * marshalling), so modules can be compared with OPA's own parse. Numbers become JSON numbers
 * (as OPA prints them, lossy for huge literals once read back by JSON.parse).
 */
import type { Location } from './location.js';
import type { Term } from './terms.js';
import type { Body, Expr, With } from './expr.js';
import type { Head, Rule } from './rule.js';
import type { Module, Import, Comment } from './module.js';
import type { Annotation } from './annotations.js';

export interface OpaJsonOptions {
  /** Emit `location: {file, row, col}` on nodes (as `--json-include locations`, without `text`). */
  locations?: boolean;
  /** Emit comments (default true, as `opa parse`). */
  comments?: boolean;
  /**
   * The module's source: with `locations`, locations then carry OPA's `text` (the base64 of
   * the node's source text).
   */
  source?: string;
}

type J = Record<string, unknown>;

export function toOpaJson(module: Module, opts: OpaJsonOptions = {}): J {
  const blocks = new Map((module.annotations ?? []).map((a) => [a.location.row, a]));
  const c = new Converter(opts.locations ?? false, importsNotKeyword(module), opts.source, module.comments, blocks);
  const out: J = { package: c.pkg(module) };
  if (module.imports.length > 0) out.imports = module.imports.map((i) => c.imp(i));
  if (module.annotations && module.annotations.length > 0) out.annotations = module.annotations.map((a) => c.annotation(a));
  if (module.rules.length > 0) out.rules = module.rules.map((r) => c.rule(r));
  if ((opts.comments ?? true) && module.comments.length > 0) out.comments = module.comments.map((x) => c.comment(x));
  return out;
}

/** The JSON of a single term (`opa parse` prints terms the same way inside modules). */
export function termToOpaJson(term: Term, opts: OpaJsonOptions = {}): J {
  return new Converter(opts.locations ?? false).term(term);
}

/** The JSON of a body (a query). */
export function bodyToOpaJson(body: Body, opts: OpaJsonOptions = {}): J[] {
  return new Converter(opts.locations ?? false).body(body);
}

/** `import future.keywords.not`: OPA then wraps every `not x` into a `not` body. */
function importsNotKeyword(m: Module): boolean {
  return m.imports.some((i) => {
    const p = i.path.value;
    return (
      p.length === 3 &&
      p[0]!.type === 'var' && p[0]!.value === 'future' &&
      p[1]!.type === 'string' && p[1]!.value === 'keywords' &&
      p[2]!.type === 'string' && p[2]!.value === 'not'
    );
  });
}

class Converter {
  constructor(
    private readonly locs: boolean,
    private readonly notBodies = false,
    private readonly src?: string,
    private readonly comments: Comment[] = [],
    private readonly blocks = new Map<number, Annotation>(),
  ) {}

  private loc(o: J, l: Location | undefined, text?: string): J {
    if (this.locs && l) return { location: this.location(l, text), ...o };
    return o;
  }

  private location(l: Location, text = this.src?.slice(l.offset, l.end)): J {
    const out: J = { file: l.file, row: l.row, col: l.col };
    if (text !== undefined && this.locs) out.text = base64(text);
    return out;
  }

  /**
   * OPA's quirky texts: a negative number literal's is the sign; a ref whose head is a
   * composite (`[1, 2][i]`) starts at the head's last character (`][i]`).
   */
  private termText(t: Term): string | undefined {
    if (this.src === undefined) return undefined;
    if (t.type === 'number' && t.value.startsWith('-') && this.src[t.location.offset] === '-') return '-';
    if (t.type === 'ref' && t.value[0] && t.value[0].type !== 'var' && t.value[0].type !== 'call') return this.src.slice(t.value[0].location.end - 1, t.location.end);
    return undefined;
  }

  private kw(k: string): string | undefined {
    return this.src === undefined ? undefined : k;
  }

  /** OPA's text of a METADATA block: `# METADATA` and its lines, each as `# ` + YAML line. */
  private blockText(a: Annotation): string | undefined {
    if (this.src === undefined) return undefined;
    const lines = ['# METADATA'];
    let row = a.location.row;
    for (const c of this.comments) {
      if (c.location.row <= a.location.row) continue;
      if (c.location.row !== row + 1 || c.location.col !== 1 || c.text.trim().startsWith('METADATA')) break;
      lines.push(`# ${c.text.startsWith(' ') ? c.text.slice(1) : c.text}`);
      row++;
    }
    return lines.join('\n');
  }

  pkg(m: Module): J {
    // OPA's package and import locations hold the keyword's text only.
    return this.loc({ path: m.package.path.value.map((t) => this.term(t)) }, m.package.location, this.kw('package'));
  }

  imp(i: Import): J {
    const o: J = { path: this.term(i.path) };
    if (i.alias) o.alias = i.alias;
    return this.loc(o, i.location, this.kw('import'));
  }

  comment(x: Comment): J {
    // OPA keeps a nil text for an empty comment (`#` alone).
    // A METADATA line shares its location with the block's annotation (and so its text).
    const a = this.blocks.get(x.location.row);
    return { Text: x.text === '' ? null : base64(x.text), Location: this.location(x.location, a && x.location.col === 1 ? this.blockText(a) : undefined) };
  }

  rule(r: Rule): J {
    const o: J = {};
    if (r.default) o.default = true;
    o.head = this.head(r.head);
    // OPA's default rules (and their generated body) share a location whose text is the
    // keyword; a generated body of `p contains x` has the text of the rule name.
    const name = r.head.ref[0]!.location;
    const bodyText = r.default ? this.kw('default') : r.generatedBody && r.head.key && !r.head.value ? this.src?.slice(name.offset, name.end) : undefined;
    o.body = bodyText === undefined ? this.body(r.body) : r.body.map((e) => this.generatedExpr(e, bodyText));
    if (r.else) o.else = this.rule(r.else);
    if (r.annotations && r.annotations.length > 0) o.annotations = r.annotations.map((a) => this.annotation(a));
    return this.loc(o, r.location, r.default ? this.kw('default') : undefined);
  }

  private generatedExpr(e: Expr, text: string): J {
    if (e.terms.type !== 'term') return this.expr(e);
    const t = e.terms.term;
    return this.loc({ index: e.index, terms: this.loc(this.term(t, false), t.location, text) }, e.location, text);
  }

  /** OPA's `Annotations.MarshalJSON` (a map: `compile` is not printed). */
  annotation(a: Annotation): J {
    const o: J = { scope: a.scope };
    if (a.title) o.title = a.title;
    if (a.description) o.description = a.description;
    if (a.entrypoint) o.entrypoint = true;
    if (a.organizations) o.organizations = a.organizations;
    if (a.relatedResources) o.related_resources = a.relatedResources.map((r) => ({ ...r }));
    if (a.authors) o.authors = a.authors.map((x) => ({ ...x }));
    if (a.schemas) {
      // Schema refs were parsed from the YAML key and value: their texts are slices of those.
      const raw = Array.isArray(a.value['schemas']) ? a.value['schemas'] : [];
      o.schemas = a.schemas.map((x, i) => {
        const item = raw[i];
        const key = item && typeof item === 'object' && !Array.isArray(item) ? (Object.keys(item)[0] ?? '') : '';
        const val = key && item && typeof item === 'object' && !Array.isArray(item) ? item[key] : undefined;
        const sub = (text: string | undefined) => new Converter(this.locs, false, this.src === undefined ? undefined : text);
        const s: J = { path: x.path.value.map((t) => sub(key).term(t)) };
        // `schema` alone is OPA's shared root ref, without a location.
        const root = val === 'schema';
        if (x.schema) s.schema = x.schema.value.map((t) => sub(typeof val === 'string' ? val : undefined).term(t, !root));
        if (x.definition !== undefined) s.definition = x.definition;
        return s;
      });
    }
    if (a.custom) o.custom = a.custom;
    if (a.labels) o.labels = a.labels;
    return this.loc(o, a.location, this.blockText(a));
  }

  head(h: Head): J {
    const o: J = {};
    // OPA keeps `name` for single-name heads and for the `p[k] = v` back-compat forms.
    if (h.ref.length === 1 || h.opaName) o.name = h.name;
    o.ref = h.ref.map((t) => this.term(t));
    if (h.args && h.args.length > 0) o.args = h.args.map((t) => this.term(t));
    if (h.key) o.key = this.term(h.key);
    // OPA's generated `true` (`p if …`) has a location only for two-element ref heads.
    if (h.value) o.value = this.term(h.value, !h.generatedValue || (h.ref.length === 2 && !h.args));
    if (h.assign) o.assign = true;
    return this.loc(o, h.location);
  }

  body(b: Body): J[] {
    return b.map((e) => this.expr(e));
  }

  expr(e: Expr): J {
    if (e.negated && this.notBodies) {
      // OPA's wrapped expression has no location of its own.
      const { location: _, ...inner } = this.expr({ ...e, index: 0, negated: false, with: [] });
      const o: J = { index: e.index, terms: { body: [inner], explicit_body: false, type: 'not' } };
      if (e.with.length > 0) o.with = e.with.map((w) => this.with(w));
      return this.loc(o, e.location);
    }
    const o: J = { index: e.index };
    if (e.negated) o.negated = true;
    const t = e.terms;
    switch (t.type) {
      case 'term':
        o.terms = this.term(t.term);
        break;
      case 'call':
        o.terms = [this.term(t.operator), ...t.args.map((a) => this.term(a))];
        break;
      case 'some':
        o.terms = this.loc({ symbols: t.symbols.map((s) => this.term(s)) }, t.location, this.kw('some'));
        break;
      case 'every':
        o.terms = this.loc(
          {
            key: t.key ? this.term(t.key) : null,
            value: this.term(t.value),
            domain: this.term(t.domain),
            body: this.body(t.body),
          },
          t.location,
          this.kw('every'),
        );
        break;
      case 'not':
        o.terms = { body: this.body(t.body), explicit_body: true, type: 'not' }; // no location in OPA's AST
        break;
    }
    if (e.with.length > 0) o.with = e.with.map((w) => this.with(w));
    return this.loc(o, e.location);
  }

  with(w: With): J {
    return this.loc({ target: this.term(w.target), value: this.term(w.value) }, w.location);
  }

  term(t: Term, located = true): J {
    let o: J;
    switch (t.type) {
      case 'null':
        o = { type: 'null', value: {} };
        break;
      case 'boolean':
      case 'string':
      case 'var':
        o = { type: t.type, value: t.value };
        break;
      case 'number':
        o = { type: 'number', value: Number(t.value) };
        break;
      case 'ref':
      case 'call':
      case 'array':
        o = { type: t.type, value: t.value.map((x) => this.term(x)) };
        break;
      case 'set':
        // OPA's sets and objects are kept sorted (and deduplicated) by its term order.
        o = { type: 'set', value: sortUnique(t.value, (x) => x).map((x) => this.term(x)) };
        break;
      case 'object':
        o = {
          type: 'object',
          // For repeated keys OPA keeps the first key term with the last value.
          value: sortUnique(t.value, ([k]) => k).map(([k]) => {
            const last = [...t.value].reverse().find(([k2]) => compareTerms(k, k2) === 0)!;
            return [this.term(k), this.term(last[1])];
          }),
        };
        break;
      case 'arraycomprehension':
      case 'setcomprehension':
        o = { type: t.type, value: { term: this.term(t.value.term), body: this.body(t.value.body) } };
        break;
      case 'objectcomprehension':
        o = {
          type: t.type,
          value: { key: this.term(t.value.key), value: this.term(t.value.value), body: this.body(t.value.body) },
        };
        break;
      case 'templatestring':
        o = {
          type: 'templatestring',
          value: {
            parts: t.value.parts.length === 0 ? null : t.value.parts.map((p) => {
              if (p.type === 'string') return this.term(p);
              const x = p.term;
              // OPA keeps scalar literals as plain terms, other expressions as expressions.
              if (!p.with && (x.type === 'string' || x.type === 'number' || x.type === 'boolean' || x.type === 'null')) {
                return this.term(x);
              }
              const terms = x.type === 'call' ? x.value.map((y) => this.term(y)) : this.term(x);
              const e: J = { index: 0, terms };
              if (p.with) e.with = p.with.map((w) => this.with(w));
              return this.loc(e, p.location);
            }),
            multi_line: t.value.raw,
          },
        };
        break;
    }
    return located ? this.loc(o, t.location, this.termText(t)) : o;
  }
}

/** Stable sort by OPA's term order of `key(x)`, keeping the first of equal keys. */
function sortUnique<X>(xs: X[], key: (x: X) => Term): X[] {
  const sorted = [...xs].sort((a, b) => compareTerms(key(a), key(b)));
  return sorted.filter((x, i) => i === 0 || compareTerms(key(sorted[i - 1]!), key(x)) !== 0);
}

const ORDER: Record<Term['type'], number> = {
  null: 0,
  boolean: 1,
  number: 2,
  string: 3,
  templatestring: 4,
  var: 5,
  ref: 6,
  array: 7,
  object: 8,
  set: 9,
  arraycomprehension: 10,
  objectcomprehension: 11,
  setcomprehension: 12,
  call: 13,
};

function cmp<X extends string | number | boolean>(a: X, b: X): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLists(a: Term[], b: Term[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareTerms(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return cmp(a.length, b.length);
}

/** OPA's `ast.Compare` for the terms that can appear in literals (comprehensions by head). */
function compareTerms(a: Term, b: Term): number {
  if (a.type !== b.type) return cmp(ORDER[a.type], ORDER[b.type]);
  switch (a.type) {
    case 'null':
      return 0;
    case 'boolean':
      return cmp(a.value, (b as typeof a).value);
    case 'number':
      return cmp(Number(a.value), Number((b as typeof a).value));
    case 'string':
    case 'var':
      return cmp(a.value, (b as typeof a).value);
    case 'ref':
    case 'array':
    case 'call':
      return compareLists(a.value, (b as typeof a).value);
    case 'set':
      return compareLists(sortUnique(a.value, (x) => x), sortUnique((b as typeof a).value, (x) => x));
    case 'object': {
      const x = sortUnique(a.value, ([k]) => k);
      const y = sortUnique((b as typeof a).value, ([k]) => k);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareTerms(x[i]![0], y[i]![0]) || compareTerms(x[i]![1], y[i]![1]);
        if (c !== 0) return c;
      }
      return cmp(x.length, y.length);
    }
    case 'arraycomprehension':
    case 'setcomprehension':
      return compareTerms(a.value.term, (b as typeof a).value.term);
    case 'objectcomprehension':
      return (
        compareTerms(a.value.key, (b as typeof a).value.key) ||
        compareTerms(a.value.value, (b as typeof a).value.value)
      );
    case 'templatestring':
      return 0;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of the UTF-8 bytes (OPA prints comment text as a byte slice). */
function base64(s: string): string {
  const b = utf8(s);
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < b.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < b.length ? B64[n & 63]! : '=';
  }
  return out;
}

function utf8(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}
