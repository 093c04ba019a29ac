/** abs, ceil, floor, round, numbers.range(_step), rand.intn (v1/topdown/{arithmetic,numbers}.go). */
import * as N from '../value/number.js';
import type { Value } from '../value/types.js';
import { int, isNum, num, str } from './args.js';
import type { BuiltinContext } from './contract.js';
import { fail, operandErr, typeErr } from './errors.js';
import type { BuiltinTable } from './registry.js';

/** Largest range we materialise; OPA has no limit but would exhaust memory. */
const MAX_RANGE = 10_000_000;

function bigIntOperand(args: Value[], i: number): bigint {
  const v = args[i]!;
  if (!isNum(v)) throw typeErr(i + 1, v, 'integer');
  const b = N.toBigInt(v);
  if (b === undefined) throw operandErr(i + 1, 'must be integer number but got floating-point number');
  return b;
}

function range(name: string, x: bigint, y: bigint, step: bigint): Value[] {
  const span = (x <= y ? y - x : x - y) / step + 1n;
  if (span > BigInt(MAX_RANGE)) throw fail(`${name}: range too large`);
  const out: Value[] = [];
  if (x <= y) for (let i = x; i <= y; i += step) out.push(N.numberFromBigInt(i));
  else for (let i = x; i >= y; i -= step) out.push(N.numberFromBigInt(i));
  return out;
}

/** Per-query memo for nondeterministic builtins. */
export function queryMemo(ctx: BuiltinContext): Map<string, unknown> {
  return ctx.queryCache ?? ctx.cache;
}

export const numberBuiltins: BuiltinTable = {
  abs: (args) => N.abs(num(args, 0)),
  ceil: (args) => N.ceil(num(args, 0)),
  floor: (args) => N.floor(num(args, 0)),
  round: (args) => N.round(num(args, 0)),
  'numbers.range'(args) {
    const x = bigIntOperand(args, 0);
    const y = bigIntOperand(args, 1);
    return range('numbers.range', x, y, 1n);
  },
  'numbers.range_step'(args) {
    const x = bigIntOperand(args, 0);
    const y = bigIntOperand(args, 1);
    const step = bigIntOperand(args, 2);
    if (step <= 0n) throw fail('numbers.range_step: step must be a positive integer');
    return range('numbers.range_step', x, y, step);
  },
  'rand.intn'(args, ctx) {
    const seed = str(args, 0);
    let n = int(args, 1);
    if (n === 0) return 0;
    if (n < 0) n = -n;
    const memo = queryMemo(ctx);
    const key = `rand.intn:${seed}-${n}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit as number;
    const r = Math.floor(Math.random() * n);
    memo.set(key, r);
    return r;
  },
};
