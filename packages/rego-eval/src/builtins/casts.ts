/** to_number and the deprecated cast_* identities (v1/topdown/casts.go). */
import { compare } from '../value/compare.js';
import { newSet } from '../value/collections.js';
import { isNumberText, numberFromText } from '../value/number.js';
import { goQuote } from '../value/quote.js';
import { RegoSet, typeOf, type TypeName, type Value } from '../value/types.js';
import { isNum } from './args.js';
import { fail, typeErr } from './errors.js';
import type { BuiltinTable } from './registry.js';

/** Accepts what Go's strconv.ParseFloat accepts for decimal input (sign, `.5`, `5.`, exponent). */
function toNumber(v: Value): Value {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isNum(v)) return v;
  if (typeof v === 'string') {
    const lower = v.replace(/^[+-]+/, '').toLowerCase();
    if (lower === 'inf' || lower === 'infinity' || lower === 'nan') throw typeErr(1, v, 'valid number string');
    const unsigned = v.replace(/^[+-]/, '');
    if (!isNumberText(unsigned) || unsigned.startsWith('-')) throw fail(`strconv.ParseFloat: parsing ${goQuote(v)}: invalid syntax`);
    if (!Number.isFinite(Number(unsigned))) throw fail(`strconv.ParseFloat: parsing ${goQuote(v)}: value out of range`);
    return numberFromText(v.startsWith('+') ? v : v);
  }
  throw typeErr(1, v, 'null', 'boolean', 'number', 'string');
}

const identity = (t: TypeName) => (args: Value[]) => {
  const v = args[0]!;
  if (typeOf(v) !== t) throw typeErr(1, v, t);
  return v;
};

export const castBuiltins: BuiltinTable = {
  to_number: (args) => toNumber(args[0]!),
  cast_array(args) {
    const v = args[0]!;
    if (Array.isArray(v)) return v;
    if (v instanceof RegoSet) return v.sorted(compare).slice();
    throw typeErr(1, v, 'array', 'set');
  },
  cast_set(args) {
    const v = args[0]!;
    if (Array.isArray(v)) return newSet(v);
    if (v instanceof RegoSet) return v;
    throw typeErr(1, v, 'array', 'set');
  },
  cast_string: identity('string'),
  cast_boolean: identity('boolean'),
  cast_null: identity('null'),
  cast_object: identity('object'),
};
