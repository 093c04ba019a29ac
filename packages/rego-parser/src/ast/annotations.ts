import type { Location } from './location.js';

/** Where an annotation applies (OPA's four scopes). */
export type AnnotationScope = 'rule' | 'document' | 'package' | 'subpackages';

/** A YAML value of an annotation block, as plain data (maps have no prototype keys). */
export type AnnotationValue = null | boolean | number | string | AnnotationValue[] | { [key: string]: AnnotationValue };

/**
 * A `# METADATA` comment block that parsed and validated. `scope` is the declared scope or,
 * when none is declared, the one implied by the statement below the block (as OPA).
 */
export interface Annotation {
  type: 'annotation';
  scope: AnnotationScope;
  entrypoint: boolean;
  /** The block's YAML document (title, description, authors, custom, …) as written. */
  value: { [key: string]: AnnotationValue };
  /** The `# METADATA` line. */
  location: Location;
}
