// Collects the Rego modules of OPA's conformance suite (v0 folders as v0, v1 as v1).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export function suiteDir() {
  if (process.env.OPA_SUITE) return process.env.OPA_SUITE;
  const modcache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  return join(modcache, 'github.com/open-policy-agent/opa@v1.17.1/v1/test/cases/testdata');
}

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (/\.ya?ml$/.test(name)) yield p;
  }
}

/** @returns {Array<{version: 'v0'|'v1', file: string, source: string}>} */
export function suiteModules(root = suiteDir()) {
  const out = [];
  for (const version of ['v0', 'v1']) {
    for (const file of walk(join(root, version))) {
      const doc = parseYaml(readFileSync(file, 'utf8'));
      for (const c of doc?.cases ?? []) {
        (c.modules ?? []).forEach((source, i) => out.push({ version, file: `${file}#${c.note}#${i}`, source }));
      }
    }
  }
  return out;
}
