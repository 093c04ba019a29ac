/** Public parse entry points. Never throw for bad input: errors come back as `RegoError`s. */
import type { Module, RegoVersion } from './ast/module.js';
import type { Body } from './ast/expr.js';
import type { Term } from './ast/terms.js';
import { RegoError } from './errors.js';
import { parseStatements } from './parser/rego-parser.js';
import { buildModule } from './parser/module.js';
import { parseMetadataBlocks } from './parser/metadata.js';
import { errorDetails } from './parser/details.js';

export interface ParseOptions {
  /** File name used in locations and messages (default `''`). */
  file?: string;
  /** Rego version (default `'v1'`). */
  regoVersion?: RegoVersion;
}

function internalError(e: unknown, file: string): RegoError[] {
  const msg = e instanceof Error ? e.message : String(e);
  return [new RegoError('rego_parse_error', `internal parser error: ${msg}`, { file, row: 1, col: 1, offset: 0, end: 0 })];
}

/** Parses a module (`package …` followed by imports and rules). */
export function parseModule(source: string, opts: ParseOptions = {}): { module?: Module; errors: RegoError[] } {
  const file = opts.file ?? '';
  try {
    const p = parseStatements(source, { file, regoVersion: opts.regoVersion ?? 'v1' });
    const { stmts, comments, errors } = p;
    // METADATA blocks are checked even after syntax errors; their errors come last (as OPA).
    const md = parseMetadataBlocks(comments, (t) => parseTerm(t));
    const mdErrors = md.errors.map(
      (e) => new RegoError('rego_parse_error', e.message, e.location, errorDetails(source, e.location.offset)),
    );
    // Errors keep OPA's order (`opa parse` does not sort them): parse errors by position,
    // then the statement and v1-rule checks.
    if (errors.length > 0 || mdErrors.length > 0) return { errors: [...errors, ...mdErrors] };
    return buildModule(p, stmts, comments, md.blocks);
  } catch (e) {
    return { errors: internalError(e, file) };
  }
}

/** Parses a query: one or more literals separated by `;` or newlines. */
export function parseQuery(source: string, opts: ParseOptions = {}): { body?: Body; errors: RegoError[] } {
  const file = opts.file ?? '';
  try {
    const { stmts, errors } = parseStatements(source, { file, regoVersion: opts.regoVersion ?? 'v1', skipRules: true });
    if (errors.length > 0) return { errors: [...errors] };
    const body: Body = [];
    for (const st of stmts) {
      if (st.kind !== 'body') {
        // OPA's text names the Go type of the statement.
        const goType = st.kind === 'package' ? 'Package' : st.kind === 'import' ? 'Import' : 'Rule';
        return { errors: [new RegoError('rego_parse_error', `expected body but got *ast.${goType}`, st.node.location)] };
      }
      for (const e of st.node) {
        e.index = body.length;
        body.push(e);
      }
    }
    return { body, errors: [] };
  } catch (e) {
    return { errors: internalError(e, file) };
  }
}

/** Parses a single term (e.g. a test case's `input_term`). */
export function parseTerm(source: string, opts: ParseOptions = {}): { term?: Term; errors: RegoError[] } {
  const r = parseQuery(source, opts);
  if (!r.body) return { errors: r.errors };
  const loc = { file: opts.file ?? '', row: 1, col: 1, offset: 0, end: source.length };
  if (r.body.length !== 1) {
    return { errors: [new RegoError('rego_parse_error', `expected exactly one term but got ${r.body.length} expressions`, loc)] };
  }
  const e = r.body[0]!;
  if (e.terms.type !== 'term' || e.negated || e.with.length > 0) {
    return { errors: [new RegoError('rego_parse_error', 'expected term but got expression', e.location)] };
  }
  return { term: e.terms.term, errors: [] };
}
