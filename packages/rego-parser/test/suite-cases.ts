/** Reads OPA's YAML conformance cases and gatekeeper-library templates for parser tests. */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';

export interface SuiteCase {
  file: string;
  note: string;
  version: 'v0' | 'v1';
  modules: string[];
  query?: string;
  inputTerm?: string;
  /** The case expects OPA to reject the policy or query with a parse error. */
  wantsParseError: boolean;
}

function walk(dir: string, out: string[], suffix: string): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out, suffix);
    else if (name.endsWith(suffix)) out.push(p);
  }
}

export function loadSuiteCases(root: string): SuiteCase[] {
  const cases: SuiteCase[] = [];
  for (const version of ['v0', 'v1'] as const) {
    const dir = join(root, version);
    if (!existsSync(dir)) continue;
    const files: string[] = [];
    walk(dir, files, '.yaml');
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const d = doc.toJS({ maxAliasCount: -1 }) as { cases?: Array<Record<string, unknown>> } | null;
        for (const c of d?.cases ?? []) {
          const wantErr = String(c.want_error ?? '');
          const code = String(c.want_error_code ?? '');
          cases.push({
            file: relative(root, file),
            note: String(c.note ?? ''),
            version,
            modules: (c.modules as string[] | undefined) ?? [],
            query: c.query as string | undefined,
            inputTerm: c.input_term as string | undefined,
            wantsParseError: code === 'rego_parse_error' || wantErr.includes('rego_parse_error'),
          });
        }
      }
    }
  }
  return cases;
}

export interface TemplateRego {
  file: string;
  what: string;
  rego: string;
}

/** Every `rego:` and `libs[]` text of the gatekeeper-library `template.yaml` files. */
export function loadTemplateRego(root: string): TemplateRego[] {
  const files: string[] = [];
  walk(root, files, 'template.yaml');
  const out: TemplateRego[] = [];
  for (const file of files) {
    // Lenient: the `yaml` package rejects some multi-line quoted scalars that Go's YAML accepts.
    const t = parseDocument(readFileSync(file, 'utf8')).toJS() as {
      spec?: { targets?: Array<{ rego?: string; libs?: string[] }> };
    } | null;
    for (const [i, target] of (t?.spec?.targets ?? []).entries()) {
      if (target.rego) out.push({ file: relative(root, file), what: `targets[${i}].rego`, rego: target.rego });
      for (const [j, lib] of (target.libs ?? []).entries()) {
        out.push({ file: relative(root, file), what: `targets[${i}].libs[${j}]`, rego: lib });
      }
    }
  }
  return out;
}
