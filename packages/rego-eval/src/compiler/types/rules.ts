/**
 * Types of rules and functions, inferred from their definitions on first use (so in
 * dependency order, as OPA checks rules in the order of its dependency graph), and the
 * type of `data` refs over the rule tree (base data is not typed: `any`).
 */
import type { RuleDef } from '../tree.js';
import type { DocNode } from '../tree.js';
import { litParts, type Lit, type T } from '../ir.js';
import { Checker, Env, selectRef, type TypeError } from './check.js';
import { DEEP_CHAIN_DEPTH, depsBottomUp, typeDeps } from '../rule-deps.js';
import { ANY, compareTypes, objectOf, or, setOf, STR, type MaybeTy, type Ty } from './type.js';

const IN_PROGRESS = Symbol('in-progress');

export type DataWalk =
  | { kind: 'leaf'; type: MaybeTy; idx: number }
  | { kind: 'var'; idx: number; oneOf: string[] }
  | { kind: 'none' };

export class RuleTypes {
  private readonly types = new Map<DocNode, MaybeTy | typeof IN_PROGRESS>();
  /**
   * The type of a rule being inferred, from the definitions checked so far: what a rule met
   * while checking a later definition sees. OPA checks rules one by one in dependency order,
   * so a rule that a definition depends on sees only the definitions checked before it
   * (`r1 := r0.a` with `r0[k].a := 0` and `r0["x"] := 0 if { … r1 … }`: r1 sees `r0[k].a` alone).
   */
  private readonly partial = new Map<DocNode, MaybeTy>();
  readonly errors: TypeError[] = [];
  /** Nesting of rule types being inferred. */
  private depth = 0;

  constructor(private readonly root: DocNode) {}

  /**
   * Checks every rule of the tree (reporting its errors once), dependencies first, without
   * deep recursion (a long rule chain must not exhaust the JS stack).
   */
  checkAll(): void {
    const nodes: DocNode[] = [];
    const stack: DocNode[] = [this.root];
    while (stack.length) {
      const n = stack.pop()!;
      if (hasDefs(n)) nodes.push(n);
      const keys = n.sortedChildren.length ? n.sortedChildren : [...n.children.keys()];
      for (let i = keys.length - 1; i >= 0; i--) stack.push(n.children.get(keys[i]!)!);
    }
    // Iterative post-order over the dependency graph.
    const state = new Map<DocNode, number>();
    for (const start of nodes) {
      if (state.has(start)) continue;
      const work: Array<[DocNode, DocNode[], number]> = [[start, ruleDeps(start), 0]];
      state.set(start, 1);
      while (work.length) {
        const top = work[work.length - 1]!;
        const [n, deps] = top;
        if (top[2] < deps.length) {
          const d = deps[top[2]++]!;
          if (!state.has(d) && hasDefs(d)) {
            state.set(d, 1);
            work.push([d, ruleDeps(d), 0]);
          }
          continue;
        }
        work.pop();
        state.set(n, 2);
        this.typeOf(n);
      }
    }
  }

  /** The type of the rule (or function) defined at `n`; undefined when it has none. */
  typeOf(n: DocNode): MaybeTy {
    const have = this.types.get(n);
    if (have === IN_PROGRESS) return this.partial.get(n) ?? ANY;
    if (this.types.has(n)) return have as MaybeTy;
    this.types.set(n, IN_PROGRESS);
    let t: MaybeTy;
    this.depth++;
    try {
      // Deep in a rule chain: type the rule's dependencies bottom-up first (no JS recursion per rule).
      if (this.depth > DEEP_CHAIN_DEPTH) for (const d of depsBottomUp(n, typeDeps, (x) => this.types.has(x))) this.typeOf(d);
      t = this.infer(n);
    } finally {
      this.depth--;
      this.partial.delete(n);
    }
    this.types.set(n, t);
    return t;
  }

  functionType(n: DocNode): MaybeTy {
    return this.typeOf(n);
  }

  private infer(n: DocNode): MaybeTy {
    const defs: RuleDef[] = [];
    for (const d of [...n.rules, ...(n.defaultRule ? [n.defaultRule] : []), ...n.funcs, ...(n.defaultFunc ? [n.defaultFunc] : [])]) {
      for (let x: RuleDef | undefined = d; x; x = x.else) defs.push(x);
    }
    let t: MaybeTy;
    let failed = false;
    for (const d of defs) {
      const r = this.checkDef(d);
      if (r === 'error') failed = true;
      else if (r !== undefined) t = mergeTypes(t, r);
      if (!failed) this.partial.set(n, t);
    }
    if (failed) return ANY;
    // Rules below a rule whose value is an object (`p[k] := v` and `p.q := 1`) extend its type.
    if (t && t.k === 'object') {
      for (const [rel, c] of this.leafs(n, [])) {
        const ct = this.typeOf(c);
        if (ct !== undefined && t.k === 'object') t = insertIntoObject(t, rel, ct);
        this.partial.set(n, t);
      }
    }
    return t;
  }

