/** `rego-ts eval QUERY`: evaluate a Rego query and print the result as `opa eval` does. */
import { enumFlag, UsageError, type Command } from '../command.js';
import { versionFlag } from '../modules.js';
import { EVAL_FORMATS } from '../eval/output.js';
import { runEval } from '../eval/run-eval.js';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'Evaluate a Rego query',
  usage: 'eval <query> [flags]',
  description:
    'Evaluate a Rego query and print the result.\n\n' +
    '-d loads .rego policies and .json/.yaml data files (directories recursively; data files are\n' +
    'placed at the path of their directory). Exit status: 0, 1 with --fail (undefined) or\n' +
    '--fail-defined (defined), 2 on errors.',
  flags: {
    data: { type: 'string', short: 'd', multiple: true, valueName: 'PATH', description: 'set policy or data file(s); may be repeated' },
    input: { type: 'string', short: 'i', valueName: 'FILE', description: 'set input file path (JSON or YAML)' },
    'stdin-input': { type: 'boolean', short: 'I', description: 'read input document from stdin' },
    format: { type: 'string', short: 'f', valueName: '{json,values,bindings,pretty,raw}', description: 'set output format', default: 'json' },
    fail: { type: 'boolean', description: 'exit with status 1 when the result is undefined' },
    'fail-defined': { type: 'boolean', description: 'exit with status 1 when the result is defined' },
    package: { type: 'string', valueName: 'PACKAGE', description: 'set query package' },
    'strict-builtin-errors': { type: 'boolean', description: 'treat the first built-in function error encountered as fatal' },
    strict: { type: 'boolean', short: 'S', description: 'enable compiler strict mode' },
    'v0-compatible': { type: 'boolean', description: 'parse policies and the query as Rego v0' },
  },
  run({ values, positionals }, io) {
    const format = enumFlag(values.format, 'format', EVAL_FORMATS, 'json');
    if (positionals.length === 0) throw new UsageError('specify query argument');
    if (positionals.length > 1) throw new UsageError('specify at most one query argument');
    const stdinInput = values['stdin-input'] === true;
    const inputPath = typeof values.input === 'string' ? values.input : undefined;
    if (stdinInput && inputPath !== undefined) throw new UsageError('specify --stdin-input or --input but not both');
    if (values.fail === true && values['fail-defined'] === true) throw new UsageError('specify --fail or --fail-defined but not both');
    return runEval(
      {
        query: positionals[0]!,
        dataPaths: (values.data as string[] | undefined) ?? [],
        ...(inputPath !== undefined ? { inputPath } : {}),
        stdinInput,
        format,
        fail: values.fail === true,
        failDefined: values['fail-defined'] === true,
        regoVersion: versionFlag(values),
        strictBuiltinErrors: values['strict-builtin-errors'] === true,
        strict: values.strict === true,
        ...(typeof values.package === 'string' ? { pkg: values.package } : {}),
      },
      io,
    );
  },
};
