/** The names, literals and builtins generated policies and documents are made of. */

/** Keys of input/data objects and of object literals (never `p`, the package name). */
export const KEYS = ['a', 'b', 'c', 'x', 'n', 's', 'arr', 'obj', 'k1', 'k2'] as const;

export const STRINGS = ['', 'a', 'b', 'foo', 'Foo Bar', 'a.b.c', 'x-1', '1', '2.5', 'true', 'ab,cd', ' pad ', 'é', 'k1'] as const;

export const NUMBER_LITERALS = ['0', '1', '2', '3', '-1', '10', '1.5', '0.5', '-2.5', '1e3', '2.0', '100000000000000000000', '0.1'] as const;

/** The kind of value an argument position wants; `any` draws from everything. */
/**
 * `strs`/`nums`/`objs` are arrays of strings/numbers/objects, `sets` a set of sets, `objstr`
 * an object of strings to strings: argument shapes the type checker insists on.
 */
export type Kind = 'any' | 'num' | 'int' | 'str' | 'arr' | 'set' | 'obj' | 'coll' | 'bool' | 'objstr' | 'strs' | 'nums' | 'objs' | 'sets';

/** Whether a value of kind `have` may stand where `want` is expected (as the type checker sees it). */
export function fits(have: Kind, want: Kind): boolean {
  if (want === 'any' || have === 'any' || have === want) return true;
  if (want === 'coll') return fits(have, 'arr') || fits(have, 'set') || fits(have, 'obj');
  if (want === 'num') return have === 'int';
  if (want === 'obj') return have === 'objstr';
  if (want === 'arr') return have === 'strs' || have === 'nums' || have === 'objs';
  if (want === 'set') return have === 'sets';
  return false;
}

export interface BuiltinSig {
  name: string;
  args: Kind[];
  /** The kind of the result (what the type checker knows of it). */
  ret: Kind;
}

