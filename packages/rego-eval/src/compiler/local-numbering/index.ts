/**
 * OPA's numbers for the variables its compiler generates (`__local0__`, `__local1__`, …).
 *
 * OPA has one generator for a whole compile, and each rewriting stage runs over all rules of
 * all modules before the next: a variable's number counts what earlier stages made in the
 * whole module, what this stage made in earlier rules, and its place in its rule. The names
 * matter where OPA orders terms by them — a set or object literal's members are iterated, and
 * type-checked, sorted by name, and `__local10__` sorts before `__local9__` — so an unrelated
 * rule can change which key of an object literal wins or which type a member gets. rego-ts
 * numbers per rule elsewhere; this pass replays the counting once per compile (./stages.ts)
 * and gives, for a rego-ts term, the number of the variable OPA puts in its place.
 */
import type { Body, Module, Rule, Term } from '@rego-ts/rego-parser';
import { walkBody, walkModule } from '@rego-ts/rego-parser';
import { convertModule, convertQuery, type N, type RuleN } from './tree.js';
import { Replay } from './stages.js';
import { forEachTerm } from './stages.js';
import { isConstantRule } from '../constant-rule.js';

/** The name of the variable OPA puts in place of a rego-ts term (`__local7__`, `__localq2__`). */
export type LocalNumbers = ReadonlyMap<Term, string>;

/**
 * The numbers for the modules of one compile, or undefined where the replay does not model
 * the module (`print`, `rego.metadata` calls, `not { … }` bodies).
 */
export function opaLocalNumbers(
  modules: readonly Module[],
  opts: { trace?: Replay['trace']; always?: boolean } = {},
): LocalNumbers | undefined {
  // Names only order the members of a literal with two or more varying members (keys): without
  // one, nothing depends on them and the replay is skipped (compile time).
  if (!opts.always && !modules.some(hasVaryingLiteral)) return undefined;
  const sorted = modules.slice().sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const byPkg = rulesByPackage(sorted);
  const rules: RuleN[] = [];
  for (const m of sorted) {
    const pkg = pkgPath(m);
    const names = new Map<string, string[]>();
    for (const r of byPkg.get(pkgKey(m))!) names.set(r.head.name, [...pkg, r.head.name]);
    for (const imp of m.imports) {
      const path = imp.path.value.map((t) => (t.type === 'string' || t.type === 'var' ? t.value : ''));
      if (path[0] !== 'data' && path[0] !== 'input') continue;
      names.set(imp.alias ?? path[path.length - 1]!, path);
    }
    rules.push(...convertModule(m, names));
  }
  const scan = scanRules(rules, /^__local(\d+)__$/);
  if (!scan) return undefined;
  const facts = knownDefined(byPkg);
  const replay = new Replay(scan, { knownDefined: (name) => facts.has(name) });
  replay.trace = opts.trace;
  replay.run(rules);
  return replay.names;
}

/**
 * The names OPA's query compiler gives the variables it generates in `body` (`__localqN__`,
 * numbered per query: `modules` are those the query is compiled against, for the rules a
 * template string may name), or undefined where nothing depends on them or the replay does
 * not model the query (as for modules).
 */
export function opaQueryLocalNames(
  body: Body,
  modules: readonly Module[],
  opts: { trace?: Replay['trace']; always?: boolean } = {},
): LocalNumbers | undefined {
  if (!opts.always && !hasVaryingLiteralIn((f) => walkBody(body, f))) return undefined;
  const rule = convertQuery(body);
  if (!scanRules([rule], /^$/)) return undefined;
  let facts: Set<string> | undefined;
  const replay = new Replay(new Set(), { knownDefined: (name) => (facts ??= knownDefined(rulesByPackage(modules))).has(name) }, '__localq');
  replay.trace = opts.trace;
  replay.runQuery(rule);
  return replay.names;
}

