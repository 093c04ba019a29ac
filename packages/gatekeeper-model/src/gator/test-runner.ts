/**
 * `gator test` (spec §7.3): one client for everything; templates, then constraints, then every
 * object as data; then every object reviewed in input order as a plain object.
 */
import { Client } from '../client/client.js';
import { GATOR_EP } from '../client/enforcement.js';
import { isDenyResult, TARGET_NAME, type ReviewResult } from '../client/result.js';
import { errorText, gkError } from '../errors.js';
import { isConstraintObject, isConstraintTemplateObject } from '../model/decode.js';
import { formatGVK, isNamespaceObject, objectGVK, objectName, objectNamespace, parseGroupVersion } from '../model/gvk.js';
import { decodeExpansionTemplate, Expander, impliedResults, isExpansionTemplateObject, type ExpansionTemplate } from '../expansion/expansion.js';
import { isPlainRecord } from '../model/shape.js';
import type { KubeObject } from '../model/types.js';
import type { RegoEngine } from '../rego/engine.js';
import type { RegoLimits } from '../rego/limits.js';
import { reviewFromObject } from '../target/review.js';
import { SourceDocument } from '../yaml/documents.js';
import { goJSON, ordered } from './go-json.js';
import { goQuote } from './go-quote.js';
import { goYAML } from './go-yaml.js';

export interface GatorTestOptions {
  engine?: RegoEngine;
  /** `-v`: keep `print()` output. */
  verbose?: boolean;
  limits?: RegoLimits;
}

export interface GatorTestResult {
  result: ReviewResult;
  violatingObject: KubeObject;
}

export interface GatorTestReport {
  /** Sorted by enforcementAction, then msg. */
  results: GatorTestResult[];
  prints: string[];
  /** Warnings (duplicate resources). */
  warnings: string[];
  /** 1 iff some result denies. */
  exitCode: number;
}

function valueOf(d: unknown): unknown {
  return d instanceof SourceDocument ? d.value : d;
}