/** The core builtins (spec §5.4, Gatekeeper tier) minus the nondeterministic ones. */
export const BUILTINS: BuiltinSig[] = [
  // aggregates
  { name: 'count', args: ['coll'], ret: 'num' },
  { name: 'sum', args: ['nums'], ret: 'num' },
  { name: 'product', args: ['nums'], ret: 'num' },
  { name: 'max', args: ['coll'], ret: 'any' },
  { name: 'min', args: ['coll'], ret: 'any' },
  { name: 'sort', args: ['coll'], ret: 'arr' },
  // arrays
  { name: 'array.concat', args: ['arr', 'arr'], ret: 'arr' },
  { name: 'array.slice', args: ['arr', 'int', 'int'], ret: 'arr' },
  { name: 'array.reverse', args: ['arr'], ret: 'arr' },
  { name: 'array.flatten', args: ['arr'], ret: 'arr' },
  // sets
  { name: 'intersection', args: ['sets'], ret: 'set' },
  { name: 'union', args: ['sets'], ret: 'set' },
  // objects
  { name: 'object.get', args: ['obj', 'any', 'any'], ret: 'any' },
  { name: 'object.keys', args: ['obj'], ret: 'set' },
  { name: 'object.remove', args: ['obj', 'coll'], ret: 'obj' },
  { name: 'object.filter', args: ['obj', 'coll'], ret: 'obj' },
  { name: 'object.union', args: ['obj', 'obj'], ret: 'obj' },
  { name: 'object.union_n', args: ['objs'], ret: 'obj' },
  { name: 'object.subset', args: ['any', 'any'], ret: 'bool' },
  { name: 'json.filter', args: ['obj', 'strs'], ret: 'obj' },
  { name: 'json.remove', args: ['obj', 'strs'], ret: 'obj' },
  // strings
  { name: 'concat', args: ['str', 'strs'], ret: 'str' },
  { name: 'contains', args: ['str', 'str'], ret: 'bool' },
  { name: 'endswith', args: ['str', 'str'], ret: 'bool' },
  { name: 'startswith', args: ['str', 'str'], ret: 'bool' },
  { name: 'format_int', args: ['num', 'int'], ret: 'str' },
  { name: 'indexof', args: ['str', 'str'], ret: 'num' },
  { name: 'indexof_n', args: ['str', 'str'], ret: 'arr' },
  { name: 'lower', args: ['str'], ret: 'str' },
  { name: 'upper', args: ['str'], ret: 'str' },
  { name: 'replace', args: ['str', 'str', 'str'], ret: 'str' },
  { name: 'strings.replace_n', args: ['obj', 'str'], ret: 'str' },
  { name: 'split', args: ['str', 'str'], ret: 'arr' },
  { name: 'sprintf', args: ['str', 'arr'], ret: 'str' },
  { name: 'substring', args: ['str', 'int', 'int'], ret: 'str' },
  { name: 'trim', args: ['str', 'str'], ret: 'str' },
  { name: 'trim_left', args: ['str', 'str'], ret: 'str' },
  { name: 'trim_right', args: ['str', 'str'], ret: 'str' },
  { name: 'trim_prefix', args: ['str', 'str'], ret: 'str' },
  { name: 'trim_suffix', args: ['str', 'str'], ret: 'str' },
  { name: 'trim_space', args: ['str'], ret: 'str' },
  { name: 'strings.any_prefix_match', args: ['strs', 'strs'], ret: 'bool' },
  { name: 'strings.any_suffix_match', args: ['strs', 'strs'], ret: 'bool' },
  { name: 'strings.count', args: ['str', 'str'], ret: 'num' },
  { name: 'strings.reverse', args: ['str'], ret: 'str' },
  // regex / glob
  { name: 'regex.match', args: ['str', 'str'], ret: 'bool' },
  { name: 'regex.is_valid', args: ['str'], ret: 'bool' },
  { name: 'regex.split', args: ['str', 'str'], ret: 'arr' },
  { name: 'regex.find_n', args: ['str', 'str', 'int'], ret: 'arr' },
  { name: 'regex.find_all_string_submatch_n', args: ['str', 'str', 'int'], ret: 'arr' },
  { name: 'regex.replace', args: ['str', 'str', 'str'], ret: 'str' },
  { name: 'glob.match', args: ['str', 'strs', 'str'], ret: 'bool' },
  { name: 'glob.quote_meta', args: ['str'], ret: 'str' },
  // types
  { name: 'is_number', args: ['any'], ret: 'bool' },
  { name: 'is_string', args: ['any'], ret: 'bool' },
  { name: 'is_boolean', args: ['any'], ret: 'bool' },
  { name: 'is_array', args: ['any'], ret: 'bool' },
  { name: 'is_set', args: ['any'], ret: 'bool' },
  { name: 'is_object', args: ['any'], ret: 'bool' },
  { name: 'is_null', args: ['any'], ret: 'bool' },
  { name: 'type_name', args: ['any'], ret: 'str' },
  { name: 'to_number', args: ['any'], ret: 'num' },
  { name: 'units.parse', args: ['str'], ret: 'num' },
  { name: 'units.parse_bytes', args: ['str'], ret: 'num' },
  // encoding
  { name: 'json.marshal', args: ['any'], ret: 'str' },
  { name: 'json.unmarshal', args: ['str'], ret: 'any' },
  { name: 'json.is_valid', args: ['str'], ret: 'bool' },
  { name: 'yaml.unmarshal', args: ['str'], ret: 'any' },
  { name: 'yaml.is_valid', args: ['str'], ret: 'bool' },
  { name: 'base64.encode', args: ['str'], ret: 'str' },
  { name: 'base64.decode', args: ['str'], ret: 'str' },
  { name: 'base64.is_valid', args: ['str'], ret: 'bool' },
  { name: 'base64url.encode', args: ['str'], ret: 'str' },
  { name: 'base64url.encode_no_pad', args: ['str'], ret: 'str' },
  { name: 'base64url.decode', args: ['str'], ret: 'str' },
  { name: 'hex.encode', args: ['str'], ret: 'str' },
  { name: 'hex.decode', args: ['str'], ret: 'str' },
  { name: 'urlquery.encode', args: ['str'], ret: 'str' },
  { name: 'urlquery.decode', args: ['str'], ret: 'str' },
  // numbers
  { name: 'abs', args: ['num'], ret: 'num' },
  { name: 'ceil', args: ['num'], ret: 'num' },
  { name: 'floor', args: ['num'], ret: 'num' },
  { name: 'round', args: ['num'], ret: 'num' },
  { name: 'numbers.range', args: ['int', 'int'], ret: 'arr' },
  // time (deterministic ones)
  { name: 'time.parse_rfc3339_ns', args: ['str'], ret: 'num' },
  { name: 'time.parse_duration_ns', args: ['str'], ret: 'num' },
  { name: 'time.date', args: ['int'], ret: 'arr' },
  { name: 'time.clock', args: ['int'], ret: 'arr' },
  { name: 'time.weekday', args: ['int'], ret: 'str' },
  { name: 'time.add_date', args: ['int', 'int', 'int', 'int'], ret: 'num' },
  { name: 'time.format', args: ['int'], ret: 'str' },
  // misc
  { name: 'walk', args: ['any'], ret: 'arr' },
  { name: 'semver.compare', args: ['str', 'str'], ret: 'num' },
  { name: 'semver.is_valid', args: ['any'], ret: 'bool' },
  { name: 'bits.and', args: ['int', 'int'], ret: 'num' },
  { name: 'bits.lsh', args: ['int', 'int'], ret: 'num' },
];

/** Strings that make builtin arguments interesting (patterns, formats, encodings, times). */
export const SPECIAL_STRINGS = [
  '%v', '%d', '%s-%v', '%.2f', '%x', '^a', 'a+', '[a-z]+', '(a)(b)?', '.*', '*', 'a*', '?',
  '{"a": 1}', '[1, 2]', 'a: 1', 'YQ==', 'Zm9v', '6869', 'a%20b', 'a b&c', '10Ki', '5MB', '1.5G',
  '1h2m', '3s', '-1ms', '2024-02-29T12:00:00Z', '1970-01-01T00:00:00+01:00', '1.2.3', '1.10.0-rc.1',
] as const;
