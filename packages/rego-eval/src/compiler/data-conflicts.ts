import { RegoError, sortErrors } from '@rego-ts/rego-parser';
import { hashKey } from '../value/hash.js';
import { isObject, isPlainObject, ownGet, type Value } from '../value/types.js';
import type { DocNode, RuleDef } from './tree.js';

/**
 * Rules whose path collides with base data (OPA's path-conflict check against its store):
 * data already holds a value at the rule's path, or a non-object value at a prefix of it.
 * Paths under data objects that lack the key merge with the data and do not conflict.
 */
export function dataConflicts(root: DocNode, data: Value): RegoError[] {
  const out: RegoError[] = [];
  walk(root, data, out);
  return sortErrors(out);
}

function walk(node: DocNode, data: Value, out: RegoError[]): void {
  for (const key of [...node.children.keys()].sort()) {
    const child = node.children.get(key)!;
    if (!isObject(data)) {
      allRules(child, out);
      continue;
    }
    const v = isPlainObject(data) ? ownGet(data, key) : data.map.get(hashKey(key))?.[1];
    if (v === undefined) continue;
    const loc = firstRule(child)?.loc;
    if (loc) out.push(conflict(child, loc));
    walk(child, v, out);
  }
}

function allRules(node: DocNode, out: RegoError[]): void {
  const loc = firstRule(node)?.loc;
  if (loc) out.push(conflict(node, loc));
  for (const c of node.children.values()) allRules(c, out);
}

function conflict(node: DocNode, loc: RuleDef['loc']): RegoError {
  return new RegoError('rego_compile_error', `conflicting rule for data path ${node.path.join('/')} found`, loc);
}

/** The rule reported for a path: the first one in source order (defaults count). */
function firstRule(node: DocNode): RuleDef | undefined {
  const defs = [...node.rules, ...node.funcs];
  if (node.defaultRule) defs.push(node.defaultRule);
  if (node.defaultFunc) defs.push(node.defaultFunc);
  let best: RuleDef | undefined;
  for (const d of defs) if (!best || d.loc.row < best.loc.row || (d.loc.row === best.loc.row && d.loc.col < best.loc.col)) best = d;
  return best;
}
