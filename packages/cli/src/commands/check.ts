/** `rego-ts check PATH...`: parse (and, when available, compile) policies; report errors as opa does. */
import { sortErrors, type RegoError } from '@rego-ts/rego-parser';
import { enumFlag, intFlag, UsageError, type Command } from '../command.js';
import { regoFiles, FileError } from '../files.js';
import { loadModules, versionFlag } from '../modules.js';
import { errorsJSON, errorsText } from '../errors-output.js';
import { applyErrorLimit, compileHook } from '../compile-hook.js';
import { checkV1Compatibility, checkV1RuleSyntax } from '../v1-compat-checks.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check Rego source files for parse and compilation errors',
  usage: 'check <path> [path [...]] [flags]',
  description:
    'Check Rego source files for parse and compilation errors.\n\n' +
    'Directories are searched for .rego files. Nothing is printed when all files are fine;\n' +
    'errors go to stderr and the exit status is 1.',
  flags: {
    format: { type: 'string', short: 'f', valueName: '{pretty,json}', description: 'set output format', default: 'pretty' },
    'max-errors': { type: 'string', short: 'm', valueName: 'int', description: 'set the number of errors to allow before compilation fails early', default: '10' },
    strict: { type: 'boolean', short: 'S', description: 'enable compiler strict mode' },
    ignore: {
      type: 'string',
      multiple: true,
      valueName: 'strings',
      description: "set file and directory names to ignore during loading (e.g., '.*' excludes hidden files)",
    },
    'v0-compatible': { type: 'boolean', description: 'parse and check policies as Rego v0' },
    'v0-v1': {
      type: 'boolean',
      description: 'check for Rego v0 and v1 compatibility (policies must be compatible with both Rego versions)',
    },
  },
  async run({ values, positionals }, io) {
    const fmt = enumFlag(values.format, 'format', ['pretty', 'json'] as const, 'pretty');
    const maxErrors = intFlag(values['max-errors'], 'max-errors', 10);
    if (positionals.length === 0) throw new UsageError('specify at least one file');
    const v0v1 = values['v0-v1'] === true;
    const regoVersion = v0v1 ? 'v0' : versionFlag(values);

    const report = (errors: Array<RegoError | string>, stage: 'loading' | 'compile'): number => {
      io.stderr(fmt === 'json' ? errorsJSON(errors) : errorsText(errors, stage) + '\n');
      return 1;
    };

    let files: string[];
    try {
      const ignore = ((values.ignore as string[] | undefined) ?? []).flatMap((v) => v.split(','));
      files = regoFiles(positionals, { onlyRego: true, ignore }); // opa check ignores other files
    } catch (e) {
      if (e instanceof FileError) return report([e.message], 'loading');
      throw e;
    }
    const loaded = loadModules(files, regoVersion);
    if (v0v1) {
      // Modules that parse as v0 must also meet v1's rule syntax (opa parses them in a mode
      // that enforces both).
      for (const m of loaded.modules) loaded.errors.push(...checkV1RuleSyntax(m.module));
    }
    if (loaded.errors.length > 0) return report(loaded.errors, 'loading');

    const errors: RegoError[] = v0v1 ? loaded.modules.flatMap((m) => checkV1Compatibility(m.module)) : [];
    const hook = await compileHook();
    if (hook && errors.length === 0) errors.push(...(await hook(loaded.modules, { strict: values.strict === true, regoVersion })));
    if (errors.length === 0) return 0;
    return report(applyErrorLimit(sortErrors([...errors]), maxErrors), 'compile');
  },
};