  /** The rule nodes below `n` (not below those), with their paths relative to `n`. */
  private leafs(n: DocNode, prefix: string[]): Array<[string[], DocNode]> {
    const out: Array<[string[], DocNode]> = [];
    for (const [k, c] of n.children) {
      if (hasDefs(c)) out.push([[...prefix, k], c]);
      else out.push(...this.leafs(c, [...prefix, k]));
    }
    return out;
  }

  private checkDef(d: RuleDef): MaybeTy | 'error' {
    const c = new Checker(this);
    const heads: T[] = [...d.dyn, ...(d.key ? [d.key] : []), ...(d.value ? [d.value] : [])];
    let rewritten: T[] = heads;
    const hx = c.headExprs(heads, d.loc);
    const { env, errors } = c.checkBody(undefined, d.body, (benv, out) => {
      rewritten = hx(benv, out);
    });
    if (errors.length) {
      this.errors.push(...errors);
      return 'error';
    }
    const dyn = rewritten.slice(0, d.dyn.length);
    const key = d.key ? rewritten[d.dyn.length] : undefined;
    const value = d.value ? rewritten[rewritten.length - 1] : undefined;
    if (d.kind === 'function') {
      const args = (d.headArgs ?? d.args ?? []).map((a) => {
        untypedToAny(env, a);
        return c.typeOf(env, a) as Ty;
      });
      return { k: 'function', args, result: value ? c.typeOf(env, value) : undefined };
    }
    let t: MaybeTy;
    if (d.kind === 'multi') {
      const k = key ? c.typeOf(env, key) : undefined;
      if (k === undefined) return undefined;
      t = setOf(k);
    } else t = value ? c.typeOf(env, value) : undefined;
    if (t === undefined) return undefined;
    for (let i = dyn.length - 1; i >= 0; i--) {
      const k = c.typeOf(env, dyn[i]!);
      if (k === undefined) return undefined;
      t = objectOf([], { key: k, value: t });
    }
    return t;
  }

  /** OPA's GetByRef for `data.<node path>.<path>`. */
  dataRefType(node: DocNode, path: T[]): MaybeTy {
    const segs: Array<string | T> = [...node.path, ...path];
    let n = this.root;
    if (!this.typed(n)) return ANY;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i]!;
      if (hasDefs(n)) {
        const c = typeof s === 'string' ? n.children.get(s) : s.k === 'const' && typeof s.v === 'string' ? n.children.get(s.v) : undefined;
        if (c && this.typed(c)) {
          n = c;
          continue;
        }
        return selectRef(this.typeOf(n), segs.slice(i).map(segTerm));
      }
      const key = typeof s === 'string' ? s : s.k === 'const' ? s.v : undefined;
      if (key === undefined) return selectRef(this.extent(n), segs.slice(i).map(segTerm));
      const c = typeof key === 'string' ? n.children.get(key) : undefined;
      if (!c || !this.typed(c)) return ANY;
      n = c;
    }
    return hasDefs(n) ? this.typeOf(n) : this.extent(n);
  }

  /** Walks a data ref as OPA's refChecker does, up to a rule (leaf) or a variable key. */
  walkData(nodePath: string[], path: T[]): DataWalk {
    const segs: Array<string | T> = [...nodePath, ...path];
    let n = this.root;
    if (!this.typed(n)) return { kind: 'none' };
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i]!;
      if (typeof s !== 'string' && s.k === 'var') {
        return { kind: 'var', idx: i + 1, oneOf: [...n.children.keys()].filter((k) => this.typed(n.children.get(k)!)).sort() };
      }
      const key = typeof s === 'string' ? s : s.k === 'const' && typeof s.v === 'string' ? s.v : undefined;
      const c = key !== undefined ? n.children.get(key) : undefined;
      if (!c || !this.typed(c)) return { kind: 'none' };
      if (hasDefs(c)) {
        const t = this.typeOf(c);
        return t === undefined ? { kind: 'none' } : { kind: 'leaf', type: t, idx: i + 1 };
      }
      n = c;
    }
    return { kind: 'none' };
  }

  /** A namespace node's type: its typed children as static keys, any other string key. */
  private extent(n: DocNode): Ty {
    const props: Array<{ key: string; value: Ty }> = [];
    for (const [k, c] of n.children) {
      if (!this.typed(c)) continue;
      const t = hasDefs(c) ? this.typeOf(c) : this.extent(c);
      if (t !== undefined) props.push({ key: k, value: t });
    }
    return objectOf(props, { key: STR, value: ANY });
  }

  private typed(n: DocNode): boolean {
    if (hasDefs(n)) return true;
    for (const c of n.children.values()) if (this.typed(c)) return true;
    return false;
  }
}

