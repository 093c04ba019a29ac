import { describe, expect, it } from 'vitest';
import { parseTerm } from '../src/index.js';
import type { Term } from '../src/index.js';
import { q, query, show, showExpr } from './helpers.js';

/** A single term; a top-level call (which a query turns into a call expression) as a call term. */
function term(src: string): Term {
  const r = parseTerm(src);
  if (r.term) return r.term;
  const b = query(src);
  const t = b[0]!.terms;
  if (b.length === 1 && t.type === 'call') return { type: 'call', value: [t.operator, ...t.args], location: b[0]!.location };
  throw new Error(r.errors.map((e) => e.message).join('; '));
}

describe('scalars', () => {
  it('keeps numbers as written, including big and precise ones', () => {
    for (const n of ['0', '1', '1.0', '10.00', '1e3', '1E-3', '0.5', '0e5', '123456789012345678901234567890', '3.14159265358979323846264338327950288']) {
      expect(term(n)).toMatchObject({ type: 'number', value: n });
    }
  });
  it('folds a leading dot and a minus sign into the literal', () => {
    expect(term('.5')).toMatchObject({ type: 'number', value: '.5' });
    expect(term('-1.5')).toMatchObject({ type: 'number', value: '-1.5' });
    expect(term('-.5')).toMatchObject({ type: 'number', value: '-.5' });
  });
  it('turns unary minus on a ref into minus(0, ref)', () => {
    expect(show(term('-input.x'))).toBe('minus(0, input.x)');
    expect(show(term('-x[0]'))).toBe('minus(0, x[0])');
  });
  it('decodes escapes in strings and keeps raw strings verbatim', () => {
    expect(term(String.raw`"a\"b\\c\n\t\u00e9\ud83d\ude00\/"`)).toMatchObject({ value: 'a"b\\c\n\té😀/' });
    expect(term('`a\\nb\n"c"`')).toMatchObject({ type: 'string', value: 'a\\nb\n"c"', raw: true });
    expect(term('"# not a comment"')).toMatchObject({ value: '# not a comment' });
  });
  it('parses null and booleans', () => {
    expect(term('null').type).toBe('null');
    expect(term('true')).toMatchObject({ type: 'boolean', value: true });
    expect(term('false')).toMatchObject({ type: 'boolean', value: false });
  });
});

describe('refs and calls', () => {
  it('builds refs from dots and brackets', () => {
    expect(show(term('input.a.b[0]["c d"][x]'))).toBe('input.a.b[0]["c d"][x]');
    const r = term('a.b[c]');
    expect(r).toMatchObject({ type: 'ref', value: [{ type: 'var', value: 'a' }, { type: 'string', value: 'b' }, { type: 'var', value: 'c' }] });
  });
  it('turns bare input and data into refs', () => {
    expect(term('input')).toMatchObject({ type: 'ref', value: [{ type: 'var', value: 'input' }] });
    expect(term('data')).toMatchObject({ type: 'ref', value: [{ type: 'var', value: 'data' }] });
  });
  it('allows keywords after a dot and as the head of a ref', () => {
    expect(show(term('input.if.else.not.package.contains.every.in'))).toBe('input.if.else.not.package.contains.every.in');
    expect(q('not.x')).toBe('not.x');
    expect(q('if[0]')).toBe('if[0]');
  });
  it('continues refs and calls only without whitespace', () => {
    // `a [0]` is not a ref: the query is two literals `x := a` and `[0]`.
    expect(query('x := a [0]').map(showExpr)).toEqual(['assign(x, a)', '[0]']);
    expect(query('f (1)').map(showExpr)).toEqual(['f', '1']);
  });
  it('parses calls with dotted names, trailing commas and ref continuations', () => {
    expect(show(term('io.jwt.decode(t)'))).toBe('io.jwt.decode(t)');
    expect(show(term('f(1, 2,)'))).toBe('f(1, 2)');
    expect(show(term('split(s, ".")[0]'))).toBe('split(s, ".")[0]');
    expect(show(term('f(x).y.z'))).toBe('f(x).y.z');
    expect(show(term('f()'))).toBe('f()');
  });
  it('allows refs on composite heads', () => {
    expect(show(term('[1, 2][i]'))).toBe('[1, 2][i]');
    expect(show(term('{"a": 1}.a'))).toBe('{"a": 1}.a');
  });
  it('renames wildcards in order', () => {
    expect(show(term('x[_][_]'))).toBe('x[$0][$1]');
  });
});

