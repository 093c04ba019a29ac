/**
 * `gator verify`: runs the tests and cases of discovered suites (spec §7.2.3–7.2.5). Discovery
 * is in verify-discovery.ts, the report in gator/verify-report.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Client } from '../client/client.js';
import { GATOR_EP } from '../client/enforcement.js';
import { TARGET_NAME } from '../client/result.js';
import { errorText, isGkError } from '../errors.js';
import { decodeExpansionTemplate, Expander, impliedResults, isExpansionTemplateObject } from '../expansion/expansion.js';
import { checkAssertion, compileRunFilter, type RunFilter } from '../gator/suite.js';
import { testPassed, type VerifyCaseResult, type VerifyReport, type VerifySuiteResult, type VerifyTestResult } from '../gator/verify-report.js';
import { isAdmissionReviewObject, isConstraintObject, isConstraintTemplateObject, TEMPLATE_VERSIONS } from '../model/decode.js';
import { formatGVK, objectGVK, objectName, objectNamespace, parseGroupVersion } from '../model/gvk.js';
import type { KubeObject, SuiteTest } from '../model/types.js';
import type { RegoEngine } from '../rego/engine.js';
import type { RegoLimits } from '../rego/limits.js';
import { reviewFromAdmissionReview, reviewFromObject } from '../target/review.js';
import { parseDocuments, type SourceDocument } from '../yaml/documents.js';
import { checkFileSize, loadVerifyObjects } from './files.js';
import { decodeFileText } from './utf8.js';
import { discoverSuites, type SuiteFile } from './verify-discovery.js';

export interface VerifyOptions {
  /** `-r/--run` filter. */
  run?: string;
  /** Base for relative paths (default `process.cwd()`). */
  cwd?: string;
  engine?: RegoEngine;
  limits?: RegoLimits;
  /** Template, constraint and object files larger than this are an error of their test. */
  maxFileBytes?: number;
}

/** Runs the suites found under `paths`. */
export function runVerify(paths: readonly string[], opts: VerifyOptions = {}): VerifyReport {
  const filter = compileRunFilter(opts.run ?? '');
  const suites = discoverSuites(paths, opts.cwd).map((s) => runSuite(s, filter, opts));
  const passed = suites.every((s) => !s.error && s.tests.every((t) => testPassed(t)));
  return { suites, passed };
}

function runSuite(file: SuiteFile, filter: RunFilter, opts: VerifyOptions): VerifySuiteResult {
  const start = performance.now();
  const result: VerifySuiteResult = { path: file.path, display: file.display, skipped: !!file.suite.skip, seconds: 0, tests: [] };
  if (!file.suite.skip) {
    const dir = dirname(file.path);
    for (const t of file.suite.tests) result.tests.push(runTest(dir, t, filter, opts));
  }
  result.seconds = (performance.now() - start) / 1000;
  return result;
}

/** Suite paths are joined onto the suite's directory, even when they start with `/`. */
function suitePath(dir: string, p: string): string {
  return isAbsolute(p) ? join(dir, p) : resolve(dir, p);
}

function newClient(opts: VerifyOptions): Client {
  return new Client({ enforcementPoints: [GATOR_EP], enablePrint: true, ...(opts.engine ? { engine: opts.engine } : {}), ...(opts.limits ? { limits: opts.limits } : {}) });
}

function runTest(dir: string, t: SuiteTest, filter: RunFilter, opts: VerifyOptions): VerifyTestResult {
  const start = performance.now();
  const res: VerifyTestResult = { name: t.name, skipped: false, seconds: 0, cases: [] };
  const done = () => ((res.seconds = (performance.now() - start) / 1000), res);
  if (t.skip || !filter.test(t.name, t.cases.map((c) => c.name))) {
    res.skipped = true;
    return done();
  }
  const client = newClient(opts);
  let constraintError: unknown;
  try {
    if (!t.template) throw new Error('invalid Suite: missing template');
    const tpath = suitePath(dir, t.template);
    const tdoc = readFirst(tpath, 'ConstraintTemplate', opts.maxFileBytes);
    const v = tdoc?.value as { kind?: unknown; apiVersion?: unknown } | undefined;
    const version = parseGroupVersion(typeof v?.apiVersion === 'string' ? v.apiVersion : '')?.version ?? '';
    if (!isConstraintTemplateObject(v) || !(TEMPLATE_VERSIONS as readonly string[]).includes(version)) {
      if (v?.kind === 'ConstraintTemplate') {
        throw new Error(
          `path ${JSON.stringify(fsPath(tpath))}: adding template: no kind "ConstraintTemplate" is registered for version ${JSON.stringify(String(v.apiVersion ?? ''))} in scheme "pkg/runtime/scheme.go:111"`,
        );
      }
      throw new Error(`path ${JSON.stringify(fsPath(tpath))}: not a ConstraintTemplate`);
    }
    try {
      client.addTemplate(tdoc);
    } catch (e) {
      throw new Error(`adding template: ${errorText(e)}`);
    }
    if (!t.constraint) throw new Error('invalid Suite: missing constraint');
    const cdoc = readFirst(suitePath(dir, t.constraint), 'Constraint', opts.maxFileBytes);
    if (!cdoc || !isConstraintObject(cdoc.value)) throw new Error('not a Constraint');
    try {
      client.addConstraint(cdoc);
    } catch (e) {
      constraintError = e;
    }
  } catch (e) {
    res.error = errorText(e);
    return done();
  }
  if (t.invalid) {
    if (!isGkError(constraintError, 'gk_schema_error')) {
      res.error = `constraint should have failed schema validation: got error ${constraintError ? errorText(constraintError) : '<nil>'} but want schema validation failed`;
    }
    return done();
  }
  if (constraintError) {
    res.error = errorText(constraintError);
    return done();
  }
  let expander: Expander | undefined;
  if (t.expansion) {
    try {
      const epath = suitePath(dir, t.expansion);
      expander = new Expander(
        readObjects(epath, opts.maxFileBytes).map((d) => {
          if (!isExpansionTemplateObject(d.value)) throw new Error(`not an Expansion Template: ${JSON.stringify(fsPath(epath))}`);
          return decodeExpansionTemplate(d.value);
        }),
      );
    } catch (e) {
      res.error = errorText(e);
      return done();
    }
  }
  for (const c of t.cases) {
    const cstart = performance.now();
    const cr: VerifyCaseResult = { name: c.name, skipped: false, seconds: 0, prints: [] };
    if (c.skip || !filter.case(t.name, c.name)) cr.skipped = true;
    else {
      try {
        runCase(client, dir, c, cr, expander, opts.maxFileBytes);
      } catch (e) {
        cr.error = errorText(e);
      }
    }
    cr.seconds = (performance.now() - cstart) / 1000;
    res.cases.push(cr);
  }
  return done();
}

