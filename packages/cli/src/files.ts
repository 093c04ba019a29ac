/** Finding `.rego` files: explicit files as given, directories walked in lexical order. */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { nameGlob } from './eval/name-glob.js';

export class FileError extends Error {}

export interface FileOptions {
  /** Take only `.rego` files, also among explicit paths (as opa check). */
  onlyRego?: boolean;
  /** Glob patterns (`*`, `?`, `[…]`) matched against file and directory names to skip. */
  ignore?: string[];
}

/** All `.rego` files under `paths`, in walk order. */
export function regoFiles(paths: string[], opts: FileOptions = {}): string[] {
  const ignore = (opts.ignore ?? []).map(nameGlob);
  const ignored = (name: string): boolean => ignore.some((match) => match(name));
  const out: string[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (ignored(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.rego')) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new FileError(`stat ${p}: no such file or directory`);
    }
    if (ignored(basename(p))) continue;
    if (st.isDirectory()) walk(p);
    else if (!opts.onlyRego || p.endsWith('.rego')) out.push(p);
  }
  return out;
}
