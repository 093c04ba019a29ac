import type { Module, Package, Import } from '../ast/module.js';
import type { Rule } from '../ast/rule.js';
import { RegoError } from '../errors.js';
import type { Statement } from './parser.js';
import type { Parser } from './parser.js';
import { ruleFromBody } from './statements-to-rules.js';
import { checkRegoV1Rule } from './rego-v1-checks.js';

/** Turns parsed statements into a module (OPA `parser_ext.go` `parseModule`). */
export function buildModule(
  p: Parser,
  stmts: Statement[],
  comments: Module['comments'],
): { module?: Module; errors: RegoError[] } {
  const file = p.file;
  if (stmts.length === 0) {
    return { errors: [new RegoError('rego_parse_error', 'empty module', { file, row: 0, col: 0, offset: 0, end: 0 })] };
  }
  const errors: RegoError[] = [];
  const err = (msg: string, loc: Rule['location']) =>
    errors.push(new RegoError('rego_parse_error', msg, { ...loc }));
  const first = stmts[0]!;
  let pkg: Package | undefined;
  if (first.kind === 'package') pkg = first.node;
  else err('package expected', first.kind === 'body' ? first.node[0]!.location : first.node.location);

  const imports: Import[] = [];
  const rules: Rule[] = [];
  let compat = p.v1;
  for (const st of stmts.slice(1)) {
    switch (st.kind) {
      case 'import': {
        imports.push(st.node);
        const path = st.node.path.value;
        if (path.length === 2 && path[0]!.type === 'var' && path[0]!.value === 'rego' && path[1]!.type === 'string' && path[1]!.value === 'v1') {
          compat = true;
        }
        break;
      }
      case 'rule':
        rules.push(st.node);
        break;
      case 'body': {
        const r = ruleFromBody(st.node);
        if (typeof r === 'string') {
          err(r, st.node[0]!.location);
          continue;
        }
        r.generatedBody = true;
        rules.push(r);
        break;
      }
      case 'package':
        err('unexpected package', st.node.location);
        break;
    }
  }
  if (compat) {
    for (const rule of rules) {
      for (let r: Rule | undefined = rule; r; r = r.else) errors.push(...checkRegoV1Rule(r));
    }
  }
  if (errors.length > 0 || !pkg) return { errors };
  return {
    module: {
      type: 'module',
      package: pkg,
      imports,
      rules,
      comments,
      regoVersion: p.v1 ? 'v1' : 'v0',
      regoV1Compatible: compat,
      keywords: p.keywords(),
      file,
    },
    errors: [],
  };
}
