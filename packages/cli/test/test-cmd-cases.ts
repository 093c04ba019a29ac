/**
 * `test` cases run by test-cmd.test.ts against rego-ts and (when present) opa; outputs pinned
 * from opa v1.17.1 in test-cmd-pinned.json (regenerate with
 * `UPDATE_OPA_PINS=1 pnpm exec vitest run packages/cli/test/test-cmd.test.ts`).
 * Durations are replaced by `D` before comparing. opa runs tests in parallel and prints them
 * in completion order, so cases printing several tests compare sorted lines (`order: false`).
 */
import type { CliCase } from './eval-cases.js';

export interface TestCmdCase extends CliCase {
  /** False when opa's output order is not deterministic: compare the sorted lines. */
  order?: boolean;
}

const AUTHZ = `package authz

allow if {
	input.path == ["users"]
	input.method == "POST"
}

allow if {
	input.path == ["users", input.user_id]
	input.method == "GET"
}
`;
const AUTHZ_TEST = `package authz_test

import data.authz.allow

test_post_allowed if {
	allow with input as {"path": ["users"], "method": "POST"}
}

test_get_denied if {
	not allow with input as {"path": ["users"], "method": "GET"}
}

test_get_user_allowed if {
	allow with input as {"path": ["users", "bob"], "method": "GET", "user_id": "bob"}
}

todo_test_user_allowed_http_client_data if {
	false
}
`;
const EXAMPLE = { 'example/authz.rego': AUTHZ, 'example/authz_test.rego': AUTHZ_TEST };

const MIXED = `package mixed

test_pass if true
test_fail if false
test_not_bool := 1
test_builtin_error_is_failure if 1 / 0
test_undefined if data.nope.x
`;

const CONCAT = `package tbl

test_concat[tc.note] if {
	some tc in [
		{"note": "empty + empty", "a": [], "b": [], "exp": []},
		{"note": "one + one", "a": [1], "b": [2], "exp": [1, 2]},
		{"note": "wrong", "a": [1], "b": [2], "exp": [2, 1]},
	]
	act := array.concat(tc.a, tc.b)
	act == tc.exp
}
`;

const NESTED = `package tbl

test_nested[a][b] if {
	some a in ["x", "y"]
	some b in [1, 2]
	a != "y"
}
`;

/** Coverage: defaults, comprehensions, partial sets/objects, else chains, every, unused rules. */
const COVER = {
  'lib.rego': "package lib\n\nimport rego.v1\n\ndefault allow := false\n\nallow if {\n\tsome r in input.roles\n\tr == \"admin\"\n}\n\nnames := [n |\n\tsome u in input.users\n\tn := u.name\n]\n\nby_id[id] := u if {\n\tsome u in input.users\n\tid := u.id\n}\n\nadmins contains u.name if {\n\tsome u in input.users\n\tu.admin\n}\n\nlevel(x) := \"high\" if {\n\tx > 10\n} else := \"low\" if {\n\tx > 0\n} else := \"none\"\n\nall_positive if {\n\tevery x in input.xs {\n\t\tx > 0\n\t}\n}\n\nunused if {\n\tinput.never\n\tfalse\n}\n\nmsg := sprintf(\"%v-%v\", [input.a, input.b])\n",
  'lib_test.rego': "package lib_test\n\nimport rego.v1\nimport data.lib\n\ntest_admin if lib.allow with input as {\"roles\": [\"admin\"]}\n\ntest_names if {\n\tlib.names == [\"a\"] with input as {\"users\": [{\"name\": \"a\", \"id\": 1}]}\n}\n\ntest_level if {\n\tlib.level(11) == \"high\"\n\tlib.level(1) == \"low\"\n}\n\ntest_by_id if lib.by_id[1].name == \"a\" with input as {\"users\": [{\"name\": \"a\", \"id\": 1}]}\n\ntest_all if lib.all_positive with input as {\"xs\": [1, 2]}\n\ntest_msg if lib.msg == \"1-2\" with input as {\"a\": 1, \"b\": 2}\n\ntodo_test_later if false\n",
};

/** A second `allow` whose value equals the first one's: opa skips it once `allow` is true. */
const COVER_EARLY_EXIT = { ...COVER, 'lib.rego': COVER['lib.rego'].replace('names :=', 'allow if {\n\tcount(input.users) > 100\n}\n\nnames :=') };

