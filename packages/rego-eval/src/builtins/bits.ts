/** bits.* on arbitrary-precision integers (two's complement semantics as Go's big.Int). */
import { numberFromBigInt, toBigInt } from '../value/number.js';
import type { Value } from '../value/types.js';
import { isNum } from './args.js';
import { operandErr, typeErr } from './errors.js';
import type { BuiltinTable } from './registry.js';

function bigOperand(args: Value[], i: number): bigint {
  const v = args[i]!;
  if (!isNum(v)) throw typeErr(i + 1, v, 'integer');
  const b = toBigInt(v);
  if (b === undefined) throw operandErr(i + 1, 'must be integer number but got floating-point number');
  return b;
}

const op2 = (f: (a: bigint, b: bigint) => bigint) => (args: Value[]) => numberFromBigInt(f(bigOperand(args, 0), bigOperand(args, 1)));

function shift(args: Value[], left: boolean): Value {
  const a = bigOperand(args, 0);
  const b = bigOperand(args, 1);
  if (b < 0n) throw operandErr(2, 'must be an unsigned integer number but got a negative integer');
  return numberFromBigInt(left ? a << b : a >> b);
}

export const bitsBuiltins: BuiltinTable = {
  'bits.and': op2((a, b) => a & b),
  'bits.or': op2((a, b) => a | b),
  'bits.xor': op2((a, b) => a ^ b),
  'bits.negate': (args) => numberFromBigInt(~bigOperand(args, 0)),
  'bits.lsh': (args) => shift(args, true),
  'bits.rsh': (args) => shift(args, false),
};
