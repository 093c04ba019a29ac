/**
 * Join indexes (`other := data.inv[_][name]; other.rules[_].host == h` evaluated for many
 * inputs over the same data): results and errors must equal those of the same policy written
 * so that it is not indexed (`[h][0]` instead of `h` as the probe), on every evaluation of one
 * compiled policy (the index is built at the second use and reused), and those of opa.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, toJSON, type Value } from '../../src/index.js';
import { opaBin, opaSkip, opaValue } from './opa-peer.js';

/** Sources write the probe as `H`: the indexed form has `h`, the twin `[h][0]` (no plan). */
const mk = (src: string, ix: boolean): string => src.replace(/\bH\b/g, ix ? 'h' : '[h][0]');

interface Run {
  input?: Value;
  data?: Value;
  strict?: boolean;
  query?: string;
  maxSteps?: number;
}

/** Evaluates every run in turn on one compiled policy; each run's bindings or error text. */
function outcomes(src: string, baseData: Value, runs: Run[], defaultQuery: string): unknown[] {
  const policy = compile({ modules: [{ file: 'p.rego', source: src }], data: baseData });
  return runs.map((r) => {
    try {
      const q = policy.prepare(r.query ?? defaultQuery);
      return q
        .evaluate({ ...(r.input !== undefined ? { input: r.input } : {}), ...(r.data !== undefined ? { data: r.data } : {}), ...(r.strict ? { strictBuiltinErrors: true } : {}), ...(r.maxSteps ? { maxSteps: r.maxSteps } : {}) })
        .map((x) => toJSON(x.bindings as Value));
    } catch (e) {
      const x = e as { code?: string; message: string };
      return `error: ${x.code}: ${x.message}`;
    }
  });
}

/** Runs each input three times (first use, build, reuse) interleaved with the others. */
const thrice = (runs: Run[]): Run[] => [...runs, ...runs, ...runs];

interface Case {
  name: string;
  src: string;
  data: Value;
  runs: Run[];
  query?: string;
}

const ing = (ns: string, name: string, hosts: unknown[], api = 'networking.k8s.io/v1'): [string, string, string, Value] => [ns, api, name, { metadata: { namespace: ns, name }, spec: { rules: hosts.map((host) => ({ host })) } } as Value];

function inventory(objs: Array<[string, string, string, Value]>, kind = 'Ingress'): Value {
  const out: Record<string, Record<string, Record<string, Record<string, Value>>>> = {};
  for (const [ns, api, name, o] of objs) (((out[ns] ??= {})[api] ??= {})[kind] ??= {})[name] = o;
  return { inventory: { namespace: out } } as Value;
}

const INGRESSES = inventory([
  ing('a', 'i1', ['x.com', 'y.com']),
  ing('a', 'i2', ['y.com']),
  ing('b', 'i3', ['x.com', 'x.com']),
  ing('b', 'i4', []),
  ing('b', 'i5', ['z.com'], 'extensions/v1beta1'),
  ing('c', 'i6', ['x.com'], 'v1'),
  ['c', 'networking.k8s.io/v1', 'i7', { metadata: { namespace: 'c', name: 'i7' } } as Value],
  ['c', 'networking.k8s.io/v1', 'i8', { metadata: { namespace: 'c', name: 'i8' }, spec: { rules: 'nope' } } as Value],
  ['c', 'networking.k8s.io/v1', 'i9', { metadata: { namespace: 'c', name: 'i9' }, spec: { rules: [{ host: 1 }, { host: 1.5 }, { host: ['x.com'] }, {}] } } as Value],
]);

const review = (ns: string, name: string, hosts: unknown[]): Value => ({ review: { object: { metadata: { namespace: ns, name }, spec: { rules: hosts.map((host) => ({ host })) } } } }) as Value;

const UNIQUE_HOST = `package p
identical(obj, rev) if {
  obj.metadata.namespace == rev.object.metadata.namespace
  obj.metadata.name == rev.object.metadata.name
}
violation contains [h, ns, name] if {
  h := input.review.object.spec.rules[_].host
  other := data.inventory.namespace[ns][api]["Ingress"][name]
  regex.match("^(extensions|networking.k8s.io)/.+$", api)
  other.spec.rules[_].host == H
  not identical(other, input.review)
}
ordered := [[ns, name] | h := input.review.object.spec.rules[_].host; other := data.inventory.namespace[ns][_]["Ingress"][name]; other.spec.rules[_].host == H]
exists if {
  h := input.review.object.spec.rules[0].host
  other := data.inventory.namespace[_][_]["Ingress"][_]
  H = other.spec.rules[_].host
}`;

