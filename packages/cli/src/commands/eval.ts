/** `rego-ts eval QUERY`: evaluate a Rego query and print the result as `opa eval` does. */
import { enumFlag, intFlag, UsageError, type Command } from '../command.js';
import { versionFlag } from '../modules.js';
import { limitFlags, limitsFromFlags } from '../limit-flags.js';
import { EVAL_FORMATS } from '../eval/output.js';
import { runEval } from '../eval/run-eval.js';
import { parseGoDuration } from '../test-runner/go-duration.js';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'Evaluate a Rego query',
  usage: 'eval <query> [flags]',
  description:
    'Evaluate a Rego query and print the result.\n\n' +
    '-d loads .rego policies and .json/.yaml data files (directories recursively; data files are\n' +
    'placed at the path of their directory). Exit status: 0, 1 with --fail (undefined) or\n' +
    '--fail-defined (defined), 2 on errors (a --timeout or --max-* limit that is hit is an error).',
  flags: {
    data: { type: 'string', short: 'd', multiple: true, valueName: 'PATH', description: 'set policy or data file(s); may be repeated' },
    bundle: { type: 'string', short: 'b', multiple: true, valueName: 'DIR', description: 'set bundle directory or .tar.gz path(s); may be repeated' },
    input: { type: 'string', short: 'i', valueName: 'FILE', description: 'set input file path (JSON or YAML)' },
    'stdin-input': { type: 'boolean', short: 'I', description: 'read input document from stdin' },
    format: { type: 'string', short: 'f', valueName: '{json,values,bindings,pretty,raw,discard}', description: 'set output format', default: 'json' },
    stdin: { type: 'boolean', description: 'read query from stdin' },
    ignore: { type: 'string', multiple: true, valueName: 'strings', description: "set file and directory names to ignore during loading (e.g., '.*' excludes hidden files)" },
    import: { type: 'string', multiple: true, valueName: 'IMPORT', description: 'set query import(s); may be repeated' },
    'pretty-limit': { type: 'string', valueName: 'int', description: 'accepted for opa compatibility (opa eval does not apply it either)' },
    timeout: { type: 'string', valueName: 'duration', description: 'set eval timeout (e.g. 5s; default unlimited)' },
    fail: { type: 'boolean', description: 'exit with status 1 when the result is undefined' },
    'fail-defined': { type: 'boolean', description: 'exit with status 1 when the result is defined' },
    package: { type: 'string', valueName: 'PACKAGE', description: 'set query package' },
    'strict-builtin-errors': { type: 'boolean', description: 'treat the first built-in function error encountered as fatal' },
    strict: { type: 'boolean', short: 'S', description: 'enable compiler strict mode' },
    'v0-compatible': { type: 'boolean', description: 'parse policies and the query as Rego v0' },
    ...limitFlags('maxSteps', 'maxInputNodes', 'maxDataNodes', 'maxPolicyBytes', 'maxFileBytes'),
  },
  run({ values, positionals }, io) {
    const format = enumFlag(values.format, 'format', EVAL_FORMATS, 'json');
    const stdinQuery = values.stdin === true;
    if (positionals.length > 0 && stdinQuery) throw new UsageError('specify query argument or --stdin but not both');
    if (positionals.length === 0 && !stdinQuery) throw new UsageError('specify query argument or --stdin');
    if (positionals.length > 1) throw new UsageError('specify at most one query argument');
    const stdinInput = values['stdin-input'] === true;
    if (stdinQuery && stdinInput) throw new UsageError('specify --stdin or --stdin-input but not both');
    intFlag(values['pretty-limit'], 'pretty-limit', 80);
    const timeoutMs = values.timeout === undefined ? 0 : parseGoDuration(String(values.timeout));
    if (timeoutMs === undefined) throw new UsageError(`invalid argument "${String(values.timeout)}" for "--timeout" flag: time: invalid duration "${String(values.timeout)}"`);
    const inputPath = typeof values.input === 'string' ? values.input : undefined;
    if (stdinInput && inputPath !== undefined) throw new UsageError('specify --stdin-input or --input but not both');
    if (values.fail === true && values['fail-defined'] === true) throw new UsageError('specify --fail or --fail-defined but not both');
    return runEval(
      {
        query: stdinQuery ? io.readStdin() : positionals[0]!,
        imports: (values.import as string[] | undefined) ?? [],
        ignore: ((values.ignore as string[] | undefined) ?? []).flatMap((v) => v.split(',')),
        timeoutMs,
        limits: limitsFromFlags(values),
        dataPaths: (values.data as string[] | undefined) ?? [],
        bundlePaths: (values.bundle as string[] | undefined) ?? [],
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
