/**
 * Rule indexing on constant equality against input: a definition whose body contains
 * `input.a.b == "c"` (or `"c" == input.a.b`, `input.a.b = "c"`, `x := input.a.b; x == "c"`)
 * is only tried when the input has that value. Every such top-level condition of a body
 * counts: definitions are stored in a trie keyed by their conditions (sorted by input path),
 * so a definition is a candidate only when all of its indexed conditions hold, and
 * evaluating a node costs one lookup per trie edge visited instead of one body per rule.
 */
import type { Lit, T } from '../compiler/ir.js';
import type { DocNode, RuleDef } from '../compiler/tree.js';
import { hashKey } from '../value/hash.js';
import type { Value } from '../value/types.js';

interface Cond {
  /** Position of the input path in `RuleIndex.paths`. */
  path: number;
  value: Value;
}

interface TrieNode {
  /** Definitions whose conditions are all matched on the way to this node. */
  defs: number[];
  /** Per input path: value key -> subtree. */
  next: Map<number, Map<string, TrieNode>>;
}

export interface RuleIndex {
  /** Distinct input paths tested by some definition. */
  paths: Value[][];
  root: TrieNode;
}

const cache = new WeakMap<DocNode, RuleIndex | null>();

interface RawCond {
  path: Value[];
  value: Value;
}

function inputConst(a: T, b: T, aliases?: Map<number, T>): RawCond | undefined {
  if (a.k === 'var' && aliases?.has(a.slot)) a = aliases.get(a.slot)!;
  if (a.k === 'input' && b.k === 'const' && a.path.length > 0 && a.path.every((p) => p.k === 'const')) {
    const v = b.v;
    if (v === null || typeof v !== 'object') return { path: a.path.map((p) => (p as { v: Value }).v), value: v };
  }
  return undefined;
}

/** A strict-equality literal on an input path; `not`, `with`, `!=` and other forms are not conditions. */
function condition(l: Lit, aliases: Map<number, T>): RawCond | undefined {
  if (l.with) return undefined;
  if (l.k === 'unify') return inputConst(l.a, l.b, aliases) ?? inputConst(l.b, l.a, aliases);
  if (l.k === 'term' && l.t.k === 'call' && l.t.fn.kind === 'builtin' && l.t.fn.key === 'equal' && l.t.args.length === 2) {
    const [a, b] = l.t.args as [T, T];
    return inputConst(a, b, aliases) ?? inputConst(b, a, aliases);
  }
  return undefined;
}

/** `x := input.a.b` assignments, so that `x == "c"` indexes like `input.a.b == "c"`. */
function inputAliases(body: Lit[]): Map<number, T> {
  const m = new Map<number, T>();
  for (const l of body) {
    if (l.with || l.k !== 'unify') continue;
    if (l.a.k === 'var' && l.b.k === 'input' && l.b.path.every((p) => p.k === 'const')) m.set(l.a.slot, l.b);
  }
  return m;
}

/** The index of a node's definitions, or null when indexing would not help. */
export function ruleIndex(node: DocNode): RuleIndex | null {
  let ix = cache.get(node);
  if (ix !== undefined) return ix;
  ix = build(node.rules);
  cache.set(node, ix);
  return ix;
}

const newNode = (): TrieNode => ({ defs: [], next: new Map() });

function build(defs: RuleDef[]): RuleIndex | null {
  if (defs.length < 2) return null;
  const paths: Value[][] = [];
  const pathIds = new Map<string, number>();
  const root = newNode();
  let indexed = 0;
  defs.forEach((d, i) => {
    // Else chains: the conditions must hold for the first body only, so do not index them.
    const conds: Cond[] = [];
    if (!d.else) {
      const aliases = inputAliases(d.body);
      const seen = new Set<number>();
      for (const l of d.body) {
        const c = condition(l, aliases);
        if (!c) continue;
        const pk = hashKey(c.path);
        let id = pathIds.get(pk);
        if (id === undefined) {
          id = paths.push(c.path) - 1;
          pathIds.set(pk, id);
        }
        // A second test of the same path adds nothing a trie edge can express; the body checks it.
        if (seen.has(id)) continue;
        seen.add(id);
        conds.push({ path: id, value: c.value });
      }
    }
    if (conds.length > 0) indexed++;
    conds.sort((a, b) => a.path - b.path);
    let n = root;
    for (const c of conds) {
      let byValue = n.next.get(c.path);
      if (!byValue) n.next.set(c.path, (byValue = new Map()));
      const vk = hashKey(c.value);
      let child = byValue.get(vk);
      if (!child) byValue.set(vk, (child = newNode()));
      n = child;
    }
    n.defs.push(i);
  });
  if (indexed < 2) return null;
  return { paths, root };
}

const UNSEEN = Symbol('unseen');

/** Definitions worth trying for this input, in source order. */
export function candidates(node: DocNode, ix: RuleIndex, input: Value | undefined, lookup: (v: Value, k: Value) => Value | undefined): RuleDef[] {
  const values: (string | undefined | typeof UNSEEN)[] = new Array(ix.paths.length).fill(UNSEEN);
  const keyAt = (id: number): string | undefined => {
    let k = values[id];
    if (k !== UNSEEN) return k;
    let v: Value | undefined = input;
    for (const p of ix.paths[id]!) {
      if (v === undefined) break;
      v = lookup(v, p);
    }
    // An undefined path fails every strict equality on it.
    k = v === undefined ? undefined : hashKey(v);
    values[id] = k;
    return k;
  };
  const picked: number[] = [];
  const visit = (n: TrieNode): void => {
    for (const i of n.defs) picked.push(i);
    for (const [id, byValue] of n.next) {
      const k = keyAt(id);
      if (k === undefined) continue;
      const child = byValue.get(k);
      if (child) visit(child);
    }
  };
  visit(ix.root);
  picked.sort((a, b) => a - b);
  return picked.map((i) => node.rules[i]!);
}
