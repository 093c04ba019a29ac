/**
 * Finding OPA-style unit tests: rules whose head path (up to the first variable part) has a
 * segment starting with `test_` (run) or `todo_test_` (reported as skipped). A test name
 * defined more than once in a package is renamed `test_x#01`, `test_x#02`, … so that every
 * definition runs as its own test, as opa does.
 */
import type { Module, Rule, Term } from '@rego-ts/rego-parser';
import { reachedCasesRule } from './test-cases.js';

export const TEST_PREFIX = 'test_';
export const SKIP_PREFIX = 'todo_test_';

export interface TestCase {
  file: string;
  location: { file: string; row: number; col: number };
  /** `data.a.b` */
  pkg: string;
  /** The rule path up to the test name, as opa prints it (`test_x`, `a.test_x`, `test_x#01`). */
  name: string;
  /** The query that evaluates the test (`data.a.b.test_x`, `data.p["test_x#01"]`). */
  query: string;
  skip: boolean;
  /** `test_x[name] if …`: the value is an object of test-case outcomes. */
  partialObject: boolean;
  /** Partial-object tests: the query of the companion rule naming the cases reached (see test-cases.ts). */
  casesQuery?: string;
  /** Number of head segments after the test name (the depth of case names). */
  caseDepth: number;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(['as', 'default', 'else', 'false', 'import', 'package', 'not', 'null', 'true', 'with', 'some', 'in', 'if', 'contains', 'every']);

/** opa's `Ref.String()` for a path of names: `data.a["b-c"]`. */
export function refString(head: string, parts: string[]): string {
  return head + parts.map((p) => (IDENT.test(p) && !KEYWORDS.has(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('');
}

function segmentName(t: Term): string | undefined {
  return t.type === 'var' || t.type === 'string' ? t.value : undefined;
}

/** The ground prefix of the head up to (and including) the test name, or undefined. */
function testRef(rule: Rule): { parts: string[]; name: string } | undefined {
  const parts: string[] = [];
  for (const t of rule.head.ref) {
    const n = segmentName(t);
    if (n === undefined || (t.type === 'var' && parts.length > 0)) return undefined;
    parts.push(n);
    if (n.startsWith(TEST_PREFIX) || n.startsWith(SKIP_PREFIX)) return { parts, name: n };
  }
  return undefined;
}

function packagePath(m: Module): string[] {
  return m.package.path.value.slice(1).map((t) => segmentName(t) ?? '');
}

/**
 * The tests of `modules` (sorted by file, rules in source order). Returns the modules with
 * duplicate test rules renamed (compile those instead of the originals), and the same with
 * the companion rules of partial-object tests added (`withCases`; compile those when they
 * compile, else drop the tests' `casesQuery`).
 */
export function discoverTests(modules: Module[]): { tests: TestCase[]; modules: Module[]; withCases: Module[] } {
  const withCases: Module[] = [];
  let companions = 0;
  const count = new Map<string, number>();
  const tests: TestCase[] = [];
  const sorted = [...modules].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const out: Module[] = [];
  for (const m of sorted) {
    const pkgParts = packagePath(m);
    const pkg = refString('data', pkgParts);
    let rules = m.rules;
    const extra: Rule[] = [];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      const ref = testRef(rule);
      if (!ref) continue;
      let parts = ref.parts;
      if (ref.name.startsWith(TEST_PREFIX)) {
        const key = [...pkgParts, ...parts].join('\u0000');
        const k = count.get(key) ?? 0;
        count.set(key, k + 1);
        if (k > 0) {
          const renamed = `${ref.name}#${String(k).padStart(2, '0')}`;
          parts = [...parts.slice(0, -1), renamed];
          if (rules === m.rules) rules = [...m.rules];
          rules[i] = renameHead(rule, parts.length - 1, renamed);
        }
      }
      const [first, ...rest] = parts;
      const loc = rule.location;
      const partialObject =
        !(rule.head.key !== undefined && rule.head.value === undefined) && rule.head.ref.slice(parts.length).some((t) => t.type !== 'string');
      let casesQuery: string | undefined;
      if (partialObject && !ref.name.startsWith(SKIP_PREFIX)) {
        const name = `__rego_ts_cases_${companions++}__`;
        const companion = reachedCasesRule(rules[i]!, parts.length - 1, name);
        if (companion) {
          extra.push(companion);
          casesQuery = refString(pkg, [name]);
        }
      }
      tests.push({
        file: m.file,
        location: { file: loc.file || m.file, row: loc.row, col: loc.col },
        pkg,
        name: refString(first!, rest),
        query: refString(pkg, parts),
        skip: ref.name.startsWith(SKIP_PREFIX),
        partialObject,
        ...(casesQuery !== undefined ? { casesQuery } : {}),
        caseDepth: rule.head.ref.length - parts.length,
      });
    }
    const mod = rules === m.rules ? m : { ...m, rules };
    out.push(mod);
    withCases.push(extra.length ? { ...mod, rules: [...mod.rules, ...extra] } : mod);
  }
  return { tests, modules: out, withCases };
}

function renameHead(rule: Rule, index: number, name: string): Rule {
  const ref = [...rule.head.ref];
  const old = ref[index]!;
  ref[index] = old.type === 'var' ? { ...old, value: name } : { type: 'string', value: name, location: old.location };
  return { ...rule, head: { ...rule.head, ref, name: index === 0 ? name : rule.head.name } };
}
