/** `rego-ts gator verify PATH...`: run gator Suites (spec §7.2), same report and exit codes as gator. */
import { errorText } from '@rego-ts/gatekeeper-model';
import { formatVerifyReport, runVerify } from '@rego-ts/gatekeeper-model/node';
import { UsageError, type Command } from '../command.js';
import { gatorLimitFlags, gatorLimits } from '../limit-flags.js';

export const gatorVerifyCommand: Command = {
  name: 'gator verify',
  summary: 'Run gator test Suites (ConstraintTemplates, Constraints and expected violations)',
  usage: 'gator verify <path> [path [...]] [flags]',
  description:
    'Verify that the ConstraintTemplates and Constraints of gator Suites behave as the suites expect.\n\n' +
    'A path is a suite file, a directory (its direct entries) or DIR/... (recursively).\n' +
    'Exit status 1 when any test fails (a --timeout or --max-* limit that is hit fails its test or case).',
  flags: {
    run: { type: 'string', short: 'r', valueName: 'REGEX', description: 'run only tests/cases matching REGEX (TEST//CASE to filter both)' },
    verbose: { type: 'boolean', short: 'v', description: 'print every test and case, and print() output' },
    trace: { type: 'boolean', short: 't', description: 'accepted for gator compatibility (traces are not produced)' },
    'enable-k8s-native-validation': { type: 'string', valueName: 'BOOL', description: 'accepted for gator compatibility (only the Rego engine exists)' },
    ...gatorLimitFlags(),
  },
  run({ values, positionals }, io) {
    if (positionals.length === 0) throw new UsageError('specify at least one path');
    const { limits, maxFileBytes } = gatorLimits(values);
    let report;
    try {
      report = runVerify(positionals, { run: typeof values.run === 'string' ? values.run : '', cwd: io.cwd, limits, ...(maxFileBytes !== undefined ? { maxFileBytes } : {}) });
    } catch (e) {
      io.stderr(`Error: ${errorText(e)}\n`);
      return 1;
    }
    io.stdout(formatVerifyReport(report, values.verbose === true));
    if (!report.passed) {
      io.stderr('Error: FAIL\n');
      return 1;
    }
    return 0;
  },
};
