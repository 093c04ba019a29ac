// `--max-data-nodes` while data files load (DataBudget): every file is counted on its text
// before it is decoded, all files together, and the count never exceeds the merged data's as the
// evaluator counts it — so data at exactly the limit loads (with the same value as without a
// limit) and one value more is refused. The same property as input-count.test.ts checks for
// `--max-input-nodes`, on the gatekeeper library, on edited documents and on merged files.
import { describe, expect, it } from 'vitest';
import { compile, newPlainObject, type PlainObject, type Value } from '@rego-ts/rego-eval';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { DataBudget } from '../src/eval/data-budget.js';
import { decodeJSON, decodeYAML } from '../src/eval/data-files.js';
import { jsonNodesExceed } from '../src/eval/json-count.js';
import { loadPaths, mergeInto } from '../src/eval/load-paths.js';
import { yamlTokensExceed } from '../src/eval/yaml-token-count.js';

/** The evaluator's count of base data: the smallest `maxDataNodes` that compile accepts. */
const evaluatorCount = (data: PlainObject): number => {
  const accepts = (max: number): boolean => {
    try {
      compile({ modules: [], data, maxDataNodes: max });
      return true;
    } catch {
      return false;
    }
  };
  let hi = 1;
  while (!accepts(hi)) hi *= 2;
  let lo = Math.floor(hi / 2);
  while (lo + 1 < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (accepts(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
};

interface DataFile {
  kind: 'json' | 'yaml';
  text: string;
  path: string[];
}

/** Loads `files` in order as the loaders do (decode, place, merge); undefined on a merge error. */
const load = (files: DataFile[], budget?: DataBudget): { data: PlainObject; refused: boolean } | undefined => {
  const data = newPlainObject();
  budget?.addRoot(data);
  for (const [i, f] of files.entries()) {
    const value = budget ? budget.decode(`f${i}`, f.kind, f.text, f.path) : f.kind === 'json' ? decodeJSON(f.text) : decodeYAML(f.text);
    if (value === undefined) return { data, refused: true };
    let doc: Value = value;
    for (let j = f.path.length - 1; j >= 0; j--) {
      const o = newPlainObject();
      o[f.path[j]!] = doc;
      doc = o;
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !mergeInto(data, doc as PlainObject)) return undefined;
  }
  return { data, refused: false };
};

/** Checks the budget on `files`: exactly at the merged data's count it loads them, one less refuses. */
const checkAtLimit = (files: DataFile[]): boolean => {
  let plain;
  try {
    plain = load(files);
  } catch {
    return false; // a decoding error
  }
  if (plain === undefined) return false;
  const n = evaluatorCount(plain.data);
  const at = load(files, new DataBudget(n));
  expect([files, at?.refused]).toEqual([files, false]);
  expect(at!.data).toEqual(plain.data);
  const below = new DataBudget(n - 1);
  expect([files, load(files, below)?.refused]).toEqual([files, true]);
  expect(below.error?.message).toMatch(new RegExp(`^data too large: base document has more than maxDataNodes \\(${n - 1}\\) values at f\\d+$`));
  return true;
};

describe('DataBudget: data files counted before decoding, all together', () => {
  it('each file adds only its new paths: objects earlier files hold count nothing', () => {
    const cases: DataFile[][] = [
      [{ kind: 'json', text: '{"xs": [1, 2, 3]}', path: [] }],
      [{ kind: 'json', text: '{"a": {"x": 1}}', path: [] }, { kind: 'yaml', text: 'a: {y: [1, 2]}\nb: 1\n', path: [] }],
      [{ kind: 'json', text: '{"x": {"y": 1}}', path: ['a', 'b'] }, { kind: 'json', text: '{"z": 2}', path: ['a', 'b', 'x'] }, { kind: 'yaml', text: 'q: 3\n', path: ['a'] }],
      [{ kind: 'yaml', text: 'a:\n  b:\n    c: [1, 2]\n', path: [] }, { kind: 'yaml', text: '{a: {b: {d: 1}, e: {}}}\n', path: [] }, { kind: 'json', text: '{"b": {"f": [[]]}}', path: ['a'] }],
      // A repeated key inside a file: its last value.
      [{ kind: 'json', text: '{"a": {"x": 1}}', path: [] }, { kind: 'json', text: '{"a": {"y": [1, 2, 3, 4]}, "a": {"x2": 1}}', path: [] }],
      [{ kind: 'yaml', text: 'k: [1, 2, 3]\n', path: ['p'] }, { kind: 'yaml', text: 'k2: 1\nk2: {a: 1}\n', path: ['p'] }],
      // Documents that are not objects, under a path.
      [{ kind: 'json', text: '[1, 2, 3]', path: ['a'] }, { kind: 'yaml', text: 'x\n', path: ['b', 'c'] }, { kind: 'yaml', text: '', path: ['d'] }],
    ];
    for (const files of cases) expect(checkAtLimit(files)).toBe(true);
  });

  it('a large file is refused on its text: a syntax error after the limit is never reached', () => {
    const items = Array.from({ length: 5000 }, (_, i) => String(i)).join(', ');
    const budget = new DataBudget(1000);
    expect(budget.decode('big.json', 'json', `[${items}, oops`, ['a'])).toBeUndefined();
    expect(budget.error?.message).toBe('data too large: base document has more than maxDataNodes (1000) values at big.json');
    const yaml = new DataBudget(1000);
    expect(yaml.decode('big.yaml', 'yaml', `${Array.from({ length: 5000 }, (_, i) => `k${i}: ${i}`).join('\n')}\n: : [ broken\n`, [])).toBeUndefined();
    expect(yaml.error?.message).toBe('data too large: base document has more than maxDataNodes (1000) values at big.yaml');
    // The budget is for all files: the second of two 600-value files passes it.
    const two = new DataBudget(1000);
    const list = `[${Array.from({ length: 599 }, (_, i) => String(i)).join(', ')}]`;
    expect(two.decode('one.json', 'json', list, ['a'])).toHaveLength(599);
    expect(two.decode('two.json', 'json', list + ' oops', ['b'])).toBeUndefined();
    expect(two.error?.message).toMatch(/ at two\.json$/);
  });

  it('the text counts never exceed what a file adds (JSON and YAML, every gatekeeper-library document, placed alone and over earlier data)', () => {
    const root = join(import.meta.dirname, '../../../../shared/corpus/gatekeeper-library/library');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
    let checked = 0;
    let previous: string | undefined;
    for (const f of files) {
      for (const text of readFileSync(join(root, f), 'utf8').split(/^---[ \t]*$/m)) {
        let value: Value;
        try {
          value = decodeYAML(text);
        } catch {
          continue;
        }
        const json = JSON.stringify(value);
        const alone: DataFile[][] = [[{ kind: 'yaml', text, path: ['lib'] }], [{ kind: 'json', text: json, path: ['lib'] }]];
        for (const c of alone) expect(checkAtLimit(c)).toBe(true);
        // Over the previous document at the same path: the objects both hold count once (a
        // scalar both hold is a merge error, skipped).
        if (previous !== undefined) {
          checkAtLimit([{ kind: 'yaml', text: previous, path: ['lib'] }, { kind: 'yaml', text, path: ['lib'] }]);
          checkAtLimit([{ kind: 'yaml', text: previous, path: ['lib'] }, { kind: 'json', text: json, path: ['lib'] }]);
        }
        previous = text;
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('never counts more than the merged data on edited documents and random merges (seeded)', () => {
    // mulberry32: an LCG's low bits repeat too soon for `% k` choices.
    let seed = 20261128;
    const rnd = (k: number): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % k;
    };
    const keys = ['a', 'b', 'c', '1', 'true', 'yes', '<<', 'null', '', '__proto__'];
    const gen = (d: number): unknown => {
      const r = rnd(d > 4 ? 3 : 7);
      if (r < 3) return [null, 'x', 1, true, 'a b', '', 'on'][rnd(7)];
      if (r < 6) return Object.fromEntries(Array.from({ length: rnd(5) }, () => [keys[rnd(keys.length)], gen(d + 1)]));
      return Array.from({ length: rnd(4) }, () => gen(d + 1));
    };
    const paths = [[], ['a'], ['a', 'b'], ['b'], ['a', 'c', 'a']];
    // Objects along shared keys (merged across files), other values under unique keys (two
    // files with a scalar at one path are a merge error).
    let uniq = 0;
    const spine = (d: number): Record<string, unknown> =>
      Object.fromEntries(Array.from({ length: 1 + rnd(3) }, () => (d < 3 && rnd(3) > 0 ? [keys[rnd(3)]!, spine(d + 1)] : [rnd(4) === 0 ? keys[rnd(keys.length)]! : `u${uniq++}`, gen(d + 1)])));
    const bits = ['- ', ': ', '{', '}', '[', ']', ', ', '"', '\n', '  ', 'a: 1\n', '"a": [1, 2], ', '"a": {}, '];
    const edit = (text: string): string => {
      for (let e = rnd(3); e > 0; e--) {
        const p = rnd(text.length + 1);
        text = rnd(2) === 0 ? text.slice(0, p) + bits[rnd(bits.length)] + text.slice(p) : text.slice(0, p) + text.slice(p + 1 + rnd(3));
      }
      return text;
    };
    let checked = 0;
    let merged = 0;
    for (let i = 0; i < 1500; i++) {
      const files: DataFile[] = Array.from({ length: 1 + rnd(4) }, () => {
        const v = spine(0);
        const yaml = rnd(2) === 0;
        const text = yaml ? stringify(v, { version: '1.1', ...[{}, { collectionStyle: 'flow' as const }][rnd(2)] }) : JSON.stringify(v, null, rnd(2) === 0 ? 1 : undefined);
        return { kind: yaml ? 'yaml' : 'json', text: rnd(3) === 0 ? edit(text) : text, path: paths[rnd(paths.length)]! };
      });
      if (checkAtLimit(files)) {
        checked++;
        if (files.length > 1) merged++;
      }
    }
    expect([checked, merged]).toEqual([expect.toSatisfy((n: number) => n > 500), expect.toSatisfy((n: number) => n > 150)]);
  });

  it('the counts of a file placed over earlier data leave out the paths that data holds', () => {
    const at = [decodeJSON('{"a": {"x": 1}, "b": 2}') as PlainObject];
    // 1 (a.y) + 2 (a.y's items) + 1 (c): a and b are held already.
    const text = '{"a": {"y": [1, 2]}, "b": 3, "c": 4}';
    expect(jsonNodesExceed(text, 3, { early: true, at, exists: true })).toBe(true);
    expect(jsonNodesExceed(text, 4, { early: true, at, exists: true })).toBe(false);
    const yaml = 'a:\n  y: [1, 2]\nb: 3\nc: 4\n';
    expect(yamlTokensExceed(yaml, 3, { at, exists: true })).toBe(true);
    expect(yamlTokensExceed(yaml, 4, { at, exists: true })).toBe(false);
  });
});

describe('loadPaths with a DataBudget (directories of data files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rego-ts-data-count-'));
  const file = (name: string, text: string): void => {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  };
  file('a/data.json', '{"x": [1, 2, 3]}');
  file('b/data.yaml', 'y: [1, 2, 3]\nz: {q: 1}\n');
  file('top.json', '{"a": {"x2": 1}}');
  file('policy.rego', 'package p\n\nr := 1\n');

  it('counts all files together: at the merged count it loads the same data, one less is refused at the file that passes it', () => {
    const plain = loadPaths([dir], 'v1');
    expect(plain.errors).toEqual([]);
    const n = evaluatorCount(plain.data);
    expect(n).toBe(14);
    const budget = new DataBudget(n);
    const at = loadPaths([dir], 'v1', [], undefined, budget);
    expect([at.errors, budget.error, at.data]).toEqual([[], undefined, plain.data]);
    const below = new DataBudget(n - 1);
    const refused = loadPaths([dir], 'v1', [], undefined, below);
    expect(below.error?.message).toBe(`data too large: base document has more than maxDataNodes (13) values at ${join(dir, 'top.json')}`);
    // Policies still load; data files after the one refused are not read.
    expect(refused.modules.map((m) => m.file)).toEqual([join(dir, 'policy.rego')]);
  });
});
