/**
 * Known classes of disagreement: rego-ts bugs already reported (each with a failing
 * regression test under test/difftest/) that would otherwise drown new findings. A case in a
 * known class is counted and listed, but does not fail the run. Remove a class once fixed.
 */
import { newPlainObject, parseJSON, toJSONText, type PlainObject } from '@rego-ts/rego-eval';
import {
  parseModule,
  walkBody,
  walkExpr,
  walkModule,
  walkRule,
  walkTerm,
  type AstVisitor,
  type Body,
  type Expr,
  type Rule,
  type Term,
} from '@rego-ts/rego-parser';
import type { Outcome } from './outcome.js';
import { unsafeOnlyAtSelfFedCalls } from './self-fed-call.js';
import { onlyRegoTsUnsafe, unsafeOnlyWhere } from './unsafe-only.js';
import { unsafeOnlyInSomeTemplateDomains } from './some-template-domain.js';
import { hasSelfMemberTest } from './index-member-self.js';

export interface KnownIssue {
  id: string;
  summary: string;
  /** `source` is the module text, when the disagreement comes from one. */
  matches(opa: Outcome, regoTs: Outcome, source?: string): boolean;
}

export const KNOWN_ISSUES: KnownIssue[] = [
  {
    id: 'opa-version-bigint',
    summary:
      'a difference of OPA versions: opa v1.17.1 rounds integer arithmetic above 2^64 to a 64-bit mantissa, ' +
      'rego-ts computes exactly as OPA >= 1.19 does (spec §3.15); the results differ only in such numbers, or ' +
      'only in the values of rules doing arithmetic (+, -, *) with an integer literal of 20+ digits and the rules ' +
      'that mention them (`1e20 == 1 - (0 - 1e20)` is true in v1.17.1), or a conflict rego-ts reports where such ' +
      'a rule\'s values are equal only when rounded (`r := v + 1e20 if { some v in [0, 1] }`)',
    matches: (opa, ts, source) =>
      opa.kind === 'value' &&
      ((ts.kind === 'value' &&
        (differOnlyInBigNumbers(opa.json, ts.json) ||
          (source !== undefined && differOnlyInRulesWhere(opa.json, ts.json, source, (r) => bigArithmetic(scan(r)))))) ||
        (ts.kind === 'eval_error' && ts.codes.join() === 'eval_conflict_error' && source !== undefined && anyRule(source, (r) => bigArithmetic(scan(r))))),
  },
  {
    id: 'opa-version-not-true-body',
    summary:
      'a difference of OPA versions: since v1.14 (PR #8299, "replace `true` expr when appending to empty body") ' +
      'opa replaces a body made of one `true` term when its compiler appends an expression to it, and it does ' +
      'not look at negation, so a rule or comprehension whose whole body is `not true` and whose head needs ' +
      'evaluation (`r := input if { not true }`, `[input.a | not true]`) is defined in opa v1.14.1, v1.17.1 and ' +
      'v1.22.3. opa v1.13.2 keeps the body (undefined), as rego-ts does (checked 2026-11-27). The outcomes differ ' +
      'only in the rules holding such a body and the rules that mention them',
    matches: (opa, ts, source) =>
      source !== undefined && opa.kind === 'value' && ts.kind === 'value' && differOnlyInRulesWhere(opa.json, ts.json, source, movesIntoNotTrue),
  },
  {
    id: 'opa-version-some-template-domain',
    summary:
      'a difference of OPA versions: opa v1.17.1 accepts `some v0 in [$"a {v0}"]` (its safety check takes the ' +
      'template string for a closure of the expression that binds v0) and evaluates the template before v0 is ' +
      'bound, printing the var\'s name; opa v1.22.3 reports `var v0 is unsafe`, as rego-ts does (checked ' +
      '2026-11-27). Matches only when opa reports no unsafe var and each rego-ts error is an unsafe var that a ' +
      'template string in the domain of its own `some … in` reads',
    matches: (opa, ts, source) =>
      source !== undefined && onlyRegoTsUnsafe(opa, ts) && unsafeOnlyInSomeTemplateDomains(source),
  },
  {
    id: 'opa-version-min-set-null',
    summary:
      'a difference of OPA versions: opa v1.17.1\'s `min` of a set starts from null and takes the first member ' +
      'while its minimum is null, so it skips a null member (`min({null, 0})` is 0, `min([null, 0])` is null); ' +
      'opa v1.22.3 takes the least member, as rego-ts does (null). The outcomes differ only in the values of rules ' +
      'that call `min` and the rules that mention them',
    matches: (opa, ts, source) =>
      source !== undefined && opa.kind === 'value' && ts.kind === 'value' && differOnlyInRulesWhere(opa.json, ts.json, source, (r) => scan(r).calls.has('min')),
  },
  {
    id: 'opa-version-index-member-self',
    summary:
      'a difference of OPA versions: opa v1.17.1\'s rule indexer misindexes `v := input; v in [v, 0]` — the member ' +
      '`v` is the "input is anything" entry the assignment recorded, and the concrete member after it replaces ' +
      'that entry, so the rule is only evaluated when input is 0 (`r contains 0 if { v := input; v in [v, 0] }` ' +
      'is empty for input {}). opa v1.22.3 and `opa eval --disable-indexing` evaluate the rule, as rego-ts does. ' +
      'The outcomes differ only in such rules (opa may leave them undefined) and the rules that mention them',
    matches: (opa, ts, source) =>
      source !== undefined &&
      opa.kind === 'value' &&
      ts.kind === 'value' &&
      differOnlyInRulesWhere(opa.json, ts.json, source, hasSelfMemberTest),
  },
  {
    id: 'opa-bug-closure-hides-unsafe',
    summary:
      'an opa bug (v1.17.1): an expression holding a comprehension or `every` that refers to a variable of the ' +
      'same body is placed as soon as those variables are bound, whatever its own unsafe variables. ' +
      'reorderBodyForSafety replaces the expression\'s unsafe set with the closure\'s (`unsafe.Set`, the vars ' +
      'already bound not subtracted first), then drops the bound ones: `v0 := input; [1 | v0] >= da` compiles ' +
      'and opa evaluates `gte(__local1__, da)` with `da` unbound (true), while `[1 | input] >= da` is ' +
      '`var da is unsafe`. rego-ts reports the unsafe var in both. Matches only when opa accepts and each of ' +
      'rego-ts\'s errors is an unsafe var at such an expression',
    matches: (opa, ts, source) =>
      source !== undefined &&
      opa.kind !== 'compile_error' &&
      ts.kind === 'compile_error' &&
      ts.codes.length > 0 &&
      ts.codes.every((c) => c === 'rego_unsafe_var_error') &&
      unsafeOnlyBesideClosures(source),
  },
  {
    id: 'opa-bug-call-output-in-set',
    summary:
      'an opa v1.17.1 bug, mostly fixed by v1.22.3 (a difference of OPA versions for all but two shapes, run ' +
      '2026-11-27: `count({x}, x)` and `x = count(input[{x}])` are still accepted by v1.22.3): a call whose output ' +
      'var also occurs in a set, an object key, a ref head or a comprehension among its inputs is placed as if ' +
      'that var were bound. outputVarsForExprCall collects the input vars skipping those positions, and the ' +
      'expression\'s unsafe vars among its outputs are dropped (`x = count([1 | x])` runs the comprehension with ' +
      'x unbound; v1.22.3 and rego-ts report x unsafe): ' +
      '`x = count({x})` compiles and opa evaluates the set with x unbound (1; `x = {x} | {1}` overflows its ' +
      'stack); so does `[x] = [count({x})]` (the hoisted call\'s output reaches the equality through the shared ' +
      'output set). rego-ts reports the unsafe var. Matches only when opa reports no unsafe var and each of ' +
      'rego-ts\'s errors is an unsafe output or skipped input var at such a call, or a var an equality pairs item ' +
      'by item with a call reading it in such a position',
    matches: (opa, ts, source) =>
      source !== undefined && onlyRegoTsUnsafe(opa, ts) && unsafeOnlyAtSelfFedCalls(source),
  },
];

