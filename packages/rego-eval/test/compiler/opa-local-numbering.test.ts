/**
 * OPA numbers the variables its compiler generates over the whole module, stage by stage
 * (compiler/local-numbering/), and orders object keys, set members and the type checker's
 * object entries by those names, where `__local10__` sorts before `__local9__`: so an
 * unrelated rule can change a value or a type error. Expectations are opa v1.17.1's
 * (`opa eval -d m.rego -i input.json <query>`; `null` input: none given).
 */
import { describe, expect, it } from 'vitest';
import { compile, RegoErrors, toJSON, type Value } from '../../src/index.js';
import { opaLocalNumbers, opaQueryLocalNames } from '../../src/compiler/local-numbering/index.js';
import { parseModule } from '@rego-ts/rego-parser';
import { parseQuery } from '../../src/compiler/parse.js';

const CASES: Array<[string, string, string, Value | null, unknown]> = [
  ["object key: two declared vars earlier push the ref's var past __local9__", "package p\n\nh if { a := 1; b := 2; a < b }\n\nr contains {input: \"a\", v: \"b\"} if { v := input }\n\ng := [abs(1), abs(2), abs(3), abs(4), abs(5), abs(6), abs(7), abs(8), abs(9), abs(10)]\n", "data.p.r", false, [{"false": "b"}]],
  ["object key: the same rule alone", "package p\n\nr contains {input: \"a\", v: \"b\"} if { v := input }\n", "data.p.r", false, [{"false": "a"}]],
  ["object key: declared vars __local9__ and __local10__", "package p\n\nh if { a := 1; b := 2; c := 3; d := 4; e := 5; f := 6; g := 7; k := 8; m := 9; a < b }\n\nr := o if { x := 1; y := 1; o := {y: \"y\", x: \"x\"} }\n", "data.p.r", null, {"1": "x"}],
  ["object key: declared vars __local8__ and __local9__", "package p\n\nh if { a := 1; b := 2; c := 3; d := 4; e := 5; f := 6; g := 7; k := 8; a < b }\n\nr := o if { x := 1; y := 1; o := {y: \"y\", x: \"x\"} }\n", "data.p.r", null, {"1": "y"}],
  ["set iteration: a declared var after ten calls of earlier rules", "package p\n\ng := [abs(1), abs(2), abs(3), abs(4), abs(5), abs(6), abs(7), abs(8)]\n\nh if { a := 1; b := 2; c := 3; a < b; b < c }\n\nr := [x | some x in {v, upper(\"z\")}] if { v := \"b\" }\n", "data.p.r", null, ["Z", "b"]],
  ["function with args, every and calls in the returned object", "package p\n\nf(a, b) := {a: \"a\", b: \"b\", lower(a): \"l\"} if { every x in [1] { x > 0 } }\n\ng := [abs(1), abs(2), abs(3), abs(4), abs(5), abs(6), abs(7), abs(8)]\n\nr := f(\"X\", \"x\")\n", "data.p.r", null, {"X": "a", "x": "l"}],
  ["seed 888475874 case 6762 (was the known class opa-bug-object-key-names)", "package p\n\nr0 contains 0 if { v2 := ({[] | some v0 in []} | set()) }\n\nr1 contains {input: $\"{v3}\", v3: \"%v\"} if { v3 := input }\n", "data.p", false, {"r0": [0], "r1": [{"false": "%v"}]}],
  ["type check: the object's entries met in opa's name order (eval-9ae3c9e7 without v1)", "package p\n\nr0 := 0\n\nr1 contains (json.unmarshal(\"%v\") | v0) if { some v0 in {count(input): 0, input.a: (set() | set())} }\n", "data.p", {"a": 1}, {"r0": 0, "r1": []}],
  ["set iteration: a ref, a comprehension and a call member after nine calls of an earlier rule", "package p\n\ng := [abs(1), abs(2), abs(3), abs(4), abs(5), abs(6), abs(7), abs(8), abs(9)]\n\nr := [x | some x in {input.a, [y | y := 1], upper(\"q\")}]\n", 'data.p.r', {"a": "k", "b": "k"}, ["Q", "k", [1]]],
  ["object key: `some v in` and `every` vars earlier, the ref's var past __local9__", "package p\n\nh if { some a in [1]; every b in [2] { b > a } }\n\ng := [abs(1), abs(2), abs(3), abs(4), abs(5), abs(6)]\n\nr := {input.a: \"ref\", v: \"decl\"} if { some v in [input.a] }\n", 'data.p.r', {"a": "k", "b": "k"}, {"k": "decl"}],
  ["set iteration: a template string, a declared var and a call (no crossing)", "package p\n\nh if { a := 1; b := 2; c := 3; d := 4; e := 5; f := 6; g := 7; a < b }\n\nr := [x | some x in {$\"{input.a}\", v, count(input)}] if { v := \"m\" }\n", 'data.p.r', {"a": "k", "b": "k"}, ["m", "k", 2]],
  ["set iteration: function arguments and a call in a function body", "package p\n\nf(a, b) := [x | some x in {a, b, upper(a)}]\n\ng := [abs(1), abs(2), abs(3), abs(4), abs(5), abs(6), abs(7), abs(8), abs(9)]\n\nr := f(\"y\", \"x\")\n", 'data.p.r', {"a": "k", "b": "k"}, ["y", "x", "Y"]],
  ["object key: a declared var, a ref and a call key equal at evaluation", "package p\n\nh if { a := 1; b := 2; c := 3; d := 4; e := 5; f := 6; g := 7; k := 8; a < b }\n\nr := o if { x := input.a; o := {x: \"x\", input.b: \"b\", concat(\"\", [x]): \"c\"} }\n", 'data.p.r', {"a": "k", "b": "k"}, {"k": "x"}],
  ["object key: a declared var and a ref, both past __local9__", "package p\n\nh if { a := 1; b := 2; c := 3; d := 4; e := 5; f := 6; g := 7; k := 8; m := 9; n := 10; a < b }\n\nr := o if { x := input.a; o := {x: \"x\", input.b: \"b\"} }\n", 'data.p.r', {"a": "k", "b": "k"}, {"k": "b"}],
  ["template part: a constant rule whose value holds a ref is embedded directly (no generated var)", "package p\n\nc := [input.a]\n\nt := $\"{c}\"\n\ng := [abs(1),abs(2),abs(3),abs(4)]\n\nr := [x | some x in {v, upper(\"z\")}] if { v := \"b\" }\n", 'data.p.r', {"a": 1}, ["b", "Z"]],
];

