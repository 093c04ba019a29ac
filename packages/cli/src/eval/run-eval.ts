/**
 * The `opa eval` pipeline: load `-d` paths, read input, compile, prepare the query (parsed
 * with the version flag, optionally scoped to `--package`), evaluate, print. Returns the
 * exit status: 2 on any error, 1 for `--fail` when undefined / `--fail-defined` when defined.
 */
import { readFileSync } from 'node:fs';
import { checkPolicySize, compile, type CompiledPolicy, type ResultSet, type Value } from '@rego-ts/rego-eval';
import { parseModule, parseQuery, RegoError, RegoErrors, type Body, type Import, type Module } from '@rego-ts/rego-parser';
import type { Io } from '../io.js';
import { StdinTooLarge } from '../stdin.js';
import { evaluateLimits, fileTooLarge, type Limits } from '../limit-flags.js';
import type { RegoVersionFlag } from '../modules.js';
import { decodeInput, DecodeError, TooManyValues } from './data-files.js';
import { jsonNodesExceed } from './json-count.js';
import { DataBudget } from './data-budget.js';
import { cliHost } from './host-builtins.js';
import { deadlineError } from './deadline.js';
import { loadPaths, mergeInto } from './load-paths.js';
import { loadBundle } from './load-bundle.js';
import { formatErrorsJSON, formatErrorsText, formatResults, type EvalFormat, type OutputError } from './output.js';
import { importGlobals, packageGlobals, resolveQueryGlobals, type Globals } from './package-scope.js';

export interface EvalOptions {
  query: string;
  dataPaths: string[];
  /** `-b` bundle directories. */
  bundlePaths: string[];
  /** `-i FILE`, or `-` with `stdinInput`. */
  inputPath?: string;
  stdinInput: boolean;
  format: EvalFormat;
  fail: boolean;
  failDefined: boolean;
  regoVersion: RegoVersionFlag;
  strictBuiltinErrors: boolean;
  strict: boolean;
  pkg?: string;
  /** `--import` statements' paths (`data.a.b`, `data.a.b as c`, `input.x`). */
  imports: string[];
  /** `--ignore` name patterns for loading. */
  ignore: string[];
  /** `--timeout` in milliseconds (0: none). */
  timeoutMs: number;
  /** `--max-*` resource limits. */
  limits: Limits;
}

/** A failure before evaluation that opa prints as a bare message on stderr. */
class SetupError extends Error {}

/** An input over `--max-input-nodes` found before parsing: reported as the evaluator reports it. */
class InputTooLarge extends Error {
  constructor(readonly max: number) {
    super('input too large');
  }
}

export function runEval(opts: EvalOptions, io: Io): number {
  let input: Value | undefined;
  let inputTooLarge: number | undefined;
  try {
    input = readInput(opts, io);
  } catch (e) {
    if (e instanceof InputTooLarge) inputTooLarge = e.max;
    else if (e instanceof SetupError) {
      io.stderr(e.message + '\n');
      return 2;
    } else throw e;
  }

  const report = (errors: OutputError[]): number => {
    if (opts.format === 'json' || opts.format === 'discard') io.stdout(formatErrorsJSON(errors, opts.format === 'discard'));
    else io.stderr(formatErrorsText(errors, opts.query));
    return 2;
  };

  const { limits } = opts;
  // All data files together are counted against --max-data-nodes before each is decoded.
  const budget = limits.maxDataNodes !== undefined ? new DataBudget(limits.maxDataNodes) : undefined;
  const loaded = loadPaths(opts.dataPaths, opts.regoVersion, opts.ignore, limits.maxFileBytes, budget);
  if (loaded.errors.length) return report(loaded.errors);
  for (const path of opts.bundlePaths) {
    const b = loadBundle(path, opts.regoVersion, limits.maxFileBytes, budget);
    if (b.error !== undefined) return report([`loading error: ${b.error}`]);
    loaded.modules.push(...b.modules);
    if (!mergeInto(loaded.data, b.data)) return report([`loading error: bundle ${path}: data conflicts with other data`]);
  }

  let rs: ResultSet;
  try {
    // The modules are parsed already, so their sources are measured here.
    if (limits.maxPolicyBytes !== undefined) checkPolicySize(loaded.modules, limits.maxPolicyBytes);
    // Data refused while loading: reported where compile reports data over the limit.
    if (budget?.error !== undefined) throw new RegoErrors([budget.error]);
    const policy = compile({
      modules: loaded.modules.map((m) => m.module),
      data: loaded.data,
      regoVersion: opts.regoVersion,
      strict: opts.strict,
      ...(limits.maxDataNodes !== undefined ? { maxDataNodes: limits.maxDataNodes } : {}),
    });
    const { prepared, body } = prepareQuery(policy, opts, loaded.modules.map((m) => m.module));
    // Refused before parsing; reported where the evaluator reports it, with its message.
    if (inputTooLarge !== undefined) throw new RegoError('eval_cancel_error', `caller cancelled query execution: input has more than maxInputNodes (${inputTooLarge}) values`);
    rs = prepared.evaluate({
      ...(opts.timeoutMs > 0 ? { deadline: Date.now() + opts.timeoutMs } : {}),
      ...(input !== undefined ? { input } : {}),
      ...evaluateLimits(limits),
      strictBuiltinErrors: opts.strictBuiltinErrors,
      print: (msg) => io.stderr(msg + '\n'),
      host: cliHost(),
    });
    rs = withoutDeclarations(rs, body);
  } catch (e) {
    if (e instanceof RegoErrors) return report(e.errors);
    if (e instanceof RegoError) return report([deadlineError(e)]);
    throw e;
  }

  io.stdout(formatResults(rs, opts.format));
  const defined = rs.length > 0;
  return (opts.fail && !defined) || (opts.failDefined && defined) ? 1 : 0;
}

