import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { evalCall } from '/work/main/packages/rego-eval/test/builtins/harness.js';
it('cmp', () => {
  let bad = 0;
  for (const line of readFileSync('/tmp/cases/td1.pins', 'utf8').trim().split('\n')) {
    const [call, want] = JSON.parse(line.trim().replace(/,$/, '')) as [string, string];
    if (want.startsWith('error: rego_') || want.startsWith('error: unknown')) continue;
    let got: string;
    try { got = evalCall(call); } catch (e) { got = 'THROW ' + (e as Error).message; }
    if (got !== want) { bad++; console.log('CALL', call, '\n  opa:', want.slice(0, 300), '\n  us :', got.slice(0, 300)); }
  }
  console.log('mismatches', bad);
});
