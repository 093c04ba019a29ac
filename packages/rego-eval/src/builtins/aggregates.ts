/** count, sum, product, max, min, sort (and the deprecated any/all live in deprecated.ts). */
import { bfAdd, bfFromBigInt, bfMul, type BigFloat } from '../value/bigfloat.js';
import { compare } from '../value/compare.js';
import { objectSize } from '../value/collections.js';
import { fromBigFloat, numberFromBigInt, toBigFloat, toBigInt, type Num } from '../value/number.js';
import { RegoSet, type Value } from '../value/types.js';
import { isNum, isObj } from './args.js';
import { elemErr, typeErr } from './errors.js';
import type { BuiltinTable } from './registry.js';
import { cpLength } from './strutil.js';

/** Numbers of an array/set operand (sets in Rego order). */
function numbers(v: Value): Num[] {
  const elems = Array.isArray(v) ? v : v instanceof RegoSet ? v.sorted(compare) : undefined;
  if (!elems) throw typeErr(1, v, 'set', 'array');
  for (const e of elems) if (!isNum(e)) throw elemErr(1, v, e, 'number');
  return elems as Num[];
}

function sum(ns: Num[]): Num {
  let small = 0;
  let i = 0;
  for (; i < ns.length; i++) {
    const n = ns[i]!;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || !Number.isSafeInteger(small + n)) break;
    small += n;
  }
  if (i === ns.length) return small === 0 ? 0 : small;
  const ints = ns.map(toBigInt);
  if (ints.every((x) => x !== undefined)) return numberFromBigInt((ints as bigint[]).reduce((a, b) => a + b, 0n));
  let acc: BigFloat = bfFromBigInt(0n);
  for (const n of ns) acc = bfAdd(acc, toBigFloat(n));
  return fromBigFloat(acc);
}

function product(ns: Num[]): Num {
  const ints = ns.map(toBigInt);
  if (ints.every((x) => x !== undefined)) {
    const r = (ints as bigint[]).reduce((a, b) => a * b, 1n);
    // A zero product keeps its sign in OPA's big.Float (`product([-1, 0])` is -0).
    if (r !== 0n) return numberFromBigInt(r);
  }
  let acc: BigFloat = bfFromBigInt(1n);
  for (const n of ns) acc = bfMul(acc, toBigFloat(n));
  return fromBigFloat(acc);
}

function extreme(v: Value, sign: 1 | -1): Value | undefined {
  let elems: Value[];
  if (Array.isArray(v)) elems = v;
  else if (v instanceof RegoSet) elems = [...v.map.values()];
  else throw typeErr(1, v, 'set', 'array');
  if (elems.length === 0) return undefined;
  let best = elems[0]!;
  // The last of equal elements wins (`max([1, 1.0])` is 1.0, as opa).
  for (let i = 1; i < elems.length; i++) if (compare(elems[i]!, best) * sign >= 0) best = elems[i]!;
  return best;
}

export const aggregateBuiltins: BuiltinTable = {
  count(args) {
    const v = args[0]!;
    if (typeof v === 'string') return cpLength(v);
    if (Array.isArray(v)) return v.length;
    if (v instanceof RegoSet) return v.size;
    if (isObj(v)) return objectSize(v);
    throw typeErr(1, v, 'array', 'object', 'set', 'string');
  },
  sum: (args) => sum(numbers(args[0]!)),
  product: (args) => product(numbers(args[0]!)),
  max: (args) => extreme(args[0]!, 1),
  min: (args) => extreme(args[0]!, -1),
  sort(args) {
    const v = args[0]!;
    if (Array.isArray(v)) return v.slice().sort(compare);
    if (v instanceof RegoSet) return v.sorted(compare).slice();
    throw typeErr(1, v, 'set', 'array');
  },
};
