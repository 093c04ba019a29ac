/** @rego-ts/cli — the `rego-ts` command line (Node only). */
export { main } from './main.js';
export type { Io } from './io.js';
export type { Command, FlagSpec, ParsedArgs } from './command.js';
export { commands } from './commands/index.js';
export { setCompileHook } from './compile-hook.js';
export type { CompileHook, CompileCheckOptions } from './compile-hook.js';
