/**
 * opa's file loader for `-d` paths and `opa test` arguments: `.rego` files are parsed with
 * the version flag, `.json`/`.yaml`/`.yml` files are data documents placed at the path of
 * their directory relative to the argument (`a/b/data.json` under `dir` → `data.a.b`), all
 * merged into one base document. `prefix.path:file` mounts a path under `data.prefix.path`.
 * Directories are walked in name order; an explicitly named file of unknown type is tried
 * as Rego, then JSON, then YAML.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseModule, type RegoError } from '@rego-ts/rego-parser';
import { isPlainObject, newPlainObject, type PlainObject, type Value } from '@rego-ts/rego-eval';
import type { LoadedModule, RegoVersionFlag } from '../modules.js';
import { decodeJSON, decodeYAML, DecodeError } from './data-files.js';
import type { DataBudget } from './data-budget.js';
import { nameGlob } from './name-glob.js';
import { fileTooLarge } from '../limit-flags.js';

export interface LoadedPaths {
  modules: LoadedModule[];
  /** The merged base document (`data`). */
  data: PlainObject;
  /** Parse errors and loader messages (`stat x: no such file or directory`, `f: merge error`). */
  errors: Array<RegoError | string>;
}

/** `a.b:path` → prefix `[a, b]` (URLs such as `file://…` are not prefixed). */
function splitPrefix(path: string): { prefix: string[]; path: string } {
  const colon = path.indexOf(':');
  if (colon <= 0 || path.indexOf('://') === colon) return { prefix: [], path };
  return { prefix: path.slice(0, colon).split('.'), path: path.slice(colon + 1) };
}

function cleanFileURL(path: string): string {
  return path.startsWith('file://') ? path.slice('file://'.length) : path;
}

type Loaded = { kind: 'module'; module: LoadedModule } | { kind: 'data'; value: Value } | { kind: 'skip' };

/**
 * `ignore`: `--ignore` name patterns, applied below the given paths (opa's GlobExcludeName(p, 1)).
 * `maxFileBytes`: larger files are not read (an error each). `budget` (`--max-data-nodes`):
 * data files are counted before they are decoded; once one passes the limit (`budget.error`),
 * later data files are not read.
 */
export function loadPaths(paths: string[], regoVersion: RegoVersionFlag, ignore: string[] = [], maxFileBytes?: number, budget?: DataBudget): LoadedPaths {
  const out: LoadedPaths = { modules: [], data: newPlainObject(), errors: [] };
  budget?.addRoot(out.data);
  const ignores = ignore.map(nameGlob);
  const ignored = (name: string): boolean => ignores.some((m) => m(name));
  const seen = new Map<string, number>();

  const loadFile = (file: string, depth: number, parents: string[]): Loaded | string | RegoError[] => {
    const ext = extname(file);
    const dataExt = ext === '.json' || ext === '.yaml' || ext === '.yml';
    if (budget?.error !== undefined && dataExt) return { kind: 'skip' };
    const tooLarge = fileTooLarge(file, maxFileBytes);
    if (tooLarge !== undefined) return tooLarge;
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (e) {
      return `open ${file}: ${errnoText(e)}`;
    }
    const asRego = (): LoadedModule | RegoError[] => {
      const parsed = parseModule(source, { file, regoVersion });
      return parsed.module && parsed.errors.length === 0 ? { file, source, module: parsed.module } : parsed.errors;
    };
    try {
      if (ext === '.rego') {
        const m = asRego();
        return Array.isArray(m) ? m : { kind: 'module', module: m };
      }
      if (dataExt) {
        const kind = ext === '.json' ? 'json' : 'yaml';
        if (budget === undefined) return { kind: 'data', value: kind === 'json' ? decodeJSON(source) : decodeYAML(source) };
        const value = budget.decode(file, kind, source, parents);
        return value === undefined ? { kind: 'skip' } : { kind: 'data', value };
      }
    } catch (e) {
      if (e instanceof DecodeError) return ext === '.json' ? `${file}: ${e.message}` : `${file}: error converting YAML to JSON: ${e.message}`;
      throw e;
    }
    if (depth > 0) return { kind: 'skip' };
    const m = asRego();
    if (!Array.isArray(m)) return { kind: 'module', module: m };
    // A file of unknown type: counted once decoded (the text may be either).
    if (budget?.error !== undefined) return { kind: 'skip' };
    for (const decode of [decodeJSON, decodeYAML]) {
      try {
        const value = decode(source);
        return budget === undefined || budget.add(file, value, parents) ? { kind: 'data', value } : { kind: 'skip' };
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
      }
    }
    return `${file}: can't recognize file type`;
  };

  const walk = (path: string, parents: string[], depth: number): void => {
    if (depth > 0 && ignored(basename(path))) return;
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      out.errors.push(`stat ${path}: ${errnoText(e)}`);
      return;
    }
    if (!st.isDirectory()) {
      const r = loadFile(path, depth, parents);
      if (typeof r === 'string') out.errors.push(r);
      else if (Array.isArray(r)) out.errors.push(...r);
      else if (r.kind === 'module') {
        const at = seen.get(path);
        if (at === undefined) {
          seen.set(path, out.modules.length);
          out.modules.push(r.module);
        } else out.modules[at] = r.module;
      } else if (r.kind === 'data') {
        const err = mergeDocument(out.data, parents, r.value, path);
        if (err) out.errors.push(err);
      }
      return;
    }
    const here = depth > 0 ? [...parents, basename(path)] : parents;
    let names: string[];
    try {
      names = readdirSync(path).sort(compareBytes);
    } catch (e) {
      out.errors.push(`open ${path}: ${errnoText(e)}`);
      return;
    }
    for (const name of names) walk(join(path, name), here, depth + 1);
  };

  for (const arg of paths) {
    const { prefix, path } = splitPrefix(arg);
    walk(cleanFileURL(path), prefix, 0);
  }
  return out;
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Go's text for common errno codes (`no such file or directory`, …). */
function errnoText(e: unknown): string {
  switch ((e as { code?: string }).code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return (e as Error).message;
  }
}

/** Places `doc` at `parents` and deep-merges it into `root`; returns opa's error text on failure. */
function mergeDocument(root: PlainObject, parents: string[], doc: Value, file: string): string | undefined {
  let obj: Value = doc;
  for (let i = parents.length - 1; i >= 0; i--) {
    const o = newPlainObject();
    o[parents[i]!] = obj;
    obj = o;
  }
  if (!isPlainObject(obj)) return `${file}: document must be of type object`;
  return mergeInto(root, obj) ? undefined : `${file}: merge error`;
}

/** Deep merge of objects (opa's `merge.InterfaceMaps`): two non-objects at one key conflict. */
export function mergeInto(target: PlainObject, src: PlainObject): boolean {
  for (const key of Object.keys(src)) {
    const v = src[key]!;
    if (!Object.prototype.hasOwnProperty.call(target, key)) {
      target[key] = v;
      continue;
    }
    const existing = target[key]!;
    if (isPlainObject(existing) && isPlainObject(v)) {
      const copy = newPlainObject();
      Object.assign(copy, existing);
      if (!mergeInto(copy, v)) return false;
      target[key] = copy;
    } else return false;
  }
  return true;
}
