/** `rego-ts gator audit -f PATH...`: what Gatekeeper's audit writes into each constraint's status. */
import { errorText, formatGatorAudit, runGatorAudit } from '@rego-ts/gatekeeper-model';
import { enumFlag, intFlag, type Command } from '../command.js';
import { readGatorInputs, stringList } from './gator-io.js';
import { gatorLimitFlags, gatorLimits } from '../limit-flags.js';

export const gatorAuditCommand: Command = {
  name: 'gator audit',
  summary: 'Audit objects and print each constraint\'s status (totalViolations, violations)',
  usage: 'gator audit -f <path> [-f <path> ...] [flags]',
  description:
    'Loads ConstraintTemplates, Constraints and objects (as gator test does), audits every object\n' +
    'that is neither a template nor a constraint (all objects are also in data.inventory), and\n' +
    'prints per constraint the status Gatekeeper\'s audit writes: totalViolations and at most\n' +
    '--constraint-violations-limit violations. Exit status 0 unless the input cannot be loaded.',
  flags: {
    filename: { type: 'string', short: 'f', multiple: true, valueName: 'PATH', description: 'a file or directory to read (repeatable)' },
    output: { type: 'string', short: 'o', valueName: '{yaml,json,table}', description: 'output format', default: 'yaml' },
    'constraint-violations-limit': { type: 'string', valueName: 'N', description: 'violations kept per constraint', default: '20' },
    ...gatorLimitFlags(),
  },
  run({ values }, io) {
    const format = enumFlag(values.output, 'output', ['yaml', 'json', 'table'] as const, 'yaml');
    const limit = intFlag(values['constraint-violations-limit'], 'constraint-violations-limit', 20);
    const { limits, maxFileBytes } = gatorLimits(values);
    try {
      const docs = readGatorInputs(stringList(values.filename), io, maxFileBytes);
      const statuses = runGatorAudit(docs, { limit, limits, timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });
      io.stdout(formatGatorAudit(statuses, format));
      return 0;
    } catch (e) {
      io.stderr(`${errorText(e)}\n`);
      return 1;
    }
  },
};
