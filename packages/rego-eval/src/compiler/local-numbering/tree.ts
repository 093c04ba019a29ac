/**
 * A small mutable copy of a module in OPA's AST shapes, for replaying OPA's rewriting stages
 * (see ./stages.ts). Each node remembers the rego-ts term it was made from (`src`), so the
 * variable OPA puts in a term's place can be reported for that term.
 */
import type { Body, Expr, Module, Rule, Term, With } from '@rego-ts/rego-parser';
import { mergedEntries, setMembers, writtenKeyId } from '../object-keys.js';
import { compareNodes } from './compare.js';

export type N =
  | { k: 'null'; src?: Term }
  | { k: 'bool'; v: boolean; src?: Term }
  | { k: 'num'; v: string; src?: Term }
  | { k: 'str'; v: string; src?: Term }
  | { k: 'var'; name: string; src?: Term }
  | { k: 'ref'; terms: N[]; src?: Term }
  | { k: 'call'; terms: N[]; src?: Term }
  | { k: 'array'; items: N[]; src?: Term }
  /**
   * `sorted`: the members are in the order OPA cached when it first iterated this literal
   * (it keeps that order when a stage rewrites members in place; a copy sorts anew).
   */
  | { k: 'set'; items: N[]; src?: Term; sorted?: boolean }
  | { k: 'object'; entries: Array<[N, N]>; src?: Term; sorted?: boolean }
  | { k: 'acomp' | 'scomp'; term: N; body: E[]; src?: Term }
  | { k: 'ocomp'; key: N; value: N; body: E[]; src?: Term }
  | { k: 'template'; parts: Array<string | { t: N; with: W[] }>; src?: Term };

export interface W {
  target: N;
  value: N;
}

export type E = {
  negated: boolean;
  with: W[];
} & (
  | { kind: 'term'; t: N }
  /** `terms[0]` is the operator (a ref). */
  | { kind: 'call'; terms: N[] }
  | { kind: 'some'; symbols: N[] }
  | { kind: 'every'; key: N | null; value: N; domain: N; body: E[] }
  | { kind: 'not'; body: E[] }
);

export interface RuleN {
  /** Head ref after the name (`p.q[x]` → `q`, `x`). */
  ref: N[];
  args: N[] | undefined;
  key: N | undefined;
  value: N | undefined;
  body: E[];
  else?: RuleN;
}

/** Names that resolve to documents (rules of the package, imports): the path they stand for. */
export type Globals = ReadonlyMap<string, readonly string[]>;

export function convertModule(m: Module, globals: Globals): RuleN[] {
  return m.rules.map((r) => convertRule(r, globals));
}

function convertRule(r: Rule, globals: Globals): RuleN {
  const local = declaredNames(r);
  const c = new Converter(globals, local);
  const h = r.head;
  const out: RuleN = {
    ref: h.ref.slice(1).map((t) => c.term(t)),
    args: h.args?.map((t) => c.term(t)),
    key: h.key ? c.term(h.key) : undefined,
    value: h.value ? c.term(h.value) : undefined,
    body: c.body(r.body),
  };
  if (r.else) out.else = convertRule(r.else, globals);
  return out;
}

/** A query, as a rule with only a body (no globals but `input` and `data`). */
export function convertQuery(b: Body): RuleN {
  const c = new Converter(new Map(), new Set());
  return { ref: [], args: undefined, key: undefined, value: undefined, body: c.body(b) };
}

/** Vars a rule declares anywhere (args, `:=`, `some`, `every`): they shadow globals. */
function declaredNames(r: Rule): Set<string> {
  const out = new Set<string>();
  const vars = (t: Term): void => {
    if (t.type === 'var') out.add(t.value);
    else if (t.type === 'array' || t.type === 'ref') t.value.forEach(vars);
    else if (t.type === 'object') t.value.forEach(([, v]) => vars(v));
  };
  r.head.args?.forEach(vars);
  const body = (b: Body): void => {
    for (const e of b) {
      const x = e.terms;
      if (x.type === 'call' && x.operator.value.length === 1 && x.operator.value[0]!.type === 'var' && x.operator.value[0]!.value === 'assign') vars(x.args[0]!);
      else if (x.type === 'some') {
        for (const s of x.symbols) {
          if (s.type === 'var') out.add(s.value);
          else if (s.type === 'call') s.value.slice(1, -1).forEach(vars);
        }
      } else if (x.type === 'every') {
        if (x.key) vars(x.key);
        vars(x.value);
        body(x.body);
      } else if (x.type === 'not') body(x.body);
      walkClosures(x, body);
    }
  };
  body(r.body);
  return out;
}

function walkClosures(x: Expr['terms'], f: (b: Body) => void): void {
  const term = (t: Term): void => {
    switch (t.type) {
      case 'arraycomprehension':
      case 'setcomprehension':
        f(t.value.body);
        term(t.value.term);
        return;
      case 'objectcomprehension':
        f(t.value.body);
        term(t.value.key);
        term(t.value.value);
        return;
      case 'ref':
      case 'call':
      case 'array':
      case 'set':
        t.value.forEach(term);
        return;
      case 'object':
        t.value.forEach(([k, v]) => (term(k), term(v)));
        return;
      case 'templatestring':
        for (const p of t.value.parts) if (p.type === 'templateexpr') term(p.term);
        return;
      default:
        return;
    }
  };
  if (x.type === 'term') term(x.term);
  else if (x.type === 'call') x.args.forEach(term);
  else if (x.type === 'some') x.symbols.forEach(term);
  else if (x.type === 'every') term(x.domain);
}

