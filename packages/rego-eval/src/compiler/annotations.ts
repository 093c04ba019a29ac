/**
 * The values of `rego.metadata.rule()` / `rego.metadata.chain()`, which OPA computes at
 * compile time for the calling rule, from the `# METADATA` blocks the parser decoded and
 * attached (`Module.annotations`).
 */
import { termString, type Annotation, type AnnotationValue, type Module, type RefTerm, type Rule } from '@rego-ts/rego-parser';
import { newPlainObject, type PlainObject, type Value } from '../value/types.js';

export type { Annotation };

export interface ModuleAnnotations {
  /** Package- and subpackages-scope blocks above the package. */
  pkg: Annotation[];
  /** Rule-scope blocks by the rule they stand above. */
  rules: Map<Rule, Annotation[]>;
  /** Document-scope blocks by the rule they stand above. */
  documents: Map<Rule, Annotation>;
}

/** A module's annotations by the node each one is attached to. */
export function moduleAnnotations(m: Module): ModuleAnnotations {
  const out: ModuleAnnotations = { pkg: [], rules: new Map(), documents: new Map() };
  for (const a of m.annotations ?? []) {
    const rule = a.rule === undefined ? undefined : m.rules[a.rule];
    if (!rule) out.pkg.push(a);
    else if (a.scope === 'document') out.documents.set(rule, a);
    else {
      const list = out.rules.get(rule);
      if (list) list.push(a);
      else out.rules.set(rule, [a]);
    }
  }
  return out;
}

export interface MetadataIndex {
  /** Package- and subpackages-scope annotations by package path text. */
  packages: Map<string, Annotation[]>;
  /** Document-scope annotations by rule path text. */
  documents: Map<string, Annotation>;
}

function data(v: AnnotationValue): Value {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(data);
  const o = newPlainObject();
  for (const k of Object.keys(v)) o[k] = data(v[k]!);
  return o;
}

/** OPA's `Ref.toArray`: string elements stay strings, others become their text. */
function refArray(r: RefTerm): Value[] {
  return r.value.map((t) => (t.type === 'string' ? t.value : termString(t)));
}

/** An annotation as the object OPA's `Annotations.toObject` builds (compile hints left out). */
function toObject(a: Annotation): PlainObject {
  const o = newPlainObject();
  o['scope'] = a.scope;
  if (a.title) o['title'] = a.title;
  if (a.entrypoint) o['entrypoint'] = true;
  if (a.description) o['description'] = a.description;
  if (a.organizations) o['organizations'] = [...a.organizations];
  if (a.relatedResources) {
    o['related_resources'] = a.relatedResources.map((r) => {
      const x = newPlainObject();
      x['ref'] = r.ref;
      if (r.description) x['description'] = r.description;
      return x;
    });
  }
  if (a.authors) {
    o['authors'] = a.authors.map((r) => {
      const x = newPlainObject();
      if (r.name) x['name'] = r.name;
      if (r.email) x['email'] = r.email;
      return x;
    });
  }
  if (a.schemas) {
    o['schemas'] = a.schemas.map((s) => {
      const x = newPlainObject();
      if (s.path.value.length > 0) x['path'] = refArray(s.path);
      if (s.schema) x['schema'] = refArray(s.schema);
      if (s.definition !== undefined) x['definition'] = data(s.definition);
      return x;
    });
  }
  if (a.custom) o['custom'] = data(a.custom);
  if (a.labels) o['labels'] = data(a.labels);
  return o;
}

function entry(path: string[], ann?: Annotation): PlainObject {
  const o = newPlainObject();
  if (ann) o['annotations'] = toObject(ann);
  o['path'] = path;
  return o;
}

/** Closest declaration first (OPA sorts by location, descending). */
function closestFirst(as: Annotation[]): Annotation[] {
  return [...as].sort((a, b) => b.location.row - a.location.row || b.location.col - a.location.col);
}

/**
 * `rego.metadata.rule()` and `rego.metadata.chain()` for a rule (OPA `AnnotationSet.Chain`):
 * its rule-scope blocks, its document's block, its package's block, then subpackages blocks
 * from the package up to the root.
 */
export function metadataFor(idx: MetadataIndex, pkg: string[], rulePath: string[], own: Annotation[] | undefined): { rule: Value; chain: Value } {
  const full = [...pkg, ...rulePath];
  const mine = closestFirst(own ?? []);
  const chain: Value[] = mine.length > 0 ? mine.map((a) => entry(full, a)) : [entry(full)];
  const doc = idx.documents.get(full.join('\u0000'));
  if (doc) chain.push(entry(full, doc));
  const here = idx.packages.get(pkg.join('\u0000')) ?? [];
  for (const a of here) if (a.scope === 'package') chain.push(entry(pkg, a));
  for (let n = pkg.length; n >= 1; n--) {
    const p = pkg.slice(0, n);
    for (const a of idx.packages.get(p.join('\u0000')) ?? []) if (a.scope === 'subpackages') chain.push(entry(p, a));
  }
  return { rule: mine.length > 0 ? toObject(mine[0]!) : newPlainObject(), chain };
}
