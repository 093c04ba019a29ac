/**
 * The order in which sets are iterated (visible in array comprehensions): Rego's order for
 * every set value, except set literals with non-constant members, which OPA iterates as
 * written terms (constants, then variables by OPA's generated names, duplicates kept; see
 * compiler/set-order.ts). The table's expectations are opa v1.17.1's (`opa eval`); with opa
 * installed the table and generated literals are also compared live.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, toJSON, type Value } from '../../src/index.js';
import { opaBin, opaSkip, opaValue } from './opa-peer.js';

/** Rule name → body of the rule (`name := …`) and opa's value. */
const TABLE: Array<[string, string, unknown]> = [
  ['call_and_const', '[x | some x in {upper("z"), "b"}]', ['b', 'Z']],
  ['calls_consts', '[x | some x in {upper("a"), upper("b"), "c"}]', ['c', 'A', 'B']],
  ['calls_by_term_order', '[x | some x in {upper("b"), upper("a"), lower("C")}]', ['c', 'A', 'B']],
  ['decl_order', '[x | a := "z"; b := "b"; some x in {a, b}]', ['z', 'b']],
  ['decl_order_swapped', '[x | b := "z"; a := "b"; some x in {a, b}]', ['z', 'b']],
  ['duplicates', '[x | a := 1; b := 1; some x in {a, b}]', [1, 1]],
  ['duplicates_const', '[x | a := 1; b := 1; some x in {a, b, 1}]', [1, 1, 1]],
  ['via_var', '[x | a := 1; b := 1; s := {a, b}; x := s[_]]', [1, 1]],
  ['via_unify', '[x | a := 1; b := 1; s = {a, b}; x := s[_]]', [1, 1]],
  ['via_alias', '[x | a := 1; b := 1; s := {a, b}; t := s; x := t[_]]', [1, 1]],
  ['via_pattern', '[x | a := 1; b := 1; [s] := [{a, b}]; x := s[_]]', [1, 1]],
  ['ref_key', '[x | a := 1; b := 1; s := {a, b}; s[x]]', [1, 1]],
  ['some_key_value', '[x | a := 1; b := 1; s := {a, b}; some i, x in s]', [1, 1]],
  ['literal_ref', '[x | a := 1; b := 1; x := {a, b}[_]]', [1, 1]],
  ['nested_in_object', '[x | a := 1; b := 1; x := {"k": {a, b}}.k[_]]', [1, 1]],
  ['after_compare', '[x | a := 1; b := 1; s := {a, b}; s == {1}; x := s[_]]', [1, 1]],
  ['function_param', '[y | a := 1; b := 1; y := data.p.f({a, b})][0]', [1, 1]],
  ['function_result', '[x | a := 1; b := 1; x := data.p.g({a, b})[_]]', [1, 1]],
  ['mixed_kinds', '[x | a := "z"; b := "b"; x := {a, b, "c", [a], "a"}[_]]', ['a', 'c', 'z', 'b', ['z']]],
  ['unify_var_names', '[x | y = "a"; Y = "c"; b := "b"; some x in {y, Y, b, upper("q")}]', ['c', 'b', 'Q', 'a']],
  ['ref_member', '[x | some x in {input.a, upper("q"), "z", [1]}]', ['z', 'Q', 'm', [1]]],
  ['ten_members', '[x | a := "a"; some x in {upper("j"), "i", "h", "g", "f", "e", "d", "c", "b", a}]', ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'a', 'J']],
  ['rule_value', '[x | x := data.p.lit[_]]', [1, 1]],
  // Template strings sort as OPA's TemplateString.Compare: fewer parts first, then part by
  // part (text and scalar literals before expressions, a single term before a call); two
  // templates written alike are one member, backquoted or not.
  ['templates_by_text', '[x | some x in {$"b{input.a}", $"a{input.a}"}]', ['am', 'bm']],
  ['templates_backquoted', '[x | some x in {$`b{input.a}`, $"a{input.a}", $`{input.a}`, $"{input.a}"}]', ['m', 'am', 'bm']],
  ['templates_backquoted_newline', '[x | some x in {$`a\n{input.a}`, $"b{input.a}"}]', ['a\nm', 'bm']],
  ['templates_fewer_parts', '[x | some x in {$"{input.a}zz", $"{input.a}"}]', ['m', 'mzz']],
  ['templates_literal_part', '[x | some x in {$"{input.a}", $"{1}"}]', ['1', 'm']],
  ['templates_call_after_term', '[x | some x in {$"{upper(input.a)}", $"{input.a}"}]', ['m', 'M']],
  ['templates_alike', '[x | some x in {$"{input.a}", $"{input.a}"}]', ['m']],
  ['templates_scalars', '[x | some x in {$"{input.a}{1}", $"{1}{input.a}", $"{2}{input.a}", $"{true}{input.a}"}]', ['truem', '1m', '2m', 'm1']],
  ['templates_composite_part', '[x | some x in {$"{[1]}", $"{input.a}", $"{"zz"}", $"{null}"}]', ['null', 'zz', 'm', '[1]']],
  // A part's `with` modifiers are compared too (Expr.Compare): by target and value, fewer first.
  ['templates_with_values', '[x | some x in {$"{input.a with input.a as "y"}", $"{input.a with input.a as "x"}"}]', ['x', 'y']],
  ['templates_with_alike', '[x | some x in {$"{input.a with input.a as "x"}", $"{input.a with input.a as "x"}"}]', ['x']],
  ['templates_with_targets', '[x | some x in {$"{input.a with input.b as "x"}", $"{input.a with input.a as "y"}"}]', ['y', 'm']],
  ['templates_with_fewer', '[x | some x in {$"{input.a with input.a as "y" with input.b as 1}", $"{input.a with input.a as "x"}"}]', ['x', 'y']],
  ['templates_with_none_first', '[x | some x in {$"{input.a with input.a as "y"}", $"{input.a}"}]', ['m', 'y']],
  ['templates_with_mocks', '[x | some x in {$"{count([1]) with count as 7}", $"{count([1]) with count as 5}"}]', ['5', '7']],
  ['templates_with_calls', '[x | some x in {$"{upper(input.a) with input.a as "y"}", $"{upper(input.a) with input.a as "x"}", $"{lower(input.a) with input.a as "Z"}"}]', ['Y', 'z', 'X']],
  // Comprehensions compare as OPA's Compare: term (vars by their generated names), then body.
  ['comprehensions_by_term', '[x | some x in {[3 | true], input.a, [1 | true]}]', ['m', [1], [3]]],
  ['comprehensions_by_body', '[x | some x in {[1 | false], [1 | true], [1 | input.a]}]', [[], [1], [1]]],
  ['comprehensions_by_names', '[x | some x in {[y | y := 3], [y | y := 1], [z | z := 2]}]', [[1], [3], [2]]],
  ['comprehensions_objects', '[x | some x in {{k: 1 | k := "b"}, {k: 1 | k := "a"}}]', [{ a: 1 }, { b: 1 }]],
  ['templates_undefined_parts', '[x | some x in {count([]), $"{input.nope}!", $"{input.nope}"}]', ['<undefined>', '<undefined>!', 0]],
  // Set values that are not literals iterate in Rego's order.
  ['union_empty', '[x | a := 1; b := 1; some x in {a, b} | set()]', [1]],
  ['union_order', '[x | some x in {"b", "a"} | {"c", "A"}]', ['A', 'a', 'b', 'c']],
  ['and_op', '[x | some x in {upper("z"), "b"} & {"b", "Z"}]', ['Z', 'b']],
  ['minus_op', '[x | some x in {upper("z"), "b", "c"} - {"c"}]', ['Z', 'b']],
  ['comprehension', '[x | some x in {y | some y in ["b", "a", "c"]}]', ['a', 'b', 'c']],
  ['big_comprehension', '[x | some x in {y | some y in ["k", "j", "i", "h", "g", "f", "e", "d", "c", "b", "a"]}]', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']],
  ['partial_set', '[x | some x in data.p.ps]', ['A', 'b']],
  ['builtin_result', '[x | some x in object.keys({upper("z"): 1, "b": 2})]', ['Z', 'b']],
  ['joined', 'concat(",", {upper("z"), "b"})', 'Z,b'],
  ['value_output', '{upper("z"), "b"}', ['Z', 'b']],
];