class Converter {
  constructor(
    private readonly globals: Globals,
    private readonly local: Set<string>,
  ) {}

  body(b: Body): E[] {
    return b.map((e) => this.expr(e));
  }

  private expr(e: Expr): E {
    const base = { negated: e.negated, with: e.with.map((w) => this.with(w)) };
    const x = e.terms;
    switch (x.type) {
      case 'term':
        return { ...base, kind: 'term', t: this.term(x.term) };
      case 'call':
        return { ...base, kind: 'call', terms: [this.opRef(x.operator), ...x.args.map((a) => this.term(a))] };
      case 'some':
        return { ...base, kind: 'some', symbols: x.symbols.map((s) => this.term(s)) };
      case 'every':
        return { ...base, kind: 'every', key: x.key ? this.term(x.key) : null, value: this.term(x.value), domain: this.term(x.domain), body: this.body(x.body) };
      case 'not':
        return { ...base, kind: 'not', body: this.body(x.body) };
    }
  }

  private with(w: With): W {
    return { target: this.term(w.target), value: this.term(w.value) };
  }

  /** An operator: a function of the package resolves to its path (`data.p.f`), a builtin stays. */
  private opRef(t: Term): N {
    if (t.type !== 'ref') return this.term(t);
    const head = t.value[0]!;
    const g = head.type === 'var' && head.value !== 'input' && head.value !== 'data' ? this.global(head.value) : undefined;
    const rest = t.value.slice(1).map((x): N => (x.type === 'var' ? { k: 'var', name: x.value } : this.term(x)));
    return { k: 'ref', terms: [...(g ?? [head.type === 'var' ? { k: 'var', name: head.value } : this.term(head)]), ...rest], src: t };
  }

  term(t: Term): N {
    switch (t.type) {
      case 'null':
        return { k: 'null', src: t };
      case 'boolean':
        return { k: 'bool', v: t.value, src: t };
      case 'number':
        return { k: 'num', v: t.value, src: t };
      case 'string':
        return { k: 'str', v: t.value, src: t };
      case 'var':
        // ResolveRefs: a global name becomes a ref (`input`, `data.p.r`).
        if (this.global(t.value)) return { k: 'ref', terms: this.global(t.value)!, src: t };
        return { k: 'var', name: t.value, src: t };
      case 'ref': {
        const head = t.value[0]!;
        const rest = t.value.slice(1).map((x) => this.term(x));
        const g = head.type === 'var' ? this.global(head.value) : undefined;
        const first: N[] = g ?? [head.type === 'var' ? { k: 'var', name: head.value } : this.term(head)];
        return { k: 'ref', terms: [...first, ...rest], src: t };
      }
      case 'call':
        return { k: 'call', terms: [this.opRef(t.value[0]!), ...t.value.slice(1).map((a) => this.term(a))], src: t };
      case 'array':
        return { k: 'array', items: t.value.map((x) => this.term(x)), src: t };
      case 'set': {
        // OPA's set holds a member written twice once.
        const items: N[] = [];
        for (const x of setMembers(t.value)) {
          const n = this.term(x);
          if (!items.some((y) => y.k !== 'acomp' && y.k !== 'scomp' && y.k !== 'ocomp' && compareNodes(y, n) === 0)) items.push(n);
        }
        return { k: 'set', items, src: t };
      }
      case 'object': {
        // OPA's parser keeps a repeated key once, with its last value (object-keys.ts).
        const ids = t.value.map(([k]) => writtenKeyId(k));
        const entries = mergedEntries(ids).map(([ki, vi]): [N, N] => [this.term(t.value[ki]![0]), this.term(t.value[vi]![1])]);
        return { k: 'object', entries, src: t };
      }
      case 'arraycomprehension':
      case 'setcomprehension':
        return { k: t.type === 'arraycomprehension' ? 'acomp' : 'scomp', body: this.body(t.value.body), term: this.term(t.value.term), src: t };
      case 'objectcomprehension':
        return { k: 'ocomp', body: this.body(t.value.body), key: this.term(t.value.key), value: this.term(t.value.value), src: t };
      case 'templatestring':
        return {
          k: 'template',
          parts: t.value.parts.map((p) => (p.type === 'string' ? p.value : { t: this.term(p.term), with: (p.with ?? []).map((w) => this.with(w)) })),
          src: t,
        };
    }
  }

  private global(name: string): N[] | undefined {
    if (name === 'input' || name === 'data') return [{ k: 'var', name }];
    const path = this.local.has(name) ? undefined : this.globals.get(name);
    return path?.map((x, i): N => (i === 0 ? { k: 'var', name: x } : { k: 'str', v: x }));
  }
}
