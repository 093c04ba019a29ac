/** Test helpers: parse or fail loudly, and a compact printer for asserting AST shapes. */
import { expect } from 'vitest';
import { parseModule, parseQuery } from '../src/index.js';
import type { Module, Term, Expr, Body, Rule, RegoVersion } from '../src/index.js';

export function mod(source: string, regoVersion: RegoVersion = 'v1'): Module {
  const r = parseModule(source, { regoVersion, file: 'test.rego' });
  if (!r.module) expect.fail(r.errors.map((e) => e.format()).join('\n'));
  return r.module;
}

export function rule(source: string, regoVersion: RegoVersion = 'v1', index = 0): Rule {
  return mod(`package test\n${source}\n`, regoVersion).rules[index]!;
}

export function query(source: string, regoVersion: RegoVersion = 'v1'): Body {
  const r = parseQuery(source, { regoVersion });
  if (!r.body) expect.fail(r.errors.map((e) => e.format()).join('\n'));
  return r.body;
}

/** The messages of a module's parse errors (empty when it parses). */
export function errors(source: string, regoVersion: RegoVersion = 'v1'): string[] {
  return parseModule(source, { regoVersion }).errors.map((e) => e.message);
}

/**
 * Compact rendering: vars bare, strings quoted, refs `a.b[x]`, calls `f(a, b)` (operators by
 * builtin name), arrays `[..]`, sets `{..}` / `set()`, objects `{k: v}`, comprehensions
 * `[t | body]`, templates `$"..{x}.."`. Bodies join literals with `; `.
 */
export function show(t: Term): string {
  switch (t.type) {
    case 'null':
      return 'null';
    case 'boolean':
      return String(t.value);
    case 'number':
      return t.value;
    case 'string':
      return JSON.stringify(t.value);
    case 'var':
      return t.value;
    case 'ref':
      return t.value
        .map((p, i) => (i === 0 ? show(p) : p.type === 'string' && /^\w+$/.test(p.value) ? `.${p.value}` : `[${show(p)}]`))
        .join('');
    case 'call':
      return `${show(t.value[0]!)}(${t.value.slice(1).map(show).join(', ')})`;
    case 'array':
      return `[${t.value.map(show).join(', ')}]`;
    case 'set':
      return t.value.length === 0 ? 'set()' : `{${t.value.map(show).join(', ')}}`;
    case 'object':
      return `{${t.value.map(([k, v]) => `${show(k)}: ${show(v)}`).join(', ')}}`;
    case 'arraycomprehension':
      return `[${show(t.value.term)} | ${showBody(t.value.body)}]`;
    case 'setcomprehension':
      return `{${show(t.value.term)} | ${showBody(t.value.body)}}`;
    case 'objectcomprehension':
      return `{${show(t.value.key)}: ${show(t.value.value)} | ${showBody(t.value.body)}}`;
    case 'templatestring':
      return `$"${t.value.parts.map((p) => (p.type === 'string' ? p.value : `{${show(p.term)}}`)).join('')}"`;
  }
}

export function showExpr(e: Expr): string {
  const t = e.terms;
  let s: string;
  switch (t.type) {
    case 'term':
      s = show(t.term);
      break;
    case 'call':
      s = `${show(t.operator)}(${t.args.map(show).join(', ')})`;
      break;
    case 'some':
      s = `some ${t.symbols.map(show).join(', ')}`;
      break;
    case 'every':
      s = `every ${t.key ? `${show(t.key)}, ` : ''}${show(t.value)} in ${show(t.domain)} { ${showBody(t.body)} }`;
      break;
    case 'not':
      s = `not { ${showBody(t.body)} }`;
      break;
  }
  if (e.negated) s = `not ${s}`;
  for (const w of e.with) s += ` with ${show(w.target)} as ${show(w.value)}`;
  return s;
}

export function showBody(b: Body): string {
  return b.map(showExpr).join('; ');
}

/** The single literal of a query, rendered. */
export function q(source: string): string {
  const b = query(source);
  expect(b).toHaveLength(1);
  return showExpr(b[0]!);
}