/**
 * Whether rego-ts rejects `source` only with unsafe vars reported at expressions that hold a
 * closure referring to a variable the rest of their body uses (see opa-bug-closure-hides-unsafe).
 */
function unsafeOnlyBesideClosures(source: string): boolean {
  return unsafeOnlyWhere(source, (module) => {
    const bodies: Body[] = [];
    const collect: AstVisitor = {
      rule: (r) => bodies.push(r.body),
      expr: (e) => {
        if (e.terms.type === 'every' || e.terms.type === 'not') bodies.push(e.terms.body);
      },
      term: (t) => {
        if (t.type === 'arraycomprehension' || t.type === 'setcomprehension' || t.type === 'objectcomprehension') bodies.push(t.value.body);
      },
    };
    walkModule(module, collect);
    return (name, row, col) =>
      bodies.some((body) =>
        body.some((e, i) => {
          if (e.location.row !== row || e.location.col !== col) return false;
          const outer = new Set<string>();
          body.forEach((o, j) => j !== i && walkExpr(o, { term: (t) => t.type === 'var' && outer.add(t.value) }));
          const inClosures = closureVars(e);
          // The unsafe var itself must occur outside the closures: one only inside is reported
          // by opa's check of the closure (at the same expression).
          return [...inClosures.keys()].some((v) => outer.has(v)) && varCount(e, name) > (inClosures.get(name) ?? 0);
        }),
      );
  });
}

