/**
 * What a command is, and the shared flag handling: every command gets `-h/--help` and
 * `--version`; unknown flags and bad values are usage errors (exit 2).
 */
import { parseArgs } from 'node:util';
import type { Io } from './io.js';

export interface FlagSpec {
  type: 'boolean' | 'string';
  short?: string;
  multiple?: boolean;
  /** Shown in help, e.g. `{pretty,json}` or `N`. */
  valueName?: string;
  description: string;
  default?: string | boolean;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** `rego-ts <usage>`. */
  usage: string;
  /** Longer help text printed under the usage line. */
  description?: string;
  flags: Record<string, FlagSpec>;
  run(args: ParsedArgs, io: Io): number | Promise<number>;
}

/** A command-line mistake: reported with a usage hint, exit status 2. */
export class UsageError extends Error {}

export const EXIT_USAGE = 2;

const COMMON: Record<string, FlagSpec> = {
  help: { type: 'boolean', short: 'h', description: 'show help for this command' },
  version: { type: 'boolean', description: 'print the rego-ts version' },
};

export function parseCommandArgs(cmd: Command, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries({ ...cmd.flags, ...COMMON })) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) };
  }
  // Boolean flags also take an explicit value, as opa's (cobra) flags do: `--check-result=false`.
  const explicit: Record<string, boolean> = {};
  const args = argv.filter((a) => {
    const m = /^--([A-Za-z0-9-]+)=(true|false)$/.exec(a);
    if (!m || options[m[1]!]?.type !== 'boolean') return true;
    explicit[m[1]!] = m[2] === 'true';
    return false;
  });
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: { ...values, ...explicit } as ParsedArgs['values'], positionals };
  } catch (e) {
    throw new UsageError(describeParseError(e));
  }
}

function describeParseError(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const msg = err.message ?? String(e);
  const flag = /'([^']+)'/.exec(msg)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag: ${flag ?? msg}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return flag ? `flag needs an argument or takes none: ${flag.split(' ')[0]}` : msg;
    default:
      return msg;
  }
}

export function commandHelp(cmd: Command): string {
  const lines = [`Usage:\n  rego-ts ${cmd.usage}`, ''];
  if (cmd.description) lines.splice(0, 0, cmd.description, '');
  lines.push('Flags:');
  const rows = Object.entries({ ...cmd.flags, ...COMMON }).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    const value = spec.type === 'string' ? ` ${spec.valueName ?? 'string'}` : '';
    const def = spec.default !== undefined && spec.default !== false ? ` (default ${String(spec.default)})` : '';
    return [`  ${short}--${name}${value}`, spec.description + def] as const;
  });
  const width = Math.max(...rows.map((r) => r[0].length)) + 3;
  for (const [left, right] of rows) lines.push(left.padEnd(width) + right);
  return lines.join('\n') + '\n';
}

/** Read a string flag that must be one of `choices`. */
export function enumFlag<T extends string>(value: unknown, name: string, choices: readonly T[], def: T): T {
  if (value === undefined) return def;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid argument "${String(value)}" for "--${name}" flag: must be one of {${choices.join(',')}}`);
}

/** Read a non-negative integer flag. */
export function intFlag(value: unknown, name: string, def: number): number {
  if (value === undefined) return def;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  throw new UsageError(`invalid argument "${String(value)}" for "--${name}" flag: must be a non-negative integer`);
}
