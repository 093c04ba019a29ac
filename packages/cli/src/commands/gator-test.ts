/** `rego-ts gator test -f PATH...`: review every object against the templates/constraints given (spec §7.3). */
import { errorText, formatGatorTestChunks, runGatorTest } from '@rego-ts/gatekeeper-model';
import type { Command } from '../command.js';
import { readGatorInputs, stringList } from './gator-io.js';
import { gatorLimitFlags, gatorLimits } from '../limit-flags.js';

export const gatorTestCommand: Command = {
  name: 'gator test',
  summary: 'Evaluate objects against ConstraintTemplates and Constraints, like gator test',
  usage: 'gator test -f <path> [-f <path> ...] [flags]',
  description:
    'Loads ConstraintTemplates, Constraints and objects from files, directories (recursively;\n' +
    '.yaml, .yml, .json) and stdin (when piped without -f, or with -f -), then reviews every\n' +
    'object. Exit status 1 when some result has enforcement action deny. An evaluation that hits\n' +
    'a --timeout or --max-* limit gives each constraint of its template a violation whose message\n' +
    'is the error (as Gatekeeper reports evaluation errors).',
  flags: {
    filename: { type: 'string', short: 'f', multiple: true, valueName: 'PATH', description: 'a file or directory to read (repeatable)' },
    output: { type: 'string', short: 'o', valueName: '{json,yaml}', description: 'output format (default: one line per violation)' },
    'deny-only': { type: 'boolean', description: 'print only violations whose enforcement action is deny' },
    verbose: { type: 'boolean', short: 'v', description: 'also print the output of print() calls' },
    trace: { type: 'boolean', short: 't', description: 'accepted for gator compatibility (traces are not produced)' },
    'enable-k8s-native-validation': { type: 'string', valueName: 'BOOL', description: 'accepted for gator compatibility (only the Rego engine exists)' },
    ...gatorLimitFlags(),
  },
  run({ values }, io) {
    const { limits, maxFileBytes } = gatorLimits(values);
    let report;
    try {
      const docs = readGatorInputs(stringList(values.filename), io, maxFileBytes);
      report = runGatorTest(docs, { verbose: values.verbose === true, limits });
    } catch (e) {
      io.stderr(`${errorText(e)}\n`);
      return 1;
    }
    for (const w of report.warnings) io.stderr(`${w}\n`);
    const format = typeof values.output === 'string' ? values.output : '';
    // Written in batches: the JSON of a large audit is hundreds of MB as one string.
    let batch = '';
    for (const chunk of formatGatorTestChunks(report, format, values['deny-only'] === true)) {
      batch += chunk;
      if (batch.length >= 1 << 20) {
        io.stdout(batch);
        batch = '';
      }
    }
    if (batch) io.stdout(batch);
    if (values.verbose === true && report.prints.length) io.stdout(`\n${report.prints.join('\n')}\n\n`);
    return report.exitCode;
  },
};
