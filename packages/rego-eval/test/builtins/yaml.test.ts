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

describe('yaml.marshal agrees with opa', () => {
  it(`${pins.length} documents`, () => {
    const mismatches = pins.filter(([call, want]) => evalCall(call) !== want).map(([call, want]) => `${call}\n  want ${want}\n  got  ${evalCall(call)}`);
    expect(mismatches).toEqual([]);
  });
});
