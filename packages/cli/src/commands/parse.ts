/** `rego-ts parse FILE`: print the AST (indented tree, or JSON). */
import * as parser from '@rego-ts/rego-parser';
import { enumFlag, UsageError, type Command } from '../command.js';
import { readSource, versionFlag } from '../modules.js';
import { errorsJSON, errorsText } from '../errors-output.js';
import { prettyModule } from '../pretty-ast.js';

/** OPA's JSON AST when the parser package provides the conversion, else our AST as is. */
function moduleJSON(module: parser.Module): unknown {
  const toOpaJson = (parser as Record<string, unknown>).toOpaJson;
  return typeof toOpaJson === 'function' ? (toOpaJson as (m: parser.Module) => unknown)(module) : module;
}

export const parseCommand: Command = {
  name: 'parse',
  summary: 'Parse a Rego source file and print its AST',
  usage: 'parse <path> [flags]',
  description: 'Parse a Rego source file and print its AST.',
  flags: {
    format: { type: 'string', short: 'f', valueName: '{pretty,json}', description: 'set output format', default: 'pretty' },
    'v0-compatible': { type: 'boolean', description: 'parse as Rego v0' },
  },
  run({ values, positionals }, io) {
    const fmt = enumFlag(values.format, 'format', ['pretty', 'json'] as const, 'pretty');
    if (positionals.length !== 1) throw new UsageError('specify exactly one file');
    const file = positionals[0]!;
    let source: string;
    try {
      source = readSource(file);
    } catch (e) {
      io.stderr(`open ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}\n`);
      return 1;
    }
    const { module, errors } = parser.parseModule(source, { file, regoVersion: versionFlag(values) });
    if (errors.length > 0 || !module) {
      io.stderr(fmt === 'json' ? errorsJSON(errors) : errorsText(errors, 'compile') + '\n');
      return 1;
    }
    io.stdout(fmt === 'json' ? JSON.stringify(moduleJSON(module), null, 2) + '\n' : prettyModule(module));
    return 0;
  },
};