function varCount(e: Expr, name: string): number {
  let n = 0;
  walkExpr(e, { term: (t) => t.type === 'var' && t.value === name && n++ });
  return n;
}

/** The variables inside the comprehensions and `every` bodies of an expression, with their counts. */
function closureVars(e: Expr): Map<string, number> {
  const out = new Map<string, number>();
  const inside: AstVisitor = { term: (t) => t.type === 'var' && !t.value.startsWith('$') && t.value !== '_' && out.set(t.value, (out.get(t.value) ?? 0) + 1) };
  if (e.terms.type === 'every') walkBody(e.terms.body, inside);
  walkExpr(e, {
    term: (t) => {
      if (t.type === 'arraycomprehension' || t.type === 'setcomprehension') {
        walkTerm(t.value.term, inside);
        walkBody(t.value.body, inside);
      } else if (t.type === 'objectcomprehension') {
        walkTerm(t.value.key, inside);
        walkTerm(t.value.value, inside);
        walkBody(t.value.body, inside);
      }
    },
  });
  return out;
}

/**
 * The same `data.p` once the rules `pick` takes, and the rules mentioning them (transitively),
 * are left out on both sides, whether defined there or not.
 */
function differOnlyInRulesWhere(a: string, b: string, source: string, pick: (r: Rule) => boolean): boolean {
  const { module } = parseModule(source);
  if (!module) return false;
  const rules = module.rules.map((r) => ({ name: ruleName(r), picked: pick(r), ...scan(r) }));
  const tainted = new Set(rules.filter((r) => r.picked).map((r) => r.name));
  if (tainted.size === 0) return false;
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rules) {
      if (tainted.has(r.name) || ![...r.vars].some((v) => tainted.has(v))) continue;
      tainted.add(r.name);
      grew = true;
    }
  }
  const va = parseJSON(a);
  const vb = parseJSON(b);
  const isObj = (v: unknown): v is PlainObject => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObj(va) || !isObj(vb)) return false;
  // A picked rule may be defined on one side only (`r if min({null, 0}) == 0`); any other must
  // be defined on both or neither, with the same value.
  const keys = new Set([...Object.keys(va), ...Object.keys(vb)]);
  return [...keys].every((k) => tainted.has(k) || (Object.hasOwn(va, k) && Object.hasOwn(vb, k) && toJSONText(va[k]!) === toJSONText(vb[k]!)));
}

const ARITHMETIC = ['plus', 'minus', 'mul'];

