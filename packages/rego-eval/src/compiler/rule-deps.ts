/**
 * Static dependencies of a rule-tree node: the documents (complete, partial and zero-argument
 * function nodes) its definitions refer to by constant `data` paths — for evaluation also
 * through the bodies of the functions they call, for type checking with the called functions
 * themselves. Used to evaluate and type long rule chains bottom-up instead of recursing once
 * per rule (deps-first.ts, types/rules.ts). Literals with `with` modifiers are skipped: they
 * are evaluated in another context.
 */
import type { Lit, T } from './ir.js';
import type { DocNode, RuleDef } from './tree.js';

/** Rule nesting from which dependencies are handled first (well within Node's stack). */
export const DEEP_CHAIN_DEPTH = 100;

const memo = new WeakMap<DocNode, DocNode[]>();
const typeMemo = new WeakMap<DocNode, DocNode[]>();

/** Documents whose value `node`'s value may read (through called functions), once per node. */
export function ruleDeps(node: DocNode): DocNode[] {
  let deps = memo.get(node);
  if (!deps) memo.set(node, (deps = collect(node, true)));
  return deps;
}

/** Documents and functions whose types `node`'s type may need, once per node. */
export function typeDeps(node: DocNode): DocNode[] {
  let deps = typeMemo.get(node);
  if (!deps) typeMemo.set(node, (deps = collect(node, false)));
  return deps;
}

/**
 * The dependencies of `node` (transitively, by `deps`) that `done` does not rule out, deepest
 * first, found with an explicit stack; `node` itself is not included.
 */
export function depsBottomUp(node: DocNode, deps: (n: DocNode) => DocNode[], done: (n: DocNode) => boolean): DocNode[] {
  const order: DocNode[] = [];
  const seen = new Set<DocNode>([node]);
  const stack: Array<{ node: DocNode; deps: DocNode[]; i: number }> = [{ node, deps: deps(node), i: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.i < top.deps.length) {
      const d = top.deps[top.i++]!;
      if (seen.has(d) || done(d)) continue;
      seen.add(d);
      stack.push({ node: d, deps: deps(d), i: 0 });
    } else {
      stack.pop();
      if (top.node !== node) order.push(top.node);
    }
  }
  return order;
}

/** A node whose value is computed (and cached) as a whole document. */
function isDocument(n: DocNode): boolean {
  if (n.hasDocRules) return true;
  const d = n.funcs[0] ?? n.defaultFunc;
  return !!d && (d.args?.length ?? 0) === 0;
}

function collect(start: DocNode, throughFunctions: boolean): DocNode[] {
  const out = new Set<DocNode>();
  const fns = new Set<DocNode>();
  // Explicit work list: terms nest as deeply as the policy does.
  const work: Array<T | Lit> = [];
  const addDefs = (defs: Iterable<RuleDef | undefined>): void => {
    for (const first of defs) {
      for (let d = first; d; d = d.else) {
        work.push(...d.body, ...d.dyn);
        if (d.key) work.push(d.key);
        if (d.value) work.push(d.value);
      }
    }
  };
  addDefs([...start.rules, start.defaultRule, ...start.funcs, start.defaultFunc]);
  while (work.length) {
    const x = work.pop()!;
    switch (x.k) {
      case 'data': {
        const n = target(x.node, x.path);
        if (n && n !== start) out.add(n);
        work.push(...x.path);
        break;
      }
      case 'call':
        if (x.fn.kind === 'rule' && !fns.has(x.fn.node)) {
          fns.add(x.fn.node);
          if (throughFunctions) addDefs([...x.fn.node.funcs, x.fn.node.defaultFunc]);
          else if (x.fn.node !== start) out.add(x.fn.node);
        }
        work.push(...x.args);
        break;
      case 'ref':
        work.push(x.head, ...x.path);
        break;
      case 'input':
        work.push(...x.path);
        break;
      case 'array':
      case 'set':
        work.push(...x.items);
        break;
      case 'object':
        for (const [a, b] of x.entries) work.push(a, b);
        break;
      case 'acomp':
      case 'scomp':
      case 'ocomp':
        work.push(x.head, ...x.body);
        if (x.value) work.push(x.value);
        break;
      case 'template':
        for (const p of x.parts) if (typeof p !== 'string') work.push(p);
        break;
      case 'term':
        if (!x.with) work.push(x.t);
        break;
      case 'unify':
        if (!x.with) work.push(x.a, x.b);
        break;
      case 'not':
        if (!x.with) work.push(...x.body);
        break;
      case 'some':
        if (!x.with) work.push(x.value, x.domain);
        break;
      case 'every':
        if (!x.with) work.push(x.domain, ...x.body);
        break;
      case 'print':
        if (!x.with) work.push(...x.args);
        break;
      default:
        break;
    }
  }
  return [...out];
}

/** The document node a `data` ref reads as a whole, following its constant path parts. */
function target(node: DocNode, path: T[]): DocNode | undefined {
  let n = node;
  for (let i = 0; ; i++) {
    if (isDocument(n)) return n;
    const p = path[i];
    if (!p || p.k !== 'const' || typeof p.v !== 'string') return undefined;
    const c = n.children.get(p.v);
    if (!c) return undefined;
    n = c;
  }
}
