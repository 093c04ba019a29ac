/**
 * Static dependencies of a rule-tree node: the documents (complete, partial and zero-argument
 * function nodes) its definitions refer to by constant `data` paths, also through the bodies
 * of the functions they call. Used to evaluate long rule chains bottom-up (deps-first.ts).
 * Literals with `with` modifiers are skipped: they are evaluated in another context.
 */
import type { Lit, T } from '../compiler/ir.js';
import type { DocNode, RuleDef } from '../compiler/tree.js';

const memo = new WeakMap<DocNode, DocNode[]>();

/** Nodes whose value `node`'s value may read, computed once per node. */
export function ruleDeps(node: DocNode): DocNode[] {
  let deps = memo.get(node);
  if (!deps) memo.set(node, (deps = collect(node)));
  return deps;
}

/** A node whose value is computed (and cached) as a whole document. */
function isDocument(n: DocNode): boolean {
  if (n.hasDocRules) return true;
  const d = n.funcs[0] ?? n.defaultFunc;
  return !!d && (d.args?.length ?? 0) === 0;
}

function collect(start: DocNode): DocNode[] {
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
          addDefs([...x.fn.node.funcs, x.fn.node.defaultFunc]);
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
