/** Entry point: pick the command, parse its flags, run it, map failures to exit codes. */
import { commandHelp, EXIT_USAGE, parseCommandArgs, UsageError } from './command.js';
import { commands, findCommand } from './commands/index.js';
import type { Io } from './io.js';
import { paint } from './io.js';
import { versionText } from './version.js';

function rootHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 3;
  return [
    'rego-ts: Rego (Open Policy Agent) and Gatekeeper policies in TypeScript',
    '',
    'Usage:',
    '  rego-ts <command> [flags]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Flags:',
    '  -h, --help      help for rego-ts',
    '      --version   print the rego-ts version',
    '',
    'Use "rego-ts <command> --help" for more information about a command.',
    '',
  ].join('\n');
}

function usageError(io: Io, message: string, helpHint: string): number {
  io.stderr(`${paint(io.color, 'red', 'Error:')} ${message}\nRun '${helpHint} --help' for usage.\n`);
  return EXIT_USAGE;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    if (first === 'help' && argv[1]) return main([...argv.slice(1), '--help'], io);
    io.stdout(rootHelp());
    return 0;
  }
  if (first === '--version' || first === 'version') {
    io.stdout(versionText());
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    if (first.startsWith('-')) return usageError(io, `unknown flag: ${first}`, 'rego-ts');
    return usageError(io, `unknown command "${first}" for "rego-ts"`, 'rego-ts');
  }
  const { command, rest } = found;
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help) {
      io.stdout(commandHelp(command));
      return 0;
    }
    if (args.values.version) {
      io.stdout(versionText());
      return 0;
    }
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, e.message, `rego-ts ${command.name}`);
    const err = e as Error;
    io.stderr(`${paint(io.color, 'red', 'Error:')} internal error in "${command.name}": ${err.message}\n`);
    return 1;
  }
}
