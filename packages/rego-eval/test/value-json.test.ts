import { describe, expect, it } from 'vitest';
import { newSet, ObjectBuilder } from '../src/value/collections.js';
import { parseJSON, toJSON, toJSONText, valueToRegoText } from '../src/value/json.js';
import { numberFromText } from '../src/value/number.js';
import { RegoNumber, type Value } from '../src/value/types.js';

function obj(entries: Array<[Value, Value]>): Value {
  const b = new ObjectBuilder();
  for (const [k, v] of entries) b.set(k, v);
  return b.build();
}

// Expected texts pinned from `opa eval` v1.17.1 (json.marshal / sprintf "%v").
describe('toJSONText', () => {
  it('sorts keys, keeps number spelling, Go escaping', () => {
    const v = obj([
      ['b', [numberFromText('1.0'), numberFromText('1e3')]],
      ['a', newSet(['x'])],
      ['<', '&\u2028\n\u0001'],
    ]);
    expect(toJSONText(v)).toBe('{"\\u003c":"\\u0026\\u2028\\n\\u0001","a":["x"],"b":[1.0,1e3]}');
  });
  it('non-string keys become their JSON text', () => {
    expect(toJSONText(obj([[1, 'a'], [[1], 'b'], ['z', newSet()]]))).toBe('{"1":"a","[1]":"b","z":[]}');
  });
  it('keys with the same JSON text are written once, the greatest key winning (as opa)', () => {
    // opa: {"1": "str", 1: "num"} → {"1":"str"}; {set(): "set", []: "arr"} → {"[]":"set"}
    expect(toJSONText(obj([['1', 'str'], [1, 'num']]))).toBe('{"1":"str"}');
    expect(toJSONText(obj([[newSet(), 'set'], [[], 'arr'], [{} as Value, 'obj']]))).toBe('{"[]":"set","{}":"obj"}');
  });
  it('pretty printing', () => {
    expect(toJSONText({ a: [1, 2], b: {} } as Value, { indent: '  ' })).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": {}\n}');
  });
});

describe('valueToRegoText', () => {
  it('prints like OPA', () => {
    const v = obj([
      ['a', 'x"y'],
      [1, [newSet(), newSet([1, 'é\u0001\u00a0'])]],
    ]);
    expect(valueToRegoText(v)).toBe('{1: [set(), {1, "é\\x01\\u00a0"}], "a": "x\\"y"}');
    expect(valueToRegoText(['a/', 'b/'])).toBe('["a/", "b/"]');
    expect(valueToRegoText(null)).toBe('null');
    expect(valueToRegoText({} as Value)).toBe('{}');
  });
});

describe('parseJSON', () => {
  it('keeps number spellings and __proto__ as data', () => {
    const v = parseJSON('{"__proto__": 1, "a": 1.50, "b": 18446744073709551617, "c": [true, null, "\\u00e9\\n"]}') as Record<string, Value>;
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(Object.keys(v)).toEqual(['__proto__', 'a', 'b', 'c']);
    expect(v['__proto__']).toBe(1);
    expect(v['a']).toBeInstanceOf(RegoNumber);
    expect(toJSONText(v)).toBe('{"__proto__":1,"a":1.50,"b":18446744073709551617,"c":[true,null,"é\\n"]}');
  });
  it('reports errors with Go decoder messages', () => {
    const msg = (s: string) => {
      try {
        parseJSON(s);
      } catch (e) {
        return (e as Error).message;
      }
      return 'ok';
    };
    expect(msg('[1,]')).toBe("invalid character ']' looking for beginning of value");
    expect(msg('tru')).toBe('unexpected EOF');
    expect(msg('{"a" 1}')).toBe("invalid character '1' after object key");
    expect(msg('')).toBe('EOF');
    expect(msg('01')).toBe("error: invalid character '1' after top-level value");
    expect(msg('[1] x')).toBe("invalid character 'x' looking for beginning of value");
    expect(msg('"\\x"')).toBe("invalid character 'x' in string escape code");
  });
});

describe('toJSON', () => {
  it('converts sets and RegoNumbers, shares unchanged subtrees', () => {
    const inner = { a: [1, 2] } as Value;
    const v = [inner, newSet([2, 1]), numberFromText('1.0')];
    const j = toJSON(v) as unknown[];
    expect(j[0]).toBe(inner);
    expect(j[1]).toEqual([1, 2]);
    expect(j[2]).toBe(1);
  });
});
