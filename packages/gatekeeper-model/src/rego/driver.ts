/**
 * The Rego driver: source extraction, parsing, rewriting and compiling a template once, and
 * evaluating `data.template.violation` per matched constraint with `input = {review, parameters}`.
 */
import { RegoError, RegoErrors, formatErrorDetails, type Module } from '@rego-ts/rego-parser';
import { gkError } from '../errors.js';
import { isPlainRecord } from '../model/shape.js';
import type { RegoSource, TemplateCode } from '../model/types.js';
import type { EngineQuery, RegoEngine, RegoVersion } from './engine.js';
import { hasViolationRule, rewriteTemplateModules, type RewriteOptions } from './rewrite.js';
import { elementsOf, fieldOf, toPlainJSON, valueKey } from './values.js';
import { evaluationLimits, type RegoLimits } from './limits.js';
import { checkPolicySize } from '@rego-ts/rego-eval';

export const REGO_ENGINE = 'Rego';

/** OPA's text for a list of errors, with the source line and caret under parse errors. */
function errorsText(errors: readonly RegoError[]): string {
  const one = (e: RegoError) => e.format() + (e.details ? `\n${formatErrorDetails(e.details)}` : '');
  if (errors.length === 1) return `1 error occurred: ${one(errors[0]!)}`;
  return `${errors.length} errors occurred:\n${errors.map(one).join('\n')}`;
}

export interface CompiledRegoTemplate {
  readonly regoVersion: RegoVersion;
  readonly query: EngineQuery;
}

/** The Rego source of a template's `code` list (upstream schema.go rules). */
export function extractRegoSource(code: TemplateCode[]): RegoSource {
  const entry = code.find((c) => c.engine === REGO_ENGINE);
  if (!entry) throw gkError('gk_invalid_template', 'could not extract Rego from the constraint template');
  const src = entry.source;
  if (!isPlainRecord(src)) throw gkError('gk_invalid_template', 'invalid ConstraintTemplate: could not recognize the type');
  if (typeof src.rego !== 'string') throw gkError('gk_invalid_template', 'invalid ConstraintTemplate: rego source missing required field: rego');
  const libs = Array.isArray(src.libs) ? src.libs : [];
  if (libs.some((l) => typeof l !== 'string')) throw gkError('gk_invalid_template', 'invalid ConstraintTemplate: libs must be a list of strings');
  return { rego: src.rego, libs: libs as string[], version: typeof src.version === 'string' ? src.version : '' };
}

function parseOrThrow(engine: RegoEngine, text: string, file: string, regoVersion: RegoVersion): Module {
  if (text.trim() === '') throw gkError('gk_invalid_template', `invalid ConstraintTemplate: invalid module: module "${file}" is empty`);
  const { module, errors } = engine.parseModule(text, { file, regoVersion });
  if (errors.length || !module) throw gkError('gk_invalid_template', `invalid ConstraintTemplate: ${errorsText(errors)}`);
  return module;
}

export interface CompileTemplateOptions extends RewriteOptions {
  enablePrint?: boolean;
  /** `RegoLimits.maxPolicyBytes`: checked before parsing. */
  maxPolicyBytes?: number;
}

/** Parses, checks, rewrites and compiles a template's Rego; prepares its query once. */
export function compileRegoTemplate(engine: RegoEngine, source: RegoSource, opts: CompileTemplateOptions = {}): CompiledRegoTemplate {
  const regoVersion: RegoVersion = source.version === 'v1' ? 'v1' : 'v0';
  if (opts.maxPolicyBytes !== undefined) {
    const files = [{ file: 'template', source: source.rego }, ...source.libs.map((l, i) => ({ file: `libs["lib_${i}"]`, source: l }))];
    try {
      checkPolicySize(files, opts.maxPolicyBytes);
    } catch (e) {
      if (e instanceof RegoErrors) throw gkError('gk_compile_error', `unable to compile modules: ${errorsText(e.errors)}`);
      throw e;
    }
  }
  const entry = parseOrThrow(engine, source.rego, 'template', regoVersion);
  const libs = source.libs.map((l, i) => parseOrThrow(engine, l, `libs["lib_${i}"]`, regoVersion));
  if (!hasViolationRule(entry)) {
    throw gkError('gk_invalid_template', 'invalid ConstraintTemplate: invalid rego: invalid module: missing required rules: [violation]');
  }
  rewriteTemplateModules(entry, libs, opts);
  let query: EngineQuery;
  try {
    query = engine.compile([entry, ...libs], { enablePrint: opts.enablePrint ?? false }).prepare('data.template.violation');
  } catch (e) {
    if (e instanceof RegoErrors) throw gkError('gk_compile_error', `unable to compile modules: ${errorsText(e.errors)}`);
    if (e instanceof RegoError) throw gkError('gk_compile_error', `unable to compile modules: ${errorsText([e])}`);
    throw e;
  }
  return { regoVersion, query };
}

/** One violation as produced by the template (before enforcement metadata is attached). */
export interface RawViolation {
  msg: string;
  /** `details` of the violation, `{}` when absent; null for evaluation-error results. */
  details: unknown;
}

export interface ConstraintInput {
  key: string;
  parameters: unknown;
}

/**
 * Evaluates the template for each constraint. Elements without `msg` are dropped; a non-string
 * `msg` fails the whole review; an evaluation error replaces the results of every constraint
 * of the template by one violation whose message is the error text.
 */
export function evaluateRegoTemplate(
  tpl: CompiledRegoTemplate,
  review: unknown,
  constraints: ConstraintInput[],
  data: { inventory: unknown },
  print?: (msg: string) => void,
  limits?: RegoLimits,
): Map<string, RawViolation[]> {
  const out = new Map<string, RawViolation[]>();
  try {
    for (const c of constraints) {
      const lim = evaluationLimits(limits);
      const rs = tpl.query.evaluate({ input: { review, parameters: c.parameters }, data, ...(print ? { print } : {}), ...(lim ? { limits: lim } : {}) });
      const value = rs[0]?.expressions[0]?.value;
      const seen = new Set<string>();
      const list: RawViolation[] = [];
      for (const el of elementsOf(value)) {
        const msg = fieldOf(el, 'msg');
        if (msg === undefined) continue;
        if (typeof msg !== 'string') {
          throw gkError('gk_review_error', `extracting message binding: msg is not a string: ${JSON.stringify(toPlainJSON(msg))}`);
        }
        const details = fieldOf(el, 'details') ?? {};
        const k = valueKey([msg, details]);
        if (seen.has(k)) continue;
        seen.add(k);
        list.push({ msg, details: toPlainJSON(details) });
      }
      out.set(c.key, list);
    }
  } catch (e) {
    if (e instanceof RegoError && e.code.startsWith('gk_')) throw e;
    const text = e instanceof RegoError ? e.format() : e instanceof Error ? e.message : String(e);
    out.clear();
    for (const c of constraints) out.set(c.key, [{ msg: text, details: null }]);
  }
  return out;
}
