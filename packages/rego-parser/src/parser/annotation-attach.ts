/**
 * Attaches METADATA blocks to the statement below them and checks their scope there
 * (OPA `annotations.go` `attachAnnotationsNodes`).
 */
import type { Annotation, AnnotationScope } from '../ast/annotations.js';
import { RegoError } from '../errors.js';
import type { MetadataBlock } from './metadata.js';
import type { Rule } from '../ast/rule.js';
import { termString } from './rego-text.js';
import { isGround } from './nodes.js';

/** A module statement, in source order. */
export interface Target {
  kind: 'package' | 'import' | 'rule';
  row: number;
  /** For rules: the index in `module.rules`. */
  rule?: number;
}

const TRUE_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);

/** Go decodes any YAML scalar into the string field; absent and null give ''. */
function scopeText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v);
}

const TYPE_NAME: Record<Target['kind'], string> = { package: 'package', import: 'import', rule: 'rule' };

export function attachAnnotations(blocks: MetadataBlock[], targets: Target[]): { annotations: Annotation[]; errors: RegoError[] } {
  const annotations: Annotation[] = [];
  const errors: RegoError[] = [];
  const fail = (b: MetadataBlock, msg: string) => errors.push(new RegoError('rego_parse_error', msg, { ...b.location }));
  for (const b of blocks) {
    const node = targets.find((t) => t.row > b.location.row);
    const v = b.value;
    const ep = Object.hasOwn(v, 'entrypoint') ? v['entrypoint'] : undefined;
    const entrypoint = ep === true || (typeof ep === 'string' && TRUE_WORDS.has(ep));
    let scope = scopeText(Object.hasOwn(v, 'scope') ? v['scope'] : undefined);
    if (scope === '' && node) {
      scope = node.kind === 'rule' ? (entrypoint ? 'document' : 'rule') : node.kind === 'package' ? 'package' : 'import';
    }
    const have = node ? ` (have ${TYPE_NAME[node.kind]})` : '';
    let ok = true;
    if (scope === 'rule' || scope === 'document') {
      if (node?.kind !== 'rule') (fail(b, `annotation scope '${scope}' must be applied to rule${have}`), (ok = false));
    } else if (scope === 'package' || scope === 'subpackages') {
      if (node?.kind !== 'package') (fail(b, `annotation scope '${scope}' must be applied to package${have}`), (ok = false));
    } else {
      fail(b, `invalid annotation scope '${scope}'. Use one of 'rule', 'document', 'package', or 'subpackages'`);
      ok = false;
    }
    if (entrypoint && scope !== 'document' && scope !== 'package') {
      fail(b, `annotation entrypoint applied to non-document or package scope '${scope}'`);
      ok = false;
    }
    if (ok) {
      annotations.push({
        type: 'annotation',
        scope: scope as AnnotationScope,
        entrypoint,
        ...b.fields,
        value: v,
        ...(node?.rule !== undefined ? { rule: node.rule } : {}),
        location: b.location,
      });
    }
  }
  return { annotations, errors };
}

/** The ground prefix of a rule's head ref (OPA `Ref.GroundPrefix`), as comparable text. */
function groundPrefix(r: Rule): string {
  const out: string[] = [];
  for (const [i, t] of r.head.ref.entries()) {
    if (i > 0 && !isGround(t)) break;
    out.push(`${t.type}:${termString(t)}`);
  }
  return out.join('\u0000');
}

/**
 * Fills `rule.annotations` as OPA's `attachRuleAnnotations`: every rule of a path gets the
 * path's document-scope blocks and the rule-scope blocks of that path declared above it;
 * after each rule, the last rule-scope block it took is not offered to later rules.
 */
export function attachRuleAnnotations(rules: Rule[], annotations: Annotation[]): void {
  const target = (a: Annotation) => (a.rule === undefined ? undefined : groundPrefix(rules[a.rule]!));
  const left = annotations.map((a) => ({ a, path: target(a) }));
  for (const rule of rules) {
    const path = groundPrefix(rule);
    let taken = -1;
    for (const [i, { a, path: p }] of left.entries()) {
      if (p !== path) continue;
      if (a.scope === 'document') (rule.annotations ??= []).push(a);
      else if (a.scope === 'rule' && rule.location.row > a.location.row) {
        taken = i;
        (rule.annotations ??= []).push(a);
      }
    }
    if (taken >= 0) left.splice(taken, 1);
  }
}
