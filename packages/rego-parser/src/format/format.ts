/**
 * `format(module)`: print a module in canonical `opa fmt` style.
 */
import type { Import, Module } from '../ast/index.js';
import { RegoErrors } from '../errors.js';
import { walkModule } from '../ast/walk.js';
import { Printer } from './printer.js';
import { SourceText } from './source.js';
import { KEYWORDS_V0, KEYWORDS_V1 } from './strings.js';
import { refName } from './terms.js';
import { MEMBER_2, MEMBER_3 } from './operators.js';
import {
  ensureFutureKeywordImport, ensureRegoV1Import, futureKeyword, isAllFutureKeywords, isFutureImport, isRegoV1Import,
} from './imports.js';

export interface FormatOptions {
  /**
   * Output syntax: `v1` (default, `opa fmt`), `v0` (`opa fmt --v0-compatible`), or `v0v1`
   * (`opa fmt --v0-v1`: v0 syntax that is also valid v1, with `import rego.v1`).
   */
  regoVersion?: 'v0' | 'v1' | 'v0v1';
  /**
   * The module's source text. opa fmt keeps line breaks, string escapes and explicit
   * parentheses as written; without the source those fall back to canonical one-line forms.
   */
  source?: string;
  /** Drop `import rego.v1` and `future.keywords` imports from v1 output (`--drop-v0-imports`). */
  dropV0Imports?: boolean;
}

/**
 * Format a parsed module. Throws `RegoErrors` when the module cannot be printed (a builtin
 * operator called with the wrong number of arguments).
 */
export function format(module: Module, options?: FormatOptions | string): string {
  const opts: FormatOptions = typeof options === 'string' ? { source: options } : (options ?? {});
  const version = opts.regoVersion ?? 'v1';
  const regoV1 = version !== 'v0';

  let ifs = regoV1;
  let contains = regoV1;
  const futureKeywords: string[] = [];
  for (const imp of module.imports) {
    const kw = futureKeyword(imp);
    if (kw) futureKeywords.push(kw);
    if (isRegoV1Import(imp) || isAllFutureKeywords(imp)) {
      ifs = true;
      contains = true;
    } else if (kw === 'contains') {
      contains = true;
    } else if (kw === 'if') {
      ifs = true;
    }
  }

  const importsNot = module.imports.some((i) => futureKeyword(i) === 'not');
  let refHeads = false;
  const extraKeywords = new Set<string>();
  walkModule(module, {
    rule: (r) => {
      const h = r.head;
      const len = h.ref.length;
      if (len > 2 || (len === 2 && h.key && !h.value)) refHeads = true;
    },
    expr: (e) => {
      // With `import future.keywords.not`, OPA turns every `not x` into a not-body.
      if (e.negated && importsNot) extraKeywords.add('not');
      if (e.terms.type === 'every') extraKeywords.add('every');
      else if (e.terms.type === 'not') extraKeywords.add('not');
      else if (e.terms.type === 'call') {
        const name = refName(e.terms.operator);
        if (name === MEMBER_2 || name === MEMBER_3) extraKeywords.add('in');
      }
    },
  });

  let imports: Import[] = module.imports;
  const drop = version === 'v1' && opts.dropV0Imports === true;
  if (drop) imports = imports.filter((i) => !isRegoV1Import(i));
  else if (version === 'v0v1') imports = ensureRegoV1Import(imports, module.file);
  const regoV1Imported = imports.some(isRegoV1Import);
  if (regoV1 || regoV1Imported) {
    if (regoV1Imported || drop) imports = imports.filter((i) => !isFutureImport(i));
    // Only `not { … }` still needs a future import in v1.
    if (extraKeywords.has('not')) imports = ensureFutureKeywordImport(imports, 'not', module.file);
  } else {
    for (const kw of extraKeywords) imports = ensureFutureKeywordImport(imports, kw, module.file);
  }

  const printer = new Printer(new SourceText(opts.source), {
    regoV1,
    ifs,
    contains,
    refHeads,
    keywords: regoV1 ? [...KEYWORDS_V1] : [...KEYWORDS_V0, ...futureKeywords],
    allowKeywordsInRefs: true,
  });
  printer.writeModule(module, imports);
  if (printer.errors.length > 0) throw new RegoErrors(printer.errors);
  return printer.output();
}

