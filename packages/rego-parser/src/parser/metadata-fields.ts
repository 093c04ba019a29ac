/**
 * The typed fields of a validated METADATA block, decoded as OPA's `metadataParser.Parse`
 * does: authors and related resources become objects, schema and compile references become
 * refs, empty fields are left out.
 */
import type { Annotation, AnnotationValue, Author, RelatedResource, SchemaAnnotation } from '../ast/annotations.js';
import type { RefTerm, Term } from '../ast/terms.js';
import type { TermParser } from './metadata.js';
import type { YamlMap } from './metadata-yaml.js';

export type AnnotationFields = Omit<Annotation, 'type' | 'scope' | 'entrypoint' | 'value' | 'location' | 'rule'>;

function get(m: YamlMap, k: string): AnnotationValue | undefined {
  return Object.hasOwn(m, k) ? m[k] : undefined;
}

function isMap(v: AnnotationValue | undefined): v is YamlMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(m: YamlMap, k: string): string {
  const v = get(m, k);
  return typeof v === 'string' ? v.trim() : '';
}

/** OPA's parseAuthorString: a trailing `<…>` word is the e-mail, the other words the name. */
function author(v: AnnotationValue): Author {
  if (isMap(v)) {
    const email = text(v, 'email');
    return { name: text(v, 'name'), ...(email ? { email } : {}) };
  }
  const words = String(v).split(/\s+/).filter(Boolean);
  const last = words[words.length - 1] ?? '';
  if (last.length >= 2 && last.startsWith('<') && last.endsWith('>')) {
    const email = last.slice(1, -1);
    return { name: words.slice(0, -1).join(' '), ...(email ? { email } : {}) };
  }
  return { name: words.join(' ') };
}

function relatedResource(v: AnnotationValue): RelatedResource {
  if (isMap(v)) {
    const description = text(v, 'description');
    return { ref: text(v, 'ref'), ...(description ? { description } : {}) };
  }
  return { ref: String(v) };
}

/** A term as a ref (`input` alone is the one-element ref OPA's ParseRef gives). */
function asRef(t: Term): RefTerm {
  return t.type === 'ref' ? t : { type: 'ref', value: [t], location: t.location };
}

/** A copy of plain YAML data whose maps have sorted keys (Go marshals maps so). */
function plain(v: AnnotationValue): AnnotationValue {
  if (Array.isArray(v)) return v.map(plain);
  if (!isMap(v)) return v;
  const o: YamlMap = {};
  for (const k of Object.keys(v).sort()) {
    Object.defineProperty(o, k, { value: plain(v[k]!), enumerable: true, writable: true, configurable: true });
  }
  return o;
}

/** The fields of a block that passed `validate` (so every ref here parses). */
export function annotationFields(parse: TermParser, v: YamlMap): AnnotationFields {
  const out: AnnotationFields = {};
  const title = get(v, 'title');
  if (typeof title === 'string' && title !== '') out.title = title;
  const description = get(v, 'description');
  if (typeof description === 'string' && description !== '') out.description = description;
  const orgs = get(v, 'organizations');
  if (Array.isArray(orgs) && orgs.length > 0) out.organizations = orgs.map((o) => (o === null ? '' : String(o)));
  const rrs = get(v, 'related_resources');
  if (Array.isArray(rrs) && rrs.length > 0) out.relatedResources = rrs.map(relatedResource);
  const authors = get(v, 'authors');
  if (Array.isArray(authors) && authors.length > 0) out.authors = authors.map(author);
  const schemas = get(v, 'schemas');
  if (Array.isArray(schemas) && schemas.length > 0) {
    out.schemas = schemas.map((item): SchemaAnnotation => {
      const m = item as YamlMap;
      const k = Object.keys(m)[0] ?? '';
      const path = asRef(parse(k).term!);
      const s = m[k]!;
      if (typeof s === 'string') {
        const t = parse(s).term!;
        // `schema` alone stands for the root of the schema documents.
        return { path, schema: t.type === 'var' ? { type: 'ref', value: [t], location: t.location } : (t as RefTerm) };
      }
      return { path, definition: plain(s) };
    });
  }
  const compile = get(v, 'compile');
  if (isMap(compile)) {
    out.compile = {};
    const unknowns = get(compile, 'unknowns');
    if (Array.isArray(unknowns) && unknowns.length > 0) {
      out.compile.unknowns = unknowns.filter((u): u is string => typeof u === 'string').map((u) => asRef(parse(u).term!));
    }
    const mask = get(compile, 'mask_rule');
    if (typeof mask === 'string') out.compile.maskRule = asRef(parse(mask).term!);
  }
  for (const k of ['custom', 'labels'] as const) {
    const m = get(v, k);
    if (isMap(m) && Object.keys(m).length > 0) out[k] = plain(m) as YamlMap;
  }
  return out;
}
