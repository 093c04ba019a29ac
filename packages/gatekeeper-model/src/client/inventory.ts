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

/**
 * The inventory is copy-on-write: `root` hands out a snapshot that is never changed afterwards
 * (the evaluator caches what it derives from base data — sorted keys, join indexes — by object
 * identity), and a later `add`/`remove` copies just the nodes on its path that a snapshot shares.
 */
export class Inventory {
  private tree: Tree = node();
  /** Nodes created since the last snapshot: not shared with one, so written in place. */
  private owned = new WeakSet<Tree>([this.tree]);
  /** Set when `root` was read: every node is shared until the next write starts afresh. */
  private shared = false;

  /** The value of `data.inventory` (always an object, `{}` when empty); read-only. */
  get root(): Tree {
    this.shared = true;
    return this.tree;
  }

  add(obj: KubeObject): void {
    if (!isPlainRecord(obj)) throw gkError('gk_invalid_data', 'invalid request object: not an object');
    const path = inventoryPath(obj);
    let t = this.own(this.tree);
    this.tree = t;
    for (const seg of path.slice(0, -1)) {
      const next = t[seg];
      const n = isPlainRecord(next) ? this.own(next as Tree) : this.fresh();
      t[seg] = n;
      t = n;
    }
    t[path[path.length - 1]!] = obj;
  }

  /** Deletes the leaf only (empty parents remain, as upstream). */
  remove(obj: KubeObject): boolean {
    const path = inventoryPath(obj);
    const nodes: Tree[] = [];
    let t: unknown = this.tree;
    for (const seg of path.slice(0, -1)) {
      if (!isPlainRecord(t)) return false;
      nodes.push(t as Tree);
      t = t[seg];
    }
    const last = path[path.length - 1]!;
    if (!isPlainRecord(t) || !Object.prototype.hasOwnProperty.call(t, last)) return false;
    nodes.push(t as Tree);
    // Copy the path top-down, then delete from the (now owned) leaf's parent.
    let parent = this.own(this.tree);
    this.tree = parent;
    for (let i = 1; i < nodes.length; i++) {
      const seg = path[i - 1]!;
      const n = this.own(nodes[i]!);
      parent[seg] = n;
      parent = n;
    }
    delete parent[last];
    return true;
  }

  /** Empties the inventory. */
  clear(): void {
    this.tree = this.fresh();
  }

  private fresh(): Tree {
    if (this.shared) {
      this.owned = new WeakSet();
      this.shared = false;
    }
    const n = node();
    this.owned.add(n);
    return n;
  }

  /** `t` itself when no snapshot shares it, else a shallow copy. */
  private own(t: Tree): Tree {
    if (this.shared) {
      this.owned = new WeakSet();
      this.shared = false;
    }
    if (this.owned.has(t)) return t;
    const c = Object.assign(node(), t);
    this.owned.add(c);
    return c;
  }
}