/** Rule nodes whose types the definitions at `n` may need (refs, calls, mocks; a namespace's rules). */
function ruleDeps(n: DocNode): DocNode[] {
  const out = new Set<DocNode>();
  const terms: T[] = [];
  const lits: Lit[] = [];
  for (const d0 of [...n.rules, ...(n.defaultRule ? [n.defaultRule] : []), ...n.funcs, ...(n.defaultFunc ? [n.defaultFunc] : [])]) {
    for (let d: RuleDef | undefined = d0; d; d = d.else) {
      lits.push(...d.body);
      terms.push(...d.dyn, ...(d.key ? [d.key] : []), ...(d.value ? [d.value] : []), ...(d.args ?? []));
    }
  }
  const addTree = (x: DocNode): void => {
    const st = [x];
    while (st.length) {
      const m = st.pop()!;
      if (hasDefs(m)) out.add(m);
      else for (const c of m.children.values()) st.push(c);
    }
  };
  while (lits.length || terms.length) {
    const l = lits.pop();
    if (l) {
      for (const w of l.with ?? []) if (w.fn?.kind === 'rule') out.add(w.fn.node);
      litParts(l, terms, lits);
      continue;
    }
    const t = terms.pop()!;
    switch (t.k) {
      case 'data': {
        // The node, the rules it is under and the rules below it.
        for (let m: DocNode | undefined = t.node; m; m = m.parent) if (hasDefs(m)) out.add(m);
        addTree(t.node);
        terms.push(...t.path);
        break;
      }
      case 'call':
        if (t.fn.kind === 'rule') out.add(t.fn.node);
        terms.push(...t.args);
        break;
      case 'ref':
        terms.push(t.head, ...t.path);
        break;
      case 'input':
        terms.push(...t.path);
        break;
      case 'array':
      case 'set':
        terms.push(...t.items);
        break;
      case 'object':
        for (const [a, b] of t.entries) terms.push(a, b);
        break;
      case 'acomp':
      case 'scomp':
      case 'ocomp':
        terms.push(t.head, ...(t.value ? [t.value] : []));
        lits.push(...t.body);
        break;
      case 'template':
        for (const p of t.parts) if (typeof p !== 'string') terms.push(p);
        break;
    }
  }
  out.delete(n);
  return [...out];
}

function hasDefs(n: DocNode): boolean {
  return n.hasDocRules || n.isFunction;
}

function segTerm(s: string | T): T {
  return typeof s === 'string' ? { k: 'const', v: s, free: [] } : s;
}

function untypedToAny(env: Env, t: T): void {
  switch (t.k) {
    case 'var':
      if (env.get(t.slot) === undefined) env.put(t.slot, ANY);
      return;
    case 'array':
    case 'set':
      t.items.forEach((x) => untypedToAny(env, x));
      return;
    case 'object':
      t.entries.forEach(([k, v]) => (untypedToAny(env, k), untypedToAny(env, v)));
      return;
    default:
      return;
  }
}

function insertIntoObject(o: Extract<Ty, { k: 'object' }>, path: string[], t: Ty): Ty {
  const value = path.length === 1 ? t : insertIntoObject({ k: 'object', static: [] }, path.slice(1), t);
  const dyn = o.dynamic ? { key: or(o.dynamic.key, STR), value: or(o.dynamic.value, value) } : { key: STR, value };
  return objectOf(o.static, dyn);
}

/** OPA's mergeTypes for several definitions of one rule. */
function mergeTypes(a: MaybeTy, b: MaybeTy): MaybeTy {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a.k === 'object' && b.k === 'object' && !a.static.length && !b.static.length && a.dynamic && b.dynamic) {
    return objectOf([], { key: or(a.dynamic.key, b.dynamic.key), value: mergeTypes(a.dynamic.value, b.dynamic.value) });
  }
  if (a.k === 'set' && b.k === 'set') return setOf(or(a.of, b.of));
  if (a.k === 'any' && b.k !== 'any') return mergeTypes(b, a);
  if (compareTypes(a, b) === 0) return a;
  return or(a, b);
}
