/**
 * `opa eval -b PATH`: a bundle directory or tarball. Unlike `-d`, only files named `data.json`,
 * `data.yaml` or `data.yml` are data (placed at their directory's path), `.rego` files are
 * policies (named by their path under DIR), `.manifest` may set `rego_version`; everything
 * else is ignored. The manifest's `roots` must contain every package and data path.
 * Errors read as opa's (`bundle DIR: …`, `error reading "DIR": …`). Not supported: signatures, delta
 * bundles, wasm.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseModule } from '@rego-ts/rego-parser';
import { isPlainObject, newPlainObject, toJSON, type PlainObject, type Value } from '@rego-ts/rego-eval';
import type { LoadedModule, RegoVersionFlag } from '../modules.js';
import { decodeJSON, decodeYAML, DecodeError } from './data-files.js';
import type { DataBudget } from './data-budget.js';
import { fileTooLarge } from '../limit-flags.js';
import { readTarGz, TarError, TarTooLarge } from './tarball.js';
import { mergeInto } from './load-paths.js';
import { errorsText } from '../errors-output.js';
import { refString } from '../test-runner/discover.js';

export interface LoadedBundle {
  modules: LoadedModule[];
  data: PlainObject;
  /** opa's message for the first failure, if any (callers prefix it: `loading error: …`). */
  error?: string;
}

/** Files under `dir` in filepath.Walk order (lexical, depth first). */
function walkFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walkFiles(p, out);
    else out.push(p);
  }
  return out;
}

/**
 * `maxFileBytes`: a larger file, tarball (compressed, or once decompressed: checked while
 * inflating) or tarball entry is an error. `budget` (`--max-data-nodes`): data files are
 * counted before they are decoded, with the data loaded before; once one passes the limit
 * (`budget.error`), later data files are not read.
 */
export function loadBundle(path: string, regoVersion: RegoVersionFlag, maxFileBytes?: number, budget?: DataBudget): LoadedBundle {
  const out: LoadedBundle = { modules: [], data: newPlainObject() };
  budget?.addRoot(out.data);
  const fail = (msg: string): LoadedBundle => ({ ...out, error: msg });
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return fail(`error reading "${path}": stat ${path}: no such file or directory`);
  }
  // The bundle's files: `rel` places data, `full` names modules (the directory's path joined
  // with the file's, or the path inside a tarball).
  let files: Array<{ rel: string; full: string; shown: string; read(): string; tooLarge(): string | undefined }>;
  if (isDir) {
    files = walkFiles(path).map((file) => {
      const rel = relative(path, file).split(sep).join('/');
      return { rel, full: join(path, rel), shown: join(path, rel), read: () => readFileSync(file, 'utf8'), tooLarge: () => fileTooLarge(file, maxFileBytes) };
    });
  } else {
    const tooLarge = fileTooLarge(path, maxFileBytes);
    if (tooLarge !== undefined) return fail(tooLarge);
    try {
      files = readTarGz(readFileSync(path), maxFileBytes).map((e) => ({
        rel: e.path,
        full: e.path,
        shown: `${path}: ${e.path}`,
        read: () => e.content.toString('utf8'),
        tooLarge: () =>
          maxFileBytes !== undefined && e.content.length > maxFileBytes ? `${path}: ${e.path}: file too large: ${e.content.length} bytes exceed --max-file-bytes (${maxFileBytes})` : undefined,
      }));
    } catch (e) {
      if (e instanceof TarTooLarge) return fail(`${path}: file too large: decompressed archive exceeds --max-file-bytes (${maxFileBytes})`);
      if (e instanceof TarError) return fail(`bundle ${path}: bundle read failed: archive read failed: ${e.message}`);
      throw e;
    }
  }

  const policies: Array<{ file: string; source: string }> = [];
  let version = regoVersion;
  let roots: string[] = [''];
  for (const { rel, full, shown, read, tooLarge } of files) {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (budget?.error !== undefined && /^data\.(json|ya?ml)$/.test(name)) continue;
    const big = rel.endsWith('.rego') || /^data\.(json|ya?ml)$/.test(name) ? tooLarge() : undefined;
    if (big !== undefined) return fail(big);
    try {
      if (rel.endsWith('.rego')) policies.push({ file: full, source: read() });
      else if (name === 'data.json' || name === 'data.yaml' || name === 'data.yml') {
        const text = read();
        // opa trims leading `/` and `.` from the directory (`./a/b` → `a/b`).
        const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')).replace(/^[/.]+/, '') : '';
        const key = dir === '' ? [] : dir.split('/');
        const kind = name === 'data.json' ? 'json' : 'yaml';
        const value = budget !== undefined ? budget.decode(shown, kind, text, key) : kind === 'json' ? decodeJSON(text) : decodeYAML(text);
        if (value === undefined) continue; // over --max-data-nodes: reported by the caller
        let doc: Value = value;
        for (let i = key.length - 1; i >= 0; i--) {
          const o = newPlainObject();
          o[key[i]!] = doc;
          doc = o;
        }
        if (!isPlainObject(doc) || !mergeInto(out.data, doc)) {
          return fail(`bundle ${path}: bundle load failed on /${rel}: failed to insert data file from path ${key.join('/')}`);
        }
      } else if (rel.endsWith('.manifest')) {
        const manifest = toJSON(decodeJSON(read()));
        if (manifest && typeof manifest === 'object' && !Array.isArray(manifest)) {
          if (manifest.rego_version !== undefined) version = manifest.rego_version === 0 ? 'v0' : 'v1';
          if (Array.isArray(manifest.roots)) roots = manifest.roots.map((r) => String(r));
        }
      }
    } catch (e) {
      if (e instanceof DecodeError) return fail(`bundle ${path}: bundle load failed on ${full}: ${e.message}`);
      throw e;
    }
  }
  for (const p of policies) {
    const parsed = parseModule(p.source, { file: p.file, regoVersion: version });
    if (parsed.errors.length || !parsed.module) return fail(`bundle ${path}: ${errorsText(parsed.errors, 'compile')}`);
    out.modules.push({ file: p.file, source: p.source, module: parsed.module });
  }
  const rootsError = checkRoots(roots, out);
  return rootsError ? fail(`bundle ${path}: ${rootsError}`) : out;
}

