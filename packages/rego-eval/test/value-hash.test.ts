import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { equal, sortedKeys, compareStrings } from '../src/value/compare.js';
import { hashKey } from '../src/value/hash.js';
import { valueHash } from '../src/value/numeric-hash.js';
import { newSet, objectFromEntries } from '../src/value/collections.js';
import { numberFromText } from '../src/value/number.js';
import { RegoObject, newPlainObject, type Value } from '../src/value/types.js';

// Strings that stress the encoding: delimiters, NUL-led, digits and colons (length prefixes).
const str = fc.oneof(
  fc.constantFrom('', '\0', '\u0001', '\u0002ab', '\u0001\u0001', '\0s', '\0sx', ':', '1:', '2:a', ',', '"', '[', '{', '}', '<', '>', 'a', 'b', 'ab', 'n1', 't', 'z'),
  fc.string({ maxLength: 4 }),
);
const num = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('1.0', '1e0', '10e-1', '0.5', '5e-1', '18446744073709551617').map(numberFromText));
const value: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    num,
    str,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.array(fc.tuple(str, tie('v')), { maxLength: 3 }).map((es) => objectFromEntries(es)),
    fc.array(fc.tuple(tie('v'), tie('v')), { maxLength: 3 }).map((es) => objectFromEntries(es)),
    fc.array(tie('v'), { maxLength: 3 }).map((vs) => newSet(vs)),
  ),
})).v;

describe('hashKey', () => {
  it('is equal exactly for Rego-equal values', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(hashKey(a) === hashKey(b)).toBe(equal(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it('does not depend on insertion order or representation', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(str, value), { maxLength: 5 }), (es) => {
        const fwd = objectFromEntries(es);
        const rev = objectFromEntries([...es].reverse().filter(([k], i, all) => all.findIndex(([k2]) => k2 === k) === i));
        // The same string-keyed entries held as a RegoObject (as some builtins build them).
        const rich = new RegoObject();
        for (const [k, v] of Object.entries(fwd)) rich.set(k, v, hashKey(k));
        expect(hashKey(rev)).toBe(hashKey(fwd));
        expect(hashKey(rich)).toBe(hashKey(fwd));
        expect(hashKey(newSet(es.map((e) => e[1])))).toBe(hashKey(newSet([...es].reverse().map((e) => e[1]))));
      }),
      { numRuns: 1000 },
    );
  });

  it('tells apart values whose naive texts collide', () => {
    const o1 = newPlainObject();
    o1['a,b'] = 'c';
    const o2 = newPlainObject();
    o2['a'] = 'b,c';
    expect(hashKey(o1)).not.toBe(hashKey(o2));
    expect(hashKey(['1:', 'a'])).not.toBe(hashKey(['1', ':a']));
    expect(hashKey(newSet(['ab']))).not.toBe(hashKey(newSet(['a', 'b'])));
    expect(hashKey('\0sx')).not.toBe(hashKey('sx'));
    expect(hashKey([1])).toBe(hashKey([numberFromText('1.0')]));
    // Long strings take the decimal length prefix.
    const long = 'x'.repeat(0x10000);
    expect(hashKey([long, 'a'])).not.toBe(hashKey([long + 'a']));
    expect(hashKey(newSet([long, 'y']))).toBe(hashKey(newSet(['y', long])));
    expect(hashKey(['\uffff', '1:'])).not.toBe(hashKey(['\uffff1:']));
  });
});

describe('sortedKeys', () => {
  it('orders keys by UTF-8 bytes for small and large objects alike', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 3, unit: 'binary' }), { maxLength: 40 }), (keys) => {
        const o = newPlainObject();
        for (const k of keys) o[k] = 1;
        const want = [...keys].sort(compareStrings);
        expect(sortedKeys(o)).toEqual(want);
        expect(sortedKeys(o)).toEqual(want); // cached or not, the same
      }),
      { numRuns: 500 },
    );
  });
});

describe('valueHash and set membership', () => {
  it('hashes Rego-equal values equally', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        if (equal(a, b)) expect(valueHash(a)).toBe(valueHash(b));
      }),
      { numRuns: 3000 },
    );
    expect(valueHash(numberFromText('1.0'))).toBe(valueHash(1));
    expect(valueHash(-0)).toBe(valueHash(0));
  });

  it('finds and keeps exactly the Rego-distinct elements', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 6 }), value, (xs, y) => {
        const s = newSet(xs);
        const distinct: Value[] = [];
        for (const x of xs) if (!distinct.some((d) => equal(d, x))) distinct.push(x);
        expect(s.size).toBe(distinct.length);
        expect(s.values()).toEqual(distinct);
        expect(s.has(y)).toBe(xs.some((x) => equal(x, y)));
        for (const x of xs) expect(s.has(x) && s.hasKey(hashKey(x))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('tells apart distinct values whose numeric hashes collide', () => {
    // Find two one-string arrays with the same 32-bit hash (birthday bound: ~2^16 tries).
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair && i < 1_000_000; i++) {
      const s = 'k' + i;
      const h = valueHash([s]);
      const prev = seen.get(h);
      if (prev !== undefined) pair = [prev, s];
      else seen.set(h, s);
    }
    expect(pair).toBeDefined();
    const [a, b] = pair!;
    const s = newSet([[a], [b], [a], ['c']]);
    expect(s.size).toBe(3);
    expect(s.has([a]) && s.has([b]) && s.has(['c'])).toBe(true);
    expect(s.has([a + 'x'])).toBe(false);
    expect(newSet([[b], [a]]).contentHash()).toBe(newSet([[a], [b]]).contentHash());
  });
});