function bigArithmetic(r: ReturnType<typeof scan>): boolean {
  return r.bigIntegers && ARITHMETIC.some((f) => r.calls.has(f));
}

function anyRule(source: string, pick: (r: Rule) => boolean): boolean {
  return parseModule(source).module?.rules.some(pick) ?? false;
}

function ruleName(r: Rule): string {
  const h = r.head.ref[0];
  return h?.type === 'var' ? h.value : '';
}

/**
 * The variables a rule names, the functions it calls (by dotted name) and whether it writes an
 * integer of 20+ digits.
 */
function scan(rule: Rule): { vars: Set<string>; calls: Set<string>; bigIntegers: boolean } {
  const vars = new Set<string>();
  const calls = new Set<string>();
  let bigIntegers = false;
  walkRule(rule, {
    term: (t) => {
      if (t.type === 'var') vars.add(t.value);
      if (t.type === 'number' && /^-?\d+$/.test(t.value) && digits(t.value) >= 20) bigIntegers = true;
      if (t.type === 'call' && t.value[0]?.type === 'ref') {
        const parts = t.value[0].value.map((p, i) => (i === 0 && p.type === 'var' ? p.value : p.type === 'string' ? p.value : '?'));
        calls.add(parts.join('.'));
      }
    },
  });
  return { vars, calls, bigIntegers };
}

/** A body that is one `not true` literal (with modifiers or not). */
function notTrue(b: Body): boolean {
  const t = b.length === 1 && b[0]!.negated ? b[0]!.terms : undefined;
  return t?.type === 'term' && t.term.type === 'boolean' && t.term.value === true;
}

/** A term OPA moves into the body: it holds a ref, a call, a comprehension or a template. */
function moved(t: Term): boolean {
  let found = false;
  walkTerm(t, {
    term: (x) => (found ||= x.type === 'ref' || x.type === 'call' || x.type === 'templatestring' || x.type.endsWith('comprehension')),
  });
  return found;
}

/**
 * A rule in which OPA >= 1.14 appends a moved head term to a `not true` body, replacing it:
 * the rule's (or an `else`'s) head, or a comprehension's head.
 */
function movesIntoNotTrue(rule: Rule): boolean {
  let found = false;
  walkRule(rule, {
    rule: (r) => {
      const h = r.head;
      const terms = [...(h.args ?? []), ...(h.key ? [h.key] : []), ...(h.value ? [h.value] : [])];
      const refMoves = h.ref.slice(1).some((t) => t.type !== 'var' && t.type !== 'string' && t.type !== 'number' && t.type !== 'boolean' && t.type !== 'null');
      found ||= notTrue(r.body) && (refMoves || terms.some(moved));
    },
    term: (t) => {
      if (t.type === 'arraycomprehension' || t.type === 'setcomprehension') found ||= notTrue(t.value.body) && moved(t.value.term);
      else if (t.type === 'objectcomprehension') found ||= notTrue(t.value.body) && (moved(t.value.key) || moved(t.value.value));
    },
  });
  return found;
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g;

/** Significant digits of a number's text. */
function digits(n: string): number {
  return n.replace(/[eE].*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').length;
}

/** Same JSON apart from numbers, and every differing pair has a number of 20+ digits. */
function differOnlyInBigNumbers(a: string, b: string): boolean {
  // Strings may contain digits too: compare the texts with numbers blanked out first.
  if (a.replace(NUMBER, '#') !== b.replace(NUMBER, '#')) return false;
  const na = a.match(NUMBER) ?? [];
  const nb = b.match(NUMBER) ?? [];
  let differs = false;
  for (let i = 0; i < na.length; i++) {
    if (na[i] === nb[i]) continue;
    if (digits(na[i]!) < 20 && digits(nb[i]!) < 20) return false;
    differs = true;
  }
  return differs;
}

export function knownIssue(opa: Outcome, regoTs: Outcome, source?: string): KnownIssue | undefined {
  return KNOWN_ISSUES.find((k) => k.matches(opa, regoTs, source));
}
