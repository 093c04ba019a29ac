/** Finding `.rego` files: explicit files as given, directories walked in lexical order. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export class FileError extends Error {}

/** All `.rego` files under `paths` (a path naming a file is taken whatever its extension). */
export function regoFiles(paths: string[], opts: { onlyRego?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new FileError(`stat ${p}: no such file or directory`);
    }
    if (st.isDirectory()) walk(p, out);
    else if (!opts.onlyRego || p.endsWith('.rego')) out.push(p);
  }
  return out;
}

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && e.name.endsWith('.rego')) out.push(p);
  }
}