function run(source: string, query: string, input: Value | null): unknown {
  const policy = compile({ modules: [{ file: 'm.rego', source }] });
  const rs = policy.prepare(query).evaluate(input === null ? {} : { input });
  return toJSON(rs[0]!.expressions[0]!.value);
}

describe("opa's module-wide numbering of generated variables", () => {
  it.each(CASES)('%s', (_name, source, query, input, expected) => {
    expect(run(source, query, input)).toEqual(expected);
  });

  it('reports the type error opa reports once an unrelated declaration shifts the names (eval-9ae3c9e7)', () => {
    const source =
      'package p\n\nr0 := 0\n\nr1 contains (json.unmarshal("%v") | v0) if { some v0 in {count(input): 0, input.a: (set() | set())}; v1 := data.a.a.a }\n';
    let err: unknown;
    try {
      compile({ modules: [{ file: 'm.rego', source }] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegoErrors);
    expect((err as RegoErrors).errors.map((e) => e.format())).toEqual(['m.rego:5: rego_type_error: or: invalid argument(s)']);
  });

  it("gives opa's numbers (checked with opa's compiler, stage by stage)", () => {
    // opa's compiled rule: or(set(), set(), __local6__); __local9__ = input; count(__local9__,
    // __local7__); __local10__ = input.a; __local8__ = {__local10__: __local6__, __local7__: 0};
    // __local2__ = __local8__[__local1__]; __local3__ = data.a.a.a; …
    const source =
      'package p\n\nr0 := 0\n\nr1 contains (json.unmarshal("%v") | v0) if { some v0 in {count(input): 0, input.a: (set() | set())}; v1 := data.a.a.a }\n';
    const { module } = parseModule(source, { file: 'm.rego' });
    const trace: string[] = [];
    opaLocalNumbers([module!], { trace: (stage, rule, n) => trace.push(`${stage}:${rule}:${n}`) });
    expect(trace).toEqual([
      'RewriteLocalVars:1:0',
      'RewriteLocalVars:1:1',
      'RewriteLocalVars:1:2',
      'RewriteLocalVars:1:3',
      'RewriteExprTerms:1:4',
      'RewriteExprTerms:1:5',
      'RewriteExprTerms:1:6',
      'RewriteExprTerms:1:7',
      'RewriteExprTerms:1:8',
      'RewriteDynamicTerms:1:9',
      'RewriteDynamicTerms:1:10',
    ]);
  });

  it("numbers every stage as opa's compiler does (head refs, args, every, some-in, template strings, with, else)", () => {
    const source = "package p\n\nimport rego.v1\n\nf(x, [y, z]) := {x: y, upper(z): count([w | some w in input.a; w > y])}\n\nr.q[input.k] := v if {\n\tsome k, v in input.m\n\tevery e in v { e != k }\n\ts := {$\"{k}-{count(v)}\", lower(k)}\n\tcount(s) > 0 with input.n as [k, abs(-1)]\n}\n\nt := {a: b} if { a := f(1, [2, \"c\"]); b := [a[_] | true]; false } else := {\"e\": print_me} if { print_me := 2 }\n\nu := o if { x := input.a; y := input.b; o := {x: 1, y: 2, input.c: 3} }\n";
    // What opa v1.17.1's compiler shows after each stage (variables it kept; per stage, the top-level
    // rule index and the numbers it added). rewriteLocalVars also made __local4__ in rule 0 (the key
    // of `some w in`), replaced before the stage ended.
    const opa: Array<[string, number, number[]]> = [
      ['RewriteRuleHeadRefs', 1, [0]],
      ['RewriteLocalVars', 0, [1, 2, 3, 5, 6]],
      ['RewriteLocalVars', 1, [7, 8, 9, 10, 11]],
      ['RewriteLocalVars', 2, [12, 13, 14]],
      ['RewriteLocalVars', 3, [15, 16, 17]],
      ['RewriteTemplateStrings', 1, [18]],
      ['RewriteExprTerms', 0, [19, 20]],
      ['RewriteExprTerms', 1, [21, 22, 23, 24, 25, 26]],
      ['RewriteExprTerms', 2, [27]],
      ['RewriteComprehensionTerms', 2, [28]],
      ['RewriteDynamicTerms', 0, [29]],
      ['RewriteDynamicTerms', 1, [30]],
      ['RewriteDynamicTerms', 3, [31]],
    ];
    const { module } = parseModule(source, { file: 'm.rego' });
    const made = new Map<number, string>();
    opaLocalNumbers([module!], { always: true, trace: (stage, rule, n) => made.set(n, `${stage}:${rule}`) });
    for (const [stage, rule, nums] of opa) for (const n of nums) expect(made.get(n)).toBe(`${stage}:${rule}`);
    expect(made.size).toBe(32);
  });
});

// OPA's query compiler numbers a query's generated variables on its own (`__localqN__`), with a
// new generator per stage that starts at 0 and skips the names the query holds by then.
// Expectations are `opa eval -i input.json QUERY` v1.17.1 (bindings); the numbers are those
// `opa eval --explain full` shows in the compiled query.
const DECLS = 'v0 := "a"; v1 := "b"; v2 := "c"; v3 := "d"; v4 := "e"; v5 := "f"; v6 := "g"; v7 := "h"; v8 := "i"';
const QUERY_CASES: Array<[string, string, Value, string, unknown]> = [
  ['declared vars __localq9__ and __localq10__ in a set', `${DECLS}; v9 := "j"; v10 := "k"; x := [m | some m in {v9, v10}]`, {}, 'x', ['k', 'j']],
  [
    "eleven calls: the stage's generator reuses the dropped key var's number",
    'x := [m | some m in {abs(1), abs(2), abs(3), abs(4), abs(5), abs(6), abs(7), abs(8), abs(9), abs(10), abs(11)}]',
    {},
    'x',
    [1, 8, 9, 10, 11, 2, 3, 4, 5, 6, 7],
  ],
  [
    'a member written twice, refs after calls',
    'x := [m | some m in {input.a, input.b, input.c, input.a, abs(1), abs(2), abs(3), abs(4), abs(5), abs(6), abs(7), abs(8)}]',
    { a: 'k', b: 'k', c: 'z' },
    'x',
    [1, 8, 'k', 'k', 'z', 2, 3, 4, 5, 6, 7],
  ],
  // A composite member sorts as OPA's rewritten term: by the names of the variables inside it.
  [
    'composite members: objects by their keys\' names',
    'x := [m | some m in {input.a, input.c, abs(16), [abs(1), input.c], {input.a: 1}, "b", {input.a: 2}, {input.a: 3}}]',
    { a: 'k', c: 'z' },
    'x',
    ['b', 16, 'k', 'z', [1, 'z'], { k: 2 }, { k: 3 }, { k: 1 }],
  ],
  [
    'composite members: arrays by their calls\' names',
    'd0 := 0; d1 := 1; d2 := abs(2); d3 := 3; d4 := 4; x := [m | some m in {d3, count(input.s), upper("x"), abs(9), [abs(1), input.c], [abs(0), input.c], input.m[input.a], {input.a: 1}}]',
    { a: 'k', c: 'z', m: { k: 1 }, s: [1, 2] },
    'x',
    [9, 2, 'X', 1, 3, [1, 'z'], [0, 'z'], { k: 1 }],
  ],
  ['object keys: a declared var past __localq9__ and a ref', 'a := input.a; b := input.b; c := 1; d := 2; e := 3; f := 4; g := 5; h := 6; i := 7; j := 8; k := 9; l := 10; o := {l: 1, a: 2, b: 3}', { a: 'k', b: 'k' }, 'o', { '10': 1, k: 3 }],
];

describe("opa's per-query numbering of generated variables", () => {
  it.each(QUERY_CASES)('%s', (_name, query, input, v, expected) => {
    const rs = compile({ modules: [] }).prepare(query).evaluate({ input });
    expect(toJSON(rs[0]!.bindings[v] as Value)).toEqual(expected);
  });

  it('types an object literal in the order of those names', () => {
    // The entry typed last gives the dynamic value type: count's (a number) with three
    // declarations before, the union's (a set) with none or ten (opa: no error).
    const q = (n: number): string =>
      `${Array.from({ length: n }, (_, i) => `d${i} := ${i}; `).join('')}some v0 in {count(input): 0, input.a: (set() | set())}; y := json.unmarshal("[]") | v0`;
    const errs = (n: number): string[] => {
      try {
        compile({ modules: [] }).prepare(q(n));
        return [];
      } catch (e) {
        return (e as RegoErrors).errors.map((x) => x.message);
      }
    };
    expect(errs(0)).toEqual([]);
    expect(errs(3)).toEqual(['or: invalid argument(s)']);
    expect(errs(10)).toEqual([]);
  });

  it("makes opa's numbers, stage by stage", () => {
    // opa: x = [y | abs(1, __localq3__); y = __localq3__; abs(2, __localq7__); z = __localq7__; gt(z, 0)];
    // x2 = [m | abs(3, __localq8__); abs(4, __localq9__); upper("a", __localq10__);
    // __localq11__ = {__localq10__, __localq8__, __localq9__}; m = __localq11__[…]]
    const { body } = parseQuery('x := [y | y := abs(1); z := abs(2); z > 0]; x2 := [m | some m in {abs(3), abs(4), upper("a")}]', { file: '', regoVersion: 'v1' });
    const made: string[] = [];
    opaQueryLocalNames(body!, [], { always: true, trace: (stage, _rule, n) => made.push(`${stage}:${n}`) });
    expect(made.filter((x) => !x.startsWith('RewriteLocalVars'))).toEqual([
      'RewriteExprTerms:3',
      'RewriteExprTerms:7',
      'RewriteExprTerms:8',
      'RewriteExprTerms:9',
      'RewriteExprTerms:10',
      'RewriteExprTerms:11',
    ]);
  });
});
