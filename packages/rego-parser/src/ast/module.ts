import type { Location } from './location.js';
import type { RefTerm } from './terms.js';
import type { Rule } from './rule.js';
import type { Annotation } from './annotations.js';

export type RegoVersion = 'v0' | 'v1';

/** `package a.b` → path `data.a.b`: a ref whose head is `var data`, then string terms. */
export interface Package { type: 'package'; path: RefTerm; location: Location }

/** `import data.a.b as c`: `path` is a ref rooted at input, data, future or rego. */
export interface Import { type: 'import'; path: RefTerm; alias?: string; location: Location }

/** A `#` comment; `text` excludes the `#`. Kept so the formatter can re-emit them. */
export interface Comment { type: 'comment'; text: string; location: Location }

export interface Module {
  type: 'module';
  package: Package;
  imports: Import[];
  rules: Rule[];
  comments: Comment[];
  /** The version the module was parsed as (v0 modules with `import rego.v1` stay `v0`). */
  regoVersion: RegoVersion;
  /** True when v1 rules apply (v1 modules, and v0 modules importing `rego.v1`). */
  regoV1Compatible: boolean;
  /** Keywords active in this module (`if`, `contains`, `in`, `every`, …). */
  keywords: string[];
  file: string;
  /** The module's `# METADATA` blocks, in source order (absent when there are none). */
  annotations?: Annotation[];
}
