/** Builtin declarations (capabilities JSON) as checker types, names and descriptions kept. */
import type { DeclType, FunctionDecl } from '../../builtins/contract.js';
import { ANY, anyOf, arrayOf, BOOL, NULL, NUM, objectOf, setOf, STR, type Ty } from './type.js';

export function declType(d: FunctionDecl): Ty {
  const f: Ty = { k: 'function', args: (d.args ?? []).map(fromDecl) };
  if (d.result) f.result = fromDecl(d.result);
  if (d.variadic) f.variadic = fromDecl(d.variadic);
  return f;
}

export function fromDecl(d: DeclType): Ty {
  const t = bare(d);
  if (d.name === undefined && d.description === undefined) return t;
  const out = { ...t } as Ty;
  if (d.name !== undefined) out.name = d.name;
  if (d.description !== undefined) out.description = d.description;
  return out;
}

function bare(d: DeclType): Ty {
  switch (d.type) {
    case 'null':
      return NULL;
    case 'boolean':
      return BOOL;
    case 'number':
      return NUM;
    case 'string':
      return STR;
    case 'any': {
      if (!d.of) return ANY;
      return anyOf((Array.isArray(d.of) ? d.of : [d.of]).map(fromDecl));
    }
    case 'array':
      return arrayOf((d.static ?? []).map(fromDecl), d.dynamic ? fromDecl(d.dynamic) : undefined);
    case 'set':
      return setOf(d.of ? fromDecl(d.of) : undefined);
    case 'object':
      return objectOf(
        (d.static ?? []).map((p) => ({ key: p.key, value: fromDecl(p.value) })),
        d.dynamic ? { key: fromDecl(d.dynamic.key), value: fromDecl(d.dynamic.value) } : undefined,
      );
  }
}
