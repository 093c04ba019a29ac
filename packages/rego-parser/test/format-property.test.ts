/**
 * Formatter properties: for generated modules, `parse(format(m))` equals `m` ignoring
 * locations and spelling-only flags, and `format` is idempotent; `format` is idempotent on
 * every module of OPA's conformance suite.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { format, parseModule, type Module } from '../src/index.js';
import { findSuite, SKIP_NO_SUITE } from '../../../test-support/peers.js';
import { loadSuiteCases } from './suite-cases.js';

// ---- a small generator of Rego v1 source ------------------------------------------------------

const names = fc.constantFrom('a', 'b', 'x', 'y', 'foo', 'bar_1');
const keywordish = fc.constantFrom('not', 'in', 'if', 'contains', 'every', 'some', 'with');
const str = fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s));
const rawStr = fc.stringMatching(/^[a-z \\{}"]{0,6}$/).map((s) => '`' + s + '`');
// Non-negative: `x := 1\n-1 in y` reads as `x := 1 - 1 in y` (in OPA too), so a
// statement starting with a minus does not survive formatting onto its own line.
const num = fc.oneof(
  fc.integer({ min: 0, max: 1000 }).map(String),
  fc.constantFrom('1.5', '0.25', '1e3', '2.0', '123456789012345678901234567890'),
);
const scalar = fc.oneof(num, str, rawStr, fc.constantFrom('true', 'false', 'null'));

/** Line breaks inside collections and calls: opa fmt keeps rows, so they must round-trip. */
const sep = fc.constantFrom(', ', ',\n\t', ', ');

const ref: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('input', 'data.lib', 'x'),
    fc.array(fc.oneof(names.map((n) => `.${n}`), keywordish.map((k) => `["${k}"]`), num.map((n) => `[${n}]`), str.map((s) => `[${s}]`)), { maxLength: 3 }),
  )
  .map(([h, p]) => h + p.join(''));

const term: fc.Arbitrary<string> = fc.letrec<{ t: string }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    ref,
    names,
    fc.tuple(fc.array(tie('t'), { maxLength: 3 }), sep).map(([xs, s]) => `[${xs.join(s)}]`),
    // Keys and set elements are distinct: the formatter (like OPA) collapses duplicates.
    fc.tuple(fc.uniqueArray(fc.tuple(str, tie('t')), { maxLength: 3, selector: ([k]) => JSON.parse(k) as string }), sep)
      .map(([kv, s]) => `{${kv.map(([k, v]) => `${k}: ${v}`).join(s)}}`),
    fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 3 }).map((xs) => `{${xs.join(', ')}}`),
    fc.constant('set()'),
    fc.tuple(fc.constantFrom('count', 'object.get', 'sprintf', 'max'), fc.array(tie('t'), { minLength: 1, maxLength: 3 })).map(([f, a]) => `${f}(${a.join(', ')})`),
    // No `|`/`&`: opa fmt drops the parentheses of `(a | b) == c` (a known opa fmt hazard).
    fc.tuple(tie('t'), fc.constantFrom('+', '-', '*', '/', '%'), tie('t')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(names, ref).map(([v, r]) => `[${v} | some ${v} in ${r}]`),
    fc.tuple(names, ref).map(([v, r]) => `{${v}: true | some ${v} in ${r}}`),
  ),
})).t;

const expr: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(names, term).map(([v, t]) => `${v} := ${t}`),
  fc.tuple(term, fc.constantFrom('==', '!=', '<', '>=', '='), term).map(([a, op, b]) => `${a} ${op} ${b}`),
  ref.map((r) => `not ${r}`),
  fc.tuple(names, ref).map(([v, r]) => `some ${v} in ${r}`),
  fc.tuple(names, names, ref).map(([k, v, r]) => `some ${k}, ${v} in ${r}`),
  fc.tuple(names, ref, term).map(([v, r, t]) => `every ${v} in ${r} { ${v} != ${t} }`),
  fc.tuple(ref, term).map(([r, t]) => `${r} with input.x as ${t}`),
  fc.tuple(term, ref).map(([t, r]) => `${t} in ${r}`),
);

const body = fc.tuple(fc.array(expr, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([es, multi]) =>
  multi ? `{\n\t${es.join('\n\t')}\n}` : `{ ${es.join('; ')} }`,
);

const comment = fc.constantFrom('', '# note\n', '# METADATA\n# title: x\n');

const rule: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(names, term).map(([n, t]) => `r_${n} := ${t}`),
  fc.tuple(names, term, body).map(([n, t, b]) => `v_${n} := ${t} if ${b}`),
  fc.tuple(names, body).map(([n, b]) => `b_${n} if ${b}`),
  fc.tuple(names, term, body).map(([n, t, b]) => `s_${n} contains ${t} if ${b}`),
  fc.tuple(names, names, body).map(([n, a, b]) => `f_${n}(${a}) := ${a} if ${b}`),
  fc.tuple(names, scalar).map(([n, s]) => `default d_${n} := ${s}`),
  // Kept on one line: opa fmt is not idempotent on `else` after a body that it wraps.
  fc.tuple(names, term, body, term).map(([n, t, b, e]) => `e_${n} := ${t} if ${b} else := ${e}`.replace(/\n\t?/g, ' ')),
  fc.tuple(names, names, term).map(([n, k, t]) => `m_${n}.${k} := ${t}`),
);

const moduleSource = fc
  .tuple(
    fc.array(fc.constantFrom('import data.lib', 'import input.req as r', 'import data.z'), { maxLength: 2 }),
    fc.array(fc.tuple(comment, rule), { minLength: 1, maxLength: 5 }),
  )
  .map(([imps, rules]) => `package gen\n\n${[...new Set(imps)].join('\n')}\n\n${rules.map(([c, r]) => c + r).join('\n\n')}\n`);

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
