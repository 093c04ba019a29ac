// Hostile inputs: invalid UTF-8 and lone surrogates. Policies must be valid UTF-8 (a lone
// surrogate in source is a parse error, as in opa); strings from JSON input with lone
// surrogates become U+FFFD as in Go; invalid UTF-8 produced by decoders stays raw bytes, as
// Go's byte strings (per-builtin cases: packages/rego-eval/test/builtins/raw-bytes.test.ts).
import { describe, expect, it } from 'vitest';
import { compile, parseJSON } from '../../packages/rego-eval/src/index.js';
import { evalRule, json, outcome } from './helpers.js';

describe('invalid UTF-8 and lone surrogates', () => {
  it('a lone surrogate written raw in a policy is a parse error', () => {
    expect(outcome(() => evalRule('r := "a\uD800b"'))).toMatchObject({ error: { code: 'rego_parse_error', message: 'illegal utf-8 character' } });
  });

  // opa (Go) decodes an unpaired surrogate escape to U+FFFD and a pair to its character (checked
  // with opa v1.17.1: `"\ud800\u0041"` → "�A", `"\ud800\ud800"` → "��", `"\ud800\ude00\udc00"` →
  // "𐈀�"); opa eval then prints U+FFFD itself, not an escape.
  it('a lone surrogate escape in a policy string becomes U+FFFD (as opa)', () => {
    expect(evalRule('r if "a\\ud800b" == "a\\ufffdb"')).toBe(true);
    const r = evalRule('r := ["\\ud800\\u0041", "\\ud800\\ud800", "\\ud83d\\ude00x", "\\ud800\\ude00\\udc00", "\\udc00x", count("\\ud800")]');
    expect(json(r)).toBe('["\uFFFDA","\uFFFD\uFFFD","\u{1F600}x","\u{10200}\uFFFD","\uFFFDx",1]');
    expect(json(evalRule('r := {"\\ud800": 1}'))).toBe('{"\uFFFD":1}');
    expect(json(evalRule('r := $"\\ud800{1}"'))).toBe('"\uFFFD1"');
  });

  // go-yaml refuses escapes of surrogate code points in double-quoted scalars, even a valid
  // pair; single-quoted and plain scalars keep the backslash text (as opa v1.17.1).
  it('yaml.unmarshal of surrogate escapes: go-yaml\'s error, line named after the first', () => {
    const y = (text: string) => outcome(() => evalRule('r := yaml.unmarshal(input.y)', 'r', { input: { y: text }, strictBuiltinErrors: true }));
    const err = (line: string) => ({ error: { code: 'eval_builtin_error', message: `yaml.unmarshal: yaml: ${line}found invalid Unicode character escape code` } });
    expect(y('"\\ud800"')).toMatchObject(err(''));
    expect(y('"\\U0000d800"')).toMatchObject(err(''));
    expect(y('"\\ud83d\\ude00"')).toMatchObject(err(''));
    expect(y('["\\ud800"]')).toMatchObject(err(''));
    expect(y('a: 1\nb: "x\\udc00"')).toMatchObject(err('line 2: '));
    expect(json(evalRule('r := [yaml.unmarshal(`\'\\ud800\'`), yaml.unmarshal(`a: \\ud800`), yaml.unmarshal(`"\\\\ud800"`), yaml.unmarshal(`"\\uFFFD"`)]'))).toBe(
      '["\\\\ud800",{"a":"\\\\ud800"},"\\\\ud800","\uFFFD"]',
    );
  });

  it('json.unmarshal of a lone surrogate escape gives U+FFFD', () => {
    expect(evalRule('r if json.unmarshal(`"\\ud800"`) == "\\ufffd"')).toBe(true);
  });

  // upper/lower write U+FFFD itself (Go's strings.Map); elsewhere it is written as the escape.
  it('input strings with lone surrogates go through string builtins and encoders (written as U+FFFD)', () => {
    const input = 'a\uD800b';
    expect(json(evalRule('r := [count(input), upper(input), json.marshal(input), sprintf("%s", [input]), base64.encode(input)]', 'r', { input }))).toBe(
      '[3,"A\uFFFDB","\\"a\\\\ufffdb\\"","a\\ufffdb","Ye+/vWI="]',
    );
  });

  it('JSON text with a lone surrogate escape is read as U+FFFD', () => {
    expect(json(parseJSON('"\\udc00x"'))).toBe('"\uFFFDx"');
  });

  // Decoded bytes that are not UTF-8 are kept as raw bytes (held as U+DC80–U+DCFF, see
  // docs/architecture.md), counted as one rune each and written as the escape `\ufffd`, as opa.
  it('decoders producing invalid UTF-8 count one rune per bad byte', () => {
    expect(json(evalRule('r := [count(base64.decode("/w==")), count(hex.decode("ff")), count(urlquery.decode("%ff"))]'))).toBe('[1,1,1]');
  });

  // Checked with opa v1.17.1 (`opa eval -f raw -d p.rego data.p`, byte for byte): Go compares
  // bytes, so a raw 0xFF sorts after every character and 0xC0 before "é" (0xC3 0xA9); raw
  // bytes are written as the escape \ufffd, U+FFFD itself raw.
  it('raw bytes keep their identity, byte order and escape in sets, keys and comparisons', () => {
    const src = `
s := {base64.decode("/w=="), "é", "😀", base64.decode("wA=="), "\\ufffd", "a"}
o := {base64.decode("/w=="): 1, "é": 2, "😀": 3, base64.decode("wA=="): 4, "\\ufffd": 5}
same if base64.decode("/w==") == base64.decode("/g==")
round := base64.encode(base64.decode("/w=="))
less := [base64.decode("gA==") < "é", "\\ufffd" < base64.decode("gA=="), base64.decode("/w==") > "😀"]
joined := count(concat("", [base64.decode("ww=="), base64.decode("qQ==")]))`;
    const policy = compile({ modules: [{ file: 'p.rego', source: `package p\n${src}\n` }] });
    const v = policy.prepare('data.p').evaluate()[0]?.expressions[0]?.value;
    expect(json(v)).toBe(
      '{"joined":1,"less":[true,false,true],"o":{"\\ufffd":4,"é":2,"\ufffd":5,"😀":3,"\\ufffd":1},"round":"/w==","s":["a","\\ufffd","é","\ufffd","😀","\\ufffd"]}',
    );
  });
});
