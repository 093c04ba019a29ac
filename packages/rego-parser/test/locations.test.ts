import { describe, expect, it } from 'vitest';
import { mod, rule } from './helpers.js';
import type { Term } from '../src/index.js';

describe('locations', () => {
  it('gives every term a location whose offsets slice its text', () => {
    const src = 'package a\np := x if {\n  x := {"k": [1, f(2)], "é": input.a[0]}\n}\n';
    const m = mod(src);
    const texts: string[] = [];
    JSON.stringify(m, (k, v) => {
      if (v && typeof v === 'object' && 'location' in v && v.type && v.type !== 'expr' && v.type !== 'rule' && v.type !== 'head') {
        const l = (v as { location: { offset: number; end: number } }).location;
        texts.push(src.slice(l.offset, l.end));
      }
      return v;
    });
    expect(texts).toEqual(
      expect.arrayContaining(['x', '{"k": [1, f(2)], "é": input.a[0]}', '[1, f(2)]', 'f(2)', 'input.a[0]', '"é"', '2']),
    );
  });
  it('counts columns in code points and rows from 1', () => {
    const r = rule('p := ["😀😀", x] if x := 1');
    const value = r.head.value as Term & { type: 'array' };
    expect(value.value[1]!.location).toMatchObject({ row: 2, col: 13 });
    // UTF-16 offsets: the emoji take two units each.
    expect(value.value[1]!.location.offset).toBe('package test\np := ["😀😀", '.length);
  });
  it('spans rules, heads and expressions', () => {
    const src = 'package a\n\np contains x if {\n  x := 1\n}\n';
    const r = mod(src).rules[0]!;
    expect(src.slice(r.location.offset, r.location.end)).toBe('p contains x if {\n  x := 1\n}');
    expect(src.slice(r.head.location.offset, r.head.location.end)).toBe('p contains x');
    expect(src.slice(r.body[0]!.location.offset, r.body[0]!.location.end)).toBe('x := 1');
    expect(r.location).toMatchObject({ file: 'test.rego', row: 3, col: 1 });
  });
});
