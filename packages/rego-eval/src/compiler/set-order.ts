/**
 * The order in which OPA iterates a set literal with non-constant members.
 *
 * OPA keeps such a literal as a term (`{"b", __local0__}`) bound to its variables, and iterating
 * it (`some x in {upper("z"), "b"}`, `s[_]` after `s := {a, b}`, a function parameter bound to
 * it) walks the term's members in OPA's term order *before* they are plugged in: constants first
 * (by value), then variables by name — OPA's compiler has replaced calls, comprehensions and
 * refs in the literal by generated `__localN__` variables — then arrays, objects and sets. Two
 * members with the same value are both visited (`a := 1; b := 1; [x | some x in {a, b}]` is
 * `[1, 1]`). The value itself (count, membership, output) is the ordinary set.
 *
 * Generated names are OPA's own where the compile knows them (`local-numbering/`: numbered
 * over the whole module, so `__local10__` sorts before `__local9__`; per query for a query,
 * `__localqN__`). Otherwise they are approximated per literal: variables declared with
 * `:=`/`some` and function parameters first (rewriteLocalVars, in declaration order), then
 * calls (rewriteExprTerms), comprehensions, then refs (rewriteDynamicTerms) — as OPA's stages
 * run. Variables bound only by `=` keep their names.
 */
import type { T } from './ir.js';
import { compareTerms } from './types/term-order.js';
import { opaNumberOf } from './local-numbering/ir-numbers.js';
import { RegoNumber } from '../value/types.js';

/** How a member sorts once OPA has rewritten it: by constant, by variable name, or structurally. */
type Key =
  | { rank: 'const' | 'composite'; t: T }
  /**
   * A `__localN__` variable: stage (declared 0, call 1, comprehension 2, ref 3), then sequence;
   * `name` is OPA's own when known.
   */
  | { rank: 'local'; stage: number; seq: number; name?: string }
  /** A variable that keeps its source name. */
  | { rank: 'named'; name: string };

const LOCAL_PREFIX = '__local';

/**
 * The indexes of `items` in OPA's iteration order, or undefined when no member varies.
 * `declared(v)` tells whether a variable member is renamed by OPA (declared or a parameter).
 */
export function setIterationOrder(
  items: readonly T[],
  declared: (t: Extract<T, { k: 'var' }>) => boolean,
  opaNames?: ReadonlyArray<string | undefined>,
): number[] | undefined {
  if (items.length < 2 || items.every((t) => t.k === 'const')) return undefined;
  // OPA's set term holds a member written twice (`{v, "a", v}`) once.
  const kept = items.map((_, i) => i).filter((i) => !items.slice(0, i).some((x) => sameTerm(x, items[i]!)));
  // Calls are numbered walking the literal in OPA's order of the original terms.
  const byOriginal = items.map((_, i) => i).sort((a, b) => compareTerms(items[a]!, items[b]!));
  const seqOf = new Map<number, number>();
  byOriginal.forEach((idx, n) => seqOf.set(idx, n));
  const keys = items.map((t, i): Key => {
    switch (t.k) {
      case 'const':
        // Constant arrays, objects and sets sort after variables, as written ones do.
        return { rank: t.v !== null && typeof t.v === 'object' && !(t.v instanceof RegoNumber) ? 'composite' : 'const', t };
      case 'var':
        return declared(t) ? { rank: 'local', stage: 0, seq: t.slot } : { rank: 'named', name: t.name };
      case 'call':
      case 'template':
        return { rank: 'local', stage: 1, seq: seqOf.get(i)! };
      case 'acomp':
      case 'scomp':
      case 'ocomp':
        return { rank: 'local', stage: 2, seq: seqOf.get(i)! };
      case 'ref':
      case 'data':
      case 'input':
        return { rank: 'local', stage: 3, seq: seqOf.get(i)! };
      default:
        return { rank: 'composite', t };
    }
  });
  // OPA's own names, when each generated one is known (a repeated member has none: it is not in
  // OPA's set).
  if (opaNames && kept.every((i) => keys[i]!.rank !== 'local' || opaNames[i] !== undefined)) {
    for (const i of kept) if (keys[i]!.rank === 'local') (keys[i] as { name?: string }).name = opaNames[i];
  }
  // Composite members are compared as OPA holds them once rewritten: with the names of the
  // variables generated inside them, when all are known.
  const views = new Map<number, T>();
  for (const i of kept) {
    const k = keys[i]!;
    if (k.rank !== 'composite' || items[i]!.k === 'const') continue;
    const v = rewrittenView(items[i]!, declared);
    if (!v) {
      views.clear();
      break;
    }
    views.set(i, v);
  }
  for (const [i, v] of views) keys[i] = { rank: 'composite', t: v };
  return kept.sort((a, b) => compareKeys(keys[a]!, keys[b]!) || a - b);
}

/**
 * `t` with each term OPA replaces by a generated variable (calls, templates, refs,
 * comprehensions, declared variables) as that variable, or undefined where a name is unknown.
 */
function rewrittenView(t: T, declared: (t: Extract<T, { k: 'var' }>) => boolean): T | undefined {
  const named = (x: T): T | undefined => {
    const name = opaNumberOf(x);
    return name === undefined ? undefined : { k: 'var', slot: -1, name, free: [] };
  };
  switch (t.k) {
    case 'const':
      return t;
    case 'var':
      return declared(t) ? named(t) : t;
    case 'array':
    case 'set': {
      const items: T[] = [];
      for (const x of t.items) {
        const v = rewrittenView(x, declared);
        if (!v) return undefined;
        items.push(v);
      }
      return { ...t, items };
    }
    case 'object': {
      const entries: Array<[T, T]> = [];
      for (const [k, x] of t.entries) {
        const kv = rewrittenView(k, declared);
        const xv = rewrittenView(x, declared);
        if (!kv || !xv) return undefined;
        entries.push([kv, xv]);
      }
      return { ...t, entries };
    }
    default:
      return named(t);
  }
}

/**
 * Members OPA's set term holds once: the same term once resolved. (Comprehensions written alike
 * are merged before, by object-keys.ts setMembers; here they never are.)
 */
function sameTerm(a: T, b: T): boolean {
  if (a.k === 'acomp' || a.k === 'scomp' || a.k === 'ocomp' || b.k === 'acomp' || b.k === 'scomp' || b.k === 'ocomp') return false;
  return compareTerms(a, b) === 0;
}

const RANK = { const: 0, local: 1, named: 1, composite: 2 } as const;

function compareKeys(a: Key, b: Key): number {
  const ra = RANK[a.rank];
  const rb = RANK[b.rank];
  if (ra !== rb) return ra - rb;
  if (a.rank === 'local' && b.rank === 'local') return a.name && b.name ? cmp(a.name, b.name) : a.stage - b.stage || a.seq - b.seq;
  if (a.rank === 'named' && b.rank === 'named') return cmp(a.name, b.name);
  if (a.rank === 'named' && b.rank === 'local') return cmp(a.name, b.name ?? LOCAL_PREFIX);
  if (a.rank === 'local' && b.rank === 'named') return cmp(a.name ?? LOCAL_PREFIX, b.name);
  return compareTerms((a as { t: T }).t, (b as { t: T }).t);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
