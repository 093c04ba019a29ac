/** Reading and parsing policy files for the commands. */
import { readFileSync } from 'node:fs';
import { parseModule, type Module, type RegoError } from '@rego-ts/rego-parser';

export type RegoVersionFlag = 'v0' | 'v1';

export interface LoadedModule {
  file: string;
  source: string;
  module: Module;
}

export interface LoadResult {
  modules: LoadedModule[];
  /** Parse errors, and plain messages for files that could not be read. */
  errors: Array<RegoError | string>;
}

export function readSource(file: string): string {
  return readFileSync(file, 'utf8');
}

export function loadModules(files: string[], regoVersion: RegoVersionFlag): LoadResult {
  const result: LoadResult = { modules: [], errors: [] };
  for (const file of files) {
    let source: string;
    try {
      source = readSource(file);
    } catch (e) {
      result.errors.push(`read ${file}: ${(e as Error).message}`);
      continue;
    }
    const parsed = parseModule(source, { file, regoVersion });
    if (parsed.errors.length > 0 || !parsed.module) result.errors.push(...parsed.errors);
    else result.modules.push({ file, source, module: parsed.module });
  }
  return result;
}

/** `--v0-compatible` selects v0 parsing; v1 is the default. */
export function versionFlag(values: Record<string, unknown>): RegoVersionFlag {
  return values['v0-compatible'] === true ? 'v0' : 'v1';
}
