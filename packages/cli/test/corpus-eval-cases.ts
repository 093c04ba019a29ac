/**
 * Reads the Gatekeeper library corpus into evaluation cases for corpus-eval-vs-opa.test.ts: per
 * template, its Rego modules (target rego + libs, or the `engine: Rego` code source) and one
 * Gatekeeper-shaped input per (suite test constraint × case object × operation).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';

/**
 * The first document of a YAML file. Tolerates the `yaml` library's stricter reading of some
 * multi-line quoted scalars (e.g. httpsonly's description, which go-yaml accepts): the value is
 * still built, and a template whose Rego cannot be found is reported by the test.
 */
function parseYaml(text: string): unknown {
  return parseDocument(text).toJS();
}

type Obj = Record<string, unknown>;

export interface CorpusCase {
  /** `<sample>/<object file>[#doc] <operation>`, for failure messages. */
  label: string;
  input: Obj;
  /** Gatekeeper's replicated-data layout (`cluster`/`namespace` trees), `{}` when the case has none. */
  inventory: Obj;
}

export interface CorpusTemplate {
  name: string;
  /** The template's package path (`k8srequiredlabels`), queried as `data.<pkg>.violation`. */
  pkg: string;
  modules: string[];
  /** True when the template's Rego source declares `version: v1` (else Rego v0, as Gatekeeper). */
  v1: boolean;
  cases: CorpusCase[];
}

const asObj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

function yamlDocs(file: string): Obj[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJSON() as unknown)
    .filter((d): d is Obj => d !== null && typeof d === 'object' && !Array.isArray(d));
}

function templateRego(tpl: Obj): { modules: string[]; v1: boolean } | undefined {
  const target = asObj((asObj(tpl.spec).targets as unknown[] | undefined)?.[0]);
  const code = (target.code as unknown[] | undefined) ?? [];
  const regoCode = code.map(asObj).find((c) => c.engine === 'Rego');
  const src = regoCode ? asObj(regoCode.source) : target;
  const rego = typeof src.rego === 'string' ? src.rego : undefined;
  if (!rego) return undefined;
  const libs = ((src.libs as unknown[] | undefined) ?? []).filter((l): l is string => typeof l === 'string');
  return { modules: [rego, ...libs], v1: src.version === 'v1' };
}

function review(obj: Obj, operation: 'CREATE' | 'UPDATE'): Obj {
  const meta = asObj(obj.metadata);
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const slash = apiVersion.indexOf('/');
  const r: Obj = {
    kind: {
      group: slash < 0 ? '' : apiVersion.slice(0, slash),
      version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
      kind: obj.kind ?? '',
    },
    name: meta.name ?? '',
    operation,
    userInfo: { username: 'corpus-tester', groups: ['system:authenticated'] },
    object: obj,
  };
  if (typeof meta.namespace === 'string') r.namespace = meta.namespace;
  if (operation === 'UPDATE') r.oldObject = obj;
  return r;
}

/** `data.inventory` as Gatekeeper replicates it: namespace/<ns>/<apiVersion>/<kind>/<name> or cluster/…. */
function inventoryOf(objs: Obj[]): Obj {
  const inv: Obj = {};
  const put = (path: string[], value: Obj) => {
    let node = inv;
    for (const k of path.slice(0, -1)) {
      if (!Object.hasOwn(node, k)) node[k] = {};
      node = node[k] as Obj;
    }
    node[path[path.length - 1]!] = value;
  };
  for (const o of objs) {
    const meta = asObj(o.metadata);
    const tail = [String(o.apiVersion ?? ''), String(o.kind ?? ''), String(meta.name ?? '')];
    if (typeof meta.namespace === 'string') put(['namespace', meta.namespace, ...tail], o);
    else put(['cluster', ...tail], o);
  }
  return inv;
}

interface SuiteTest {
  template?: string;
  constraint?: string;
  cases?: { object?: string; inventory?: string[] }[];
}

/** Suite tests of a policy; without a suite.yaml, every sample with all its example_*.yaml. */
function suiteTests(dir: string): SuiteTest[] {
  const suite = join(dir, 'suite.yaml');
  if (existsSync(suite)) return ((asObj(parseYaml(readFileSync(suite, 'utf8'))).tests as SuiteTest[] | undefined) ?? []);
  const samples = join(dir, 'samples');
  if (!existsSync(samples)) return [];
  return readdirSync(samples).map((s) => ({
    template: 'template.yaml',
    constraint: `samples/${s}/constraint.yaml`,
    cases: readdirSync(join(samples, s))
      .filter((f) => f.startsWith('example_') && f.endsWith('.yaml'))
      .map((f) => ({ object: `samples/${s}/${f}` })),
  }));
}

export function buildCorpusCases(generalDir: string): CorpusTemplate[] {
  const out: CorpusTemplate[] = [];
  for (const name of readdirSync(generalDir).sort()) {
    const dir = join(generalDir, name);
    const tplFile = join(dir, 'template.yaml');
    if (!existsSync(tplFile)) continue;
    const rego = templateRego(asObj(parseYaml(readFileSync(tplFile, 'utf8'))));
    if (!rego) continue;
    const pkg = /^package\s+([\w.]+)/m.exec(rego.modules[0]!)?.[1];
    if (!pkg) continue;
    const cases: CorpusCase[] = [];
    for (const t of suiteTests(dir)) {
      if (t.template !== 'template.yaml' || !t.constraint) continue;
      const constraint = yamlDocs(join(dir, t.constraint))[0] ?? {};
      const parameters = asObj(asObj(constraint.spec).parameters);
      for (const c of t.cases ?? []) {
        if (!c.object || !existsSync(join(dir, c.object))) continue;
        const inventory = inventoryOf((c.inventory ?? []).flatMap((f) => (existsSync(join(dir, f)) ? yamlDocs(join(dir, f)) : [])));
        const docs = yamlDocs(join(dir, c.object));
        docs.forEach((obj, k) => {
          for (const op of ['CREATE', 'UPDATE'] as const) {
            const label = `${t.constraint} × ${c.object}${docs.length > 1 ? `#${k}` : ''} ${op}`;
            cases.push({ label, input: { review: review(obj, op), parameters }, inventory });
          }
        });
      }
    }
    out.push({ name, pkg, modules: rego.modules, v1: rego.v1, cases });
  }
  return out;
}
