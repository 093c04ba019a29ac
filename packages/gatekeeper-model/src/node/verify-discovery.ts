/** `gator verify` suite discovery and display paths (spec §7.2.1). */
import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { errorText, gkError } from '../errors.js';
import { isSuiteObject, normalizeSuite } from '../gator/suite.js';
import type { Suite } from '../model/types.js';
import { loadFirstDocument, walkFiles, YAML_EXTENSIONS } from './files.js';

export interface SuiteFile {
  path: string;
  display: string;
  suite: Suite;
}

/** Finds suites under `paths` (`dir/...` recursive, `dir` direct entries, or a file). */
export function discoverSuites(paths: readonly string[], cwd = process.cwd()): SuiteFile[] {
  const out: SuiteFile[] = [];
  for (const arg of paths) {
    const recursive = arg === '...' || arg.endsWith('/...');
    const base = recursive ? arg.slice(0, -3) : arg;
    const abs = resolve(cwd, base === '' ? '.' : base);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw gkError('gk_usage_error', `listing test files: no such file or directory: ${JSON.stringify(arg)}`);
    }
    let files: string[];
    if (st.isDirectory()) files = walkFiles(abs, YAML_EXTENSIONS, recursive);
    else {
      if (recursive) throw gkError('gk_usage_error', `listing test files: can only recursively traverse directories, not a directory: ${JSON.stringify(base)}`);
      const ext = extname(abs);
      if (!YAML_EXTENSIONS.includes(ext)) throw gkError('gk_usage_error', `listing test files: unsupported extension: ${JSON.stringify(ext)}`);
      files = [abs];
    }
    for (const f of files) {
      let doc;
      try {
        doc = loadFirstDocument(f);
      } catch (e) {
        throw gkError('gk_usage_error', `listing test files: invalid yaml: parsing yaml file ${f}: ${errorText(e)}`);
      }
      if (!doc || !isSuiteObject(doc.value)) continue;
      let suite: Suite;
      try {
        suite = normalizeSuite(doc);
      } catch (e) {
        throw gkError('gk_usage_error', `listing test files: invalid yaml: ${errorText(e)}`);
      }
      out.push({ path: f, display: displayPath(arg, f), suite });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The suite path as gator prints it. gator works on paths relative to `/`; it strips the
 * argument's leading `./`, `../` or `/` segments, finds the rest inside the suite's path and
 * prints the segments followed by the path from there on (hence `./...` printing
 * `./<absolute path>` and `.` printing `.yaml`).
 */
function displayPath(arg: string, file: string): string {
  let rest = arg.endsWith('...') ? arg.slice(0, -3) : arg;
  let prefix = '';
  if (rest.startsWith('/')) {
    prefix = '/';
    rest = rest.slice(1);
  }
  for (let m = /^\.\.?\//.exec(rest); m; m = /^\.\.?\//.exec(rest)) {
    prefix += m[0];
    rest = rest.slice(m[0].length);
  }
  const fsPath = file.replace(/^\//, '');
  const i = fsPath.indexOf(rest);
  if (i < 0) throw gkError('gk_usage_error', `listing test files: could not find ${rest} in ${fsPath}`);
  return prefix + fsPath.slice(i);
}
