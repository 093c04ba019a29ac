/**
 * Table-driven tests (`test_x[note] if { some tc in cases; note := tc.note; … }`): opa marks
 * a test case as failed when its evaluation got as far as naming the case (opa injects an
 * `internal.test_case` call there and traces it) but the rule body then failed. rego-ts has
 * no tracer, so for each such test it adds a companion rule with the same head suffix whose
 * body is the test body cut just after every head variable is first used: its keys are the
 * cases that were reached. Reached cases missing from the test's value failed.
 */
import type { Body, Expr, Rule, Term } from '@rego-ts/rego-parser';

/** Vars occurring anywhere in a term/expression (any depth). */
function collectVars(x: unknown, out: Set<string>): void {
  if (Array.isArray(x)) {
    for (const e of x) collectVars(e, out);
    return;
  }
  if (typeof x !== 'object' || x === null) return;
  const node = x as { type?: string; value?: unknown };
  if (node.type === 'var' && typeof node.value === 'string') {
    out.add(node.value);
    return;
  }
  for (const [k, v] of Object.entries(node)) if (k !== 'location') collectVars(v, out);
}

/**
 * The companion rule for a partial-object test rule, named `name`, or undefined when the
 * head suffix uses a variable the body never mentions.
 */
export function reachedCasesRule(rule: Rule, nameIndex: number, name: string): Rule | undefined {
  const suffix: Term[] = rule.head.ref.slice(nameIndex + 1);
  const headVars = new Set<string>();
  collectVars(suffix, headVars);
  const body: Body = rule.body;
  let cut = -1;
  for (const v of headVars) {
    const first = body.findIndex((e: Expr) => {
      const vars = new Set<string>();
      collectVars(e, vars);
      return vars.has(v);
    });
    if (first < 0) return undefined;
    cut = Math.max(cut, first);
  }
  const head = rule.head.ref[0]!;
  const loc = rule.head.location;
  const newHead = { type: 'var' as const, value: name, location: head.location };
  const { else: _else, ...rest } = rule;
  void _else;
  return {
    ...rest,
    default: false,
    head: { ...rule.head, name, ref: [newHead, ...suffix], value: { type: 'boolean', value: true, location: loc }, assign: false },
    body: body.slice(0, cut + 1),
  };
}

/** Leaf key paths of a nested object at `depth` levels (keys as opa prints them). */
export function casePaths(v: unknown, depth: number, prefix: string[] = [], out: string[][] = []): string[][] {
  if (depth === 0) {
    out.push(prefix);
    return out;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  for (const k of Object.keys(v)) casePaths((v as Record<string, unknown>)[k], depth - 1, [...prefix, k], out);
  return out;
}
