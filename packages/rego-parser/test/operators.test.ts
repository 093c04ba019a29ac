import { describe, expect, it } from 'vitest';
import { parseQuery } from '../src/index.js';
import { q } from './helpers.js';

describe('operator precedence (OPA §2.5)', () => {
  it('binds * / % tighter than + -, tighter than &, tighter than |, tighter than comparisons', () => {
    expect(q('x := 1 + 2 * 3')).toBe('assign(x, plus(1, mul(2, 3)))');
    expect(q('x := a | b & c')).toBe('assign(x, or(a, and(b, c)))');
    expect(q('x := a & b + c')).toBe('assign(x, and(a, plus(b, c)))');
    expect(q('a + b == c * d')).toBe('equal(plus(a, b), mul(c, d))');
    expect(q('a | b != c')).toBe('neq(or(a, b), c)');
  });
  it('is left-associative at every level', () => {
    expect(q('x := 1 - 2 - 3')).toBe('assign(x, minus(minus(1, 2), 3))');
    expect(q('x := 8 / 4 / 2')).toBe('assign(x, div(div(8, 4), 2))');
    expect(q('x := 7 % 4 * 2')).toBe('assign(x, mul(rem(7, 4), 2))');
    expect(q('a == b == c')).toBe('equal(equal(a, b), c)');
    expect(q('a < b >= c')).toBe('gte(lt(a, b), c)');
  });
  it('maps every operator to its builtin name', () => {
    const ops: Array<[string, string]> = [
      ['==', 'equal'], ['!=', 'neq'], ['<', 'lt'], ['<=', 'lte'], ['>', 'gt'], ['>=', 'gte'],
      ['+', 'plus'], ['-', 'minus'], ['*', 'mul'], ['/', 'div'], ['%', 'rem'], ['&', 'and'], ['|', 'or'],
    ];
    for (const [op, name] of ops) expect(q(`a ${op} b`)).toBe(`${name}(a, b)`);
    expect(q('a = b')).toBe('eq(a, b)');
    expect(q('a := b')).toBe('assign(a, b)');
  });
  it('puts `in` below comparisons, with the key/value form only at the top', () => {
    expect(q('x in xs')).toBe('internal.member_2(x, xs)');
    expect(q('k, v in xs')).toBe('internal.member_3(k, v, xs)');
    expect(q('1 in [1] == true')).toBe('internal.member_2(1, equal([1], true))');
    expect(q('x := y in z')).toBe('assign(x, internal.member_2(y, z))');
    expect(q('f(a, b in c)')).toBe('f(a, internal.member_2(b, c))');
    expect(q('[a, b in c]')).toBe('[a, internal.member_2(b, c)]');
    expect(q('a in b in c')).toBe('internal.member_2(internal.member_2(a, b), c)');
  });
  it('uses parentheses for grouping', () => {
    expect(q('x := (1 + 2) * 3')).toBe('assign(x, mul(plus(1, 2), 3))');
    // Unary minus applies to number literals and refs only (as in OPA).
    expect(parseQuery('x := -(1)').errors[0]!.message).toBe('unexpected ( token: expected number');
  });
  it('continues an expression after an operator across lines', () => {
    expect(q('x := 1 +\n  2')).toBe('assign(x, plus(1, 2))');
    expect(q('x :=\n  1')).toBe('assign(x, 1)');
  });
  it('supports the legacy output-argument call form', () => {
    expect(q('count(xs, n)')).toBe('count(xs, n)');
    expect(q('plus(1, 2, x)')).toBe('plus(1, 2, x)');
  });
});
