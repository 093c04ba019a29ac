/** Infix operators callable by name: arithmetic, comparison, set operators, `in`. */
import { compare, equal } from '../value/compare.js';
import { objectEntries, objectGet } from '../value/collections.js';
import * as N from '../value/number.js';
import { RegoSet, type Value } from '../value/types.js';
import { isNum, isObj, num, set } from './args.js';
import { typeErr } from './errors.js';
import type { BuiltinTable } from './registry.js';

function arith(op: (a: N.Num, b: N.Num) => N.Num) {
  return (args: Value[]): Value => op(num(args, 0), num(args, 1));
}

function setMinus(a: RegoSet, b: RegoSet): RegoSet {
  const out = new RegoSet();
  for (const v of a.values()) if (!b.has(v)) out.add(v);
  return out;
}

export function setAnd(a: RegoSet, b: RegoSet): RegoSet {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  const out = new RegoSet();
  for (const v of small.values()) if (big.has(v)) out.add(v);
  return out;
}

export function setOr(a: RegoSet, b: RegoSet): RegoSet {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const out = new RegoSet();
  for (const v of a.values()) out.add(v);
  for (const v of b.values()) out.add(v);
  return out;
}

export { setMinus };

export const operatorBuiltins: BuiltinTable = {
  plus: arith(N.add),
  mul: arith(N.mul),
  div: arith(N.div),
  minus(args) {
    const [a, b] = args as [Value, Value];
    const an = isNum(a);
    const bn = isNum(b);
    if (an && bn) return N.sub(a, b);
    const as = a instanceof RegoSet;
    const bs = b instanceof RegoSet;
    if (as && bs) return setMinus(a, b);
    if (!an && !as) throw typeErr(1, a, 'number', 'set');
    if (bn) throw typeErr(2, b, 'set');
    throw typeErr(2, b, 'number');
  },
  rem(args) {
    const [a, b] = args as [Value, Value];
    if (isNum(a) && isNum(b)) return N.rem(a, b);
    if (!isNum(a)) throw typeErr(1, a, 'number');
    throw typeErr(2, b, 'number');
  },
  equal: (args) => equal(args[0]!, args[1]!),
  neq: (args) => !equal(args[0]!, args[1]!),
  lt: (args) => compare(args[0]!, args[1]!) < 0,
  lte: (args) => compare(args[0]!, args[1]!) <= 0,
  gt: (args) => compare(args[0]!, args[1]!) > 0,
  gte: (args) => compare(args[0]!, args[1]!) >= 0,
  and: (args) => setAnd(set(args, 0), set(args, 1)),
  or: (args) => setOr(set(args, 0), set(args, 1)),
  'internal.member_2'(args) {
    const [x, c] = args as [Value, Value];
    if (c instanceof RegoSet) return c.has(x);
    if (Array.isArray(c)) return c.some((e) => equal(e, x));
    if (isObj(c)) return objectEntries(c).some((e) => equal(e[1], x));
    return false;
  },
  'internal.member_3'(args) {
    const [k, v, c] = args as [Value, Value, Value];
    let got: Value | undefined;
    if (c instanceof RegoSet) got = c.has(k) ? k : undefined;
    else if (Array.isArray(c)) {
      const i = isNum(k) ? N.arrayIndex(k) : undefined;
      got = i !== undefined && i >= 0 && i < c.length ? c[i] : undefined;
    } else if (isObj(c)) got = objectGet(c, k);
    return got !== undefined && equal(got, v);
  },
  // `=` and `:=` are handled by the evaluator; by name they are equality checks.
  eq: (args) => equal(args[0]!, args[1]!),
  assign: (args) => equal(args[0]!, args[1]!),
};
