/**
 * Rule indexing on input: a definition is only tried when the input can satisfy the
 * conditions of its body that the index understands. Two kinds of top-level literals count:
 *
 * - constant equality: `input.a.b == "c"` (or `"c" == input.a.b`, `input.a.b = "c"`,
 *   `x := input.a.b; x == "c"`);
 * - `glob.match(pattern, delimiters, input.a.b)` with a constant pattern and delimiters: the
 *   pattern is split at the delimiters (see `glob-index.ts`), and the input string must have
 *   as many parts, equal to the pattern's literal parts.
 *
 * Each condition is an equality between a *probe* (a value derived from the input) and a
 * constant. Definitions are stored in a trie keyed by their conditions (sorted by probe), so a
 * definition is a candidate only when all of its conditions hold, and choosing candidates
 * costs one lookup per trie edge visited instead of one body per rule. A candidate's body
 * still runs in full: the index only skips definitions that cannot succeed.
 */
import type { Lit, T } from '../compiler/ir.js';
import type { DocNode, RuleDef } from '../compiler/tree.js';
import { hashKey } from '../value/hash.js';
import type { Value } from '../value/types.js';
import { globConditions, splitAtDelimiters, splittable } from './glob-index.js';

/** A value read from the input: the value at a path, or a part of its split at glob delimiters. */
interface Probe {
  path: Value[];
  /** Glob split: delimiter code points, and the part read (its index, or -1 for the count). */
  split?: { seps: string; part: number };
}

interface Cond {
  /** Position of the probe in `RuleIndex.probes`. */
  probe: number;
  value: Value;
}

interface TrieNode {
  /** Definitions whose conditions are all matched on the way to this node. */
  defs: number[];
  /** Per probe: value key -> subtree. */
  next: Map<number, Map<string, TrieNode>>;
}

export interface RuleIndex {
  /** Distinct probes tested by some definition. */
  probes: Probe[];
  root: TrieNode;
  /** Builtins whose meaning the index assumes: a `with` mock of one of them disables it. */
  builtins: string[];
}

const cache = new WeakMap<DocNode, RuleIndex | null>();

interface RawCond {
  probe: Probe;
  value: Value;
}

/** The constant input path of `t` (through `x := input.a.b` aliases), if it is one. */
function inputPath(t: T, aliases: Map<number, T>): Value[] | undefined {
  if (t.k === 'var' && aliases.has(t.slot)) t = aliases.get(t.slot)!;
  if (t.k === 'input' && t.path.length > 0 && t.path.every((p) => p.k === 'const')) return t.path.map((p) => (p as { v: Value }).v);
  return undefined;
}

function inputConst(a: T, b: T, aliases: Map<number, T>): RawCond | undefined {
  const path = inputPath(a, aliases);
  if (path && b.k === 'const') {
    const v = b.v;
    if (v === null || typeof v !== 'object') return { probe: { path }, value: v };
  }
  return undefined;
}

