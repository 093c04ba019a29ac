/** is_* type checks and type_name: never errors, `false` for other types. */
import { typeOf, type TypeName, type Value } from '../value/types.js';
import type { BuiltinTable } from './registry.js';

const is = (t: TypeName) => (args: Value[]) => typeOf(args[0]!) === t;

export const typeBuiltins: BuiltinTable = {
  is_number: is('number'),
  is_string: is('string'),
  is_boolean: is('boolean'),
  is_array: is('array'),
  is_set: is('set'),
  is_object: is('object'),
  is_null: is('null'),
  type_name: (args) => typeOf(args[0]!),
};
