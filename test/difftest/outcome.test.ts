// opa's JSON output (Go's encoding/json) writes a byte of invalid UTF-8 as the escape \ufffd
// and U+FFFD itself raw; the difftest must keep them apart to compare with rego-ts's raw bytes.
import { describe, expect, it } from 'vitest';
import { jsonTextOutcome, valueOutcome } from '../../difftest/src/outcome.js';
import type { Case } from '../../difftest/src/generate/case.js';
import { evaluateWithRegoTs } from '../../difftest/src/rego-ts-engine.js';

describe('difftest outcome of opa JSON text', () => {
  it('reads the escape \\ufffd as a raw byte, U+FFFD itself as text', () => {
    const opa = jsonTextOutcome('{"a":"\\ufffd","b":"\uFFFD","c":"\\\\ufffd","\\ufffd":["\\uFFFD","x\\\\\\ufffd"]}');
    expect(opa).toEqual(valueOutcome({ a: '\uDCFF', b: '\uFFFD', c: '\\ufffd', '\uDCFF': ['\uDCFF', 'x\\\uDCFF'] }));
  });

  it('a decoded raw byte agrees with opa (formerly the known class invalid-utf8-bytes)', () => {
    const c: Case = { module: 'package p\n\nr0 := base64.decode("/w==")\nr1 := "\\ufffd"\n', data: {} };
    // opa v1.17.1: POST /v1/data/p → {"result":{"r0":"\ufffd","r1":"<U+FFFD raw>"}}
    expect(evaluateWithRegoTs(c)).toEqual(jsonTextOutcome('{"r0":"\\ufffd","r1":"\uFFFD"}'));
  });
});