const HOST_RUNS: Run[] = [
  { input: review('a', 'i1', ['x.com']) },
  { input: review('z', 'new', ['y.com', 'x.com']) },
  { input: review('z', 'new', [1.0, 1, 1.5]) },
  { input: review('z', 'new', [['x.com'], 'q.com']) },
  { input: review('z', 'new', []) },
  { input: { review: {} } as Value },
];

const SELECTORS = (() => {
  const svc = (ns: string, name: string, selector: Value | undefined, kind = 'Service'): Value =>
    ({ apiVersion: 'v1', kind, metadata: { namespace: ns, name }, ...(selector === undefined ? {} : { spec: { selector } }) }) as Value;
  return {
    inventory: {
      namespace: {
        a: { v1: { Service: { s1: svc('a', 's1', { app: 'x' }), s2: svc('a', 's2', { app: 'x', tier: 'web' }), s3: svc('a', 's3', undefined) } } },
        b: { v1: { Service: { s4: svc('b', 's4', { tier: 'web', app: 'x' }), s5: svc('b', 's5', { app: 'y' }) } }, 'apps/v1': { Service: { s6: svc('b', 's6', { app: 'x' }) } } },
      },
    },
  } as Value;
})();

const UNIQUE_SELECTOR = `package p
make_apiversion(kind) := api if {
  g := kind.group
  v := kind.version
  g != ""
  api := sprintf("%v/%v", [g, v])
}
make_apiversion(kind) := api if {
  kind.group == ""
  api := kind.version
}
identical(obj, rev) if {
  obj.metadata.namespace == rev.namespace
  obj.metadata.name == rev.name
  obj.kind == rev.kind.kind
  obj.apiVersion == make_apiversion(rev.kind)
}
flatten_selector(obj) := flattened if {
  selectors := [s | s = concat(":", [key, val]); val = obj.spec.selector[key]]
  flattened := concat(",", sort(selectors))
}
violation contains [ns, name] if {
  h := flatten_selector(input.review.object)
  other := data.inventory.namespace[ns][_]["Service"][name]
  not identical(other, input.review)
  other_selector := flatten_selector(other)
  H == other_selector
}
labels contains name if {
  h := input.review.object.spec.selector
  other := data.inventory.namespace[_][_]["Service"][name]
  other.spec.selector == H
}
sets contains name if {
  h := {k | input.review.object.spec.selector[k]}
  other := data.inventory.namespace[_][_]["Service"][name]
  ks := {k | other.spec.selector[k]}
  ks == H
}`;

const srev = (ns: string, name: string, selector: Value): Value => ({ review: { namespace: ns, name, kind: { group: '', version: 'v1', kind: 'Service' }, object: { spec: { selector } } } }) as Value;
const SELECTOR_RUNS: Run[] = [
  { input: srev('a', 's1', { app: 'x' }) },
  { input: srev('z', 'n', { app: 'x', tier: 'web' }) },
  { input: srev('b', 's5', { app: 'y' }) },
  { input: srev('z', 'n', {}) },
];

