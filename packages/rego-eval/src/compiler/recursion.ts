/**
 * Recursion check: any cycle among rules (through refs, calls or `with` values) is a compile
 * error `rule data.p is recursive: data.p -> data.q -> data.p`.
 */
import type { Lit, T, WithIR } from './ir.js';
import type { DocNode, RuleDef } from './tree.js';
import type { ErrorSink } from './compile.js';

function defsOf(n: DocNode): RuleDef[] {
  const out: RuleDef[] = [...n.rules, ...n.funcs];
  if (n.defaultRule) out.push(n.defaultRule);
  if (n.defaultFunc) out.push(n.defaultFunc);
  return out;
}

/** Rule nodes a data ref starting at `node` may reach: the node and all below with rules. */
function ruleNodesUnder(n: DocNode, out: Set<DocNode>): void {
  if (n.hasDocRules || n.isFunction) out.add(n);
  for (const c of n.children.values()) ruleNodesUnder(c, out);
}

/**
 * Rule nodes a data ref `node` + `path` can reach (constant keys narrow the search). A node
 * with rules may have rules below it too (`r[x] := …` and `r.b := …`): both count.
 */
function ruleNodesMatching(n: DocNode, path: T[], i: number, out: Set<DocNode>): void {
  if (i >= path.length) {
    ruleNodesUnder(n, out);
    return;
  }
  if (n.hasDocRules || n.isFunction) out.add(n);
  const p = path[i]!;
  if (p.k === 'const') {
    if (typeof p.v !== 'string') return;
    const c = n.children.get(p.v);
    if (c) ruleNodesMatching(c, path, i + 1, out);
    return;
  }
  for (const c of n.children.values()) ruleNodesMatching(c, path, i + 1, out);
}

function depsOfTerm(t: T | undefined, out: Set<DocNode>): void {
  if (!t) return;
  switch (t.k) {
    case 'data':
      ruleNodesMatching(t.node, t.path, 0, out);
      t.path.forEach((p) => depsOfTerm(p, out));
      break;
    case 'input':
      t.path.forEach((p) => depsOfTerm(p, out));
      break;
    case 'ref':
      depsOfTerm(t.head, out);
      t.path.forEach((p) => depsOfTerm(p, out));
      break;
    case 'array':
    case 'set':
      t.items.forEach((x) => depsOfTerm(x, out));
      break;
    case 'object':
      for (const [k, v] of t.entries) {
        depsOfTerm(k, out);
        depsOfTerm(v, out);
      }
      break;
    case 'call':
      if (t.fn.kind === 'rule') out.add(t.fn.node);
      t.args.forEach((x) => depsOfTerm(x, out));
      break;
    case 'acomp':
    case 'scomp':
    case 'ocomp':
      depsOfTerm(t.head, out);
      depsOfTerm(t.value, out);
      depsOfBody(t.body, out);
      break;
    case 'template':
      for (const p of t.parts) if (typeof p !== 'string') depsOfTerm(p, out);
      break;
  }
}

function depsOfWith(w: WithIR, out: Set<DocNode>): void {
  depsOfTerm(w.value, out);
  if (w.fn && w.fn.kind === 'rule') out.add(w.fn.node);
}

export function depsOfBody(lits: Lit[], out: Set<DocNode>): void {
  for (const l of lits) {
    switch (l.k) {
      case 'term':
        depsOfTerm(l.t, out);
        break;
      case 'unify':
        depsOfTerm(l.a, out);
        depsOfTerm(l.b, out);
        break;
      case 'not':
        depsOfBody(l.body, out);
        break;
      case 'some':
        depsOfTerm(l.key, out);
        depsOfTerm(l.value, out);
        depsOfTerm(l.domain, out);
        break;
      case 'every':
        depsOfTerm(l.domain, out);
        depsOfBody(l.body, out);
        break;
      case 'print':
        l.args.forEach((a) => depsOfTerm(a, out));
        break;
    }
    for (const w of l.with ?? []) depsOfWith(w, out);
  }
}

function depsOfDef(d: RuleDef, out: Set<DocNode>): void {
  for (let x: RuleDef | undefined = d; x; x = x.else) {
    depsOfBody(x.body, out);
    x.dyn.forEach((t) => depsOfTerm(t, out));
    depsOfTerm(x.key, out);
    depsOfTerm(x.value, out);
    x.args?.forEach((t) => depsOfTerm(t, out));
  }
}

export function checkRecursion(root: DocNode, sink: ErrorSink): void {
  const nodes: DocNode[] = [];
  const collect = (n: DocNode): void => {
    if (n.hasDocRules || n.isFunction) nodes.push(n);
    for (const c of n.children.values()) collect(c);
  };
  collect(root);
  const edges = new Map<DocNode, DocNode[]>();
  for (const n of nodes) {
    const out = new Set<DocNode>();
    for (const d of defsOf(n)) depsOfDef(d, out);
    edges.set(n, [...out]);
  }
  // Every rule on a cycle gets its own error, naming the cycle from that rule. Only rules in
  // a strongly connected component with a cycle need the (per-rule) path search.
  const cyclic = cyclicNodes(nodes, edges);
  let reported = 0;
  for (const n of nodes) {
    if (!cyclic.has(n)) continue;
    // Past the compile error limit nothing more is shown.
    if (++reported > 11) break;
    const path = cycleFrom(n, edges, cyclic);
    if (!path) continue;
    const d = defsOf(n)[0]!;
    sink.add('rego_recursion_error', `rule ${n.refText} is recursive: ${path.map((x) => x.refText).join(' -> ')}`, d.loc);
  }
}

/** Nodes on some cycle: members of non-trivial SCCs and self-loops (iterative Tarjan). */
function cyclicNodes(nodes: DocNode[], edges: Map<DocNode, DocNode[]>): Set<DocNode> {
  const index = new Map<DocNode, number>();
  const low = new Map<DocNode, number>();
  const onStack = new Set<DocNode>();
  const stack: DocNode[] = [];
  const out = new Set<DocNode>();
  let next = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: Array<[DocNode, number]> = [[start, 0]];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const [v, i] = top;
      const succ = edges.get(v) ?? [];
      if (i < succ.length) {
        top[1]++;
        const w = succ[i]!;
        if (!edges.has(w)) continue;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const u = work[work.length - 1]![0];
        low.set(u, Math.min(low.get(u)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const comp: DocNode[] = [];
        let w: DocNode;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1 || succ.includes(v)) for (const c of comp) out.add(c);
      }
    }
  }
  return out;
}

/** Shortest path n -> ... -> n through `within`, or undefined. */
function cycleFrom(n: DocNode, edges: Map<DocNode, DocNode[]>, within: Set<DocNode>): DocNode[] | undefined {
  const prev = new Map<DocNode, DocNode>();
  const queue: DocNode[] = [n];
  for (let i = 0; i < queue.length; i++) {
    const x = queue[i]!;
    for (const y of edges.get(x) ?? []) {
      if (y === n) {
        const path = [n];
        for (let c: DocNode | undefined = x; c && c !== n; c = prev.get(c)) path.splice(1, 0, c);
        path.push(n);
        return path;
      }
      if (within.has(y) && !prev.has(y)) {
        prev.set(y, x);
        queue.push(y);
      }
    }
  }
  return undefined;
}
