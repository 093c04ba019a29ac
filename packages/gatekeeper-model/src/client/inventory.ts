/**
 * `data.inventory` as the Rego driver lays it out:
 * `cluster[<groupVersion>][<Kind>][<name>]` and `namespace[<ns>][<groupVersion>][<Kind>][<name>]`.
 * Keys are plain data (null-prototype objects), so `__proto__` names are harmless.
 */
import { gkError } from '../errors.js';
import { objectName, objectNamespace, parseGroupVersion } from '../model/gvk.js';
import { isPlainRecord } from '../model/shape.js';
import type { KubeObject } from '../model/types.js';

type Tree = Record<string, unknown>;

function node(): Tree {
  return Object.create(null) as Tree;
}

/** The storage path of an object, or an error for objects without version/kind. */
export function inventoryPath(obj: KubeObject): string[] {
  const name = objectName(obj);
  const gv = parseGroupVersion(typeof obj.apiVersion === 'string' ? obj.apiVersion : '');
  if (!gv || !gv.version) throw gkError('gk_invalid_data', `invalid request object: resource ${name} has no version`);
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  if (!kind) throw gkError('gk_invalid_data', `invalid request object: resource ${name} has no kind`);
  const gvKey = gv.group ? `${gv.group}/${gv.version}` : gv.version;
  const ns = objectNamespace(obj);
  return ns ? ['namespace', ns, gvKey, kind, name] : ['cluster', gvKey, kind, name];
}

export class Inventory {
  /** The value of `data.inventory` (always an object, `{}` when empty). */
  readonly root: Tree = node();

  add(obj: KubeObject): void {
    if (!isPlainRecord(obj)) throw gkError('gk_invalid_data', 'invalid request object: not an object');
    const path = inventoryPath(obj);
    let t = this.root;
    for (const seg of path.slice(0, -1)) {
      let next = t[seg];
      if (!isPlainRecord(next)) {
        next = node();
        t[seg] = next;
      }
      t = next as Tree;
    }
    t[path[path.length - 1]!] = obj;
  }

  /** Deletes the leaf only (empty parents remain, as upstream). */
  remove(obj: KubeObject): boolean {
    const path = inventoryPath(obj);
    let t: unknown = this.root;
    for (const seg of path.slice(0, -1)) {
      if (!isPlainRecord(t)) return false;
      t = t[seg];
    }
    const last = path[path.length - 1]!;
    if (!isPlainRecord(t) || !Object.prototype.hasOwnProperty.call(t, last)) return false;
    delete t[last];
    return true;
  }
}