const CASES: Case[] = [
  { name: 'unique ingress host: key-only filter, deferred negation, duplicates, odd values', src: UNIQUE_HOST, data: INGRESSES, runs: thrice(HOST_RUNS), query: 'x := data.p.violation' },
  { name: 'array comprehension keeps the iteration order', src: UNIQUE_HOST, data: INGRESSES, runs: thrice(HOST_RUNS), query: 'x := data.p.ordered' },
  { name: 'existence (early exit)', src: UNIQUE_HOST, data: INGRESSES, runs: thrice(HOST_RUNS), query: 'x := data.p.exists' },
  { name: 'unique service selector: function keys, deferred call of exclusive definitions', src: UNIQUE_SELECTOR, data: SELECTORS, runs: thrice(SELECTOR_RUNS), query: 'x := data.p.violation' },
  { name: 'objects and sets as compared values', src: UNIQUE_SELECTOR, data: SELECTORS, runs: thrice(SELECTOR_RUNS), query: 'x := [data.p.labels, data.p.sets]' },
  {
    name: 'with data replacing the iterated document, and data changing between evaluations',
    src: UNIQUE_HOST,
    data: INGRESSES,
    runs: thrice([
      { input: review('z', 'n', ['x.com']), query: 'x := data.p.violation with data.inventory.namespace as {"q": {"v1": {"Ingress": {"k": {"spec": {"rules": [{"host": "x.com"}]}}}}}}' },
      { input: review('z', 'n', ['x.com']) },
      { input: review('z', 'n', ['x.com']), data: inventory([ing('d', 'j1', ['x.com']), ing('d', 'j2', ['w.com'])]) },
      { input: review('z', 'n', ['w.com']), data: inventory([ing('d', 'j1', ['x.com']), ing('d', 'j2', ['w.com'])]) },
      { input: review('z', 'n', ['x.com']), query: 'x := data.p.violation with input.review.object.spec.rules as [{"host": "y.com"}]' },
    ]),
    query: 'x := data.p.violation',
  },
  {
    name: 'numbers of different spellings',
    src: `package p
hits contains [n, i] if {
  some h in [1, 1.0, 1.00, 2.5e0, "1", 10e-1]
  v := data.nums[i]
  n := v * 1
  n == H
}`,
    data: { nums: [1, 1.0, 2.5, '1', 0.1, 3] } as Value,
    runs: thrice([{}]),
    query: 'x := data.p.hits',
  },
  {
    name: 'errors: strict builtin error in the key of a binding no probe asks for',
    src: `package p
nums contains [name, n] if {
  h := input.want
  other := data.items[name]
  n := to_number(other.v)
  n == H
}`,
    data: { items: { a: { v: '1' }, b: { v: 'bad' }, c: { v: '2' } } } as Value,
    runs: thrice([{ input: { want: 1 } as Value, strict: true }, { input: { want: 2 } as Value }, { input: { want: 2 } as Value, strict: true }]),
    query: 'x := data.p.nums',
  },
  {
    name: 'errors: a conflict after the comparison, and one in a literal that cannot be deferred',
    src: `package p
f(x) := 1 if x.a
f(x) := 2 if x.b
after contains name if {
  h := input.want
  other := data.items[name]
  other.k == H
  f(other) == 1
}
g(x, y) := 1 if x.a == y
g(x, y) := 2 if x.b == y
before contains name if {
  h := input.want
  other := data.items[name]
  g(other, input.y) > 0
  other.k == H
}`,
    data: { items: { a: { k: 1, a: true }, b: { k: 2, a: true, b: true }, c: { k: 3, b: true } } } as Value,
    runs: thrice([
      { input: { want: 1 } as Value, query: 'x := data.p.after' },
      { input: { want: 2 } as Value, query: 'x := data.p.after' },
      { input: { want: 3, y: true } as Value, query: 'x := data.p.before' },
      { input: { want: 1, y: false } as Value, query: 'x := data.p.before' },
    ]),
  },
  {
    name: 'iteration vars bound from outside and undefined probes fall back',
    src: `package p
inner(ns) := [name | h := input.want; other := data.items[ns][name]; other.k == H]
outer := [[ns, inner(ns)] | some ns, _ in data.items]
undef := [name | h := input.missing; other := data.items[_][name]; other.k == H]`,
    data: { items: { a: { x: { k: 1 }, y: { k: 2 } }, b: { z: { k: 1 } } } } as Value,
    runs: thrice([{ input: { want: 1 } as Value }, { input: { want: 2 } as Value }]),
    query: 'x := [data.p.outer, data.p.undef]',
  },
];