/** gator reads through a filesystem rooted at `/`, so it names files without the leading slash. */
function fsPath(p: string): string {
  return p.replace(/^\//, '');
}

/** The first document of a template/constraint file, with gator's error wrapping. */
function readFirst(path: string, what: 'ConstraintTemplate' | 'Constraint', maxFileBytes: number | undefined): SourceDocument | undefined {
  checkFileSize(path, maxFileBytes);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    throw new Error(`reading ${what} from ${JSON.stringify(fsPath(path))}: open ${fsPath(path)}: no such file or directory`);
  }
  try {
    return parseDocuments(decodeFileText(buf, path, false), { file: path, version: '1.2', jsonAsYaml: true })[0];
  } catch (e) {
    const prefix = what === 'ConstraintTemplate' ? 'adding template: ' : '';
    throw new Error(`${prefix}parsing ${what} YAML from ${JSON.stringify(fsPath(path))}: ${errorText(e)}`);
  }
}

/** All objects of a case/inventory file, with gator's error wrapping. */
function readObjects(path: string, maxFileBytes: number | undefined): SourceDocument[] {
  try {
    readFileSync(path);
  } catch {
    throw new Error(`open ${fsPath(path)}: no such file or directory`);
  }
  let docs: SourceDocument[];
  try {
    docs = loadVerifyObjects(path, maxFileBytes);
  } catch (e) {
    throw new Error(`reading ${JSON.stringify(fsPath(path))}: invalid yaml: ${errorText(e)}`);
  }
  if (docs.length === 0) throw new Error(`missing objects: path ${JSON.stringify(fsPath(path))} defines no YAML objects`);
  return docs;
}

function describeObject(o: KubeObject): string {
  return `${formatGVK(objectGVK(o))} ${objectNamespace(o)}/${objectName(o)}`;
}

function runCase(client: Client, dir: string, c: SuiteTest['cases'][number], cr: VerifyCaseResult, expander: Expander | undefined, maxFileBytes: number | undefined): void {
  client.clearData();
  if (!c.object) throw new Error('invalid Case: must define object');
  if (c.assertions.length === 0) throw new Error('invalid Case: assertions must be non-empty');
  const objectPath = suitePath(dir, c.object);
  const objects = readObjects(objectPath, maxFileBytes);
  if (objects.length > 1) {
    throw new Error(`object file must contain exactly one object: ${JSON.stringify(fsPath(objectPath))} defines ${objects.length} objects`);
  }
  for (const inv of c.inventory ?? []) {
    for (const d of readObjects(suitePath(dir, inv), maxFileBytes)) {
      const o = d.value as KubeObject;
      try {
        client.addData(o);
      } catch (e) {
        throw new Error(`unable to add object to data.inventory: ${describeObject(o)}: ${TARGET_NAME}: ${errorText(e)}\n`);
      }
    }
  }
  const obj = objects[0]!.value as KubeObject;
  let resp;
  if (isAdmissionReviewObject(obj)) {
    try {
      resp = client.reviewPrepared(reviewFromAdmissionReview(obj), [GATOR_EP]);
    } catch (e) {
      // Decoding errors are reported as they are; the target's errors carry its prefix.
      if (!isGkError(e, 'gk_review_error')) throw e;
      throw new Error(`${TARGET_NAME}: target.HandleReview failed for target "${TARGET_NAME}": ${errorText(e)}\n`);
    }
  } else {
    try {
      resp = client.reviewPrepared(reviewFromObject(obj, { source: 'Original', namespaceObject: null }), [GATOR_EP]);
      for (const r of expander?.expand(obj) ?? []) {
        const child = client.reviewPrepared(reviewFromObject(r.object, { source: 'Generated', namespaceObject: null }), [GATOR_EP]);
        resp = { ...resp, results: [...resp.results, ...impliedResults(r, child.results)], prints: [...resp.prints, ...child.prints] };
      }
    } catch (e) {
      throw new Error(`reviewing ${describeObject(obj)}: ${errorText(e)}`);
    }
  }
  cr.prints = resp.prints;
  const messages = resp.results.map((r) => r.msg);
  for (const a of c.assertions) {
    const failure = checkAssertion(a, messages);
    if (failure) throw new Error(failure);
  }
}

