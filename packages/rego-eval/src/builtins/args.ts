/** Operand readers: each returns the typed operand or throws OPA's operand type error. */
import { compare as compareForSets } from '../value/compare.js';
import type { Num } from '../value/number.js';
import { toBigIntStrict } from '../value/number.js';
import { RegoNumber, RegoObject, RegoSet, type ObjectValue, type Value } from '../value/types.js';
import { elemErr, operandErr, typeErr } from './errors.js';

export function isNum(v: Value): v is Num {
  return typeof v === 'number' || v instanceof RegoNumber;
}

export function isObj(v: Value): v is ObjectValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegoSet) && !(v instanceof RegoNumber);
}

/** Operand `i` (0-based) as a string. */
export function str(args: Value[], i: number): string {
  const v = args[i]!;
  if (typeof v !== 'string') throw typeErr(i + 1, v, 'string');
  return v;
}

export function num(args: Value[], i: number): Num {
  const v = args[i]!;
  if (!isNum(v)) throw typeErr(i + 1, v, 'number');
  return v;
}

/**
 * An integral number operand (`operand N must be integer number …` otherwise). OPA takes any
 * int64 (`Number.Int`); past 2^53 the JS number is rounded, which only matters where OPA
 * itself would clamp or overflow (slice bounds, counts).
 */
export function int(args: Value[], i: number): number {
  const n = num(args, i);
  const b = toBigIntStrict(n);
  if (b === undefined || b < -9223372036854775808n || b > 9223372036854775807n) throw operandErr(i + 1, 'must be integer number but got floating-point number');
  return Number(b);
}

export function arr(args: Value[], i: number): Value[] {
  const v = args[i]!;
  if (!Array.isArray(v)) throw typeErr(i + 1, v, 'array');
  return v;
}

export function obj(args: Value[], i: number): ObjectValue {
  const v = args[i]!;
  if (!isObj(v)) throw typeErr(i + 1, v, 'object');
  return v;
}

export function set(args: Value[], i: number): RegoSet {
  const v = args[i]!;
  if (!(v instanceof RegoSet)) throw typeErr(i + 1, v, 'set');
  return v;
}

export function bool(args: Value[], i: number): boolean {
  const v = args[i]!;
  if (typeof v !== 'boolean') throw typeErr(i + 1, v, 'boolean');
  return v;
}

/** Elements of an array or set (sets in Rego order); other types → type error. */
export function arrOrSet(args: Value[], i: number): Value[] {
  const v = args[i]!;
  if (Array.isArray(v)) return v;
  if (v instanceof RegoSet) return v.sorted(compareForSets);
  throw typeErr(i + 1, v, 'array', 'set');
}

/** Strings of an array or set operand (OPA's `StringSliceOperand`). */
export function strings(args: Value[], i: number): string[] {
  const v = args[i]!;
  const elems = arrOrSet(args, i);
  const out: string[] = [];
  for (const e of elems) {
    if (typeof e !== 'string') throw elemErr(i + 1, v, e, 'string');
    out.push(e);
  }
  return out;
}