function contains(root: string[], other: string[]): boolean {
  if (root.length === 1 && root[0] === '') return true;
  return root.length <= other.length && root.every((s, i) => s === other[i]);
}

function rootsContain(roots: string[], path: string): boolean {
  const segs = path.split('/');
  return roots.some((r) => contains(r.split('/'), segs));
}

/** opa's manifest validation: roots must not overlap and must hold every package and datum. */
function checkRoots(rawRoots: string[], b: LoadedBundle): string | undefined {
  const roots = rawRoots.map((r) => r.replace(/^\/+|\/+$/g, ''));
  const shown = `[${roots.join(' ')}]`;
  for (let i = 0; i < roots.length; i++) {
    for (let j = i + 1; j < roots.length; j++) {
      const a = roots[i]!.split('/');
      const c = roots[j]!.split('/');
      if (contains(a, c) || contains(c, a)) return `manifest has overlapped roots: '${roots[i]}' and '${roots[j]}'`;
    }
  }
  for (const m of b.modules) {
    const parts = m.module.package.path.value.slice(1).map((t) => (t.type === 'string' || t.type === 'var' ? t.value : ''));
    if (!rootsContain(roots, parts.join('/'))) {
      return `manifest roots ${shown} do not permit 'package ${refString(parts[0] ?? '', parts.slice(1))}' in module '${m.file}'`;
    }
  }
  const walk = (node: Value, path: string): string | undefined => {
    const p = path.replace(/^\/+|\/+$/g, '');
    if (rootsContain(roots, p)) return undefined;
    if (isPlainObject(node)) {
      if (roots.some((r) => rootsContain(p.split('/'), r))) {
        for (const k of Object.keys(node).sort()) {
          const err = walk(node[k]!, `${path}/${k}`);
          if (err) return err;
        }
        return undefined;
      }
    }
    return `manifest roots ${shown} do not permit data at path '/${p}' (hint: check bundle directory structure)`;
  };
  return walk(b.data, '');
}
