/**
 * Sources for the parser differential: generated modules, optionally mutated (spans deleted,
 * duplicated, or Rego tokens inserted) so that both engines see near-miss syntax.
 */
import fc from 'fast-check';
import { buildPolicy } from './policy.js';

const TOKENS = [
  '{', '}', '[', ']', '(', ')', ':=', '=', '==', 'if', 'contains', 'else', 'some', 'in', 'every', 'not', 'with', 'as',
  'default', 'import', 'package', ';', ',', '\n', '"', '`', '.', '|', '#', '0x1', '1e', '01', '$"', '_', 'input', 'data',
  'future.keywords', 'rego.v1', ':', '-', '+', '*', '&', '!', '\\', '\t', '"\\u00', '..', 'true', 'null', '{}', 'x', '1',
];

type Mutation = { op: 'delete' | 'duplicate'; at: number; len: number } | { op: 'insert'; at: number; token: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
);

function apply(src: string, m: Mutation): string {
  const at = src.length ? m.at % src.length : 0;
  if (m.op === 'insert') return src.slice(0, at) + m.token + src.slice(at);
  if (m.op === 'delete') return src.slice(0, at) + src.slice(at + m.len);
  return src.slice(0, at + m.len) + src.slice(at, at + m.len) + src.slice(at + m.len);
}

/** A module source; `package p` is left for the caller to rename per file. */
export const sourceArbitrary: fc.Arbitrary<string> = fc
  .record({
    tape: fc.array(fc.noBias(fc.nat({ max: 9999 })), { minLength: 20, maxLength: 200 }),
    mutations: fc.array(mutation, { maxLength: 3 }),
  })
  .map(({ tape, mutations }) => mutations.reduce(apply, buildPolicy(tape)));
