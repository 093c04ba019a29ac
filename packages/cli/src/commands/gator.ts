/** `rego-ts gator`: the group command; lists the gator subcommands. */
import { UsageError, type Command } from '../command.js';

export const gatorCommand: Command = {
  name: 'gator',
  summary: 'Gatekeeper policy testing: gator verify | test | audit',
  usage: 'gator <verify|test|audit> [flags]',
  description:
    'Test OPA Gatekeeper ConstraintTemplates and Constraints without a cluster, like gator.\n\n' +
    'Subcommands:\n' +
    '  verify   run gator test Suites (rego-ts gator verify PATH...)\n' +
    '  test     review objects against templates and constraints (rego-ts gator test -f PATH...)\n' +
    '  audit    print the audit status per constraint (rego-ts gator audit -f PATH...)',
  flags: {},
  run({ positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`unknown command "${positionals[0]}" for "rego-ts gator"`);
    io.stdout(`${this.description}\n\nUse "rego-ts gator <subcommand> --help" for more information.\n`);
    return 0;
  },
};