/** The conditions a literal imposes; `not`, `with`, `!=` and other forms impose none. */
function conditions(l: Lit, aliases: Map<number, T>): RawCond[] {
  if (l.with) return [];
  if (l.k === 'unify') {
    const c = inputConst(l.a, l.b, aliases) ?? inputConst(l.b, l.a, aliases);
    return c ? [c] : [];
  }
  if (l.k !== 'term' || l.keepFalse || l.t.k !== 'call' || l.t.fn.kind !== 'builtin') return [];
  const { key } = l.t.fn;
  const args = l.t.args;
  if (key === 'equal' && args.length === 2) {
    const c = inputConst(args[0]!, args[1]!, aliases) ?? inputConst(args[1]!, args[0]!, aliases);
    return c ? [c] : [];
  }
  if (key === 'glob.match' && args.length === 3) {
    const [pattern, delims, match] = args as [T, T, T];
    const path = inputPath(match, aliases);
    if (!path || pattern.k !== 'const' || delims.k !== 'const') return [];
    const g = globConditions(pattern.v, delims.v);
    if (!g) return [];
    return g.parts.map(([part, value]) => ({ probe: { path, split: { seps: g.seps, part } }, value }));
  }
  return [];
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

const probeKey = (p: Probe): string => hashKey(p.path) + (p.split ? `\u0000${p.split.seps}\u0000${p.split.part}` : '');

function build(defs: RuleDef[]): RuleIndex | null {
  if (defs.length < 2) return null;
  const probes: Probe[] = [];
  const probeIds = new Map<string, number>();
  const builtins = new Set<string>(['equal']);
  const root = newNode();
  let indexed = 0;
  defs.forEach((d, i) => {
    // Else chains: the conditions must hold for the first body only, so do not index them.
    const conds: Cond[] = [];
    if (!d.else) {
      const aliases = inputAliases(d.body);
      const seen = new Set<number>();
      for (const l of d.body) {
        for (const c of conditions(l, aliases)) {
          const pk = probeKey(c.probe);
          let id = probeIds.get(pk);
          if (id === undefined) {
            id = probes.push(c.probe) - 1;
            probeIds.set(pk, id);
          }
          if (c.probe.split) builtins.add('glob.match');
          // A second test of the same probe adds nothing a trie edge can express; the body checks it.
          if (seen.has(id)) continue;
          seen.add(id);
          conds.push({ probe: id, value: c.value });
        }
      }
    }
    if (conds.length > 0) indexed++;
    conds.sort((a, b) => a.probe - b.probe);
    let n = root;
    for (const c of conds) {
      let byValue = n.next.get(c.probe);
      if (!byValue) n.next.set(c.probe, (byValue = new Map()));
      const vk = hashKey(c.value);
      let child = byValue.get(vk);
      if (!child) byValue.set(vk, (child = newNode()));
      n = child;
    }
    n.defs.push(i);
  });
  if (indexed < 2) return null;
  return { probes, root, builtins: [...builtins] };
}

const UNSEEN = Symbol('unseen');
/** A probe whose conditions cannot be decided here (glob.match of a non-string: its body reports the error). */
const ANY = Symbol('any');
type Key = string | undefined | typeof UNSEEN | typeof ANY;

/** Definitions worth trying for this input, in source order. */
export function candidates(
  node: DocNode,
  ix: RuleIndex,
  input: Value | undefined,
  lookup: (v: Value, k: Value) => Value | undefined,
  mocks?: ReadonlyMap<string, unknown>,
): RuleDef[] {
  if (mocks && ix.builtins.some((b) => mocks.has(b))) return node.rules;
  // Plain functions over one state object: this runs once per rule evaluation.
  const st: VisitState = { ix, input, lookup, keys: new Array<Key>(ix.probes.length).fill(UNSEEN), splits: undefined, picked: [] };
  visit(st, ix.root);
  const picked = st.picked;
  if (picked.length === 1) return [node.rules[picked[0]!]!];
  picked.sort((a, b) => a - b);
  const out: RuleDef[] = new Array(picked.length);
  for (let i = 0; i < picked.length; i++) out[i] = node.rules[picked[i]!]!;
  return out;
}

interface VisitState {
  ix: RuleIndex;
  input: Value | undefined;
  lookup: (v: Value, k: Value) => Value | undefined;
  /** Per probe: its value's key, computed on first use. */
  keys: Key[];
  splits: Map<string, string[]> | undefined;
  picked: number[];
}

function keyAt(st: VisitState, id: number): Key {
  let k = st.keys[id];
  if (k !== UNSEEN) return k;
  const probe = st.ix.probes[id]!;
  let v: Value | undefined = st.input;
  for (const p of probe.path) {
    if (v === undefined) break;
    v = st.lookup(v, p);
  }
  const split = probe.split;
  // An undefined value fails every equality on it, and makes glob.match undefined.
  if (v === undefined) k = undefined;
  else if (!split) k = hashKey(v);
  else if (typeof v !== 'string' || !splittable(v)) k = ANY;
  else {
    st.splits ??= new Map();
    const sk = split.seps + '\u0000' + v;
    let parts = st.splits.get(sk);
    if (!parts) st.splits.set(sk, (parts = splitAtDelimiters(v, split.seps)));
    const part = split.part < 0 ? parts.length : parts[split.part];
    k = part === undefined ? undefined : hashKey(part);
  }
  st.keys[id] = k;
  return k;
}

function visit(st: VisitState, n: TrieNode): void {
  for (const i of n.defs) st.picked.push(i);
  for (const [id, byValue] of n.next) {
    const k = keyAt(st, id);
    if (k === undefined) continue;
    if (k === ANY) {
      for (const child of byValue.values()) visit(st, child);
      continue;
    }
    const child = byValue.get(k as string);
    if (child) visit(st, child);
  }
}
