import { describe, expect, it } from 'vitest';
import { compile, RegoError, RegoErrors } from '../../src/index.js';

const policy = compile({
  modules: [{ file: 'p.rego', source: 'package p\ndefault allow := false\nallow if input.user == "alice"\nn := count(input.xs)\nrun if { print("hello", input.user) }\nloop contains x if { some x in numbers.range(1, 100000) }' }],
});

describe('API', () => {
  it('returns OPA result sets with expressions and bindings', () => {
    const rs = policy.prepare('data.p.allow = x; y := 1').evaluate({ input: { user: 'alice' } });
    expect(rs).toEqual([
      {
        expressions: [
          { value: true, text: 'data.p.allow = x', location: { row: 1, col: 1 } },
          { value: true, text: 'y := 1', location: { row: 1, col: 19 } },
        ],
        bindings: { x: true, y: 1 },
      },
    ]);
    expect(policy.prepare('data.p.nope').evaluate()).toEqual([]);
    expect(policy.prepare('data.p.allow').evaluate({ input: {} })[0]!.expressions[0]!.value).toBe(false);
  });

  it('evaluates rules by path', () => {
    expect(policy.evaluate('data.p.allow', { input: { user: 'alice' } })).toEqual({ result: true });
    expect(policy.evaluate('p/n', { input: { xs: [1, 2] } })).toEqual({ result: 2 });
    expect(policy.evaluate('p/n', { input: {} })).toEqual({});
  });

  it('calls the print hook', () => {
    const lines: string[] = [];
    policy.prepare('data.p.run').evaluate({ input: { user: 'bob' }, print: (m) => lines.push(m) });
    expect(lines).toEqual(['hello bob']);
  });

  it('calls the trace hook', () => {
    const notes: string[] = [];
    const p = compile({ modules: [{ file: 't.rego', source: 'package t\nq if { trace("one"); x := "two"; trace(x) }' }] });
    expect(p.evaluate('data.t.q', { trace: (n) => notes.push(n) })).toEqual({ result: true });
    expect(notes).toEqual(['one', 'two']);
  });

  it('supports host builtins', () => {
    const p = compile({
      modules: [{ file: 'h.rego', source: 'package h\nx := my.double(21)' }],
      builtins: { 'my.double': { decl: { type: 'function', args: [{ type: 'number' }], result: { type: 'number' } }, fn: ([a]) => (a as number) * 2 } },
    });
    expect(p.evaluate('data.h.x')).toEqual({ result: 42 });
  });

  it('throws RegoErrors for compile errors', () => {
    expect(() => compile({ modules: [{ file: 'bad.rego', source: 'package p\nq if { x > 1 }' }] })).toThrow(RegoErrors);
    try {
      compile({ modules: [{ file: 'bad.rego', source: 'package p\nq if { x > 1 }' }] });
    } catch (e) {
      expect((e as RegoErrors).message).toBe('1 error occurred: bad.rego:2: rego_unsafe_var_error: var x is unsafe');
    }
  });

  // opa v1.17.1: `opa eval '  '` → rego_compile_error "empty query cannot be compiled".
  it('refuses an empty query as opa does', () => {
    for (const q of ['', '  ', '\n']) {
      expect(() => policy.prepare(q)).toThrow(RegoErrors);
      try {
        policy.prepare(q);
      } catch (e) {
        expect((e as RegoErrors).errors.map((x) => `${x.code}: ${x.message}`)).toEqual(['rego_compile_error: empty query cannot be compiled']);
      }
    }
  });

  it('cancels on a step budget and on an aborted signal', () => {
    const q = policy.prepare('count(data.p.loop) > 0');
    expect(() => q.evaluate({ maxSteps: 1000 })).toThrow(RegoError);
    try {
      q.evaluate({ maxSteps: 1000 });
    } catch (e) {
      expect((e as RegoError).code).toBe('eval_cancel_error');
    }
    const ac = new AbortController();
    ac.abort();
    expect(() => q.evaluate({ signal: ac.signal })).toThrow(/cancel/);
  });

  it('turns stack exhaustion on deep data into a RegoError', () => {
    const deep = (): unknown => {
      let d: unknown = 1;
      for (let i = 0; i < 500_000; i++) d = [d];
      return d;
    };
    const p = compile({ modules: [{ file: 'w.rego', source: 'package w\neq if input == data.d' }], data: { d: deep() as never } });
    let caught: unknown;
    try {
      p.evaluate('data.w.eq', { input: deep() as never });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RegoError);
    expect((caught as RegoError).code).toBe('eval_internal_error');
  });
});

describe('asynchronous host builtins', () => {
  const calls: string[] = [];
  const p = compile({
    modules: [{ file: 'a.rego', source: 'package a\nq := [lookup(x) | some x in ["a", "b"]]\nr if not lookup("none")\nbad := lookup("boom")' }],
    asyncBuiltins: {
      lookup: {
        decl: { type: 'function', args: [{ type: 'string' }], result: { type: 'any' } },
        fn: async ([k]) => {
          calls.push(k as string);
          if (k === 'boom') throw new Error('lookup failed');
          return k === 'none' ? undefined : `v-${k as string}`;
        },
      },
    },
  });

  it('awaits calls and replays evaluation with their results', async () => {
    const rs = await p.prepare('x := data.a.q; data.a.r').evaluateAsync();
    expect(rs.map((r) => r.bindings)).toEqual([{ x: ['v-a', 'v-b'] }]);
    expect(calls.sort()).toEqual(['a', 'b', 'none']);
  });

  it('reports failures as builtin errors and needs evaluateAsync', async () => {
    await expect(p.prepare('x := data.a.bad').evaluateAsync({ strictBuiltinErrors: true })).rejects.toThrow('lookup: lookup failed');
    expect(p.prepare('x := data.a.bad').evaluate()).toEqual([]);
    expect(() => p.prepare('x := data.a.bad').evaluate({ strictBuiltinErrors: true })).toThrow('asynchronous builtin: use evaluateAsync');
  });
});
