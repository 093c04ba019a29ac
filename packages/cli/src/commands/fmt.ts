/** `rego-ts fmt [PATH...]`: format policies in opa fmt style (stdin → stdout without paths). */
import { writeFileSync } from 'node:fs';
import { format, parseModule, type RegoError } from '@rego-ts/rego-parser';
import type { Command } from '../command.js';
import type { Io } from '../io.js';
import { regoFiles, FileError } from '../files.js';
import { readSource } from '../modules.js';
import { errorsText } from '../errors-output.js';
import { coloredCharDiff, unifiedDiff } from '../diff.js';
import { checkV1Compatibility } from '../v1-compat-checks.js';

interface FmtSettings {
  parseVersion: 'v0' | 'v1';
  outVersion: 'v0' | 'v1' | 'v0v1';
  checkResult: boolean;
  dropV0Imports: boolean;
}

/** Format failures carry opa's exit status: 1 for stdin, 2 for files. */
class FmtFailure extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}

function formatSource(file: string, source: string, s: FmtSettings): string {
  const parsed = parseModule(source, { file, regoVersion: s.parseVersion });
  if (parsed.errors.length > 0 || !parsed.module) throw new FmtFailure(errorsText(parsed.errors, 'compile'), 1);
  if (s.outVersion !== 'v0') {
    // opa fmt refuses modules that would not be valid v1 (shadowing, deprecated builtins).
    const errs = checkV1Compatibility(parsed.module);
    if (errs.length > 0) throw new FmtFailure(errorsText(errs, 'compile'), 1);
  }
  let out: string;
  try {
    out = format(parsed.module, { source, regoVersion: s.outVersion, dropV0Imports: s.dropV0Imports });
  } catch (e) {
    const errs = (e as { errors?: RegoError[] }).errors;
    throw new FmtFailure(Array.isArray(errs) ? `${file}: ${errorsText(errs, 'compile')}` : String(e), 1);
  }
  if (s.checkResult) {
    const again = parseModule(out, { file: 'formatted', regoVersion: s.outVersion === 'v0' ? 'v0' : s.outVersion === 'v0v1' ? 'v0' : 'v1' });
    if (again.errors.length > 0) {
      throw new FmtFailure(
        `${file} was successfully formatted, but the result is invalid: ${errorsText(again.errors, 'compile')}\n\n` +
          'To inspect the formatted Rego, you can turn off this check with --check-result=false.',
        2,
      );
    }
  }
  return out;
}

export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'Format Rego source files',
  usage: 'fmt [path [...]] [flags]',
  description:
    'Format Rego source files in the canonical opa fmt style.\n\n' +
    'Without a path the module is read from stdin and the result written to stdout.\n' +
    'Directories are searched for .rego files. -w overwrites files, -l lists files that\n' +
    'would change, -d shows a diff (coloured character diff on a terminal, unified diff\n' +
    'otherwise), --fail exits with status 2 when a file would change.',
  flags: {
    write: { type: 'boolean', short: 'w', description: 'overwrite the original source file' },
    list: { type: 'boolean', short: 'l', description: 'list all files who would change when formatted' },
    diff: { type: 'boolean', short: 'd', description: 'only display a diff of the changes' },
    fail: { type: 'boolean', description: 'non zero exit code on reformat' },
    'v0-compatible': { type: 'boolean', description: 'parse and format as Rego v0' },
    'v0-v1': { type: 'boolean', description: 'format module(s) to be compatible with both Rego v0 and v1' },
    'v1-compatible': { type: 'boolean', description: 'with --v0-v1: the input is Rego v1' },
    'check-result': {
      type: 'boolean',
      description: 'assert that the formatted code is valid and can be successfully parsed (--check-result=false to skip)',
      default: true,
    },
    'drop-v0-imports': {
      type: 'boolean',
      description: "drop v0 imports from the formatted code, such as 'rego.v1' and 'future.keywords'",
    },
  },
  run({ values, positionals }, io) {
    const v0 = values['v0-compatible'] === true;
    const v0v1 = values['v0-v1'] === true;
    const settings: FmtSettings = {
      parseVersion: v0 || (v0v1 && values['v1-compatible'] !== true) ? 'v0' : 'v1',
      outVersion: v0v1 ? 'v0v1' : v0 ? 'v0' : 'v1',
      checkResult: values['check-result'] !== false,
      dropV0Imports: values['drop-v0-imports'] === true,
    };
    if (positionals.length === 0) {
      try {
        io.stdout(formatSource('stdin', io.readStdin(), settings));
        return 0;
      } catch (e) {
        if (!(e instanceof FmtFailure)) throw e;
        io.stderr(e.message + '\n');
        return 1;
      }
    }
    try {
      for (const file of regoFiles(positionals, { onlyRego: true })) formatFile(file, values, settings, io);
      return 0;
    } catch (e) {
      if (e instanceof FileError) {
        io.stderr(`${e.message}\n`);
        return 1;
      }
      if (!(e instanceof FmtFailure)) throw e;
      io.stderr(e.message + '\n');
      return 2;
    }
  },
};

function formatFile(file: string, values: Record<string, unknown>, s: FmtSettings, io: Io): void {
  let source: string;
  try {
    source = readSource(file);
  } catch (e) {
    throw new FmtFailure(`failed to open file: ${(e as Error).message}`, 2);
  }
  let out: string;
  try {
    out = formatSource(file, source, s);
  } catch (e) {
    if (e instanceof FmtFailure && e.code === 1) throw new FmtFailure(`failed to format Rego source file: ${e.message}`, 2);
    throw e;
  }
  const changed = out !== source;
  const { list, diff, fail, write } = values;
  if (fail && !list && !diff && changed) throw new FmtFailure('unexpected diff', 2);
  if (list) {
    if (changed) {
      io.stdout(`${file}\n`);
      if (fail) throw new FmtFailure('unexpected diff', 2);
    }
    return;
  }
  if (diff) {
    if (changed) {
      io.stdout(io.stdoutColor ? coloredCharDiff(source, out) + '\n' : unifiedDiff(file, source, out));
      if (fail) throw new FmtFailure('unexpected diff', 2);
    }
    return;
  }
  if (write) {
    if (changed) writeFileSync(file, out);
    return;
  }
  io.stdout(out);
}
