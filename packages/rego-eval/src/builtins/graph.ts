/** walk (a relation), graph.reachable, graph.reachable_paths (v1/topdown/{walk,reachable}.go). */
import { compare } from '../value/compare.js';
import { newSet, objectGet } from '../value/collections.js';
import { objectEntriesSorted } from '../value/compare.js';
import { hashKey } from '../value/hash.js';
import { isNumber, RegoSet, type Value } from '../value/types.js';
import { arrayIndex } from '../value/number.js';
import { isObj, obj } from './args.js';
import { typeErr } from './errors.js';
import type { BuiltinTable } from './registry.js';

/**
 * Every [path, value] pair of a document, root first, children in Rego order. With a prefix
 * (OPA's output path filter), only the pairs at or below it: a known element is looked up as
 * OPA's Term.Get does (an array index must be an integer spelled as one, so `2.0` finds
 * nothing) and put in the path as written; an unknown one (undefined) takes every child.
 */
export function walkPairs(root: Value, prefix: readonly (Value | undefined)[] = []): Value[] {
  const out: Value[] = [];
  const visit = (path: Value[], v: Value, i: number): void => {
    if (i >= prefix.length) out.push([path, v]);
    else {
      const key = prefix[i++];
      if (key !== undefined) {
        const child = childAt(v, key);
        if (child !== undefined) visit([...path, key], child, i);
        return;
      }
    }
    if (Array.isArray(v)) v.forEach((e, n) => visit([...path, n], e, i));
    else if (v instanceof RegoSet) for (const e of v.sorted(compare)) visit([...path, e], e, i);
    else if (isObj(v)) for (const [k, e] of objectEntriesSorted(v)) visit([...path, k], e, i);
  };
  visit([], root, 0);
  return out;
}

function childAt(v: Value, key: Value): Value | undefined {
  if (Array.isArray(v)) {
    const n = isNumber(key) ? arrayIndex(key) : undefined;
    return n === undefined ? undefined : v[n];
  }
  if (v instanceof RegoSet) return v.has(key) ? key : undefined;
  return isObj(v) ? objectGet(v, key) : undefined;
}

function vertices(v: Value | undefined): Value[] {
  if (Array.isArray(v)) return v;
  if (v instanceof RegoSet) return [...v.map.values()];
  return [];
}

function initial(args: Value[]): Value[] {
  const v = args[1]!;
  if (!Array.isArray(v) && !(v instanceof RegoSet)) throw typeErr(2, v, '{array, set}');
  return vertices(v);
}

export const graphBuiltins: BuiltinTable = {
  walk: { fn: (args) => walkPairs(args[0]!), relation: true, relationBelow: (args, prefix) => walkPairs(args[0]!, prefix) },
  'graph.reachable'(args) {
    const graph = obj(args, 0);
    const queue = initial(args);
    const reached = new RegoSet();
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i]!;
      const edges = objectGet(graph, node);
      if (edges === undefined) continue;
      for (const n of vertices(edges)) if (!reached.hasKey(hashKey(n))) queue.push(n);
      reached.add(node, hashKey(node));
    }
    return reached;
  },
  'graph.reachable_paths'(args) {
    const graph = obj(args, 0);
    const result: Value[] = [];
    const build = (root: Value, path: Value[], reached: Set<string>): void => {
      const edges = objectGet(graph, root);
      if (edges === undefined) {
        result.push(path);
        return;
      }
      path = [...path, root];
      const ns = vertices(edges);
      if (ns.length === 0) {
        result.push(path);
        return;
      }
      const r = new Set(reached).add(hashKey(root));
      for (const n of ns) {
        if (r.has(hashKey(n))) result.push(path);
        else build(n, path, r);
      }
    };
    for (const node of initial(args)) {
      const edges = objectGet(graph, node);
      if (edges === undefined) continue;
      const ns = vertices(edges);
      if (ns.length >= 1) for (const n of ns) build(n, [node], new Set([hashKey(node)]));
      else result.push([node]);
    }
    return newSet(result);
  },
};
