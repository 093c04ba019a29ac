import { describe, expect, it } from 'vitest';
import { err, val } from './helpers.js';

describe('conflicts', () => {
  it('complete rules with different values conflict at evaluation', () => {
    expect(err('package p\nq := 1\nq := 2', 'x := data.p.q')).toBe('eval_conflict_error: complete rules must not produce multiple outputs');
    expect(val('package p\nq := 1\nq := 1', 'x := data.p.q')).toBe(1);
  });

  it('functions with different outputs for the same input conflict', () => {
    expect(err('package p\nf(_) := 1\nf(_) := 2', 'x := data.p.f(1)')).toBe(
      'eval_conflict_error: functions must not produce multiple outputs for same inputs',
    );
  });

  it('object rules and comprehensions reject duplicate keys with different values', () => {
    expect(err('package p\no[k] := v if { some v in [1, 2]; k := "a" }', 'x := data.p.o')).toBe('eval_conflict_error: object keys must be unique');
    expect(err([], 'x := {k: v | some v in [1, 2]; k := "a"}')).toBe('eval_conflict_error: object keys must be unique');
  });

  it('is lazy: an unevaluated conflicting rule is harmless', () => {
    expect(val('package p\nq := 1\nq := 2\nr := 3', 'x := data.p.r')).toBe(3);
  });
});
