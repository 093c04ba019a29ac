/**
 * Assembles builtin tables into `BuiltinDef`s: attaches each name's declaration from OPA's
 * capabilities (decls.ts) and prefixes error messages with the builtin's name.
 */
import { JSONSyntaxError } from '../value/json.js';
import { NumberError } from '../value/number.js';
import { BUILTIN_DECLS } from './decls.js';
import { BuiltinError, type BuiltinDeclInfo, type BuiltinDef, type BuiltinFn } from './contract.js';

export interface BuiltinImpl {
  fn: BuiltinFn;
  relation?: boolean;
  relationBelow?: BuiltinDef['relationBelow'];
}

/** name → implementation. */
export type BuiltinTable = Record<string, BuiltinFn | BuiltinImpl>;

const DECLS: ReadonlyMap<string, BuiltinDeclInfo> = new Map(BUILTIN_DECLS.map((d) => [d.name, d]));

/** Declarations of every OPA builtin (capabilities v1.17.1), by name. */
export function builtinDecls(): ReadonlyMap<string, BuiltinDeclInfo> {
  return DECLS;
}

const prefixed = new WeakSet<Error>();

function wrapError(name: string, e: unknown): unknown {
  if (e instanceof BuiltinError) {
    if (prefixed.has(e) || e.halt) return e;
    const w = new BuiltinError(e.code, `${name}: ${e.message}`, e.halt);
    prefixed.add(w);
    return w;
  }
  if (e instanceof NumberError || e instanceof JSONSyntaxError) {
    const w = new BuiltinError('eval_builtin_error', `${name}: ${e.message}`);
    prefixed.add(w);
    return w;
  }
  return e;
}

function wrap(name: string, fn: BuiltinFn): BuiltinFn {
  return (args, ctx) => {
    try {
      return fn(args, ctx);
    } catch (e) {
      throw wrapError(name, e);
    }
  };
}

/** Turns tables into definitions; names without a known declaration get an `any` decl. */
export function defineBuiltins(tables: BuiltinTable[]): Map<string, BuiltinDef> {
  const out = new Map<string, BuiltinDef>();
  for (const table of tables) {
    for (const name of Object.keys(table)) {
      const impl = table[name]!;
      const fn = typeof impl === 'function' ? impl : impl.fn;
      const info = DECLS.get(name);
      const def: BuiltinDef = {
        name,
        decl: info?.decl ?? { type: 'function', result: { type: 'any' } },
        fn: wrap(name, fn),
      };
      if (info?.relation || (typeof impl !== 'function' && impl.relation)) def.relation = true;
      if (typeof impl !== 'function' && impl.relationBelow) def.relationBelow = impl.relationBelow;
      if (info?.nondeterministic) def.nondeterministic = true;
      if (info?.deprecated) def.deprecated = true;
      if (info?.infix) def.infix = info.infix;
      out.set(name, def);
    }
  }
  return out;
}
