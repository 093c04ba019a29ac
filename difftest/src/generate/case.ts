/** A differential case: one module (`package p`), its input and its base data. */
import fc from 'fast-check';
import { json, jsonObject, type Json } from './json.js';
import { buildPolicy } from './policy.js';

export interface Case {
  module: string;
  /** Absent: the query runs without input. */
  input?: Json;
  data: { [k: string]: Json };
}

/** Tapes of choices; 0 is the simplest choice, so shrinking simplifies the module. */
const tape = fc.array(fc.noBias(fc.nat({ max: 9999 })), { minLength: 40, maxLength: 400 });

export const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({ tape, input: fc.option(fc.oneof({ weight: 4, arbitrary: jsonObject }, { weight: 1, arbitrary: json }), { freq: 8 }), data: jsonObject })
  .map(({ tape: t, input, data }) => (input === null ? { module: buildPolicy(t), data } : { module: buildPolicy(t), input, data }));
