/** `rego-ts parse FILE`: print the AST (indented tree, or JSON). */
import { parseModule, toOpaJson } from '@rego-ts/rego-parser';
import { enumFlag, UsageError, type Command } from '../command.js';
import { readSource, versionFlag } from '../modules.js';
import { errorsJSON } from '../errors-output.js';
import { prettyModule } from '../pretty-ast.js';
import { numberLiterals, opaKeyOrder } from '../opa-json-order.js';
import { goJSON } from '../go-json.js';

export const parseCommand: Command = {
  name: 'parse',
  summary: 'Parse a Rego source file and print its AST',
  usage: 'parse <path> [flags]',
  description: 'Parse a Rego source file and print its AST (--format json: the JSON shape of `opa parse`).',
  flags: {
    format: { type: 'string', short: 'f', valueName: '{pretty,json}', description: 'set output format', default: 'pretty' },
    'json-include': {
      type: 'string',
      valueName: 'string',
      description: 'include or exclude optional elements of the JSON output: locations, comments (e.g. locations,-comments)',
    },
    'v0-compatible': { type: 'boolean', description: 'parse as Rego v0' },
  },
  run({ values, positionals }, io) {
    const fmt = enumFlag(values.format, 'format', ['pretty', 'json'] as const, 'pretty');
    if (positionals.length === 0) throw new UsageError('no source file specified');
    const include = { locations: false, comments: true };
    for (const opt of String(values['json-include'] ?? '').split(',').filter(Boolean)) {
      const on = !opt.startsWith('-');
      if (opt.endsWith('locations')) include.locations = on;
      if (opt.endsWith('comments')) include.comments = on;
    }
    const file = positionals[0]!;
    let source: string;
    try {
      source = readSource(file);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message;
      io.stderr(errorsJSON([`open ${file}: ${why}`]));
      return 1;
    }
    const { module, errors } = parseModule(source, { file, regoVersion: versionFlag(values) });
    if (errors.length > 0 || !module) {
      // opa parse reports errors as JSON whatever the output format.
      io.stderr(errorsJSON(errors));
      return 1;
    }
    io.stdout(fmt === 'json' ? goJSON(opaKeyOrder(toOpaJson(module, { ...include, source }), numberLiterals(module))) + '\n' : prettyModule(module));
    return 0;
  },
};
