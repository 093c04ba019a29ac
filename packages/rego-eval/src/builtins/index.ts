export * from './contract.js';
export { builtinDecls, defineBuiltins, type BuiltinImpl, type BuiltinTable } from './registry.js';
export { BUILTIN_DECLS } from './decls.js';
export { defaultBuiltins } from './defaults.js';
