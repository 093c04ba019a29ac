/** json.filter, json.remove, json.patch (v1/topdown/json.go; JSON Patch via OPA's edit tree). */
import { equal } from '../value/compare.js';
import { ObjectBuilder, newSet, objectEntries, objectGet } from '../value/collections.js';
import { hashKey } from '../value/hash.js';
import { valueToRegoText } from '../value/json.js';
import { RegoNumber, RegoSet, typeOf, type ObjectValue, type Value } from '../value/types.js';
import { arr, isObj, obj } from './args.js';
import { fail, operandErr, typeErr } from './errors.js';
import type { BuiltinTable } from './registry.js';

/** A JSON path: "a/b/~1c" strings (JSON-pointer escapes) or arrays of segments. */
function parsePath(p: Value): Value[] {
  if (typeof p === 'string') {
    if (p === '') return [];
    const s = p.replace(/^\/+/, '');
    return s.split('/').map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  if (Array.isArray(p)) return p;
  throw operandErr(2, `must be one of {set, array} containing string paths or array of path segments but got ${typeOf(p)}`);
}

function jsonPaths(v: Value): Value[][] {
  if (Array.isArray(v)) return v.map(parsePath);
  if (v instanceof RegoSet) return [...v.map.values()].map(parsePath);
  throw typeErr(2, v, 'set', 'array');
}

/** Path tree: nested objects with `null` leaves (OPA's pathsToObject). */
type PathTree = Map<string, { key: Value; sub: PathTree | null }>;

function pathsToTree(paths: Value[][]): PathTree {
  const root: PathTree = new Map();
  for (const path of paths) {
    let node = root;
    let done = path.length === 0;
    for (let i = 0; i < path.length - 1 && !done; i++) {
      const k = path[i]!;
      const h = hashKey(k);
      const child = node.get(h);
      if (!child) {
        const sub: PathTree = new Map();
        node.set(h, { key: k, sub });
        node = sub;
        continue;
      }
      if (child.sub === null) done = true;
      else node = child.sub;
    }
    if (!done) {
      const k = path[path.length - 1]!;
      node.set(hashKey(k), { key: k, sub: null });
    }
  }
  return root;
}

function treeGet(t: PathTree, k: Value): { sub: PathTree | null } | undefined {
  return t.get(hashKey(k));
}

/** OPA's filterObject. */
function filterValue(v: Value, filter: PathTree | null): Value {
  if (filter === null) return v;
  if (Array.isArray(v)) {
    const out: Value[] = [];
    v.forEach((e, i) => {
      const f = treeGet(filter, String(i));
      if (f) out.push(filterValue(e, f.sub));
    });
    return out;
  }
  if (v instanceof RegoSet) {
    const out: Value[] = [];
    for (const e of v.map.values()) {
      const f = treeGet(filter, e);
      if (f) out.push(filterValue(e, f.sub));
    }
    return newSet(out);
  }
  if (isObj(v)) {
    const out = new ObjectBuilder();
    for (const [k, e] of objectEntries(v)) {
      const f = treeGet(filter, k);
      if (f) out.set(k, filterValue(e, f.sub));
    }
    return out.build();
  }
  return v;
}

/** OPA's jsonRemove: undefined means "removed". */
function removeValue(v: Value, t: { sub: PathTree | null } | undefined): Value | undefined {
  if (!t) return v;
  if (t.sub === null) return undefined;
  const tree = t.sub;
  if (Array.isArray(v)) {
    const out: Value[] = [];
    v.forEach((e, i) => {
      const r = removeValue(e, treeGet(tree, String(i)));
      if (r !== undefined) out.push(r);
    });
    return out;
  }
  if (v instanceof RegoSet) {
    const out: Value[] = [];
    for (const e of v.map.values()) {
      const r = removeValue(e, treeGet(tree, e));
      if (r !== undefined) out.push(r);
    }
    return newSet(out);
  }
  if (isObj(v)) {
    const out = new ObjectBuilder();
    for (const [k, e] of objectEntries(v)) {
      const r = removeValue(e, treeGet(tree, k));
      if (r !== undefined) out.set(k, r);
    }
    return out.build();
  }
  return v;
}

// ---- JSON Patch ----------------------------------------------------------------------------

const text = (v: Value) => valueToRegoText(v);

function toIndex(length: number, key: Value): number {
  if (typeof key === 'number' || key instanceof RegoNumber) {
    const t = typeof key === 'number' ? String(key) : key.text;
    if (!/^[+-]?\d+$/.test(t)) throw fail('invalid number type for indexing');
    return Number(t);
  }
  if (typeof key === 'string') {
    if (key === '-') return length;
    if (!/^[+-]?\d+$/.test(key)) throw fail('invalid string for indexing');
    if (key !== '0' && key.startsWith('0')) throw fail('leading zeros are not allowed in JSON paths');
    return Number(key);
  }
  throw fail('invalid type for indexing');
}

function child(v: Value, key: Value): Value {
  if (isObj(v)) {
    const c = objectGet(v, key);
    if (c === undefined) throw fail(`path ${text(key)} does not exist in object term ${text(v)}`);
    return c;
  }
  if (v instanceof RegoSet) {
    if (!v.hasKey(hashKey(key))) throw fail(`path [${text(key)}] does not exist in set term ${text(v)}`);
    return key;
  }
  if (Array.isArray(v)) {
    const i = toIndex(v.length, key);
    if (i < 0 || i >= v.length) throw fail(`path ${i} does not exist in array term ${text(v)}`);
    return v[i]!;
  }
  throw fail(`expected composite type for path ${text(key)}, found value: ${text(v)} (type: ${goType(v)})`);
}

function goType(v: Value): string {
  switch (typeOf(v)) {
    case 'string':
      return 'ast.String';
    case 'number':
      return 'ast.Number';
    case 'boolean':
      return 'ast.Boolean';
    case 'null':
      return 'ast.Null';
    default:
      return typeOf(v);
  }
}

function getAt(v: Value, path: Value[]): Value {
  let cur = v;
  for (const k of path) cur = child(cur, k);
  return cur;
}

/** Replaces the value at path[0..i) by fn(value) immutably. */
function updateAt(v: Value, path: Value[], fn: (parent: Value) => Value): Value {
  if (path.length === 0) return fn(v);
  const [k, ...rest] = path as [Value, ...Value[]];
  const c = child(v, k);
  const updated = updateAt(c, rest, fn);
  if (isObj(v)) return setKey(v, k, updated);
  if (v instanceof RegoSet) {
    const items = [...v.map.values()].filter((e) => !equal(e, k));
    items.push(updated);
    return newSet(items);
  }
  const a = (v as Value[]).slice();
  a[toIndex(a.length, k)] = updated;
  return a;
}

function setKey(o: ObjectValue, k: Value, val: Value): ObjectValue {
  const b = new ObjectBuilder();
  let replaced = false;
  for (const [ek, ev] of objectEntries(o)) {
    if (!replaced && equal(ek, k)) {
      b.set(ek, val);
      replaced = true;
    } else b.set(ek, ev);
  }
  if (!replaced) b.set(k, val);
  return b.build();
}

function insertAt(doc: Value, path: Value[], value: Value): Value {
  if (path.length === 0) return value;
  const last = path[path.length - 1]!;
  return updateAt(doc, path.slice(0, -1), (parent) => {
    if (isObj(parent)) return setKey(parent, last, value);
    if (parent instanceof RegoSet) {
      if (!equal(last, value)) throw fail(`set key ${text(last)} does not equal value to be inserted ${text(value)}`);
      return newSet([...parent.map.values(), value]);
    }
    if (Array.isArray(parent)) {
      const i = toIndex(parent.length, last);
      if (i < 0 || i > parent.length) throw fail('index for array insertion out of bounds');
      const a = parent.slice();
      a.splice(i, 0, value);
      return a;
    }
    throw fail(`expected composite type, found value: ${text(parent)} (type: ${goType(parent)})`);
  });
}

function deleteAt(doc: Value, path: Value[]): Value {
  if (path.length === 0) throw fail('deleted node encountered during delete operation');
  const last = path[path.length - 1]!;
  return updateAt(doc, path.slice(0, -1), (parent) => {
    if (isObj(parent)) {
      if (objectGet(parent, last) === undefined) throw fail(`cannot delete child key ${text(last)} that does not exist`);
      const b = new ObjectBuilder();
      for (const [k, v] of objectEntries(parent)) if (!equal(k, last)) b.set(k, v);
      return b.build();
    }
    if (parent instanceof RegoSet) {
      if (!parent.hasKey(hashKey(last))) throw fail(`cannot delete child key ${text(last)} that does not exist`);
      return newSet([...parent.map.values()].filter((e) => !equal(e, last)));
    }
    if (Array.isArray(parent)) {
      const i = toIndex(parent.length, last);
      if (i < 0 || i > parent.length - 1) throw fail('index for array delete out of bounds');
      const a = parent.slice();
      a.splice(i, 1);
      return a;
    }
    throw fail(`expected composite type, found value: ${text(parent)} (type: ${goType(parent)})`);
  });
}

function applyPatches(source: Value, ops: Value[]): Value {
  let doc = source;
  for (const op of ops) {
    if (!isObj(op)) throw fail('must be an array of JSON-Patch objects, but at least one element is not an object');
    const pathV = objectGet(op, 'path');
    if (pathV === undefined) throw fail("missing required attribute 'path'");
    const opV = objectGet(op, 'op');
    if (opV === undefined) throw fail("missing required attribute 'op'");
    if (typeof opV !== 'string') throw fail(`attribute 'op' must be a string but found: ${typeOf(opV)}`);
    const path = parsePath(pathV);
    const value = objectGet(op, 'value');
    const needValue = (): Value => {
      if (value === undefined) throw fail("missing required attribute 'value'");
      return value;
    };
    const fromPath = (): Value[] => {
      const f = objectGet(op, 'from');
      if (f === undefined) throw fail("missing required attribute 'from'");
      return parsePath(f);
    };
    switch (opV) {
      case 'add':
        doc = insertAt(doc, path, needValue());
        break;
      case 'remove':
        doc = deleteAt(doc, path);
        break;
      case 'replace':
        if (path.length > 0) {
          doc = deleteAt(doc, path);
          doc = insertAt(doc, path, needValue());
        } else doc = needValue();
        break;
      case 'move': {
        const from = fromPath();
        const chunk = getAt(doc, from);
        doc = deleteAt(doc, from);
        doc = insertAt(doc, path, chunk);
        break;
      }
      case 'copy': {
        const from = fromPath();
        doc = insertAt(doc, path, getAt(doc, from));
        break;
      }
      case 'test': {
        const chunk = getAt(doc, path);
        const v = needValue();
        if (!equal(chunk, v)) throw fail(`value from EditTree != patch value.\n\nExpected: ${text(v)}\n\nFound: ${text(chunk)}`);
        break;
      }
      default:
        throw fail(`unrecognized op: '${opV}'`);
    }
  }
  return doc;
}

export const jsonBuiltins: BuiltinTable = {
  'json.filter'(args) {
    const o = obj(args, 0);
    return filterValue(o, pathsToTree(jsonPaths(args[1]!)));
  },
  'json.remove'(args) {
    const o = obj(args, 0);
    return removeValue(o, { sub: pathsToTree(jsonPaths(args[1]!)) });
  },
  'json.patch'(args) {
    const ops = arr(args, 1);
    return applyPatches(args[0]!, ops);
  },
};