export const TEST_CASES: TestCmdCase[] = [
  { name: 'all pass', files: { 'ok.rego': 'package p\ntest_a if true\n' }, args: ['test', 'ok.rego'] },
  { name: 'all pass -v', files: { 'ok.rego': 'package p\ntest_a if true\n' }, args: ['test', '-v', 'ok.rego'] },
  { name: 'one failure', files: { 'f.rego': 'package f\ntest_f if false\n' }, args: ['test', 'f.rego'] },
  { name: 'one failure, json', files: { 'f.rego': 'package f\ntest_f if false\n' }, args: ['test', '--format', 'json', 'f.rego'] },
  {
    name: 'one failure -v (FAILURES section)',
    files: { 'f.rego': 'package f\ntest_f if false\n' },
    args: ['test', '-v', 'f.rego'],
    gap: 'rego-ts has no evaluation tracer: the FAILURES section lacks opa\'s trace lines',
  },
  { name: 'skipped', files: { 's.rego': 'package s\ntodo_test_x if false\n' }, args: ['test', 's.rego'] },
  { name: 'skipped, -z', files: { 's.rego': 'package s\ntodo_test_x if false\n' }, args: ['test', '-z', 's.rego'] },
  { name: 'skipped, json', files: { 's.rego': 'package s\ntodo_test_x if false\n' }, args: ['test', '-f', 'json', 's.rego'] },
  {
    name: 'error',
    files: { 'e.rego': 'package e\nx := 1 if true\nx := 2 if true\ntest_e if x\n' },
    args: ['test', 'e.rego'],
  },
  {
    name: 'error, json',
    files: { 'e.rego': 'package e\nx := 1 if true\nx := 2 if true\ntest_e if x\n' },
    args: ['test', '--format', 'json', 'e.rego'],
  },
  { name: 'print output -v', files: { 'pr.rego': 'package pr\ntest_p if {\n\tprint("hello", 1)\n\tprint("two")\n}\n' }, args: ['test', '-v', 'pr.rego'] },
  { name: 'print output, json', files: { 'pr.rego': 'package pr\ntest_p if {\n\tprint("hello", 1)\n}\n' }, args: ['test', '-f', 'json', 'pr.rego'] },
  { name: 'print output of a failing test', files: { 'pr.rego': 'package pr\ntest_p if {\n\tprint("why")\n\tfalse\n}\n' }, args: ['test', 'pr.rego'] },
  { name: 'no tests', files: { 'n.rego': 'package n\nx := 1\n' }, args: ['test', 'n.rego'] },
  { name: 'no tests, --fail-on-empty', files: { 'n.rego': 'package n\nx := 1\n' }, args: ['test', '--fail-on-empty', 'n.rego'] },
  { name: 'no tests, json', files: { 'n.rego': 'package n\nx := 1\n' }, args: ['test', '-f', 'json', 'n.rego'] },
  { name: 'opa docs example', files: EXAMPLE, args: ['test', 'example'] },
  { name: 'opa docs example -v', files: EXAMPLE, args: ['test', '-v', 'example'], order: false },
  // Examples from opa's docs/docs/policy-testing.md.
  { name: "opa docs: function mocking and every", files: {"authz.rego": "package authz\n\nallowed_actions(user) := [action |\n    user in data.actions[action]\n]\n", "authz_test.rego": "package authz_test\n\nimport data.authz\n\ntest_allowed_actions_all_can_read if {\n    users := [\"alice\", \"bob\", \"jane\"]\n    r := [\"alice\", \"bob\"]\n    w := [\"jane\"]\n    p := {\"read\": r, \"write\": w}\n\n    every user in users {\n        \"read\" in authz.allowed_actions(user) with data.actions as p\n    }\n}\n"}, args: ['test', '.'], order: false },
  { name: "opa docs: function mocking and every, json", files: {"authz.rego": "package authz\n\nallowed_actions(user) := [action |\n    user in data.actions[action]\n]\n", "authz_test.rego": "package authz_test\n\nimport data.authz\n\ntest_allowed_actions_all_can_read if {\n    users := [\"alice\", \"bob\", \"jane\"]\n    r := [\"alice\", \"bob\"]\n    w := [\"jane\"]\n    p := {\"read\": r, \"write\": w}\n\n    every user in users {\n        \"read\" in authz.allowed_actions(user) with data.actions as p\n    }\n}\n"}, args: ['test', '-f', 'json', '.'], order: false },
  { name: "opa docs: pass, fail, error, skip", files: {"pass_fail_error_test.rego": "package example_test\n\nimport data.example\n\n# This test will pass.\ntest_ok if true\n\n# This test will fail.\ntest_failure if 1 == 2\n\n# This test will error.\ntest_error if 1 / 0\n\n# This test will be skipped.\ntodo_test_missing_implementation if {\n    example.allow with data.roles as [\"not\", \"implemented\"]\n}\n"}, args: ['test', '.'], order: false },
  { name: "opa docs: pass, fail, error, skip, json", files: {"pass_fail_error_test.rego": "package example_test\n\nimport data.example\n\n# This test will pass.\ntest_ok if true\n\n# This test will fail.\ntest_failure if 1 == 2\n\n# This test will error.\ntest_error if 1 / 0\n\n# This test will be skipped.\ntodo_test_missing_implementation if {\n    example.allow with data.roles as [\"not\", \"implemented\"]\n}\n"}, args: ['test', '-f', 'json', '.'], order: false },
  { name: "opa docs: table-driven tests and test data files", files: {"example_test.rego": "package example_test\n\ntest_concat[note] if {\n    some note, tc in {\n        \"empty + empty\": {\n            \"a\": [],\n            \"b\": [],\n            \"exp\": [],\n        },\n        \"empty + filled\": {\n            \"a\": [],\n            \"b\": [1, 2],\n            \"exp\": [1, 2],\n        },\n        \"filled + filled\": {\n            \"a\": [1, 2],\n            \"b\": [3, 4],\n            \"exp\": [1, 2, 3], # Faulty expectation, this test case will fail\n        },\n    }\n\n    act := array.concat(tc.a, tc.b)\n    act == tc.exp\n}\n", "file_example_test.rego": "package example_test\n\nimport data.test_cases\n\ntest_concat[note] if {\n    some note, tc in test_cases\n\n    act := array.concat(tc.a, tc.b)\n    act == tc.exp\n}\n", "file_example_test.yaml": "test_cases:\n  empty + empty:\n    a: []\n    b: []\n    exp: []\n  empty + filled:\n    a: []\n    b: [1, 2]\n    exp: [1, 2]\n  filled + filled:\n    a: [1, 2]\n    b: [3, 4]\n    exp: [1, 2, 3] # Faulty expectation, this test case will fail\n", "nested_example_test.rego": "package example_test\n\ntest_sign_token[note][alg] if {\n    some note, tc in {\n        \"claims\": {\n            \"claims\": {\"foo\": \"bar\"},\n        },\n        \"no claims\": {\n            \"claims\": {},\n        },\n    }\n\n    some alg in [\n        \"HS256\",\n        \"HS333\", # unknown signing algorithm, this test case will fail\n        \"HS512\",\n    ]\n\n    secret := \"foobar\"\n    key := base64.encode(secret)\n\n    token := io.jwt.encode_sign({\n        \"typ\": \"JWT\",\n        \"alg\": alg\n    }, tc.claims, {\n        \"kty\": \"oct\",\n        \"k\": key\n    })\n\n    [valid, _, payload] := io.jwt.decode_verify(token, {\"secret\": secret})\n    valid\n    payload = tc.claims\n}\n"}, args: ['test', '.'], order: false },
  { name: "opa docs: table-driven tests and test data files, json", files: {"example_test.rego": "package example_test\n\ntest_concat[note] if {\n    some note, tc in {\n        \"empty + empty\": {\n            \"a\": [],\n            \"b\": [],\n            \"exp\": [],\n        },\n        \"empty + filled\": {\n            \"a\": [],\n            \"b\": [1, 2],\n            \"exp\": [1, 2],\n        },\n        \"filled + filled\": {\n            \"a\": [1, 2],\n            \"b\": [3, 4],\n            \"exp\": [1, 2, 3], # Faulty expectation, this test case will fail\n        },\n    }\n\n    act := array.concat(tc.a, tc.b)\n    act == tc.exp\n}\n", "file_example_test.rego": "package example_test\n\nimport data.test_cases\n\ntest_concat[note] if {\n    some note, tc in test_cases\n\n    act := array.concat(tc.a, tc.b)\n    act == tc.exp\n}\n", "file_example_test.yaml": "test_cases:\n  empty + empty:\n    a: []\n    b: []\n    exp: []\n  empty + filled:\n    a: []\n    b: [1, 2]\n    exp: [1, 2]\n  filled + filled:\n    a: [1, 2]\n    b: [3, 4]\n    exp: [1, 2, 3] # Faulty expectation, this test case will fail\n", "nested_example_test.rego": "package example_test\n\ntest_sign_token[note][alg] if {\n    some note, tc in {\n        \"claims\": {\n            \"claims\": {\"foo\": \"bar\"},\n        },\n        \"no claims\": {\n            \"claims\": {},\n        },\n    }\n\n    some alg in [\n        \"HS256\",\n        \"HS333\", # unknown signing algorithm, this test case will fail\n        \"HS512\",\n    ]\n\n    secret := \"foobar\"\n    key := base64.encode(secret)\n\n    token := io.jwt.encode_sign({\n        \"typ\": \"JWT\",\n        \"alg\": alg\n    }, tc.claims, {\n        \"kty\": \"oct\",\n        \"k\": key\n    })\n\n    [valid, _, payload] := io.jwt.decode_verify(token, {\"secret\": secret})\n    valid\n    payload = tc.claims\n}\n"}, args: ['test', '-f', 'json', '.'], order: false },
  { name: "opa docs: replacing rules and functions", files: {"authz.rego": "package authz\n\nreplace_rule if {\n    replace(input.label)\n}\n\nreplace(label) if {\n    label == \"test_label\"\n}\n", "authz_test.rego": "package authz_test\n\nimport data.authz\n\ntest_replace_rule if {\n    authz.replace_rule with input.label as \"does-not-matter\" with replace as true\n}\n"}, args: ['test', '.'], order: false },
  { name: "opa docs: replacing rules and functions, json", files: {"authz.rego": "package authz\n\nreplace_rule if {\n    replace(input.label)\n}\n\nreplace(label) if {\n    label == \"test_label\"\n}\n", "authz_test.rego": "package authz_test\n\nimport data.authz\n\ntest_replace_rule if {\n    authz.replace_rule with input.label as \"does-not-matter\" with replace as true\n}\n"}, args: ['test', '-f', 'json', '.'], order: false },
  { name: '-r selects tests', files: EXAMPLE, args: ['test', '-v', '-r', 'post', 'example'] },
  { name: '-r with a bad regular expression', files: EXAMPLE, args: ['test', '-r', '(', 'example'] },
  { name: '-r matching nothing', files: EXAMPLE, args: ['test', '-r', 'nothing', 'example'] },
  { name: 'mixed outcomes', files: { 'm.rego': MIXED }, args: ['test', 'm.rego'], order: false },
  { name: 'mixed outcomes, json', files: { 'm.rego': MIXED }, args: ['test', '-f', 'json', 'm.rego'], order: false },
  {
    name: 'data files and with mocking',
    files: {
      't/data.json': '{"limits": {"max": 3}}',
      't/sub/data.yaml': 'names: [a, b]\n',
      't/p.rego': 'package p\nok if count(input.xs) <= data.limits.max\n',
      't/p_test.rego':
        'package p_test\nimport data.p\ntest_ok if p.ok with input as {"xs": [1]}\ntest_mock if p.ok with input as {"xs": [1, 2, 3, 4]} with data.limits.max as 5\ntest_yaml if data.sub.names == ["a", "b"]\n',
    },
    args: ['test', 't'],
  },
  { name: 'duplicate test names', files: { 'd.rego': 'package dup\ntest_a if true\ntest_a if false\n' }, args: ['test', 'd.rego'] },
  { name: 'ref-head test names', files: { 'r.rego': 'package r\na.test_x if true\na.b.test_y if false\n' }, args: ['test', 'r.rego'] },
  {
    name: 'partial-object test cases',
    files: { 'sub.rego': 'package sub\n\ntest_cases[note] if {\n\tsome tc in [{"note": "one", "x": 1}, {"note": "two", "x": 2}]\n\tnote := tc.note\n\ttc.x == 1\n}\n' },
    args: ['test', 'sub.rego'],
  },
  { name: 'table-driven test (case names from a ref)', files: { 'tbl.rego': CONCAT }, args: ['test', 'tbl.rego'] },
  { name: 'table-driven test -v', files: { 'tbl.rego': CONCAT }, args: ['test', '-v', 'tbl.rego'], gap: 'no trace lines in the FAILURES section' },
  { name: 'table-driven test, json', files: { 'tbl.rego': CONCAT }, args: ['test', '-f', 'json', 'tbl.rego'] },
  { name: 'table-driven test, nested cases', files: { 'n.rego': NESTED }, args: ['test', '-f', 'json', 'n.rego'] },
  { name: 'table-driven test, all cases pass', files: { 'n.rego': NESTED.replace('a != "y"', 'a != "z"') }, args: ['test', '-v', 'n.rego'] },
  {
    name: 'mocking http.send with a value and a function',
    files: {
      'h.rego': 'package q\nf := http.send({"method": "get", "url": "http://x"})\n',
      'h_test.rego':
        'package q_test\ntest_h if data.q.f.status_code == 200 with http.send as {"status_code": 200}\nmock(_) := {"status_code": 201}\ntest_fn if data.q.f.status_code == 201 with http.send as mock\n',
    },
    args: ['test', '.'],
  },
  {
    name: 'with target through an import alias',
    files: {
      'f.rego': 'package files\nx := 1\ny := x + 1\n',
      'f_test.rego': 'package files_test\nimport data.files\ntest_a if files.y == 3 with files.x as 2\n',
    },
    args: ['test', '.'],
  },
  {
    name: 'a test that is a function',
    files: { 'f.rego': 'package p\ntest_f(x) if x > 1\n' },
    args: ['test', 'f.rego'],
  },
  { name: 'else chains and defaults', files: { 'e.rego': 'package p\ndefault test_d := false\ntest_d if true\ntest_e := x if { x := 1 } else := 2\n' }, args: ['test', '-f', 'json', 'e.rego'], order: false },
  {
    name: 'bundle mode (-b)',
    files: { 'tb/a/a.rego': 'package a\nx := 1\ntest_x if x == 1\n', 'tb/a/data.json': '{"y": 2}', 'tb/a/other.json': '{"z": 3}', 'tb/a/y_test.rego': 'package a\ntest_y if data.a.y == 2\ntest_z if not data.a.z\n' },
    args: ['test', '-b', 'tb'],
  },
  { name: 'bundle mode: missing path', args: ['test', '-b', 'nope'] },
  {
    name: 'bundle mode: roots',
    files: { 'tb/a/a.rego': 'package a\ntest_x if true\n', 'tb/.manifest': '{"roots": ["b"]}' },
    args: ['test', '-b', 'tb'],
  },
  { name: 'v0 tests with --v0-compatible', files: { 'v0.rego': 'package v\ntest_a { true }\ntest_b { false }\n' }, args: ['test', '--v0-compatible', 'v0.rego'] },
  { name: 'loading error', files: { 'bad.rego': 'package bad\nx := \n' }, args: ['test', 'bad.rego'] },
  { name: 'missing path', args: ['test', 'nope'] },
  { name: 'merge error', files: { 'x/a.json': '{"k": 1}', 'x/b.json': '{"k": 2}' }, args: ['test', 'x'] },
  { name: 'compile error', files: { 'c.rego': 'package c\ntest_a if y\n' }, args: ['test', 'c.rego'] },
  { name: 'coverage report', files: COVER, args: ['test', '--coverage', '.'] },
  { name: 'coverage report, -z', files: COVER, args: ['test', '-c', '-z', '.'] },
  { name: 'coverage of selected tests (-r)', files: COVER, args: ['test', '-c', '-r', 'names|level', '.'] },
  {
    name: 'coverage: complete rules after one produced a value',
    files: COVER_EARLY_EXIT,
    args: ['test', '--coverage', '.'],
    gap: 'opa stops evaluating the rules of a complete document once one produced a value all of them share (early exit); rego-ts evaluates the others',
  },
  { name: 'coverage threshold not met', files: COVER, args: ['test', '--threshold', '90', '.'] },
  { name: 'coverage threshold not met -v (rows not covered)', files: COVER, args: ['test', '--threshold', '90', '-v', '.'] },
  { name: 'coverage threshold met', files: COVER, args: ['test', '--threshold', '50', '.'] },
  { name: 'coverage threshold out of range', files: COVER, args: ['test', '--threshold', '101', '.'] },
  { name: 'coverage with a failing test', files: { 'f_test.rego': 'package f\ntest_f if {\n\tprint("x")\n\tfalse\n}\ntest_ok if true\n' }, args: ['test', '-c', '.'] },
  { name: 'coverage with an erroring test', files: { 'e_test.rego': 'package e\ntest_e if 1 / 0\ntest_ok if true\n' }, args: ['test', '-c', '.'] },
];