/** Runs `gator test` over decoded documents. Throws (`auditing objects: …`) on any setup error. */
export function runGatorTest(docs: readonly unknown[], opts: GatorTestOptions = {}): GatorTestReport {
  const objects = docs.map(valueOf).filter((o): o is KubeObject => o !== null && o !== undefined);
  if (objects.length === 0) throw gkError('gk_usage_error', 'no input data identified');
  const warnings: string[] = [];
  const seen = new Map<string, string>();
  docs.forEach((d, i) => {
    const o = valueOf(d);
    if (!isPlainRecord(o)) return;
    const gvk = objectGVK(o);
    const key = `${gvk.group}|${gvk.kind}|${objectNamespace(o)}|${objectName(o)}`;
    const src = d instanceof SourceDocument ? (d.file && d.file !== '<stdin>' ? `file: ${JSON.stringify(d.file)}` : 'stdin') : `object ${i}`;
    const prev = seen.get(key);
    if (prev !== undefined) warnings.push(`WARNING - Resource named "${objectName(o)}" (from ${src}) is already defined in ${prev}`);
    else seen.set(key, src);
  });
  const client = new Client({
    enforcementPoints: [GATOR_EP],
    enablePrint: opts.verbose ?? false,
    ...(opts.engine ? { engine: opts.engine } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  const fail = (e: unknown): never => {
    throw gkError('gk_usage_error', `auditing objects: ${errorText(e)}`);
  };
  for (const d of docs) {
    const o = valueOf(d);
    if (!isConstraintTemplateObject(o)) continue;
    try {
      client.addTemplate(d);
    } catch (e) {
      fail(`adding template "${objectName(o)}": ${errorText(e)}`);
    }
  }
  for (const d of docs) {
    const o = valueOf(d);
    if (!isConstraintObject(o)) continue;
    try {
      client.addConstraint(d);
    } catch (e) {
      fail(`adding constraint "${objectName(o)}": ${errorText(e)}`);
    }
  }
  for (const o of objects) {
    try {
      client.addData(o);
    } catch (e) {
      fail(`adding data of GVK "${formatGVK(objectGVK(o))}": ${TARGET_NAME}: ${errorText(e)}\n`);
    }
  }
  const namespaces = new Map<string, KubeObject>();
  for (const o of objects) if (isNamespaceObject(o)) namespaces.set(objectName(o), o);
  const expansions: ExpansionTemplate[] = [];
  for (const o of objects) {
    if (!isExpansionTemplateObject(o)) continue;
    try {
      expansions.push(decodeExpansionTemplate(o));
    } catch (e) {
      fail(e);
    }
  }
  const expander = new Expander(expansions);
  if (expansions.length && objects.some((o) => parseGroupVersion(o.apiVersion)?.group === 'mutations.gatekeeper.sh')) {
    warnings.push('WARNING - mutators (mutations.gatekeeper.sh) are not supported: expansion resultants are reviewed unmutated');
  }
  const results: GatorTestResult[] = [];
  const prints: string[] = [];
  for (const o of objects) {
    const nsName = objectNamespace(o);
    // Upstream quirk: objects without a namespace carry an empty (non-null) Namespace.
    let ns: KubeObject | null;
    if (nsName === '') ns = {};
    else if (namespaces.has(nsName)) ns = namespaces.get(nsName)!;
    else if (nsName === 'default') ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } };
    else ns = null;
    try {
      // Every document is a plain object here, an AdmissionReview too (only `gator verify` unwraps
      // one): review the object itself, not what `client.review` would read from it.
      const resp = client.reviewPrepared(reviewFromObject(o, { source: 'Original', namespaceObject: null, matchNamespace: ns }), [GATOR_EP]);
      prints.push(...resp.prints);
      for (const r of resp.results) results.push({ result: r, violatingObject: o });
      for (const res of expander.size ? expander.expand(o) : []) {
        const child = client.reviewPrepared(reviewFromObject(res.object, { source: 'Generated', namespaceObject: null, matchNamespace: ns }), [GATOR_EP]);
        prints.push(...child.prints);
        for (const r of impliedResults(res, child.results)) results.push({ result: r, violatingObject: o });
      }
    } catch (e) {
      fail(e);
    }
  }
  results.sort((a, b) => cmp(a.result.enforcementAction, b.result.enforcementAction) || cmp(a.result.msg, b.result.msg));
  return { results, prints, warnings, exitCode: results.some((r) => isDenyResult(r.result)) ? 1 : 0 };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}


export type GatorTestFormat = 'default' | 'json' | 'yaml';

/** The printed results. `denyOnly` filters to enforceable results (exit status unchanged). */
export function formatGatorTest(report: GatorTestReport, format: GatorTestFormat | string, denyOnly = false): string {
  let out = '';
  for (const chunk of formatGatorTestChunks(report, format, denyOnly)) out += chunk;
  return out;
}

/**
 * The same text in pieces (one per result for JSON), so that a large report can be written
 * without ever holding all of its text.
 */
export function* formatGatorTestChunks(report: GatorTestReport, format: GatorTestFormat | string, denyOnly = false): Generator<string> {
  const results = denyOnly ? report.results.filter((r) => isDenyResult(r.result)) : report.results;
  if (format === 'json') {
    // gator writes JSON without a trailing newline. Elements as goJSON writes an array's.
    if (results.length === 0) {
      yield 'null';
      return;
    }
    yield '[\n';
    for (let i = 0; i < results.length; i++) yield (i ? ',\n    ' : '    ') + goJSON(jsonResult(results[i]!), '    ', 1);
    yield '\n]';
    return;
  }
  yield formatOther(results, format);
}

function formatOther(results: GatorTestResult[], format: GatorTestFormat | string): string {
  if (format === 'yaml') {
    const list = results.map((r) =>
      ordered({
        result: ordered({
          target: r.result.target,
          msg: r.result.msg,
          ...(r.result.metadata ? { metadata: ordered({ details: r.result.metadata.details }) } : {}),
          constraint: ordered({ object: r.result.constraint }),
          enforcementaction: r.result.enforcementAction,
          scopedenforcementactions: r.result.scopedActions,
        }),
        violatingObject: r.violatingObject,
        trace: null,
      }),
    );
    return goYAML(list);
  }
  if (format === 'default') return ''; // upstream quirk: `-o default` prints nothing
  return results
    .map((r) => {
      const o = r.violatingObject;
      const ns = objectNamespace(o);
      const id = ns ? `${ns}/${objectName(o)}` : objectName(o);
      return `${String(o.apiVersion ?? '')}/${String(o.kind ?? '')} ${id}: [${goQuote(objectName(r.result.constraint))}] Message: ${goQuote(r.result.msg)}\n`;
    })
    .join('');
}

function jsonResult(r: GatorTestResult): Record<string, unknown> {
  const out: Record<string, unknown> = ordered({} as Record<string, unknown>);
  out.target = r.result.target;
  if (r.result.msg) out.msg = r.result.msg;
  if (r.result.metadata) out.metadata = ordered({ details: r.result.metadata.details });
  out.constraint = r.result.constraint;
  if (r.result.enforcementAction) out.enforcementAction = r.result.enforcementAction;
  if (r.result.scopedActions.length) out.scopedActions = r.result.scopedActions;
  out.violatingObject = r.violatingObject;
  out.trace = null;
  return out;
}
