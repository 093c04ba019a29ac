/**
 * Rule indexing on constant equality against input: a definition whose body contains
 * `input.a.b == "c"` (or `"c" == input.a.b`, `input.a.b = "c"`) is only tried when the input
 * has that value. Definitions are grouped per input path, so evaluating a node with many
 * such rules costs one lookup per distinct path instead of one body per rule.
 */
import type { Lit, T } from '../compiler/ir.js';
import type { DocNode, RuleDef } from '../compiler/tree.js';
import { hashKey } from '../value/hash.js';
import type { Value } from '../value/types.js';

interface PathGroup {
  path: Value[];
  byValue: Map<string, number[]>;
}

export interface RuleIndex {
  groups: PathGroup[];
  /** Positions of definitions without an index condition. */
  always: number[];
}

const cache = new WeakMap<DocNode, RuleIndex | null>();

function inputConst(a: T, b: T, aliases?: Map<number, T>): { path: Value[]; value: Value } | undefined {
  if (a.k === 'var' && aliases?.has(a.slot)) a = aliases.get(a.slot)!;
  if (a.k === 'input' && b.k === 'const' && a.path.length > 0 && a.path.every((p) => p.k === 'const')) {
    const v = b.v;
    if (v === null || typeof v !== 'object') return { path: a.path.map((p) => (p as { v: Value }).v), value: v };
  }
  return undefined;
}

function condition(l: Lit, aliases: Map<number, T>): { path: Value[]; value: Value } | undefined {
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

function build(defs: RuleDef[]): RuleIndex | null {
  if (defs.length < 2) return null;
  const groups = new Map<string, PathGroup>();
  const always: number[] = [];
  let indexed = 0;
  defs.forEach((d, i) => {
    // Else chains: the condition must hold for the first body only, so do not index them.
    const aliases = inputAliases(d.body);
    const c = d.else ? undefined : d.body.map((l) => condition(l, aliases)).find((x) => x !== undefined);
    if (!c) {
      always.push(i);
      return;
    }
    indexed++;
    const pk = hashKey(c.path);
    let g = groups.get(pk);
    if (!g) groups.set(pk, (g = { path: c.path, byValue: new Map() }));
    const vk = hashKey(c.value);
    const list = g.byValue.get(vk);
    if (list) list.push(i);
    else g.byValue.set(vk, [i]);
  });
  if (indexed < 2) return null;
  return { groups: [...groups.values()], always };
}

/** Definitions worth trying for this input, in source order. */
export function candidates(node: DocNode, ix: RuleIndex, input: Value | undefined, lookup: (v: Value, k: Value) => Value | undefined): RuleDef[] {
  const picked: number[] = [...ix.always];
  if (input !== undefined) {
    for (const g of ix.groups) {
      let v: Value | undefined = input;
      for (const k of g.path) {
        v = lookup(v, k);
        if (v === undefined) break;
      }
      if (v === undefined) continue;
      const list = g.byValue.get(hashKey(v));
      if (list) picked.push(...list);
    }
  }
  picked.sort((a, b) => a - b);
  return picked.map((i) => node.rules[i]!);
}
