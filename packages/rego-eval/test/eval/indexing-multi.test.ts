/**
 * Rule indexing with many rules and several conditions each: results must equal an evaluation
 * of the same rules with every condition written in a form the index ignores (`[input.x][0]`).
 */
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/index.js';
import { run } from './helpers.js';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = ['input.method', 'input.path', 'input.user.role', 'input.n'];
const VALUES: Record<string, string[]> = {
  'input.method': ['"GET"', '"POST"'],
  'input.path': ['"/a"', '"/b"', '"/c"'],
  'input.user.role': ['"admin"', '"dev"'],
  'input.n': ['1', '2', '1.0'],
};

/** One condition in an indexable form and in an equivalent form the index does not see. */
function cond(r: () => number, i: number): [string, string] {
  const p = PATHS[Math.floor(r() * PATHS.length)]!;
  const vs = VALUES[p]!;
  const v = vs[Math.floor(r() * vs.length)]!;
  const plain = `[${p}][0] == ${v}`;
  switch (Math.floor(r() * 9)) {
    case 0:
      return [`${v} == ${p}`, plain];
    case 1:
      return [`${p} = ${v}`, plain];
    case 2:
      return [`x${i} := ${p}\n  x${i} == ${v}`, plain];
    case 3:
      return [`${p} != ${v}`, `[${p}][0] != ${v}`];
    case 4:
      return [`not ${p} == ${v}`, `not [${p}][0] == ${v}`];
    case 5:
      return [`${p} == ${v} with input.method as "GET"`, `[${p}][0] == ${v} with input.method as "GET"`];
    case 6:
      return [`input.tags[_] == ${v}`, `[input.tags[_]][0] == ${v}`];
    default:
      return [`${p} == ${v}`, plain];
  }
}

function policies(seed: number, n: number): [string, string] {
  const r = rng(seed);
  const a: string[] = ['package p', 'default allow := false'];
  const b: string[] = [...a];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(r() * 4);
    const cs = Array.from({ length: k }, (_, j) => cond(r, i * 10 + j));
    const shape = r();
    if (shape < 0.5) {
      a.push(`hits contains ${i} if {\n  ${cs.map((c) => c[0]).join('\n  ') || 'true'}\n}`);
      b.push(`hits contains ${i} if {\n  ${cs.map((c) => c[1]).join('\n  ') || 'true'}\n}`);
    } else if (shape < 0.8) {
      a.push(`allow if {\n  ${cs.map((c) => c[0]).join('\n  ') || 'input.never'}\n}`);
      b.push(`allow if {\n  ${cs.map((c) => c[1]).join('\n  ') || 'input.never'}\n}`);
    } else {
      // Else chains: the conditions gate only the first body.
      a.push(`kind := ${i} if {\n  ${cs.map((c) => c[0]).join('\n  ') || 'false'}\n} else := -${i} if input.method == "GET"`);
      b.push(`kind := ${i} if {\n  ${cs.map((c) => c[1]).join('\n  ') || 'false'}\n} else := -${i} if [input.method][0] == "GET"`);
    }
  }
  return [a.join('\n'), b.join('\n')];
}

const INPUTS: Value[] = [
  {},
  { method: 'GET' },
  { method: 'GET', path: '/a', user: { role: 'admin' }, n: 1 },
  { method: 'POST', path: '/b', user: { role: 'dev' }, n: 2, tags: ['"x"', '/c'] },
  { method: 'GET', path: '/c', user: 'admin', n: 1.0, tags: ['GET', 'admin'] },
  { method: 'POST', path: '/a', user: { role: 'admin' }, n: 2 },
  { method: ['GET'], path: '/b', user: { role: 'dev' } },
];

/** Outcome of the query, or its error text (conflicts in `kind` are possible). */
function outcome(mod: string, query: string, input: Value): unknown {
  try {
    return run(mod, query, { input });
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

describe('rule indexing on several conditions', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: indexed results equal unindexed ones`, () => {
      const [indexed, plain] = policies(seed, 60);
      for (const input of INPUTS) {
        for (const q of ['x := data.p.hits', 'x := data.p.allow', 'x := data.p.kind']) {
          expect(outcome(indexed, q, input), `${q} on ${JSON.stringify(input)}`).toEqual(outcome(plain, q, input));
        }
      }
    });
  }

  it('a rule is a candidate only when all its equalities hold', () => {
    const mod = `package p
r contains "a" if { input.method == "GET"; input.path == "/a" }
r contains "b" if { "GET" == input.method; p := input.path; p == "/b" }
r contains "c" if { input.method == "GET" }
r contains "d" if { input.method = "POST"; input.path == "/a" }
r contains "e" if { input.method == "GET"; input.path != "/a" }
r contains "f" if { input.method == "GET"; not input.path == "/a" }`;
    const q = 'x := data.p.r';
    expect(run(mod, q, { input: { method: 'GET', path: '/a' } })).toEqual([{ x: ['a', 'c'] }]);
    expect(run(mod, q, { input: { method: 'GET', path: '/b' } })).toEqual([{ x: ['b', 'c', 'e', 'f'] }]);
    expect(run(mod, q, { input: { method: 'GET' } })).toEqual([{ x: ['c', 'f'] }]);
    expect(run(mod, q, { input: { method: 'POST', path: '/a' } })).toEqual([{ x: ['d'] }]);
    expect(run(mod, q, { input: {} })).toEqual([{ x: [] }]);
  });
});
