/**
 * Formatter properties: for generated modules, `parse(format(m))` equals `m` ignoring
 * locations and spelling-only flags, and `format` is idempotent; `format` is idempotent on
 * every module of OPA's conformance suite.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { format, parseModule, type Module } from '../src/index.js';
import { moduleSource } from './rego-source-arbitrary.js';
import { findSuite, SKIP_NO_SUITE } from '../../../test-support/peers.js';
import { loadSuiteCases } from './suite-cases.js';

// ---- comparing modules ignoring locations ------------------------------------------------------

const IGNORED = new Set(['location', 'generatedValue', 'generatedBody', 'usesIf', 'usesContains', 'assign', 'comments', 'generated']);

function strip(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(strip);
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (!IGNORED.has(k)) out[k] = strip(v);
    return out;
  }
  return x;
}

/** Imports are sorted by the formatter, so compare them as a sorted list. */
function normalize(m: Module): unknown {
  const s = strip(m) as { imports: unknown[] };
  s.imports = s.imports.map((i) => JSON.stringify(i)).sort();
  return s;
}

function parseOk(src: string, regoVersion: 'v0' | 'v1' = 'v1'): Module | undefined {
  return parseModule(src, { regoVersion }).module;
}

describe('format properties', () => {
  it('parse(format(m)) equals m ignoring locations, and format is idempotent', () => {
    fc.assert(
      fc.property(moduleSource, (src) => {
        const m = parseOk(src);
        fc.pre(m !== undefined);
        const out = format(m!, { source: src });
        const again = parseModule(out);
        expect(again.errors.map((e) => e.format()), out).toEqual([]);
        expect(normalize(again.module!)).toEqual(normalize(m!));
        expect(again.module!.comments.map((c) => c.text.trimEnd())).toEqual(m!.comments.map((c) => c.text.trimEnd()));
        expect(format(again.module!, { source: out })).toBe(out);
      }),
      { numRuns: 300 },
    );
  });
});

const suite = findSuite();

describe('format on the conformance suite', () => {
  it.skipIf(!suite)(`is idempotent on every module${suite ? '' : ` (${SKIP_NO_SUITE})`}`, () => {
    const failures: string[] = [];
    let checked = 0;
    for (const c of loadSuiteCases(suite!)) {
      for (const [i, src] of c.modules.entries()) {
        const m = parseOk(src, c.version);
        if (!m) continue;
        let once: string;
        try {
          once = format(m, { source: src, regoVersion: c.version });
        } catch {
          continue; // modules opa fmt rejects too (arity mismatches)
        }
        checked++;
        const m2 = parseOk(once, c.version);
        if (!m2) {
          failures.push(`${c.file} ${c.note} module ${i}: formatted output does not parse`);
          continue;
        }
        const twice = format(m2, { source: once, regoVersion: c.version });
        if (twice !== once) failures.push(`${c.file} ${c.note} module ${i}: not idempotent`);
      }
    }
    expect(checked).toBeGreaterThan(1000);
    // opa fmt itself is not idempotent on a few modules (e.g. `1, (2 in [2]) in xs`).
    expect(failures.length, failures.slice(0, 20).join('\n')).toBeLessThanOrEqual(5);
  });
});
