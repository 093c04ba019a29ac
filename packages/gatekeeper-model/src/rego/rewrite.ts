/**
 * The template rewriter (upstream regorewriter): checks lib packages, imports and `data`
 * references, then re-roots the entry module at `data.template` and libs under `data.libs`,
 * so each template compiles in isolation and sees only `input`, its libs and `data.inventory`.
 */
import type { Module, RefTerm, StringTerm, Term } from '@rego-ts/rego-parser';
import { gkError } from '../errors.js';
import { walkModule } from '@rego-ts/rego-parser';
import { refText } from './walk.js';

export interface RewriteOptions {
  /** Allowed `data` roots besides `data.lib` (default `['inventory']`; `[]` disables referential rules). */
  externs?: string[];
  /** Builtins that may not be called (compile error `undefined function <name>`). */
  disabledBuiltins?: string[];
}

function str(value: string, like: Term): StringTerm {
  return { type: 'string', value, location: like.location };
}

function invalid(message: string): Error {
  return gkError('gk_invalid_template', `invalid ConstraintTemplate: ${message}`);
}

function isData(t: Term | undefined): boolean {
  return t !== undefined && t.type === 'var' && t.value === 'data';
}

function segment(t: Term | undefined): string | undefined {
  return t !== undefined && t.type === 'string' ? t.value : undefined;
}

/** Checks and rewrites `entry` (the template module) and `libs` in place. */
export function rewriteTemplateModules(entry: Module, libs: Module[], opts: RewriteOptions = {}): void {
  const externs = opts.externs ?? ['inventory'];
  // 1. lib packages strictly below `lib`.
  for (const lib of libs) {
    const p = lib.package.path.value;
    if (!(p.length >= 3 && isData(p[0]) && segment(p[1]) === 'lib')) {
      throw invalid(`invalid lib prefix: path ${refText(p)} not found in lib prefixes`);
    }
  }
  // 2. imports.
  for (const m of [entry, ...libs]) {
    for (const imp of m.imports) {
      const p = imp.path.value;
      const head = p[0];
      const text = refText(p);
      if (head?.type === 'var' && head.value === 'input') throw invalid(`invalid import: cannot import input: "${text}"`);
      if (head?.type === 'var' && head.value === 'future') continue;
      if (isData(head) && segment(p[1]) === 'lib') continue;
      throw invalid(`invalid import: bad import: "${text}"`);
    }
  }
  // 3. data references (and disabled builtins).
  const disabled = new Set(opts.disabledBuiltins ?? []);
  for (const m of [entry, ...libs]) {
    const bad: string[] = [];
    const refHeads = new WeakSet<Term>();
    const check = (t: Term): void => {
      if (t.type === 'var' && t.value === 'data' && !refHeads.has(t)) bad.push('data');
      if (t.type === 'ref' && t.value[0]) refHeads.add(t.value[0]);
      if (t.type === 'ref' && isData(t.value[0])) {
        const root = segment(t.value[1]);
        if (root === undefined || (root !== 'lib' && !externs.includes(root))) bad.push(refText(t.value));
      }
      if (t.type === 'call' && disabled.size) {
        const op = t.value[0];
        if (op?.type === 'ref' && disabled.has(refText(op.value))) {
          throw gkError(
            'gk_compile_error',
            `unable to compile modules: 1 error occurred: ${m.file}:${t.location.row}: rego_type_error: undefined function ${refText(op.value)}`,
          );
        }
      }
    };
    walkModule(m, { term: check });
    if (bad.length) {
      const errs = [...new Set(bad)].map((b) => `disallowed ref ${b}`);
      throw invalid(`invalid data references: check refs failed on module {${m.file}}: errors (${errs.length}):\n${errs.join('\n')}\n`);
    }
  }
  // 4. rewrite.
  const done = new WeakSet<RefTerm>();
  const reroot = (r: RefTerm): void => {
    if (done.has(r)) return;
    done.add(r);
    const root = segment(r.value[1]);
    if (isData(r.value[0]) && root !== undefined && !externs.includes(root)) {
      r.value = [r.value[0]!, str('libs', r.value[0]!), ...r.value.slice(1)];
    }
  };
  for (const m of [entry, ...libs]) {
    walkModule(m, { term: (t) => t.type === 'ref' && reroot(t) });
    for (const imp of m.imports) reroot(imp.path);
  }
  for (const lib of libs) reroot(lib.package.path);
  const head = entry.package.path.value[0]!;
  entry.package.path.value = [head, str('template', head)];
}

/** True when the module defines a rule named `violation` (any kind; checked by head name). */
export function hasViolationRule(m: Module): boolean {
  return m.rules.some((r) => r.head.name === 'violation' || (r.head.ref[0]?.type === 'var' && r.head.ref[0].value === 'violation'));
}