function readInput(opts: EvalOptions, io: Io): Value | undefined {
  let text: string;
  if (opts.stdinInput) {
    try {
      text = io.readStdin(opts.limits.maxFileBytes);
    } catch (e) {
      if (e instanceof StdinTooLarge) throw new SetupError(`unable to read input: ${e.message}`);
      throw e;
    }
  }
  else if (opts.inputPath !== undefined) {
    const path = opts.inputPath.startsWith('file://') ? opts.inputPath.slice(7) : opts.inputPath;
    const tooLarge = fileTooLarge(path, opts.limits.maxFileBytes);
    if (tooLarge !== undefined) throw new SetupError(`unable to read input: ${tooLarge}`);
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      const code = (e as { code?: string }).code;
      // Go's os.ReadFile wording: opening a directory succeeds, reading it fails.
      if (code === 'EISDIR') throw new SetupError(`read ${path}: is a directory`);
      throw new SetupError(`open ${path}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
    }
  } else return undefined;
  const max = opts.limits.maxInputNodes;
  if (max !== undefined && jsonNodesExceed(text, max)) throw new InputTooLarge(max);
  try {
    // YAML input is counted on its tokens, then on its composed document, before its value is built.
    return decodeInput(text, max);
  } catch (e) {
    if (e instanceof DecodeError) throw new SetupError(`unable to parse input: ${e.message}`);
    if (e instanceof TooManyValues) throw new InputTooLarge(e.max);
    throw e;
  }
}

function prepareQuery(policy: CompiledPolicy, opts: EvalOptions, modules: Module[]) {
  const parsed = parseQuery(opts.query, { file: '', regoVersion: opts.regoVersion });
  if (parsed.errors.length || !parsed.body) throw new RegoErrors(parsed.errors);
  const globals: Globals = new Map();
  if (opts.pkg !== undefined) {
    const pkg = parseModule(`package ${opts.pkg}`, { file: '', regoVersion: opts.regoVersion });
    if (pkg.errors.length || !pkg.module) throw new RegoErrors(pkg.errors);
    const path = pkg.module.package.path.value.slice(1).map((t) => (t.type === 'string' ? t.value : ''));
    packageGlobals(modules, path, globals);
  }
  if (opts.imports.length) importGlobals(parseImports(opts.imports, opts.regoVersion), globals);
  const body = resolveQueryGlobals(parsed.body, globals);
  return { prepared: policy.prepareBody(body, opts.query), body };
}

/**
 * opa drops plain `some x, y` declarations from a query before evaluating it, so they are not
 * among the result's expressions (`some x in xs` stays: it is a membership test). Applied
 * only while the evaluator still reports one expression per body literal.
 */
function withoutDeclarations(rs: ResultSet, body: Body): ResultSet {
  const drop = body.map((e) => e.terms.type === 'some' && e.terms.symbols.every((t) => t.type === 'var'));
  if (!drop.includes(true)) return rs;
  return rs.map((r) => (r.expressions.length === body.length ? { ...r, expressions: r.expressions.filter((_, i) => !drop[i]) } : r));
}

/** Parses `--import` values as opa does (one `import …` line each, errors located in them). */
function parseImports(imports: string[], regoVersion: RegoVersionFlag): Import[] {
  const header = 'package __rego_ts_query__\n';
  const text = imports.map((i) => `import ${i}`).join('\n');
  const parsed = parseModule(header + text, { file: '', regoVersion });
  if (parsed.errors.length || !parsed.module) {
    throw new RegoErrors(
      parsed.errors.map((e) => {
        const l = e.location;
        const loc = l ? { ...l, row: l.row - 1, offset: l.offset - header.length, end: l.end - header.length } : undefined;
        return new RegoError(e.code, e.message, loc, e.details);
      }),
    );
  }
  return parsed.module.imports;
}