const PRELUDE = `package p
lit := {a, b} if { a := 1; b := 1 }
ps contains upper("a")
ps contains "b"
f(s) := [x | x := s[_]]
g(s) := s
`;
const INPUT = { a: 'm' };

/**
 * The value of a query of one expression. Queries number OPA's generated variables on their
 * own (`__localq0__`, replayed as OPA's query compiler does: local-numbering/).
 */
function regoTs(query: string, input?: Value): unknown {
  const policy = compile({ modules: [{ file: 'p.rego', source: PRELUDE }] });
  const rs = policy.prepare(query).evaluate(input === undefined ? {} : { input });
  return rs.length ? toJSON(rs[0]!.expressions[0]!.value as Value) : undefined;
}

describe('set iteration order (as opa v1.17.1)', () => {
  for (const [name, query, want] of TABLE) {
    it(`${name}: ${query}`, () => expect(regoTs(query, INPUT)).toEqual(want));
  }

  it.skipIf(!opaBin)(`the table equals opa's live values${opaSkip}`, () => {
    for (const [name, query] of TABLE) expect([name, regoTs(query, INPUT)]).toEqual([name, opaValue([PRELUDE], query, INPUT)]);
  });

  // A rule's value is plugged once its package's value is built (rules in name order).
  const PACKAGE = `package q
lit := {a, b} if { a := 1; b := 1 }
a2 := [x | x := lit[_]]
r3 := [x | some x in lit]
`;
  it('a rule value iterated before and after its package value is built', () => {
    const policy = compile({ modules: [{ file: 'q.rego', source: PACKAGE }] });
    const got = toJSON(policy.prepare('data.q').evaluate({})[0]!.expressions[0]!.value as Value);
    expect(got).toEqual({ a2: [1, 1], lit: [1], r3: [1] });
    if (opaBin) expect(got).toEqual(opaValue([PACKAGE], 'data.q'));
  });

  // Literals of constants, declared and unified variables, calls and input refs, iterated
  // several ways.
  const member = fc.oneof(
    fc.constantFrom('"a"', '"B"', '"c"', '1', '2', 'true', 'null', '[1]', '{"k": 1}'),
    fc.constantFrom('v1', 'v2', 'u1', 'U2'),
    fc.constantFrom('upper("q")', 'lower("A")', 'upper("b")', 'abs(-3)', 'count([1])', 'input.a', 'input.n', '[v1]', '{"k": v2}'),
  );
  const literal = fc.array(member, { minLength: 2, maxLength: 4 }).map((ms) => `{${ms.join(', ')}}`);
  const use = fc.constantFrom(
    (s: string) => `[x | some x in ${s}]`,
    (s: string) => `[x | s := ${s}; x := s[_]]`,
    (s: string) => `[x | s := ${s}; some i, x in s]`,
    (s: string) => `data.p.f(${s})`,
    (s: string) => `[x | s := ${s}; x := data.p.g(s)[_]]`,
  );
  const query = fc.tuple(literal, use).map(([s, u]) => `[y | v1 := "v"; v2 := 2; u1 = "u"; U2 = 1; y := ${u(s)}]`);

  it.skipIf(!opaBin)(`generated set literals iterate as in opa${opaSkip}`, () => {
    const input = { a: 'm', n: 0 };
    fc.assert(
      fc.property(query, (q) => {
        expect(regoTs(q, input)).toEqual(opaValue([PRELUDE], q, input));
      }),
      { numRuns: 60, seed: 23 },
    );
  });
});
