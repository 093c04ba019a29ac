/**
 * JSON documents for `input` and `data`, drawn from the same small key vocabulary as the
 * generated policies so that their references usually hit something.
 */
import fc from 'fast-check';
import { KEYS, STRINGS } from './vocabulary.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const numbers = fc.oneof(
  fc.integer({ min: -3, max: 10 }),
  fc.constantFrom(0.5, 1.5, -2.25, 100, 1e21, 2 ** 53 + 2, 3.0000000001),
);

const scalar: fc.Arbitrary<Json> = fc.oneof(numbers, fc.constantFrom(...STRINGS), fc.boolean(), fc.constant(null));

export const json: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).v;

/** An object whose keys come from the vocabulary: the shape of `input` and `data`. */
export const jsonObject: fc.Arbitrary<{ [k: string]: Json }> = fc.dictionary(fc.constantFrom(...KEYS), json, {
  maxKeys: 6,
  noNullPrototype: true,
});
