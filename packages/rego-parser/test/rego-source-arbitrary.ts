/**
 * A fast-check generator of Rego v1 modules (as source text) for formatter tests: terms,
 * collections written over one or several lines, comprehensions, some/every/with/not, rules
 * of every kind, comments and METADATA blocks.
 */
import fc from 'fast-check';

// ---- a small generator of Rego v1 source ------------------------------------------------------

/**
 * Modules as source text. With `hazards`, also constructs that opa fmt itself does not
 * round-trip (a statement starting with a minus after a line break, `(a | b) == c`, `else`
 * after a body opa fmt wraps): fine for comparing with opa fmt, not for round-trip properties.
 */
export function regoModuleSource(hazards = false): fc.Arbitrary<string> {
  const names = fc.constantFrom('a', 'b', 'x', 'y', 'foo', 'bar_1');
  const keywordish = fc.constantFrom('not', 'in', 'if', 'contains', 'every', 'some', 'with');
  const str = fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s));
  const rawStr = fc.stringMatching(/^[a-z \\{}"]{0,6}$/).map((s) => '`' + s + '`');
  // Non-negative: `x := 1\n-1 in y` reads as `x := 1 - 1 in y` (in OPA too), so a
  // statement starting with a minus does not survive formatting onto its own line.
  const num = fc.oneof(
    fc.integer({ min: hazards ? -1000 : 0, max: 1000 }).map(String),
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
      fc.tuple(tie('t'), fc.constantFrom('+', '-', '*', '/', '%', ...(hazards ? ['&', '|'] : [])), tie('t')).map(([a, op, b]) => `(${a} ${op} ${b})`),
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
    fc.tuple(names, names).map(([a, b]) => `some ${a}, ${b}`),
    fc.tuple(names, ref, term).map(([v, r, t]) => `every ${v} in ${r} {\n\t\t${v} != ${t}\n\t\tcount(${r}) > 0\n\t}`),
    fc.tuple(ref, term, term).map(([r, t, u]) => `${r} with input.x as ${t}\n\t\twith data.lib.y as ${u}`),
    fc.tuple(names, ref).map(([v, r]) => `${v} := $"id {${r}} and {count(${r})}"`),
    fc.tuple(names, names, ref).map(([v, w, r]) => `${v} := [${w} |\n\t\tsome ${w} in ${r}\n\t\t${w} > 1\n\t]`),
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
    fc.tuple(names, term, body, term).map(([n, t, b, e]) => {
      const r = `e_${n} := ${t} if ${b} else := ${e}`;
      return hazards ? r : r.replace(/\n\t?/g, ' ');
    }),
    fc.tuple(names, names, term).map(([n, k, t]) => `m_${n}.${k} := ${t}`),
  );

  const source = fc
    .tuple(
      fc.array(fc.constantFrom('import data.lib', 'import input.req as r', 'import data.z'), { maxLength: 2 }),
      fc.array(fc.tuple(comment, rule), { minLength: 1, maxLength: 5 }),
    )
    .map(([imps, rules]) => `package gen\n\n${[...new Set(imps)].join('\n')}\n\n${rules.map(([c, r]) => c + r).join('\n\n')}\n`);
  return source;
}

export const moduleSource = regoModuleSource();