describe('collections', () => {
  it('parses arrays, sets, objects and set()', () => {
    expect(show(term('[1, "a", [true]]'))).toBe('[1, "a", [true]]');
    expect(show(term('{1, 2, 3}'))).toBe('{1, 2, 3}');
    expect(show(term('{"a": 1, b: [2], 3: 4}'))).toBe('{"a": 1, b: [2], 3: 4}');
    expect(show(term('set()'))).toBe('set()');
    expect(term('{}')).toMatchObject({ type: 'object', value: [] });
    expect(term('[]')).toMatchObject({ type: 'array', value: [] });
  });
  it('accepts trailing and leading commas', () => {
    expect(show(term('[1, 2,]'))).toBe('[1, 2]');
    expect(show(term('[, 1]'))).toBe('[1]');
    expect(show(term('{"a": 1,}'))).toBe('{"a": 1}');
  });
  it('allows multi-line literals', () => {
    expect(show(term('{\n  "a"\n  :\n  1,\n  "b": [\n 2\n ]\n}'))).toBe('{"a": 1, "b": [2]}');
  });
  it('keeps infix expressions as elements', () => {
    expect(show(term('[1 + 2, x | y]'))).toBe('[plus(1, 2), or(x, y)]');
    expect(show(term('{a + 1, 2}'))).toBe('{plus(a, 1), 2}');
  });
});

describe('comprehensions and their disambiguation', () => {
  it('parses the three comprehension kinds', () => {
    expect(show(term('[x | x := y[_]]'))).toBe('[x | assign(x, y[$0])]');
    expect(show(term('{x | y[x]}'))).toBe('{x | y[x]}');
    expect(show(term('{k: v | v := o[k]}'))).toBe('{k: v | assign(v, o[k])}');
  });
  it('prefers a comprehension for `[x | y]` and falls back to an array with a comma', () => {
    expect(show(term('[x | y]'))).toBe('[x | y]');
    expect(show(term('[{1} | {2} | {3}]'))).toBe('[{1} | or({2}, {3})]');
    expect(show(term('[x | y, 5]'))).toBe('[or(x, y), 5]');
    expect(show(term('{x | y, 5}'))).toBe('{or(x, y), 5}');
  });
  it('needs parentheses for an infix comprehension head, but not for an object key', () => {
    expect(show(term('[(x + 1) | x := 1]'))).toBe('[plus(x, 1) | assign(x, 1)]');
    expect(show(term('{a + 1: b | a := 1; b := 2}'))).toBe('{plus(a, 1): b | assign(a, 1); assign(b, 2)}');
    expect(parseTerm('[x + 1 | x := 1]').errors.length).toBeGreaterThan(0);
  });
  it('allows multi-line comprehension bodies', () => {
    expect(show(term('[x |\n  x := 1\n  x > 0\n]'))).toBe('[x | assign(x, 1); gt(x, 0)]');
  });
});

describe('template strings', () => {
  it('splits text and embedded expressions', () => {
    expect(show(term('$"a{x}b{1 + 2}c"'))).toBe('$"a{x}b{plus(1, 2)}c"');
    expect(show(term('$`multi\nline {input.x}`'))).toBe('$"multi\nline {input.x}"');
    expect(term('$`x`')).toMatchObject({ type: 'templatestring', value: { raw: true } });
  });
  it('unescapes \\{ and the usual escapes', () => {
    expect(show(term(String.raw`$"\{literal} \"q\" {x}"`))).toBe('$"{literal} "q" {x}"');
    // `\}` is not an escape in OPA 1.17.1.
    expect(parseTerm(String.raw`$"\}"`).errors[0]!.message).toBe('illegal escape sequence');
    expect(show(term('$"\\t{x}"'))).toBe('$"\t{x}"');
  });
  it('allows nested braces inside the expression', () => {
    expect(show(term('$"{ {"a": 1}["a"] } and {[y | y := 1]}"'))).toBe('$"{{"a": 1}.a} and {[y | assign(y, 1)]}"');
  });
  it('keeps `with` inside an embedded expression', () => {
    const t = term('$"{f(1) with input as 2}"');
    if (t.type !== 'templatestring') throw new Error('not a template');
    const part = t.value.parts[0]!;
    expect(part.type === 'templateexpr' && part.with?.length).toBe(1);
  });
  it('rejects assignments, unification, negation, some and every inside', () => {
    expect(parseTerm('$"{x := 1}"').errors[0]!.message).toBe("unexpected assignment (':=') in template-string expression");
    expect(parseTerm('$"{x = 1}"').errors[0]!.message).toBe("unexpected unification ('=') in template-string expression");
    expect(parseTerm('$"{not x}"').errors[0]!.message).toBe("unexpected negation ('not') in template-string expression");
  });
  it('is not available in v0 (as with OPA v0 capabilities)', () => {
    expect(parseTerm('$"a"', { regoVersion: 'v0' }).errors[0]!.message).toBe(
      'template strings are not supported by current capabilities',
    );
  });
});
