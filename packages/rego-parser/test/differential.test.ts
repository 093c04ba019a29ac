/**
 * Differential test against the opa binary: random modules (seeded) must give exactly OPA's
 * errors (row, col, message, order) and, when accepted, exactly OPA's JSON AST.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModule, parseQuery, toOpaJson } from '../src/index.js';
import { findOpa, SKIP_NO_OPA } from '../../../test-support/peers.js';
import { RandomRego } from './random-rego.js';

const opa = findOpa();

/** JSON with sorted object keys, for order-insensitive comparison. */
function canonical(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

describe('differential parsing against opa', () => {
  it.skipIf(!opa)(`random modules parse exactly as opa parses them${opa ? '' : ` (${SKIP_NO_OPA})`}`, () => {
    const gen = new RandomRego(20260126);
    const dir = mkdtempSync(join(tmpdir(), 'parse-diff-'));
    const mismatches: string[] = [];
    let accepted = 0;
    try {
      const file = join(dir, 'x.rego');
      for (let i = 0; i < 40; i++) {
        const src = gen.module();
        writeFileSync(file, src);
        for (const version of ['v1', 'v0'] as const) {
          const args = ['parse', '--format', 'json', '--json-include', '-comments', file];
          if (version === 'v0') args.splice(1, 0, '--v0-compatible');
          let out: string;
          try {
            out = execFileSync(opa!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
          } catch (e) {
            const err = e as { stdout?: string; stderr?: string };
            out = err.stdout?.trim() ? err.stdout : (err.stderr ?? '');
          }
          const theirs = JSON.parse(out) as { errors?: Array<{ message: string; location?: { row: number; col: number } }> };
          const ours = parseModule(src, { file, regoVersion: version });
          const want = (theirs.errors ?? []).map((e) => `${e.location?.row}:${e.location?.col} ${e.message}`);
          const got = ours.errors.map((e) => `${e.location?.row}:${e.location?.col} ${e.message}`);
          if (want.join('\n') !== got.join('\n')) {
            mismatches.push(`${version} ${JSON.stringify(src)}\n  opa:  ${want.join(' | ')}\n  ours: ${got.join(' | ')}`);
          } else if (ours.module) {
            accepted++;
            const mine = JSON.parse(JSON.stringify(toOpaJson(ours.module, { comments: false })));
            if (canonical(mine) !== canonical(theirs)) mismatches.push(`${version} AST differs: ${JSON.stringify(src)}`);
          }
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(mismatches).toEqual([]);
    expect(accepted).toBeGreaterThan(5);
  });

  it.skipIf(!opa)(`random queries get exactly opa's parse errors${opa ? '' : ` (${SKIP_NO_OPA})`}`, () => {
    const gen = new RandomRego(7);
    const mismatches: string[] = [];
    for (let i = 0; i < 25; i++) {
      const query = gen.literal();
      let out: string;
      try {
        out = execFileSync(opa!, ['eval', '--format', 'json', query], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string };
        out = err.stdout?.trim() ? err.stdout : (err.stderr ?? '');
      }
      const theirs = JSON.parse(out) as { errors?: Array<{ code?: string; message: string; location?: { row: number; col: number } }> };
      // Other errors (unsafe vars, type errors) come after parsing: only parse errors count.
      const want = (theirs.errors ?? [])
        .filter((e) => e.code === 'rego_parse_error')
        .map((e) => `${e.location?.row}:${e.location?.col} ${e.message}`);
      const got = parseQuery(query).errors.map((e) => `${e.location?.row}:${e.location?.col} ${e.message}`);
      if (want.join('\n') !== got.join('\n')) mismatches.push(`${JSON.stringify(query)}\n  opa:  ${want.join(' | ')}\n  ours: ${got.join(' | ')}`);
    }
    expect(mismatches).toEqual([]);
  });
});
