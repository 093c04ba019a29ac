import type { Module, Package, Import } from '../ast/module.js';
import type { Rule } from '../ast/rule.js';
import { RegoError } from '../errors.js';
import type { ParsedStatements, Statement } from './rego-parser.js';
import { ruleFromBody } from './statements-to-rules.js';
import { checkRegoV1Rule } from './rego-v1-checks.js';
import type { MetadataBlock } from './metadata.js';
import { attachAnnotations, attachRuleAnnotations, type Target } from './annotation-attach.js';

/** Turns parsed statements into a module (OPA `parser_ext.go` `parseModule`). */
export function buildModule(
  p: Pick<ParsedStatements, 'file' | 'v1' | 'keywords'>,
  stmts: Statement[],
  comments: Module['comments'],
  blocks: MetadataBlock[] = [],
): { module?: Module; errors: RegoError[] } {
  const file = p.file;
  const errors: RegoError[] = [];
  const err = (msg: string, loc: Rule['location']) =>
    errors.push(new RegoError('rego_parse_error', msg, { ...loc }));
  // OPA appends METADATA blocks to the statements: a module of comments with a block is
  // not empty, its first statement is the block.
  if (stmts.length === 0) {
    if (blocks.length > 0) {
      err('package expected', blocks[0]!.location);
      return { errors };
    }
    return { errors: [new RegoError('rego_parse_error', 'empty module', { file, row: 0, col: 0, offset: 0, end: 0 })] };
  }
  const first = stmts[0]!;
  let pkg: Package | undefined;
  if (first.kind === 'package') pkg = first.node;
  else err('package expected', first.kind === 'body' ? first.node[0]!.location : first.node.location);
  // Statements in source order, bodies as the rules they become (annotations attach to them).
  const targets: Target[] = [];
  if (first.kind !== 'body') targets.push({ kind: first.kind, row: first.node.location.row });

  const imports: Import[] = [];
  const rules: Rule[] = [];
  let compat = p.v1;
  for (const st of stmts.slice(1)) {
    switch (st.kind) {
      case 'import': {
        targets.push({ kind: 'import', row: st.node.location.row });
        imports.push(st.node);
        const path = st.node.path.value;
        if (path.length === 2 && path[0]!.type === 'var' && path[0]!.value === 'rego' && path[1]!.type === 'string' && path[1]!.value === 'v1') {
          compat = true;
        }
        break;
      }
      case 'rule':
        targets.push({ kind: 'rule', row: st.node.location.row, rule: rules.length });
        rules.push(st.node);
        break;
      case 'body': {
        const r = ruleFromBody(st.node);
        if (typeof r === 'string') {
          err(r, st.node[0]!.location);
          continue;
        }
        r.generatedBody = true;
        targets.push({ kind: 'rule', row: r.location.row, rule: rules.length });
        rules.push(r);
        break;
      }
      case 'package':
        targets.push({ kind: 'package', row: st.node.location.row });
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
  const attached = attachAnnotations(blocks, targets);
  if (attached.errors.length > 0) return { errors: attached.errors };
  attachRuleAnnotations(rules, attached.annotations);
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
      ...(attached.annotations.length > 0 ? { annotations: attached.annotations } : {}),
    },
    errors: [],
  };
}
