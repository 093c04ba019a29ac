/**
 * The opa v1.17.1 rule-indexer bug behind known class `opa-version-index-member-self`
 * (known.ts). For `v := input.x; v in [v, 0]` the indexer (ast/index.go `updateMemberRefInValue`)
 * records one entry per member for the ref v stands for: the member `v` is the var entry the
 * assignment already recorded ("input.x is anything"), and the next, concrete member `0`
 * replaces that entry (`insert`), so the rule is indexed as needing `input.x == 0` and is never
 * evaluated otherwise. opa v1.22.3 and `opa eval --disable-indexing` evaluate it (true).
 */
import type { Expr, Rule, Term } from '@rego-ts/rego-parser';

/** Whether a body of `rule` (or of its `else` chain) has a membership test the bug misindexes. */
export function hasSelfMemberTest(rule: Rule): boolean {
  const args = new Set((rule.head.args ?? []).flatMap((a) => (a.type === 'var' ? [a.value] : [])));
  for (let r: Rule | undefined = rule; r; r = r.else) {
    const refVars = new Set(args);
    for (const e of r.body) {
      const bound = refAssignment(e);
      if (bound !== undefined) refVars.add(bound);
      if (selfMember(e, refVars)) return true;
    }
  }
  return false;
}

/** `v := ref` or `v = ref` (either side) with a ref rooted at input or data: the var it binds. */
function refAssignment(e: Expr): string | undefined {
  if (e.negated || e.with.length > 0 || e.terms.type !== 'call') return undefined;
  const op = opName(e.terms.operator);
  if (op !== 'assign' && op !== 'eq') return undefined;
  const [a, b] = e.terms.args;
  if (a?.type === 'var' && b && rootedRef(b)) return a.value;
  if (op === 'eq' && b?.type === 'var' && a && rootedRef(a)) return b.value;
  return undefined;
}

/**
 * `v in C` (two operands, not negated, no `with`) where v stands for an indexed ref and the
 * collection literal C holds v itself followed, in OPA's iteration order, by a member that is
 * not a var (array: written order; set: sorted, so only a ref or composite comes after a var;
 * object: its values, any non-var one).
 */
function selfMember(e: Expr, refVars: Set<string>): boolean {
  if (e.negated || e.with.length > 0 || e.terms.type !== 'call') return false;
  if (opName(e.terms.operator) !== 'internal.member_2' || e.terms.args.length !== 2) return false;
  const [v, c] = e.terms.args;
  if (v?.type !== 'var' || !refVars.has(v.value) || !c) return false;
  const isV = (t: Term): boolean => t.type === 'var' && t.value === v.value;
  switch (c.type) {
    case 'array': {
      const at = c.value.findIndex(isV);
      return at >= 0 && c.value.slice(at + 1).some((t) => t.type !== 'var');
    }
    case 'set':
      return c.value.some(isV) && c.value.some((t) => !SORTS_BEFORE_VAR.has(t.type) && t.type !== 'var');
    case 'object':
      return c.value.some(([, t]) => isV(t)) && c.value.some(([, t]) => t.type !== 'var');
    default:
      return false;
  }
}

const SORTS_BEFORE_VAR = new Set(['null', 'boolean', 'number', 'string']);

function opName(t: Term): string {
  return t.type === 'ref' ? t.value.map((p, i) => (i === 0 && p.type === 'var' ? p.value : p.type === 'string' ? p.value : '?')).join('.') : '';
}

function rootedRef(t: Term): boolean {
  const head = t.type === 'ref' ? t.value[0] : t;
  return head?.type === 'var' && (head.value === 'input' || head.value === 'data');
}