describe('join indexes', () => {
  for (const c of CASES) {
    it(`${c.name}: indexed equals unindexed`, () => {
      const q = c.query ?? 'x := data.p';
      const want = outcomes(mk(c.src, false), c.data, c.runs, q);
      const got = outcomes(mk(c.src, true), c.data, c.runs, q);
      expect(got).toEqual(want);
    });
  }

  it('the index is used: a step budget the unindexed evaluation exceeds suffices', () => {
    const items: Record<string, Value> = {};
    for (let i = 0; i < 3000; i++) items[`o${i}`] = { k: i % 1000 };
    const src = `package p
found contains name if {
  h := input.want
  other := data.items[name]
  other.k == H
}`;
    const budget = (ix: boolean): unknown[] => {
      const policy = compile({ modules: [{ file: 'p.rego', source: mk(src, ix) }], data: { items } as Value });
      const q = policy.prepare('x := data.p.found');
      q.evaluate({ input: { want: 1 } });
      q.evaluate({ input: { want: 2 } });
      try {
        return q.evaluate({ input: { want: 7 }, maxSteps: 500 }).map((r) => toJSON(r.bindings as Value));
      } catch (e) {
        return [(e as { code: string }).code];
      }
    };
    expect(budget(true)).toEqual([{ x: ['o1007', 'o2007', 'o7'] }]);
    expect(budget(false)).toEqual(['eval_cancel_error']);
  });

  it('a step budget never fails an evaluation that the plain one completes (the build is not charged)', () => {
    // The deferred filter prunes most items in the plain evaluation; the build runs the
    // expensive key literal on all of them.
    const src = `package p
found contains name if {
  h := input.want
  other := data.items[name]
  not other.skip == h
  k := count([x | x := other.list[_]])
  k == H
}`;
    const data = { items: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`o${i}`, { skip: i % 20 === 0 ? 'no' : 2, list: Array.from({ length: 2 + (i % 3) }, (_, j) => j) }])) } as Value;
    const wants = [2, 3, 4, 2, 3, 4];
    const unlimited = outcomes(mk(src, false), data, wants.map((w) => ({ input: { want: w } as Value })), 'x := data.p.found');
    const cancel = 'error: eval_cancel_error: caller cancelled query execution: step budget exhausted';
    let cancelled = 0;
    for (const maxSteps of [300, 800, 1500]) {
      const runs = wants.map((w) => ({ input: { want: w } as Value, maxSteps }));
      const plain = outcomes(mk(src, false), data, runs, 'x := data.p.found');
      const indexed = outcomes(mk(src, true), data, runs, 'x := data.p.found');
      indexed.forEach((got, i) => {
        if (plain[i] === cancel) {
          cancelled++;
          if (got !== cancel) expect(got, `indexed ${maxSteps} #${i}`).toEqual(unlimited[i]);
        } else {
          expect(plain[i], `plain ${maxSteps} #${i}`).toEqual(unlimited[i]);
          expect(got, `indexed ${maxSteps} #${i}`).toEqual(unlimited[i]);
        }
      });
    }
    expect(cancelled).toBeGreaterThan(0);
  });

  it.skipIf(!opaBin)(`equals opa${opaSkip}`, () => {
    for (const c of CASES) {
      const q = c.query ?? 'x := data.p';
      const got = outcomes(mk(c.src, true), c.data, c.runs, q);
      c.runs.forEach((r, i) => {
        if (r.strict || r.data !== undefined) return;
        const query = (r.query ?? q).replace(/^x := /, '');
        let theirs: unknown;
        try {
          const v = opaValue([mk(c.src, true)], query, r.input, c.data);
          theirs = v === undefined ? [] : [{ x: v }];
        } catch {
          theirs = 'error';
        }
        const ours = got[i];
        if (typeof ours === 'string') expect(theirs, `${c.name} #${i}: ${ours}`).toBe('error');
        else expect(ours, `${c.name} #${i}`).toEqual(theirs);
      });
    }
  });

  it('random inventories and probes: indexed equals unindexed', () => {
    const src = `package p
v contains [h, ns, name, i] if {
  some h in input.hosts
  other := data.inv[ns][name]
  startswith(ns, "n")
  other.rules[i].host == H
  not other.skip == h
}`;
    const val = fc.constantFrom<unknown>('a', 'b', 1, 1.0, 2, null, ['a'], { k: 1 });
    const obj = fc.record({ rules: fc.array(fc.record({ host: val }), { maxLength: 3 }), skip: val });
    const inv = fc.dictionary(fc.constantFrom('n1', 'n2', 'm'), fc.dictionary(fc.constantFrom('o1', 'o2', 'o3'), obj, { maxKeys: 3 }), { maxKeys: 3 });
    fc.assert(
      fc.property(inv, fc.array(fc.array(val, { maxLength: 3 }), { minLength: 1, maxLength: 4 }), (d, hostLists) => {
        const data = JSON.parse(JSON.stringify({ inv: d })) as Value;
        const runs = thrice(hostLists.map((hosts) => ({ input: JSON.parse(JSON.stringify({ hosts })) as Value })));
        expect(outcomes(mk(src, true), data, runs, 'x := data.p.v')).toEqual(outcomes(mk(src, false), data, runs, 'x := data.p.v'));
      }),
      { numRuns: 150, seed: 1126 },
    );
  });
});
