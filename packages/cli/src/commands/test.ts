/** `rego-ts test PATH...`: run OPA-style unit tests (`test_*` rules) and report as `opa test` does. */
import { enumFlag, intFlag, UsageError, type Command } from '../command.js';
import { parseGoDuration } from '../test-runner/go-duration.js';
import { DEFAULT_TIMEOUT_MS } from '../test-runner/run-tests.js';
import { versionFlag } from '../modules.js';
import { limitFlags, limitsFromFlags } from '../limit-flags.js';
import { runTestCommand } from '../test-runner/run-command.js';

/** `--threshold`: a Go float (pflag's error text for anything else). */
function thresholdFlag(v: unknown): number {
  if (v === undefined) return 0;
  const s = String(v);
  const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : NaN;
  if (Number.isNaN(n)) throw new UsageError(`invalid argument "${s}" for "--threshold" flag: strconv.ParseFloat: parsing ${JSON.stringify(s)}: invalid syntax`);
  return n;
}

export const testCommand: Command = {
  name: 'test',
  summary: 'Execute Rego test cases',
  usage: 'test <path> [path [...]] [flags]',
  description:
    'Execute Rego test cases.\n\n' +
    'Rules whose names start with "test_" in the loaded modules are run; a test passes when its\n' +
    'value is true. Rules named "todo_test_*" are reported as skipped. Paths are loaded as by\n' +
    '"eval -d" (.rego, .json, .yaml files; directories recursively). Exit status: 0 when all\n' +
    'tests pass, 2 when any fails, errors or is skipped, 1 on loading or compile errors.\n' +
    '--max-steps applies to each test (an exhausted budget is that test\'s error); the other\n' +
    '--max-* limits are loading or compile errors.',
  flags: {
    verbose: { type: 'boolean', short: 'v', description: 'set verbose reporting mode' },
    run: { type: 'string', short: 'r', valueName: 'REGEX', description: 'run only test cases matching the regular expression' },
    format: { type: 'string', short: 'f', valueName: '{pretty,json}', description: 'set output format', default: 'pretty' },
    'exit-zero-on-skipped': { type: 'boolean', short: 'z', description: 'skipped tests return status 0' },
    bundle: { type: 'boolean', short: 'b', description: 'load paths as bundles (directories or .tar.gz)' },
    ignore: { type: 'string', multiple: true, valueName: 'strings', description: "set file and directory names to ignore during loading (e.g., '.*' excludes hidden files)" },
    timeout: { type: 'string', valueName: 'duration', description: 'set test timeout (default 5s)' },
    'fail-on-empty': { type: 'boolean', description: 'exit with status 1 when no test was run' },
    coverage: { type: 'boolean', short: 'c', description: 'report coverage (overrides debug tracing)' },
    threshold: { type: 'string', valueName: 'float', description: 'set coverage threshold and exit with non-zero status if coverage is less than threshold %' },
    parallel: { type: 'string', short: 'p', valueName: 'int', description: 'accepted for opa compatibility; tests run one after another' },
    'v0-compatible': { type: 'boolean', description: 'parse policies as Rego v0' },
    ...limitFlags('maxSteps', 'maxDataNodes', 'maxPolicyBytes', 'maxFileBytes'),
  },
  run({ values, positionals }, io) {
    const format = enumFlag(values.format, 'format', ['pretty', 'json'] as const, 'pretty');
    if (positionals.length === 0) throw new UsageError('specify at least one file');
    const timeout = values.timeout === undefined ? 0 : parseGoDuration(String(values.timeout));
    if (timeout === undefined) throw new UsageError(`invalid argument "${String(values.timeout)}" for "--timeout" flag: time: invalid duration "${String(values.timeout)}"`);
    intFlag(values.parallel, 'parallel', 0);
    return runTestCommand(
      {
        paths: positionals,
        verbose: values.verbose === true,
        ...(typeof values.run === 'string' ? { run: values.run } : {}),
        format,
        regoVersion: versionFlag(values),
        exitZeroOnSkipped: values['exit-zero-on-skipped'] === true,
        timeoutMs: timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS,
        failOnEmpty: values['fail-on-empty'] === true,
        bundle: values.bundle === true,
        ignore: ((values.ignore as string[] | undefined) ?? []).flatMap((v) => v.split(',')),
        coverage: values.coverage === true,
        threshold: thresholdFlag(values.threshold),
        limits: limitsFromFlags(values),
      },
      io,
    );
  },
};
