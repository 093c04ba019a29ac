/**
 * The command table. To add a command (eval, test, gator verify|test|audit…), write
 * `commands/<name>.ts` exporting a `Command` and list it here; nothing else needs to change.
 * Subcommand groups such as `gator` can be a `Command` whose `run` dispatches on its first
 * positional, or separate entries named `gator verify` etc. (see `findCommand`).
 */
import type { Command } from '../command.js';
import { parseCommand } from './parse.js';
import { evalCommand } from './eval.js';
import { testCommand } from './test.js';
import { checkCommand } from './check.js';
import { fmtCommand } from './fmt.js';
import { demoCommand } from './demo.js';
import { gatorCommand } from './gator.js';
import { gatorAuditCommand } from './gator-audit.js';
import { gatorTestCommand } from './gator-test.js';
import { gatorVerifyCommand } from './gator-verify.js';

export const commands: Command[] = [checkCommand, demoCommand, evalCommand, fmtCommand, gatorCommand, gatorAuditCommand, gatorTestCommand, gatorVerifyCommand, parseCommand, testCommand];

/**
 * The command named by the leading words of `argv` (longest match, so `gator verify` can be
 * registered as its own entry), and the remaining arguments.
 */
export function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  let best: { command: Command; rest: string[] } | undefined;
  for (const command of commands) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.command.name.split(' ').length)) {
      best = { command, rest: argv.slice(words.length) };
    }
  }
  return best;
}
