/** walk (a relation), graph.reachable, graph.reachable_paths (v1/topdown/{walk,reachable}.go). */
import { compare } from '../value/compare.js';
import { newSet, objectGet } from '../value/collections.js';
import { objectEntriesSorted } from '../value/compare.js';
import { hashKey } from '../value/hash.js';
import { RegoSet, type Value } from '../value/types.js';
import { isObj, obj } from './args.js';
import { typeErr } from './errors.js';
import type { BuiltinTable } from './registry.js';

/** Every [path, value] pair of a document, root first, children in Rego order. */
export function walkPairs(root: Value): Value[] {
  const out: Value[] = [];
  const visit = (path: Value[], v: Value): void => {
    out.push([path, v]);
    if (Array.isArray(v)) v.forEach((e, i) => visit([...path, i], e));
    else if (v instanceof RegoSet) for (const e of v.sorted(compare)) visit([...path, e], e);
    else if (isObj(v)) for (const [k, e] of objectEntriesSorted(v)) visit([...path, k], e);
  };
  visit([], root);
  return out;
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
  walk: { fn: (args) => walkPairs(args[0]!), relation: true },
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
