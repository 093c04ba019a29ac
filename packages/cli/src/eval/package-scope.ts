/**
 * `opa eval --package P` and `--import X`: names in the query that are rules of package P
 * resolve to `data.P.<name>`, and import names (`c` of `import data.a.b.c`, or the alias) to
 * the imported path (opa's query compiler treats both as globals, imports winning). Done as
 * an AST rewrite of the parsed query: every free variable naming a global becomes its ref,
 * except where the body declares it (`x := …`, `some x`, `every x in …`).
 */
import type { Body, Expr, Import, Module, RefTerm, Term, With } from '@rego-ts/rego-parser';

/** A global name and the ref terms it stands for. */
export type Globals = Map<string, Term[]>;

/** The rules (first head segment) of the modules whose package is `pkgPath`, as `data.P.name`. */
export function packageGlobals(modules: Module[], pkgPath: string[], into: Globals = new Map()): Globals {
  const loc = { file: '', row: 1, col: 1, offset: 0, end: 0 };
  for (const name of packageRuleNames(modules, pkgPath)) {
    into.set(name, [
      { type: 'var', value: 'data', location: loc },
      ...pkgPath.map((p): Term => ({ type: 'string', value: p, location: loc })),
      { type: 'string', value: name, location: loc },
    ]);
  }
  return into;
}

/** Globals of `import` statements: the alias or last path segment → the imported path. */
export function importGlobals(imports: Import[], into: Globals = new Map()): Globals {
  for (const imp of imports) {
    const path = imp.path.value;
    const head = path[0];
    if (head?.type !== 'var' || (head.value !== 'data' && head.value !== 'input')) continue;
    const last = path[path.length - 1]!;
    const name = imp.alias ?? (last.type === 'string' || last.type === 'var' ? last.value : undefined);
    if (name !== undefined) into.set(name, path);
  }
  return into;
}

function packageRuleNames(modules: Module[], pkgPath: string[]): Set<string> {
  const names = new Set<string>();
  for (const m of modules) {
    const path = m.package.path.value.slice(1).map((t) => (t.type === 'string' || t.type === 'var' ? t.value : ''));
    if (path.length !== pkgPath.length || path.some((p, i) => p !== pkgPath[i])) continue;
    for (const r of m.rules) {
      const head = r.head.ref[0];
      if (head?.type === 'var') names.add(head.value);
    }
  }
  return names;
}

export function resolveQueryGlobals(body: Body, globals: Globals): Body {
  if (globals.size === 0) return body;
  // The replacement terms carry the location of the name they replace.
  const toRef = (name: string, loc: Term['location']): Term[] => globals.get(name)!.map((t) => ({ ...t, location: loc }) as Term);

  /** The names declared in `b` and around it (a comprehension's head sees its body's). */
  const bodyScope = (b: Body, outer: Set<string>): Set<string> => {
    const declared = new Set(outer);
    for (const e of b) for (const v of declaredVars(e)) declared.add(v);
    return declared;
  };
  const rewriteBody = (b: Body, outer: Set<string>): Body => {
    const declared = bodyScope(b, outer);
    return b.map((e) => rewriteExpr(e, declared));
  };

  const term = (t: Term, declared: Set<string>): Term => {
    switch (t.type) {
      case 'var':
        return globals.has(t.value) && !declared.has(t.value) ? ({ type: 'ref', value: toRef(t.value, t.location), location: t.location } as RefTerm) : t;
      case 'ref': {
        const [head, ...rest] = t.value;
        const newRest = rest.map((x) => term(x, declared));
        if (head?.type === 'var' && globals.has(head.value) && !declared.has(head.value)) {
          return { ...t, value: [...toRef(head.value, head.location), ...newRest] };
        }
        return { ...t, value: [head ? term(head, declared) : head!, ...newRest] };
      }
      case 'call': {
        const [op, ...args] = t.value;
        return { ...t, value: [op ? term(op, declared) : op!, ...args.map((x) => term(x, declared))] };
      }
      case 'array':
      case 'set':
        return { ...t, value: t.value.map((x) => term(x, declared)) };
      case 'object':
        return { ...t, value: t.value.map(([k, v]) => [term(k, declared), term(v, declared)] as [Term, Term]) };
      case 'arraycomprehension':
      case 'setcomprehension': {
        const inner = bodyScope(t.value.body, declared);
        return { ...t, value: { term: term(t.value.term, inner), body: rewriteBody(t.value.body, declared) } } as Term;
      }
      case 'objectcomprehension': {
        const inner = bodyScope(t.value.body, declared);
        return { ...t, value: { key: term(t.value.key, inner), value: term(t.value.value, inner), body: rewriteBody(t.value.body, declared) } };
      }
      case 'templatestring':
        return {
          ...t,
          value: {
            ...t.value,
            parts: t.value.parts.map((p) => (p.type === 'templateexpr' ? { ...p, term: term(p.term, declared) } : p)),
          },
        };
      default:
        return t;
    }
  };

  const withs = (ws: With[], declared: Set<string>): With[] => ws.map((w) => ({ ...w, target: term(w.target, declared), value: term(w.value, declared) }));

  const rewriteExpr = (e: Expr, declared: Set<string>): Expr => {
    const t = e.terms;
    let terms: Expr['terms'];
    switch (t.type) {
      case 'term':
        terms = { ...t, term: term(t.term, declared) };
        break;
      case 'call':
        terms = { ...t, operator: term(t.operator, declared) as RefTerm, args: t.args.map((a) => term(a, declared)) };
        break;
      case 'some':
        terms = { ...t, symbols: t.symbols.map((s) => (s.type === 'call' ? term(s, declared) : s)) };
        break;
      case 'every': {
        const inner = new Set(declared);
        if (t.key?.type === 'var') inner.add(t.key.value);
        if (t.value.type === 'var') inner.add(t.value.value);
        terms = { ...t, domain: term(t.domain, declared), body: rewriteBody(t.body, inner) };
        break;
      }
      case 'not':
        terms = { ...t, body: rewriteBody(t.body, declared) };
        break;
    }
    return { ...e, terms, with: withs(e.with, declared) };
  };

  return rewriteBody(body, new Set());
}

/** Variables an expression declares: `:=` targets, `some` symbols. */
function declaredVars(e: Expr): string[] {
  const out: string[] = [];
  const collect = (t: Term): void => {
    if (t.type === 'var') out.push(t.value);
    else if (t.type === 'array') t.value.forEach(collect);
    else if (t.type === 'object') t.value.forEach(([, v]) => collect(v));
  };
  const t = e.terms;
  if (t.type === 'call') {
    const op = t.operator.value;
    if (op.length === 1 && op[0]?.type === 'var' && op[0].value === 'assign' && t.args[0]) collect(t.args[0]);
  } else if (t.type === 'some') {
    for (const s of t.symbols) {
      if (s.type === 'var') out.push(s.value);
      else if (s.type === 'call') s.value.slice(1, -1).forEach(collect);
    }
  }
  return out;
}
