// opa's verdict on some modules changes from one compile to the next (its type checker visits
// rules in Go map order); the difftest asks opa again before reporting such a case.
import { describe, expect, it } from 'vitest';
import type { Case } from '../../difftest/src/generate/case.js';
import { describeOutcome, sameOutcome, type Outcome } from '../../difftest/src/outcome.js';
import { ASKS, opaSometimesAgrees } from '../../difftest/src/opa-unstable.js';
import { evaluateWithRegoTs } from '../../difftest/src/rego-ts-engine.js';
import { findOpaBinary } from '../../difftest/src/node/opa-binary.js';
import { OpaServer } from '../../difftest/src/node/opa-server.js';

// Seed 656658158, case 4672, as the seed found it: `r0.a` meets `r0[v0].a` alone or merged with `r0["%v"]`.
const UNSTABLE: Case = {
  module: 'package p\n\nr0["%v"] := 0 if { v2 := 0 }\n\nr0[v0].a := v0 if { v0 := input }\n\nr1 contains 0 if { r0.a == (0 + 0) }\n',
  data: {},
};

describe('opaSometimesAgrees', () => {
  it('stops at the first agreeing answer, and at the first non-answer', async () => {
    let asked = 0;
    expect(await opaSometimesAgrees(async () => ++asked, (n) => n === 3)).toBe(true);
    expect(asked).toBe(3);
    asked = 0;
    expect(await opaSometimesAgrees(async () => (++asked < 2 ? 1 : undefined), () => false)).toBe(false);
    expect(asked).toBe(2);
    asked = 0;
    expect(await opaSometimesAgrees(async () => ++asked, () => false)).toBe(false);
    expect(asked).toBe(ASKS);
  });
});

const opaBin = findOpaBinary();
describe.skipIf(!opaBin)(`opa's verdict across compiles${opaBin ? '' : ' (skipped: no opa binary; run scripts/install-peers.sh)'}`, () => {
  it('varies on a module where rego-ts answers one way, and the difftest finds rego-ts\'s answer among opa\'s', async () => {
    const server = await OpaServer.start(opaBin!);
    try {
      const regoTs = evaluateWithRegoTs(UNSTABLE);
      expect(describeOutcome(regoTs)).toBe(describeOutcome(evaluateWithRegoTs(UNSTABLE)));
      const seen = new Set<string>();
      const mine = describeOutcome(regoTs);
      for (let i = 0; i < ASKS && !(seen.size >= 2 && seen.has(mine)); i++) seen.add(describeOutcome((await server.evaluate(UNSTABLE, 10_000, true)) as Outcome));
      // On some compiles (about one in four) opa rejects it — a match error, or, when only the
      // server's second compile of the module meets the error, "compiler has errors" at the
      // query; accepted on the others, as rego-ts does.
      expect(seen.size).toBeGreaterThanOrEqual(2);
      expect(seen.has(mine)).toBe(true);
      const agrees = await opaSometimesAgrees(
        async () => {
          const o = await server.evaluate(UNSTABLE, 10_000, true);
          return o === 'timeout' || o === 'crash' ? undefined : o;
        },
        (o) => sameOutcome(o, regoTs),
      );
      expect(agrees).toBe(true);
    } finally {
      await server.stop();
    }
  }, 120_000); // hundreds of opa compiles on a loaded machine
});
