/**
 * Runs OPA's YAML conformance suite (`v1/test/cases/testdata/{v0,v1}`) the way OPA's own
 * runner does (spec §6.2): v0/v1 modules by folder, query always v1, set comparison of
 * JSON-converted bindings, substring match of `want_error`, exact `want_error_code`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYAML } from 'yaml';
import { RegoError, RegoErrors } from '@rego-ts/rego-parser';
import { compile } from '../../api.js';
import { hashKey } from '../../value/hash.js';
import { toJSONText } from '../../value/json.js';
import { numberFromBigInt } from '../../value/number.js';
import { compare } from '../../value/compare.js';
import { newPlainObject, RegoNumber, RegoObject, RegoSet, type PlainObject, type Value } from '../../value/types.js';

export interface SuiteCase {
  note: string;
  query: string;
  modules?: string[];
  data?: unknown;
  input?: unknown;
  input_term?: string;
  want_result?: unknown[];
  want_error?: string;
  want_error_code?: string;
  strict_error?: boolean;
  sort_bindings?: boolean;
  env?: Record<string, string>;
  skip?: boolean;
}

export interface CaseResult {
  /** `v1/aggregates/count`: version folder + note. */
  id: string;
  folder: string;
  status: 'pass' | 'fail' | 'skip';
  reason?: string;
}

export const OPA_VERSION = 'v1.17.1';

/** The suite directory (holding `v0/` and `v1/`), from OPA_SUITE or the Go module cache. */
export function findSuiteDir(): string | undefined {
  const env = process.env.OPA_SUITE;
  if (env && existsSync(env)) return env;
  try {
    const modcache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
    const p = join(modcache, `github.com/open-policy-agent/opa@${OPA_VERSION}`, 'v1/test/cases/testdata');
    if (existsSync(p)) return p;
  } catch {
    // no Go toolchain
  }
  const fallback = `/root/go/pkg/mod/github.com/open-policy-agent/opa@${OPA_VERSION}/v1/test/cases/testdata`;
  return existsSync(fallback) ? fallback : undefined;
}

function walkFiles(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walkFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
}

/** YAML → Rego value: big integers become exact numbers, objects null-prototype. */
function fromYAML(v: unknown): Value {
  if (typeof v === 'bigint') return numberFromBigInt(v);
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(fromYAML);
  if (typeof v === 'object') {
    const o = newPlainObject();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = fromYAML(x);
    return o;
  }
  return v as Value;
}

/** Result value → JSON-shaped Rego value (sets as sorted arrays, non-string keys as text). */
function jsonify(v: Value): Value {
  if (Array.isArray(v)) return v.map(jsonify);
  if (v instanceof RegoSet) return v.sorted(compare).map(jsonify);
  if (v instanceof RegoObject) {
    const o = newPlainObject();
    for (const [k, x] of v.sorted(compare)) o[typeof k === 'string' ? k : toJSONText(k)] = jsonify(x);
    return o;
  }
  if (v !== null && typeof v === 'object' && !(v instanceof RegoNumber)) {
    const o = newPlainObject();
    for (const k of Object.keys(v)) o[k] = jsonify((v as PlainObject)[k]!);
    return o;
  }
  return v;
}

function sortBindings(row: PlainObject): PlainObject {
  const o = newPlainObject();
  for (const k of Object.keys(row)) {
    const v = row[k]!;
    o[k] = Array.isArray(v) ? [...v].sort(compare) : v;
  }
  return o;
}

