/**
 * The `opa test` pipeline: load paths (policies and data as `eval -d` does), find the tests,
 * compile, run them in a deterministic order (by file, then source order; opa runs them in
 * parallel and prints in completion order), report. Exit status: 0 when every test passes,
 * 2 when any fails, errors or is skipped (unless -z), 1 on loading or compile errors.
 */
import { checkPolicySize, compile, newPlainObject, type CompiledPolicy, type PlainObject } from '@rego-ts/rego-eval';
import type { Module } from '@rego-ts/rego-parser';
import { RegoError, RegoErrors } from '@rego-ts/rego-parser';
import { compileGoRegexp } from '@rego-ts/gatekeeper-model';
import type { Io } from '../io.js';
import type { Limits } from '../limit-flags.js';
import type { LoadedModule, RegoVersionFlag } from '../modules.js';
import { errorsText } from '../errors-output.js';
import { loadPaths, mergeInto } from '../eval/load-paths.js';
import { loadBundle } from '../eval/load-bundle.js';
import { DataBudget } from '../eval/data-budget.js';
import { discoverTests, type TestCase } from './discover.js';
import { jsonReport, prettyReport } from './report.js';
import { passed, runTest, type TestResult } from './run-tests.js';
import { Coverage, coverageJSON, thresholdError } from './coverage.js';
import { encodeJSON } from '../eval/go-json.js';
import { goDuration } from './go-duration.js';

export interface TestOptions {
  paths: string[];
  verbose: boolean;
  run?: string;
  format: 'pretty' | 'json';
  regoVersion: RegoVersionFlag;
  exitZeroOnSkipped: boolean;
  /** Per-test timeout in milliseconds. */
  timeoutMs: number;
  /** `--fail-on-empty`: exit 1 when no test ran. */
  failOnEmpty: boolean;
  /** `--ignore` name patterns for loading. */
  ignore: string[];
  /** `-b`: the paths are bundle directories. */
  bundle: boolean;
  /** `--coverage`: print opa's coverage report instead of the test report. */
  coverage?: boolean;
  /** `--threshold`: minimum coverage percentage (turns coverage on when above 0). */
  threshold?: number;
  /** `--max-*` resource limits (`--max-steps` applies per test). */
  limits: Limits;
}

/** Compiles with the partial-object tests' companion rules when they compile, else without. */
function compileTests(modules: Module[], withCases: Module[], tests: TestCase[], data: PlainObject, regoVersion: RegoVersionFlag, limits: Limits): CompiledPolicy {
  const opts = { data, regoVersion, ...(limits.maxDataNodes !== undefined ? { maxDataNodes: limits.maxDataNodes } : {}) };
  if (withCases !== modules && tests.some((t) => t.casesQuery !== undefined)) {
    try {
      return compile({ modules: withCases, ...opts });
    } catch {
      for (const t of tests) delete t.casesQuery;
    }
  }
  return compile({ modules, ...opts });
}

export function runTestCommand(opts: TestOptions, io: Io): number {
  const threshold = opts.threshold ?? 0;
  if (!(threshold >= 0 && threshold <= 100)) {
    io.stderr('Code coverage threshold must be between 0 and 100\n');
    return 1;
  }
  const coverage = opts.coverage || threshold > 0 ? new Coverage() : undefined;
  let filter: { test(s: string): boolean } | undefined;
  if (opts.run !== undefined && opts.run !== '') {
    try {
      filter = compileGoRegexp(opts.run);
    } catch (e) {
      // RE2JS words its errors as Go's regexp package does (`error parsing regexp: …`).
      io.stderr(`${(e as Error).message}\n`);
      return 1;
    }
  }

  let loaded: { modules: LoadedModule[]; data: PlainObject };
  // All data files together are counted against --max-data-nodes before each is decoded.
  const budget = opts.limits.maxDataNodes !== undefined ? new DataBudget(opts.limits.maxDataNodes) : undefined;
  if (opts.bundle) {
    loaded = { modules: [], data: newPlainObject() };
    for (const path of opts.paths) {
      const b = loadBundle(path, opts.regoVersion, opts.limits.maxFileBytes, budget);
      if (b.error !== undefined || !mergeInto(loaded.data, b.data)) {
        io.stderr(`unable to load bundle ${path}: ${b.error ?? `bundle ${path}: data conflicts with other bundles`}\n`);
        return 1;
      }
      loaded.modules.push(...b.modules);
    }
  } else {
    const l = loadPaths(opts.paths, opts.regoVersion, opts.ignore, opts.limits.maxFileBytes, budget);
    if (l.errors.length) {
      io.stderr(errorsText(l.errors, 'loading') + '\n');
      return 1;
    }
    loaded = l;
  }
  const { tests, modules, withCases } = discoverTests(loaded.modules.map((m) => m.module));

  let policy: CompiledPolicy;
  try {
    // The modules are parsed already, so their sources are measured here.
    if (opts.limits.maxPolicyBytes !== undefined) checkPolicySize(loaded.modules, opts.limits.maxPolicyBytes);
    // Data refused while loading: reported where compile reports data over the limit.
    if (budget?.error !== undefined) throw new RegoErrors([budget.error]);
    policy = compileTests(modules, withCases, tests, loaded.data, opts.regoVersion, opts.limits);
  } catch (e) {
    const errors = e instanceof RegoErrors ? e.errors : e instanceof RegoError ? [e] : undefined;
    if (!errors) throw e;
    io.stderr(errorsText(errors, 'compile') + '\n');
    return 1;
  }

  const results: TestResult[] = [];
  for (const t of tests) {
    if (filter && !filter.test(t.query)) continue;
    results.push(runTest(policy, t, opts.timeoutMs, coverage?.hit, opts.limits.maxSteps));
  }

  if (coverage) {
    const code = coverageReport(coverage, loaded.modules.map((m) => m.module), results, opts, threshold, io);
    if (code !== undefined) return code;
  } else io.stdout(opts.format === 'json' ? jsonReport(results) : prettyReport(results, opts.verbose));
  if (results.length === 0 && opts.failOnEmpty) {
    io.stderr('no tests were run\n');
    return 1;
  }
  const ok = results.every((r) => passed(r) || (r.skip && opts.exitZeroOnSkipped));
  return ok ? 0 : 2;
}

/**
 * opa's coverage reporter: an erroring test ends the run (its error on stderr, status 1);
 * failures are reported as the pretty reporter does, the first one's line on stderr (status
 * 1); a report below the threshold is an error (status 2); otherwise the JSON report.
 * Returns the exit status when the run ends here.
 */
function coverageReport(cov: Coverage, modules: Module[], results: TestResult[], opts: TestOptions, threshold: number, io: Io): number | undefined {
  const errored = results.find((r) => r.error !== undefined);
  if (errored) {
    io.stderr(`${errored.compileErrors ? errorsText(errored.compileErrors, 'compile') : errored.error!.format()}\n`);
    return 1;
  }
  const failures = results.filter((r) => r.fail);
  if (failures.length > 0) {
    io.stdout(prettyReport(failures, opts.verbose));
    const f = failures[0]!;
    // opa prints the result's text (which ends in a newline) with Println.
    io.stderr(`${f.test.pkg}.${f.test.name}: FAIL (${goDuration(f.durationNs)})\n\n`);
    return 1;
  }
  const report = cov.report(modules);
  if (report.coverage < threshold) {
    io.stderr(thresholdError(report, threshold, opts.verbose) + '\n');
    return 2;
  }
  io.stdout(encodeJSON(coverageJSON(report)));
  return undefined;
}
