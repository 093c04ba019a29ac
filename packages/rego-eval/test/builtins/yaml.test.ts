import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evalCall } from './harness.js';

/**
 * yaml.marshal against opa v1.17.1 (sigs.k8s.io/yaml → go-yaml v2 emitter): randomly generated
 * documents over strings that need quoting (YAML 1.1 booleans, numbers, timestamps, base-60
 * floats, indicators, non-printable and non-BMP characters, NEL folding on read-back), long
 * strings folded at 80 columns, literal blocks with chomping/indent hints, long and multi-line
 * keys, go-yaml's key order, and numbers; pinned with scripts/pin-builtin-cases.mjs.
 */
const pins = JSON.parse(readFileSync(new URL('./fixtures/yaml-marshal-pins.json', import.meta.url), 'utf8')) as Array<[string, string]>;

/**
 * yaml.unmarshal (go-yaml v2 decoding into interface{}: YAML 1.1 implicit types, no base-60,
 * timestamps kept as strings, explicit tags, merge keys, first document only; then
 * sigs.k8s.io/yaml's key conversion and encoding/json numbers): hand-written scalars and the
 * marshal outputs above (plus unquoted variants) read back. Known gaps, not pinned: U+2028/
 * U+2029/U+0085 as line breaks in the input, and several error texts for invalid documents.
 */
const unmarshalPins = JSON.parse(readFileSync(new URL('./fixtures/yaml-unmarshal-pins.json', import.meta.url), 'utf8')) as Array<[string, string]>;

const check = (cases: Array<[string, string]>) => {
  const mismatches = cases.filter(([call, want]) => evalCall(call) !== want).map(([call, want]) => `${call}\n  want ${want}\n  got  ${evalCall(call)}`);
  expect(mismatches).toEqual([]);
};

describe('yaml.marshal / yaml.unmarshal agree with opa', () => {
  it(`yaml.marshal: ${pins.length} documents`, () => check(pins));
  it(`yaml.unmarshal: ${unmarshalPins.length} documents`, () => check(unmarshalPins));
});

/**
 * Content after a root flow collection or quoted scalar (`[a-z]+`): go-yaml v2 ends the first
 * document there and Unmarshal ignores the rest, unless the scanner fails on what it reads
 * next. Pinned from opa v1.17.1 (values; the others are errors in opa).
 */
const trailing = JSON.parse(readFileSync(new URL('./fixtures/yaml-trailing-pins.json', import.meta.url), 'utf8')) as { values: Array<[string, string]>; errors: string[] };

describe('yaml.unmarshal: content after a flow root (as opa)', () => {
  it(`reads the root node: ${trailing.values.length} documents`, () => {
    check(trailing.values.map(([doc, want]) => [`yaml.unmarshal(${JSON.stringify(doc)})`, want]));
  });
  it(`fails where go-yaml does: ${trailing.errors.length} documents`, () => {
    const accepted = trailing.errors.filter((doc) => !evalCall(`yaml.unmarshal(${JSON.stringify(doc)})`).startsWith('error: '));
    expect(accepted).toEqual([]);
  });
});
