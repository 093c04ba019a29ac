/** Runs a query with the real `opa eval` (for differential tests); undefined when opa is absent. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOpa, SKIP_NO_OPA } from '../../../../test-support/peers.js';

export const opaBin = findOpa();
export const opaSkip = opaBin ? '' : ` (${SKIP_NO_OPA})`;

/** The value of the query's single expression per opa (undefined when it has no result). */
export function opaValue(modules: string[], query: string, input?: unknown, data?: unknown): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'opa-peer-'));
  try {
    const args = ['eval', '--format', 'json'];
    modules.forEach((m, i) => {
      const f = join(dir, `m${i}.rego`);
      writeFileSync(f, m);
      args.push('-d', f);
    });
    if (data !== undefined) {
      const f = join(dir, 'data.json');
      writeFileSync(f, JSON.stringify(data));
      args.push('-d', f);
    }
    if (input !== undefined) {
      const f = join(dir, 'input.json');
      writeFileSync(f, JSON.stringify(input));
      args.push('-i', f);
    }
    args.push(query);
    const out = JSON.parse(execFileSync(opaBin!, args, { encoding: 'utf8' })) as { result?: Array<{ expressions: Array<{ value: unknown }> }> };
    return out.result?.[0]?.expressions[0]?.value;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
