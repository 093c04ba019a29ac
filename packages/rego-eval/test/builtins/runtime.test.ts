import { describe, expect, it } from 'vitest';
import { evalCall, pinned, testContext } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('uri builtins', () => {
  pinned([
      ["uri.parse(\"https://user:pw@example.com:8443/a%20b/c?x=1&y=2#frag%21\")", "{\"fragment\":\"frag!\",\"hostname\":\"example.com\",\"path\":\"/a b/c\",\"port\":\"8443\",\"raw_path\":\"/a b/c\",\"raw_query\":\"x=1\\u0026y=2\",\"scheme\":\"https\"}"],
      ["uri.parse(\"https://example.com/a%2Fb\")", "{\"hostname\":\"example.com\",\"path\":\"/a/b\",\"raw_path\":\"/a%2Fb\",\"scheme\":\"https\"}"],
      ["uri.parse(\"mailto:a@b.com\")", "{\"scheme\":\"mailto\"}"],
      ["uri.parse(\"/just/a/path?q\")", "{\"path\":\"/just/a/path\",\"raw_path\":\"/just/a/path\",\"raw_query\":\"q\"}"],
      ["uri.parse(\"http://[::1]:80/x\")", "{\"hostname\":\"::1\",\"path\":\"/x\",\"port\":\"80\",\"raw_path\":\"/x\",\"scheme\":\"http\"}"],
      ["uri.parse(\"a:b/c\")", "{\"scheme\":\"a\"}"],
      ["uri.parse(\":foo\")", "error: eval_builtin_error: uri.parse: parse \":foo\": missing protocol scheme"],
      ["uri.parse(\"http://x/%zz\")", "error: eval_builtin_error: uri.parse: parse \"http://x/%zz\": invalid URL escape \"%zz\""],
      ["uri.parse(\"http://host:port/\")", "error: eval_builtin_error: uri.parse: parse \"http://host:port/\": invalid port \":port\" after host"],
      ["uri.parse(\"foo:bar:baz\")", "{\"scheme\":\"foo\"}"],
      ["uri.parse(\"1a:b\")", "error: eval_builtin_error: uri.parse: parse \"1a:b\": first path segment in URL cannot contain colon"],
      ["uri.is_valid(\"\")", "false"],
      ["uri.is_valid(\"http://ok\")", "true"],
      ["uri.is_valid(\":bad\")", "false"],
  ]);
});

describe('strings.render_template', () => {
  pinned([
      ["strings.render_template(\"{{.test}}\", {\"test\": \"hello world\"})", "\"hello world\""],
      ["strings.render_template(\"{{.test}}\", {\"test\": 2023})", "\"2023\""],
      ["strings.render_template(\"{{range $i, $name := .hellonames}}{{if $i}},{{end}}hello {{$name}}{{end}}\", {\"hellonames\": [\"rohan\", \"john doe\"]})", "\"hello rohan,hello john doe\""],
      ["strings.render_template(\"{{.testvarnotprovided}}\", {\"test\": \"hello world\"})", "\"\\u003cundefined\\u003e\""],
      ["strings.render_template(\"test {{.foo}} {{.bar}} {{.baz}}\", {\"baz\": 1})", "\"test \\u003cundefined\\u003e \\u003cundefined\\u003e 1\""],
      ["strings.render_template(\"{{- .a -}} , {{ .b.c }} {{ len .l }} {{ index .l 1 }} {{ if eq .a \\\"x\\\" }}yes{{ else }}no{{ end }}\", {\"a\": \"x\", \"b\": {\"c\": 1.5}, \"l\": [1, 2]})", "\"x, 1.5 2 2 yes\""],
      ["strings.render_template(\"{{ .m }} {{ .l }} {{ .n }} {{ printf \\\"%v-%s\\\" .a .a }}\", {\"m\": {\"b\": 1, \"a\": [true]}, \"l\": [1, \"x\"], \"n\": null, \"a\": \"q\"})", "\"map[a:[true] b:1] [1 x] \\u003cundefined\\u003e q-q\""],
      ["strings.render_template(\"{{ range .l }}[{{ . }}]{{ else }}empty{{ end }}\", {\"l\": []})", "\"empty\""],
      ["strings.render_template(\"{{ with .x }}{{ . }}{{ end }}{{ $v := 3 }}{{ $v }}\", {\"x\": \"w\"})", "\"w3\""],
      ["strings.render_template(\"{{ .a | len }}\", {\"a\": \"héllo\"})", "\"6\""],
      ["strings.render_template(\"{{ nope }}\", {})", "error: eval_builtin_error: strings.render_template: template: template:1: function \"nope\" not defined"],
      // Same code; Go reports `unexpected "}" in if`, our template lexer reports the unclosed action.
    ["strings.render_template(\"{{ if }\", {})", "error: eval_builtin_error: strings.render_template: template: template:1: unclosed action"],
  ]);
});

describe('rego.parse_module', () => {
  pinned([
      ["rego.parse_module(\"x.rego\", \"package x\\np := 1 # c\")", "{\"comments\":[{\"Location\":{\"col\":8,\"file\":\"x.rego\",\"row\":2},\"Text\":\"IGM=\"}],\"package\":{\"path\":[{\"type\":\"var\",\"value\":\"data\"},{\"type\":\"string\",\"value\":\"x\"}]},\"rules\":[{\"body\":[{\"index\":0,\"terms\":{\"type\":\"boolean\",\"value\":true}}],\"head\":{\"assign\":true,\"name\":\"p\",\"ref\":[{\"type\":\"var\",\"value\":\"p\"}],\"value\":{\"type\":\"number\",\"value\":1}}}]}"],
      ["rego.parse_module(\"x.rego\", \"package x\\np := \")", "error: eval_builtin_error: rego.parse_module: 2 errors occurred:\nx.rego:2: rego_parse_error: unexpected eof token\n\tp := \n\t   ^\nx.rego:2: rego_parse_error: unexpected eof token: expected rule value term (e.g., p := <VALUE> { ... })\n\tp := \n\t   ^"],
  ]);
});

describe('host capabilities', () => {
  it('http.send without a host client is an error, or an error object with raise_error false', () => {
    expect(evalCall('http.send({"method": "get", "url": "http://x"})')).toBe('error: eval_builtin_error: http.send: http.send is not enabled by the host');
    expect(evalCall('http.send({"method": "get", "url": "http://x", "raise_error": false})')).toBe(
      '{"error":{"code":"eval_http_send_internal_error","message":"http.send is not enabled by the host"},"status_code":0}',
    );
  });
  it('http.send and opa.runtime use the host hooks', () => {
    const ctx = testContext();
    ctx.host = { httpSend: () => ({ status_code: 200, body: 'ok' }), runtime: () => ({ version: 'x' }) };
    expect(evalCall('http.send({"method": "get", "url": "http://x"})', ctx)).toBe('{"body":"ok","status_code":200}');
    expect(evalCall('opa.runtime()', ctx)).toBe('{"version":"x"}');
    expect(evalCall('opa.runtime()')).toBe('{}');
  });
});