/**
 * The numbers of names matching `generated` written in the rules, or undefined when the replay
 * does not model them (`print`, `rego.metadata` calls, `not { … }` bodies).
 */
function scanRules(rules: RuleN[], generated: RegExp): Set<number> | undefined {
  const exclude = new Set<number>();
  let unsupported = false;
  const scan = (t: N): void => {
    if (t.k === 'var') {
      const m = generated.exec(t.name);
      if (m) exclude.add(Number(m[1]));
    }
    if (t.k === 'call' && t.terms[0]!.k === 'ref') {
      const op = t.terms[0].terms.map((x) => (x.k === 'var' ? x.name : x.k === 'str' ? x.v : '')).join('.');
      if (op === 'print' || op.startsWith('rego.metadata')) unsupported = true;
    }
  };
  for (const r of rules) forRuleTerms(r, scan, () => (unsupported = true));
  return unsupported ? undefined : exclude;
}

function rulesByPackage(modules: readonly Module[]): Map<string, Rule[]> {
  const byPkg = new Map<string, Rule[]>();
  for (const m of modules) {
    const k = pkgKey(m);
    const list = byPkg.get(k) ?? [];
    list.push(...m.rules);
    byPkg.set(k, list);
  }
  return byPkg;
}

function hasVaryingLiteral(m: Module): boolean {
  return hasVaryingLiteralIn((f) => walkModule(m, f));
}

function hasVaryingLiteralIn(walk: (v: { term: (t: Term) => void }) => void): boolean {
  let found = false;
  const varying = (t: Term): boolean => t.type !== 'null' && t.type !== 'boolean' && t.type !== 'number' && t.type !== 'string';
  walk({
    term: (t) => {
      if (found) return;
      if (t.type === 'set') found = t.value.filter(varying).length > 1;
      else if (t.type === 'object') found = t.value.filter(([k]) => varying(k)).length > 1;
    },
  });
  return found;
}

function pkgPath(m: Module): string[] {
  return m.package.path.value.map((t) => (t.type === 'string' || t.type === 'var' ? t.value : ''));
}

function pkgKey(m: Module): string {
  return pkgPath(m).join('\u0000');
}

/** Rules OPA knows are defined (isRefToKnownDefinedRule): default, multi-value, or one constant. */
function knownDefined(byPkg: Map<string, Rule[]>): Set<string> {
  const out = new Set<string>();
  for (const [pkg, rules] of byPkg) {
    const byName = new Map<string, Rule[]>();
    for (const r of rules) {
      if (r.head.ref.length !== 1) continue;
      const l = byName.get(r.head.name) ?? [];
      l.push(r);
      byName.set(r.head.name, l);
    }
    for (const [name, defs] of byName) {
      const key = pkg + '\u0000' + name;
      const first = defs[0]!;
      if (first.head.args) continue;
      if (defs.some((r) => r.default) || (first.head.key && !first.head.value)) out.add(key);
      else if (defs.length === 1 && isConstantRule(first)) out.add(key);
    }
  }
  return out;
}

function forRuleTerms(r: RuleN, f: (t: N) => void, notBody: () => void): void {
  for (let x: RuleN | undefined = r; x; x = x.else) {
    for (const t of [...x.ref, ...(x.args ?? []), ...(x.key ? [x.key] : []), ...(x.value ? [x.value] : [])]) forEachTerm(t, f);
    const body = (b: RuleN['body']): void => {
      for (const e of b) {
        if (e.kind === 'not') notBody();
        if (e.kind === 'term') forEachTerm(e.t, f);
        else if (e.kind === 'call') e.terms.forEach((t) => forEachTerm(t, f));
        else if (e.kind === 'some') e.symbols.forEach((t) => forEachTerm(t, f));
        else if (e.kind === 'every') {
          forEachTerm(e.domain, f);
          body(e.body);
        }
        for (const w of e.with) (forEachTerm(w.target, f), forEachTerm(w.value, f));
      }
    };
    body(x.body);
  }
}
