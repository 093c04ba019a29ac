// Opt-in size limits: `maxPolicyBytes` (compile), `maxInputNodes` (evaluate) and `maxDataNodes`
// (compile and evaluate) reject oversized policies, inputs and data with a clear RegoError
// before any work; off by default.
import { describe, expect, it } from 'vitest';
import { compile, RegoErrors, type CompileOptions } from '../../packages/rego-eval/src/index.js';
import { deepArray, outcome } from './helpers.js';

const mod = (file: string, source: string) => ({ file, source });
/** Compiles for `outcome`, which wants a value. */
const compiled = (opts: CompileOptions) => (compile(opts), null);

describe('maxPolicyBytes (CompileOptions)', () => {
  const small = 'package p\n\nr := 1\n'; // ASCII: bytes = length

  it('accepts sources up to the limit and rejects one byte more', () => {
    expect(compile({ modules: [mod('a.rego', small)], maxPolicyBytes: small.length }).evaluate('data.p.r').result).toBe(1);
    let err: unknown;
    try {
      compile({ modules: [mod('a.rego', small)], maxPolicyBytes: small.length - 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegoErrors);
    expect((err as RegoErrors).errors[0]).toMatchObject({
      code: 'rego_compile_error',
      message: `policy too large: module sources exceed maxPolicyBytes (${small.length - 1} bytes) at a.rego`,
    });
  });

  it('counts the total of all modules in UTF-8 bytes, naming the module that passes the limit', () => {
    const b = 'package q\n\ns := "é€😀"\n'; // é 2 + € 3 + 😀 4 bytes: 23 UTF-16 units, 28 bytes
    expect(new TextEncoder().encode(b).length).toBe(28);
    const total = small.length + 28;
    expect(() => compile({ modules: [mod('a.rego', small), mod('b.rego', b)], maxPolicyBytes: total })).not.toThrow();
    expect(outcome(() => compiled({ modules: [mod('a.rego', small), mod('b.rego', b)], maxPolicyBytes: total - 1 }))).toMatchObject({
      error: { code: 'rego_compile_error', message: expect.stringContaining('at b.rego') },
    });
  });

  it('rejects a 10 MB policy without parsing it; no limit by default', () => {
    const huge = `package p\n\nr := "${'x'.repeat(10_000_000)}"\n`;
    expect(outcome(() => compiled({ modules: [mod('h.rego', huge)], maxPolicyBytes: 1_000_000 }))).toMatchObject({
      error: { code: 'rego_compile_error' },
    });
    expect(compile({ modules: [mod('a.rego', small)] }).evaluate('data.p.r').result).toBe(1);
  });
});

describe('maxInputNodes (EvaluateOptions)', () => {
  const policy = compile({ modules: [mod('p.rego', 'package p\n\nr := count(input)\n')] });
  const cancel = (max: number) => ({
    error: { code: 'eval_cancel_error', message: `caller cancelled query execution: input has more than maxInputNodes (${max}) values` },
  });

  it('counts the document, elements and object values (nested ones included)', () => {
    const input = { a: [1, 2, { b: null }], c: 'x' }; // root, [..], 1, 2, {b}, null, "x": 7 values
    expect(policy.evaluate('data.p.r', { input, maxInputNodes: 7 }).result).toBe(2);
    expect(outcome(() => policy.evaluate('data.p.r', { input, maxInputNodes: 6 }))).toMatchObject(cancel(6));
  });

  it('rejects a 1M-element and a 100k-deep input early; keys like __proto__ are plain data', () => {
    const big = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(outcome(() => policy.evaluate('data.p.r', { input: big, maxInputNodes: 1000 }))).toMatchObject(cancel(1000));
    expect(outcome(() => policy.evaluate('data.p.r', { input: deepArray(100_000), maxInputNodes: 1000 }))).toMatchObject(cancel(1000));
    const proto = JSON.parse('{"__proto__": [1, 2], "constructor": 3}');
    expect(outcome(() => policy.evaluate('data.p.r', { input: proto, maxInputNodes: 4 }))).toMatchObject(cancel(4));
    expect(policy.evaluate('data.p.r', { input: proto, maxInputNodes: 5 }).result).toBe(2);
  });

  it('applies to evaluateAsync too; off by default and without input', async () => {
    await expect(policy.prepare('data.p.r').evaluateAsync({ input: [1, 2, 3], maxInputNodes: 3 })).rejects.toMatchObject({ code: 'eval_cancel_error' });
    expect(policy.evaluate('data.p.r', { input: Array.from({ length: 100_000 }, () => 0) }).result).toBe(100_000);
    expect(compile({ modules: [mod('q.rego', 'package q\n\nr := 1\n')] }).evaluate('data.q.r', { maxInputNodes: 0 }).result).toBe(1);
  });
});

describe('maxDataNodes (CompileOptions and EvaluateOptions)', () => {
  const modules = [mod('p.rego', 'package p\n\nr := count(data.xs)\n')];

  it('compile: counts base data as maxInputNodes counts input; rejects with rego_compile_error', () => {
    const data = { xs: [1, 2, 3] }; // root, xs, 1, 2, 3: 5 values
    expect(compile({ modules, data, maxDataNodes: 5 }).evaluate('data.p.r').result).toBe(3);
    expect(outcome(() => compiled({ modules, data, maxDataNodes: 4 }))).toMatchObject({
      error: { code: 'rego_compile_error', message: 'data too large: base document has more than maxDataNodes (4) values' },
    });
  });

  it('compile: rejects 1M-element and 100k-deep data early; off by default', () => {
    const big = { xs: Array.from({ length: 1_000_000 }, (_, i) => i) };
    expect(outcome(() => compiled({ modules, data: big, maxDataNodes: 1000 }))).toMatchObject({ error: { code: 'rego_compile_error' } });
    expect(outcome(() => compiled({ modules, data: { xs: deepArray(100_000) }, maxDataNodes: 1000 }))).toMatchObject({ error: { code: 'rego_compile_error' } });
    expect(compile({ modules, data: big }).evaluate('data.p.r').result).toBe(1_000_000);
  });

  it('evaluate: the data given to an evaluation, eval_cancel_error; the policy stays usable', () => {
    const policy = compile({ modules });
    const cancel = { error: { code: 'eval_cancel_error', message: 'caller cancelled query execution: data has more than maxDataNodes (4) values' } };
    expect(outcome(() => policy.evaluate('data.p.r', { data: { xs: [1, 2, 3] }, maxDataNodes: 4 }))).toMatchObject(cancel);
    expect(policy.evaluate('data.p.r', { data: { xs: [1, 2, 3] }, maxDataNodes: 5 }).result).toBe(3);
    expect(policy.evaluate('data.p.r', { data: { xs: [1] } }).result).toBe(1);
  });
});