function errorText(e: unknown): { text: string; code?: string } {
  if (e instanceof RegoError) return { text: e.format(), code: e.code };
  if (e instanceof RegoErrors) return { text: e.message, code: e.errors[0]?.code };
  return { text: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
}

/** Synchronous name lookup for `net.lookup_ip_addr` cases: /etc/hosts only (no network). */
function lookupIPAddr(name: string): string[] {
  const out = new Set<string>();
  try {
    for (const line of readFileSync('/etc/hosts', 'utf8').split('\n')) {
      const [addr, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
      if (addr && names.includes(name)) out.add(addr);
    }
  } catch {
    // no hosts file
  }
  if (!out.size && name === 'localhost') out.add('127.0.0.1');
  if (!out.size) throw new Error(`lookup ${name}: no such host`);
  return [...out];
}

/** `test.sleep(duration)`: the test-only builtin OPA's own runner registers. */
const TEST_BUILTINS = {
  'test.sleep': {
    decl: { type: 'function' as const, args: [{ type: 'string' as const }], result: { type: 'null' as const } },
    fn: (args: Value[]): Value => {
      const m = /^(\d+)ms$/.exec(String(args[0]));
      const ms = m ? Number(m[1]) : 0;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(ms, 1000));
      return null;
    },
  },
};

const STEP_BUDGET = 20_000_000;
const CASE_TIMEOUT_MS = 20_000;

/** Runs one case; never throws. */
export function runCase(c: SuiteCase, version: 'v0' | 'v1'): { ok: boolean; reason?: string } {
  const saved: Record<string, string | undefined> = {};
  try {
    if (c.env) for (const [k, v] of Object.entries(c.env)) (saved[k] = process.env[k]), (process.env[k] = String(v));
    return runCaseInner(c, version);
  } catch (e) {
    return { ok: false, reason: `crash: ${errorText(e).text}` };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function runCaseInner(c: SuiteCase, version: 'v0' | 'v1'): { ok: boolean; reason?: string } {
  const wantsError = c.want_error !== undefined || c.want_error_code !== undefined;
  let results;
  try {
    const policy = compile({
      modules: (c.modules ?? []).map((source, i) => ({ file: `test-${i}.rego`, source })),
      data: c.data === undefined ? newPlainObject() : fromYAML(c.data),
      regoVersion: version,
      builtins: TEST_BUILTINS,
      checkDataConflicts: false,
    });
    let input: Value | undefined = c.input === undefined ? undefined : fromYAML(c.input);
    if (c.input_term !== undefined) {
      const rs = compile({ modules: [] }).prepare(`__input__ = ${c.input_term}`).evaluate();
      input = rs[0]?.bindings['__input__'];
      if (input === undefined) {
        const rs2 = compile({ modules: [] }).prepare(`x = ${c.input_term}`).evaluate();
        input = rs2[0]?.bindings['x'];
      }
    }
    const opts: Parameters<ReturnType<typeof policy.prepare>['evaluate']>[0] = {
      strictBuiltinErrors: !!c.strict_error,
      maxSteps: STEP_BUDGET,
      deadline: Date.now() + CASE_TIMEOUT_MS,
      host: { lookupIPAddr },
    };
    if (input !== undefined) opts.input = input;
    results = policy.prepare(c.query, { truthy: true }).evaluate(opts);
  } catch (e) {
    const { text, code } = errorText(e);
    if (!wantsError) return { ok: false, reason: `unexpected error: ${text}` };
    if (c.want_error !== undefined && !text.includes(c.want_error)) return { ok: false, reason: `error ${JSON.stringify(text)} does not contain ${JSON.stringify(c.want_error)}` };
    if (c.want_error_code !== undefined && code !== c.want_error_code) return { ok: false, reason: `error code ${code} (${text}), want ${c.want_error_code}` };
    return { ok: true };
  }
  if (wantsError) return { ok: false, reason: `expected error ${c.want_error_code ?? ''} ${c.want_error ?? ''}, got ${results.length} result(s)` };
  if (c.want_result === undefined) return { ok: true };
  const want = new Map<string, Value>();
  for (const row of c.want_result) {
    let v = fromYAML(row) as PlainObject;
    if (c.sort_bindings) v = sortBindings(v);
    want.set(hashKey(v), v);
  }
  const got = new Map<string, Value>();
  for (const r of results) {
    let v = jsonify(r.bindings as PlainObject) as PlainObject;
    if (c.sort_bindings) v = sortBindings(v);
    got.set(hashKey(v), v);
  }
  let same = want.size === got.size;
  if (same) for (const k of want.keys()) if (!got.has(k)) same = false;
  if (!same) {
    const show = (m: Map<string, Value>) => toJSONText([...m.values()]).slice(0, 400);
    return { ok: false, reason: `result mismatch: want ${show(want)} got ${show(got)}` };
  }
  return { ok: true };
}

export interface SuiteOptions {
  filter?: RegExp;
  onCase?: (r: CaseResult) => void;
}

/** Runs every case of the suite. */
export function runSuite(dir: string, opts: SuiteOptions = {}): CaseResult[] {
  const out: CaseResult[] = [];
  for (const version of ['v0', 'v1'] as const) {
    const vdir = join(dir, version);
    if (!existsSync(vdir)) continue;
    const files: string[] = [];
    walkFiles(vdir, files);
    for (const file of files) {
      const folder = `${version}/${relative(vdir, file).split('/')[0]}`;
      let doc: { cases?: SuiteCase[] };
      try {
        doc = parseYAML(readFileSync(file, 'utf8'), { intAsBigInt: true }) as { cases?: SuiteCase[] };
      } catch (e) {
        const r: CaseResult = { id: `${version}/${relative(vdir, file)}`, folder, status: 'fail', reason: `bad YAML: ${errorText(e).text}` };
        out.push(r);
        opts.onCase?.(r);
        continue;
      }
      for (const c of doc.cases ?? []) {
        const id = `${version}/${c.note}`;
        if (opts.filter && !opts.filter.test(id)) continue;
        let r: CaseResult;
        if (c.skip) r = { id, folder, status: 'skip', reason: 'skip: true in the case' };
        else {
          const res = runCase(c, version);
          r = { id, folder, status: res.ok ? 'pass' : 'fail' };
          if (res.reason) r.reason = res.reason;
        }
        out.push(r);
        opts.onCase?.(r);
      }
    }
  }
  return out;
}

/** Parses the expected-failures file: `id # reason` per line. */
export function readExpectedFailures(path: string): Map<string, string> {
  const m = new Map<string, string>();
  if (!existsSync(path)) return m;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const i = t.indexOf(' # ');
    const id = (i >= 0 ? t.slice(0, i) : t).trim();
    m.set(id, i >= 0 ? t.slice(i + 3).trim() : '');
  }
  return m;
}

export interface Verdict {
  unexpectedFailures: CaseResult[];
  unexpectedPasses: string[];
}

/** Compares results with the expected-failures list (both directions). */
export function judge(results: CaseResult[], expected: Map<string, string>): Verdict {
  const failing = new Set<string>();
  const passing = new Set<string>();
  for (const r of results) {
    if (r.status === 'fail') failing.add(r.id);
    else if (r.status === 'pass') passing.add(r.id);
  }
  const unexpectedFailures = results.filter((r) => r.status === 'fail' && !expected.has(r.id));
  // A listed id passes only when none of its (possibly duplicate) cases failed.
  const unexpectedPasses = [...expected.keys()].filter((id) => passing.has(id) && !failing.has(id));
  return { unexpectedFailures, unexpectedPasses };
}

export function summaryLine(results: CaseResult[]): string {
  let p = 0;
  let f = 0;
  let s = 0;
  for (const r of results) {
    if (r.status === 'pass') p++;
    else if (r.status === 'fail') f++;
    else s++;
  }
  return `conformance: ${p} passed, ${f} failed, ${s} skipped`;
}

export function folderTable(results: CaseResult[]): string {
  const rows = new Map<string, [number, number, number]>();
  for (const r of results) {
    let row = rows.get(r.folder);
    if (!row) rows.set(r.folder, (row = [0, 0, 0]));
    row[r.status === 'pass' ? 0 : r.status === 'fail' ? 1 : 2]++;
  }
  const width = Math.max(6, ...[...rows.keys()].map((k) => k.length));
  const lines = [`${'folder'.padEnd(width)}  pass  fail  skip`];
  for (const [k, [p, f, s]] of [...rows].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    lines.push(`${k.padEnd(width)}  ${String(p).padStart(4)}  ${String(f).padStart(4)}  ${String(s).padStart(4)}`);
  }
  return lines.join('\n');
}
