import type { Location } from './location.js';
import type { RefTerm } from './terms.js';

/** Where an annotation applies (OPA's four scopes). */
export type AnnotationScope = 'rule' | 'document' | 'package' | 'subpackages';

/** A YAML value of an annotation block, as plain data (maps have no prototype keys). */
export type AnnotationValue = null | boolean | number | string | AnnotationValue[] | { [key: string]: AnnotationValue };

/** `related_resources` entry: a URL and an optional description. */
export interface RelatedResource { ref: string; description?: string }

/** `authors` entry (`Name <email>` strings are split into both). */
export interface Author { name: string; email?: string }

/** `schemas` entry: the document `path` and either a `schema` reference or an inline `definition`. */
export interface SchemaAnnotation { path: RefTerm; schema?: RefTerm; definition?: AnnotationValue }

/** `compile` entry (partial evaluation hints). */
export interface CompileAnnotation { unknowns?: RefTerm[]; maskRule?: RefTerm }

/**
 * A `# METADATA` comment block that parsed and validated, with its fields decoded as OPA
 * decodes them (absent when empty). `scope` is the declared scope or, when none is declared,
 * the one implied by the statement below the block (as OPA).
 */
export interface Annotation {
  type: 'annotation';
  scope: AnnotationScope;
  entrypoint: boolean;
  title?: string;
  description?: string;
  organizations?: string[];
  relatedResources?: RelatedResource[];
  authors?: Author[];
  schemas?: SchemaAnnotation[];
  compile?: CompileAnnotation;
  custom?: { [key: string]: AnnotationValue };
  labels?: { [key: string]: AnnotationValue };
  /** The block's YAML document as written. */
  value: { [key: string]: AnnotationValue };
  /** Index in `module.rules` of the rule the block stands above (absent for package blocks). */
  rule?: number;
  /** The `# METADATA` line. */
  location: Location;
}
