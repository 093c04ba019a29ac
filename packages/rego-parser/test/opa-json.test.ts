/**
 * `toOpaJson` against `opa parse --format json --json-include locations` on a sample of suite
 * modules (the full comparison is `node scripts/parse-alignment.mjs --all --locations`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModule, toOpaJson } from '../src/index.js';
import { findOpa, findSuite, SKIP_NO_OPA, SKIP_NO_SUITE } from '../../../test-support/peers.js';
import { loadSuiteCases } from './suite-cases.js';
import { mod } from './helpers.js';

const opa = findOpa();
const suite = findSuite();

/** OPA's locations carry base64 `text`; compare file/row/col, and only where OPA has one. */
function align(ours: unknown, theirs: unknown): unknown {
  if (Array.isArray(ours) && Array.isArray(theirs)) return ours.map((x, i) => align(x, theirs[i]));
  if (ours && typeof ours === 'object' && theirs && typeof theirs === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ours)) {
      if (k === 'location' && !('location' in theirs)) continue;
      o[k] = align(v, (theirs as Record<string, unknown>)[k]);
    }
    return o;
  }
  return ours;
}

function stripText(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(stripText);
  if (x && typeof x === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) {
      const l = v as { file?: string; row?: number; col?: number };
      o[k] = k === 'location' || k === 'Location' ? { file: l.file, row: l.row, col: l.col } : stripText(v);
    }
    return o;
  }
  return x;
}

describe('toOpaJson', () => {
  it('renders the shapes of opa parse', () => {
    const j = toOpaJson(mod('package a\n# c\nimport data.x as y\ndefault p := null\nq contains {1, 2} if not input.z\n'));
    expect(j).toEqual({
      package: { path: [{ type: 'var', value: 'data' }, { type: 'string', value: 'a' }] },
      imports: [{ path: { type: 'ref', value: [{ type: 'var', value: 'data' }, { type: 'string', value: 'x' }] }, alias: 'y' }],
      rules: [
        {
          default: true,
          head: { name: 'p', ref: [{ type: 'var', value: 'p' }], value: { type: 'null', value: {} }, assign: true },
          body: [{ index: 0, terms: { type: 'boolean', value: true } }],
        },
        {
          head: {
            ref: [{ type: 'var', value: 'q' }],
            name: 'q',
            key: { type: 'set', value: [{ type: 'number', value: 1 }, { type: 'number', value: 2 }] },
          },
          body: [{ index: 0, negated: true, terms: { type: 'ref', value: [{ type: 'var', value: 'input' }, { type: 'string', value: 'z' }] } }],
        },
      ],
      comments: [{ Text: 'IGM=', Location: { file: 'test.rego', row: 2, col: 1 } }],
    });
  });

  it.skipIf(!opa || !suite)(
    `equals opa parse on sampled suite modules${opa ? '' : ` (${SKIP_NO_OPA})`}${suite ? '' : ` (${SKIP_NO_SUITE})`}`,
    () => {
      const cases = loadSuiteCases(suite!).filter((c) => c.modules.length > 0 && !c.wantsParseError);
      const sample = cases.filter((_, i) => i % 100 === 0);
      const dir = mkdtempSync(join(tmpdir(), 'opa-json-'));
      try {
        sample.forEach((c, i) => {
          const source = c.modules[0]!;
          if (source.includes('METADATA')) return; // annotations are attached by rego-eval, not the parser
          const file = join(dir, `m${i}.rego`);
          writeFileSync(file, source);
          const args = ['parse', '--format', 'json', '--json-include', 'locations', file];
          if (c.version === 'v0') args.splice(1, 0, '--v0-compatible');
          const theirs = stripText(JSON.parse(execFileSync(opa!, args, { encoding: 'utf8' })));
          const ours = parseModule(source, { file, regoVersion: c.version });
          expect(ours.errors).toEqual([]);
          const mine = JSON.parse(JSON.stringify(toOpaJson(ours.module!, { locations: true })));
          expect(align(mine, theirs), `${c.file} [${c.note}]`).toEqual(theirs);
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
