/**
 * ExpansionTemplates (`expansion.gatekeeper.sh`): a workload such as a Deployment implies the
 * resources it will create (its Pods); those "resultants" are reviewed with source
 * `Generated` and their results reported on the parent, prefixed `[Implied by <template>]`.
 * Mutators are not applied to resultants (rego-ts has no mutation system).
 */
import { gkError } from '../errors.js';
import { objectGVK, objectName, parseGroupVersion } from '../model/gvk.js';
import { isPlainRecord } from '../model/shape.js';
import type { GroupVersionKind, KubeObject } from '../model/types.js';
import type { ReviewResult } from '../client/result.js';

export const EXPANSION_GROUP = 'expansion.gatekeeper.sh';

export interface ExpansionTemplate {
  name: string;
  applyTo: Array<{ groups: string[]; kinds: string[]; versions: string[] }>;
  /** Dotted path of the field holding the resultant (e.g. `spec.template`). */
  templateSource: string;
  generatedGVK: GroupVersionKind;
  /** Overrides the enforcement action of the resultants' results when set. */
  enforcementAction: string;
}

export interface Resultant {
  object: KubeObject;
  templateName: string;
  enforcementAction: string;
}

export function isExpansionTemplateObject(obj: unknown): boolean {
  return (
    isPlainRecord(obj) &&
    obj.kind === 'ExpansionTemplate' &&
    typeof obj.apiVersion === 'string' &&
    parseGroupVersion(obj.apiVersion)?.group === EXPANSION_GROUP
  );
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Reads and validates an ExpansionTemplate (name, source and generated GVK are required). */
export function decodeExpansionTemplate(obj: unknown): ExpansionTemplate {
  if (!isExpansionTemplateObject(obj)) throw gkError('gk_invalid_object', 'not an Expansion Template');
  const o = obj as KubeObject;
  const spec = isPlainRecord(o.spec) ? o.spec : {};
  const gvk = isPlainRecord(spec.generatedGVK) ? spec.generatedGVK : {};
  const t: ExpansionTemplate = {
    name: objectName(o),
    applyTo: (Array.isArray(spec.applyTo) ? spec.applyTo : []).map((a) => ({
      groups: strings(isPlainRecord(a) ? a.groups : undefined),
      kinds: strings(isPlainRecord(a) ? a.kinds : undefined),
      versions: strings(isPlainRecord(a) ? a.versions : undefined),
    })),
    templateSource: str(spec.templateSource),
    generatedGVK: { group: str(gvk.group), version: str(gvk.version), kind: str(gvk.kind) },
    enforcementAction: str(spec.enforcementAction),
  };
  if (!t.name) throw gkError('gk_invalid_object', 'ExpansionTemplate has empty name field');
  if (!t.templateSource) throw gkError('gk_invalid_object', `ExpansionTemplate ${t.name} has empty source field`);
  const g = t.generatedGVK;
  if (!g.group && !g.version && !g.kind) throw gkError('gk_invalid_object', `ExpansionTemplate ${t.name} has empty generatedGVK field`);
  return t;
}

/** Expands objects with a set of ExpansionTemplates (keyed by name; a later one replaces). */
export class Expander {
  private readonly templates = new Map<string, ExpansionTemplate>();

  constructor(templates: Iterable<ExpansionTemplate> = []) {
    for (const t of templates) this.templates.set(t.name, t);
  }

  get size(): number {
    return this.templates.size;
  }

  /** The resultants of `obj` (none when no template applies to its GVK). */
  expand(obj: KubeObject): Resultant[] {
    const gvk = objectGVK(obj);
    if (!gvk.group && !gvk.version && !gvk.kind) {
      throw gkError('gk_review_error', `cannot expand resource ${objectName(obj)} with empty GVK`);
    }
    const out: Resultant[] = [];
    for (const t of [...this.templates.keys()].sort().map((k) => this.templates.get(k)!)) {
      for (const a of t.applyTo) {
        if (!(a.groups.includes(gvk.group) && a.versions.includes(gvk.version) && a.kinds.includes(gvk.kind))) continue;
        out.push({ object: resultantOf(obj, t), templateName: t.name, enforcementAction: t.enforcementAction });
      }
    }
    return out;
  }
}

function resultantOf(parent: KubeObject, t: ExpansionTemplate): KubeObject {
  let src: unknown = parent;
  for (const seg of t.templateSource.split('.')) src = isPlainRecord(src) ? src[seg] : undefined;
  if (src === undefined) throw gkError('gk_review_error', `could not find source field ${JSON.stringify(t.templateSource)} in Obj`);
  if (!isPlainRecord(src)) {
    throw gkError('gk_review_error', `could not extract source field from unstructured: ${t.templateSource} accessor error: not a map`);
  }
  const obj = structuredClone(src) as KubeObject;
  const g = t.generatedGVK;
  obj.apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
  obj.kind = g.kind;
  const metadata: Record<string, unknown> = isPlainRecord(obj.metadata) ? obj.metadata : {};
  const ns = isPlainRecord(parent.metadata) && typeof parent.metadata.namespace === 'string' ? parent.metadata.namespace : '';
  if (ns) metadata.namespace = ns;
  else delete metadata.namespace;
  metadata.name = `${objectName(parent)}${g.kind ? '-' : ''}${g.kind}`.toLowerCase();
  obj.metadata = metadata;
  return obj;
}

/** A resultant's results as the parent reports them: prefixed message, optional action override. */
export function impliedResults(r: Resultant, results: readonly ReviewResult[]): ReviewResult[] {
  return results.map((res) => ({
    ...res,
    msg: `[Implied by ${r.templateName}] ${res.msg}`,
    ...(r.enforcementAction ? { enforcementAction: r.enforcementAction } : {}),
  }));
}
