import { describe, expect, it } from 'vitest';
import { parseModule, parseQuery } from '../src/index.js';
import { errors, query, rule, showBody, showExpr } from './helpers.js';

const body = (src: string, v: 'v0' | 'v1' = 'v1') => showBody(rule(`p if {\n${src}\n}`, v).body);

describe('literal separation', () => {
  it('separates literals by newlines or semicolons', () => {
    expect(body('a\nb; c\n\n d')).toBe('a; b; c; d');
    expect(rule('p if { a; b }').body.map((e) => e.index)).toEqual([0, 1]);
  });
  it('rejects two literals on one line', () => {
    expect(errors('package a\np if { x y }')).toEqual(['unexpected identifier token: expected \\n or ; or }']);
  });
  it('continues a literal inside brackets and after operators', () => {
    expect(body('x := [\n1,\n2\n]\ny := 1 +\n2')).toBe('assign(x, [1, 2]); assign(y, plus(1, 2))');
  });
  it('rejects empty bodies (but `p if {}` is the literal empty object, as in OPA)', () => {
    expect(errors('package a\np { }', 'v0')).toEqual(['found empty body']);
    expect(errors('package a\np := [x | ]')[0]).toBe('found empty body');
    expect(body('{}')).toBe('{}');
  });
  it('keeps comments out of the body and in Module.comments', () => {
    const r = parseModule('package a\n# top\np if { # trailing\n  x # after\n}\n');
    expect(r.module!.comments.map((c) => c.text)).toEqual([' top', ' trailing', ' after']);
    expect(r.module!.comments[1]!.location).toMatchObject({ row: 3, col: 8 });
  });
});

describe('assignment, unification, negation', () => {
  it('parses := and = as assign and eq calls', () => {
    expect(body('x := 1\n[a, b] = [1, 2]')).toBe('assign(x, 1); eq([a, b], [1, 2])');
  });
  it('negates expressions with not', () => {
    const b = rule('p if { not input.x; not f(1) }').body;
    expect(b.map((e) => e.negated)).toEqual([true, true]);
    expect(b.map(showExpr)).toEqual(['not input.x', 'not f(1)']);
  });
  it('rejects negated some and every', () => {
    expect(errors('package a\np if { not some x in [1] }')).toEqual(["unexpected some keyword: illegal negation of 'some'"]);
  });
  it('parses not { … } bodies after import future.keywords.not', () => {
    const r = rule('import future.keywords.not\np if { not { a; b } }', 'v1', 0);
    expect(showBody(r.body)).toBe('not { a; b }');
  });
});

describe('some and every', () => {
  it('declares vars with some', () => {
    expect(body('some x, y\nx := 1')).toBe('some x, y; assign(x, 1)');
  });
  it('parses some … in with one or two symbols', () => {
    expect(body('some x in xs')).toBe('some internal.member_2(x, xs)');
    expect(body('some k, v in {"a": 1}')).toBe('some internal.member_3(k, v, {"a": 1})');
    expect(body('some x in xs with input as 1')).toBe('some internal.member_2(x, xs) with input as 1');
  });
  it('parses every with value or key/value', () => {
    expect(body('every x in xs { x > 0 }')).toBe('every x in xs { gt(x, 0) }');
    expect(body('every k, v in o {\n  k == v\n}')).toBe('every k, v in o { equal(k, v) }');
  });
  it('reports OPA errors for malformed every', () => {
    expect(errors('package a\np if { every x in [1] }')).toEqual(['unexpected } token: missing body']);
    expect(errors('package a\np if { every 1 in [1] { true } }')).toEqual(['unexpected { token: expected value to be a variable']);
  });
  it('hints at future imports in v0', () => {
    expect(errors('package a\np { some x in [1] }', 'v0')[0]).toContain('`import future.keywords.in` for `some x in xs` expressions');
  });
});

describe('with', () => {
  it('attaches several with modifiers to any literal', () => {
    expect(body('f(1) with input as {"a": 1} with data.x as 2 with count as mock')).toBe(
      'f(1) with input as {"a": 1} with data.x as 2 with count as mock',
    );
    expect(body('not p with input.x as 1')).toBe('not p with input.x as 1');
    expect(body('x := 1 with input as 2')).toBe('assign(x, 1) with input as 2');
  });
});

describe('queries', () => {
  it('parses a query as a body (v1 keywords on)', () => {
    expect(query('x := input.a; y = x\nz in [1]').map(showExpr)).toEqual([
      'assign(x, input.a)',
      'eq(y, x)',
      'internal.member_2(z, [1])',
    ]);
    expect(query('x := 1\ny := 2').map((e) => e.index)).toEqual([0, 1]);
  });
  it('returns errors for bad queries, and an empty body for an empty query', () => {
    expect(parseQuery('x := ').errors[0]!.message).toBe('unexpected eof token');
    expect(parseQuery('').body).toEqual([]);
  });
});
