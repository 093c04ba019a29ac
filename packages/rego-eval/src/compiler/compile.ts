/**
 * Module compilation: parse, merge packages into the rule tree, resolve and check every rule.
 * The result is immutable and shared by all evaluations.
 */
import type { Location, Module, RegoVersion, Rule, Term } from '@rego-ts/rego-parser';
import { formatErrorDetails, RegoError, RegoErrors, sortErrors } from '@rego-ts/rego-parser';
import type { BuiltinDef } from '../eval/builtin-types.js';
import { forEachChild, type Lit, type T } from './ir.js';
import { litClosureVars, setClosureVars, termClosureVars } from './closure-safety.js';
import { parseModule } from './parse.js';
import { displayName, Frame, Resolver, Scope, type Global, type ResolveEnv } from './resolve.js';
import { checkTemplateVars } from './template-vars.js';
import { withIndexGuards } from './index-guards.js';
import { DocNode, freezeTree, refText, type DefKind, type RuleDef } from './tree.js';
import { checkRecursion } from './recursion.js';
import { planJoins } from './join-plan.js';
import { reorder } from './safety.js';
import { holdsRef, isRef, refPathVars } from './vars.js';
import { argMoved, argVarNames } from './rule-args.js';
import { unsafeHeadCalls, unsafeHeadVars } from './head-safety.js';
import { checkModule } from './checks.js';
import { RuleTypes } from './types/rules.js';
import { opaLocalNumbers } from './local-numbering/index.js';
import { metadataFor, moduleAnnotations, type Annotation, type MetadataIndex } from './annotations.js';

export interface ModuleInput {
  file: string;
  source: string;
}

export interface CompileInput {
  modules: Array<ModuleInput | Module>;
  regoVersion?: RegoVersion;
  strict?: boolean;
  builtins: ReadonlyMap<string, BuiltinDef>;
}

export interface CompiledModules {
  root: DocNode;
  modules: Module[];
  builtins: ReadonlyMap<string, BuiltinDef>;
  strict: boolean;
  /** Rule and function types (for type-checking queries). */
  ruleTypes: RuleTypes;
}

const ERROR_LIMIT = 10;

export class ErrorSink {
  readonly errors: RegoError[] = [];
  /** Errors whose OPA stage their message does not tell (see stageOf). */
  private readonly stages = new Map<RegoError, number>();
  /** The type checker's errors: each is OPA's (no duplicates from repeated passes), all kept. */
  private readonly checked = new WeakSet<RegoError>();
  add(code: string, msg: string, loc: Location | undefined, stage?: number): void {
    const e = new RegoError(code, msg, loc);
    this.errors.push(e);
    if (stage !== undefined) this.stages.set(e, stage);
  }
  addChecked(errs: RegoError[]): void {
    for (const e of errs) this.checked.add(e);
    this.errors.push(...errs);
  }
  throwIfAny(): void {
    if (!this.errors.length) return;
    // OPA compiles in stages and stops after the first stage with errors.
    let min = Infinity;
    const stage = (e: RegoError): number => this.stages.get(e) ?? stageOf(e);
    for (const e of this.errors) min = Math.min(min, stage(e));
    const first = this.errors.filter((e) => stage(e) === min);
    // Parse errors keep the parser's order (by place only: opa reports `illegal utf-8 character`
    // before `illegal token` at one place); the compiler's stages sort as OPA's Errors.Sort.
    const errs = dedupe(min === 0 ? sortErrors(first) : first.sort(byPlaceThenText), this.checked);
    // OPA adds the marker as soon as the limit is reached, also by the last error.
    if (errs.length >= ERROR_LIMIT) {
      const kept = errs.slice(0, ERROR_LIMIT);
      kept.push(new RegoError('rego_compile_error', 'error limit reached'));
      throw new RegoErrors(kept);
    }
    throw new RegoErrors(errs);
  }
}

/** Stage of checkSafetyRuleHeads: unsafe head vars, before those of bodies. */
export const HEAD_SAFETY_STAGE = 5.5;

/** The OPA compiler stage that reports an error (lower runs first). */
function stageOf(e: RegoError): number {
  const m = e.message;
  if (e.code === 'rego_parse_error') return 0;
  // checkKeywordOverrides, checkImports, then rewriteLocalVars.
  if (/^(rules|args|variables) must not shadow/.test(m)) return 0.8;
  if (/^import must not shadow/.test(m)) return 0.9;
  if (/^import .* unused$/.test(m)) return 0.9;
  if (/redeclared|above$|cannot assign|^(assigned|declared) var .* unused$|^unused argument|^rule arguments cannot contain calls/.test(m)) return 1;
  // rewriteTemplateStrings runs between rewriteLocalVars and checkVoidCalls.
  if (/ is undeclared$|^illegal call to relation built-in/.test(m)) return 1.5;
  if (/used as value$/.test(m)) return 2;
  if (/^with keyword/.test(m)) return 3;
  if (/^conflicting rules|^multiple default rules|conflicts with/.test(m)) return 4;
  if (/^undefined function|has arity|arity mismatch/.test(m)) return 5;
  if (e.code === 'rego_unsafe_var_error') return 6;
  if (e.code === 'rego_recursion_error') return 7;
  if (e.code === 'rego_type_error') return 8;
  return 10;
}

/** OPA's Errors.Sort: by location, then by the error's text (code, message). */
function byPlaceThenText(a: RegoError, b: RegoError): number {
  const la = a.location;
  const lb = b.location;
  // Like OPA's Location.Compare: errors without a location come last.
  if (!la || !lb) {
    if (la || lb) return la ? -1 : 1;
  } else if (la.file !== lb.file) return la.file < lb.file ? -1 : 1;
  else if (la.row !== lb.row || la.col !== lb.col) return la.row - lb.row || la.col - lb.col;
  const ta = `${a.code}: ${a.message}`;
  const tb = `${b.code}: ${b.message}`;
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

function dedupe(errs: RegoError[], keep: WeakSet<RegoError>): RegoError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    if (keep.has(e)) return true;
    const k = e.format();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function pkgPath(m: Module): string[] {
  return m.package.path.value.slice(1).map((t) => (t.type === 'string' ? t.value : t.type === 'var' ? t.value : ''));
}

/** Globals of a module: rule names of its package, then imports (imports win). */
function moduleGlobals(m: Module, pkgRules: Map<string, Set<string>>, sink: ErrorSink, v1: boolean): Map<string, Global> {
  const g = new Map<string, Global>();
  const pkg = pkgPath(m);
  for (const name of pkgRules.get(pkg.join('\u0000')) ?? []) g.set(name, { root: 'data', path: [...pkg, name] });
  const seen = new Map<string, string>();
  for (const imp of m.imports) {
    const parts = imp.path.value.map((t, i) => (i === 0 && t.type === 'var' ? t.value : t.type === 'string' ? t.value : ''));
    const root = parts[0];
    if (root === 'future' || root === 'rego') continue;
    if (root !== 'data' && root !== 'input') continue;
    const name = imp.alias ?? parts[parts.length - 1]!;
    const text = importText(imp.path.value);
    if (seen.has(name) && v1) {
      sink.add('rego_compile_error', `import must not shadow import ${seen.get(name)}`, imp.location);
    }
    seen.set(name, text);
    g.set(name, { root, path: parts.slice(1), imp: { text: imp.alias ? `${text} as ${imp.alias}` : text, loc: imp.location, used: false } });
  }
  return g;
}

function importText(ts: Term[]): string {
  let s = '';
  ts.forEach((t, i) => {
    if (i === 0) s = t.type === 'var' ? t.value : '';
    else if (t.type === 'string') s += /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(t.value) ? `.${t.value}` : `[${JSON.stringify(t.value)}]`;
  });
  return s;
}

interface Pending {
  def: RuleDef;
  rule: Rule;
  module: Module;
  env: ResolveEnv;
  ann?: Annotation[];
  meta: MetadataIndex;
}

export function compileModules(input: CompileInput): CompiledModules {
  const sink = new ErrorSink();
  const version = input.regoVersion ?? 'v1';
  const modules: Module[] = [];
  for (const m of input.modules) {
    if ('type' in m && m.type === 'module') {
      modules.push(m);
      continue;
    }
    const src = m as ModuleInput;
    const r = parseModule(src.source, { file: src.file, regoVersion: version });
    for (const e of r.errors) sink.errors.push(e);
    if (r.module) modules.push(r.module);
  }
  sink.throwIfAny();

  // OPA's module-wide numbering of its generated variables, for orders that depend on it.
  const localNumbers = opaLocalNumbers(modules);
  const root = new DocNode([], undefined);
  root.isPackage = true;
  // Rule names per package (first head segment), for name resolution.
  const pkgRules = new Map<string, Set<string>>();
  for (const m of modules) {
    const key = pkgPath(m).join('\u0000');
    let s = pkgRules.get(key);
    if (!s) pkgRules.set(key, (s = new Set()));
    for (const r of m.rules) s.add(r.head.ref[0]?.type === 'var' ? r.head.ref[0].value : r.head.name);
  }

  const pending: Pending[] = [];
  /** Every module's resolve environment (strict mode checks the imports of all of them). */
  const envs: ResolveEnv[] = [];
  const meta: MetadataIndex = { packages: new Map(), documents: new Map() };
  for (const m of modules) {
    const v1 = m.regoV1Compatible || m.regoVersion === 'v1' || !!input.strict;
    const pkg = pkgPath(m);
    let pnode = root;
    for (const s of pkg) {
      pnode = pnode.child(s);
      pnode.isPackage = true;
    }
    pnode.packageDecls.push({ text: importText(m.package.path.value).replace(/^data\./, ''), loc: m.package.location });
    const env: ResolveEnv = {
      root,
      builtins: input.builtins,
      globals: moduleGlobals(m, pkgRules, sink, v1),
      error: (code, msg, loc, stage) => sink.add(code, msg, loc, stage),
      v1,
      strict: !!input.strict,
      futureNot: m.imports.some((i) => importText(i.path.value) === 'future.keywords.not'),
      ...(localNumbers ? { localNumbers } : {}),
    };
    envs.push(env);
    checkModule(m, sink, { v1, strict: !!input.strict, builtins: input.builtins });
    const anns = moduleAnnotations(m);
    if (anns.pkg.length) {
      const k = pkg.join('\u0000');
      meta.packages.set(k, [...(meta.packages.get(k) ?? []), ...anns.pkg]);
    }
    for (const rule of m.rules) {
      const def = attach(rule, pnode, m, sink);
      const ann = anns.rules.get(rule);
      const doc = anns.documents.get(rule);
      if (doc && def) meta.documents.set(def.node.path.join('\u0000'), doc);
      if (def) pending.push({ def, rule, module: m, env, meta, ...(ann ? { ann } : {}) });
    }
  }
  checkKinds(root, sink);
  freezeTree(root);
  // Rule conflicts are found by a later OPA stage than the local-variable rewrite: resolve
  // first, then report the errors of the earliest stage (throwIfAny).

  for (const p of pending) resolveRule(p);
  if (input.strict) {
    for (const env of envs) {
      for (const g of env.globals.values()) if (g.imp && !g.imp.used) sink.add('rego_compile_error', `import ${g.imp.text} unused`, g.imp.loc);
    }
  }
  sink.throwIfAny();
  // OPA checks recursion before types.
  checkRecursion(root, sink);
  sink.throwIfAny();
  const ruleTypes = new RuleTypes(root);
  ruleTypes.checkAll();
  // OPA sorts type errors by location, then by their text.
  const typeErrs = ruleTypes.errors.map((e) => new RegoError('rego_type_error', e.msg, e.loc, e.details));
  const texts = new Map(typeErrs.map((e) => [e, e.details ? `${e.format()}\n${formatErrorDetails(e.details)}` : e.format()]));
  sortErrors(typeErrs.sort((a, b) => (texts.get(a)! < texts.get(b)! ? -1 : texts.get(a)! > texts.get(b)! ? 1 : 0)));
  sink.addChecked(typeErrs);
  sink.throwIfAny();
  planJoins(root);
  return { root, modules, builtins: input.builtins, strict: !!input.strict, ruleTypes };
}

/** Creates the definition skeleton and hangs it in the tree. */
function attach(rule: Rule, pnode: DocNode, m: Module, sink: ErrorSink): RuleDef | undefined {
  const head = rule.head;
  let node = pnode;
  let i = 0;
  const ref = head.ref;
  // First segment is the rule name.
  const first = ref[0]!;
  node = node.child(first.type === 'var' ? first.value : head.name);
  i = 1;
  for (; i < ref.length; i++) {
    const t = ref[i]!;
    if (t.type !== 'string') break;
    node = node.child(t.value);
  }
  const dynLen = ref.length - i;
  let kind: DefKind;
  if (head.args) kind = 'function';
  else if (head.key && !head.value) kind = 'multi';
  else kind = dynLen > 0 ? 'object' : 'complete';
  const def: RuleDef = {
    kind,
    node,
    dyn: [],
    body: [],
    nslots: 0,
    isDefault: rule.default,
    loc: rule.location,
    ast: rule,
    refText: refText(node.path) + dynSuffix(ref.slice(i)),
    trivial: undefined,
  };
  if (head.args) def.args = head.args.map(() => ({ k: 'const', v: null, free: [] }) as T);
  if (kind === 'function') {
    if (rule.default) {
      if (node.defaultFunc) sink.add('rego_type_error', `multiple default rules ${node.refText} found`, m.package.location);
      node.defaultFunc = def;
    } else node.funcs.push(def);
  } else if (rule.default) {
    if (node.defaultRule) {
      const a = node.defaultRule.loc;
      sink.add('rego_type_error', `multiple default rules ${node.refText} found at ${a.file}:${a.row}, ${rule.location.file}:${rule.location.row}`, m.package.location);
    }
    node.defaultRule = def;
  } else node.rules.push(def);
  return def;
}

function termRefText(ts: Term[]): string {
  return ts
    .map((t, i) => (i === 0 && t.type === 'var' ? t.value : t.type === 'string' ? (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(t.value) ? `.${t.value}` : `[${JSON.stringify(t.value)}]`) : t.type === 'var' ? `[${t.value}]` : '[_]'))
    .join('');
}

function dynSuffix(ts: Term[]): string {
  return ts.map((t) => (t.type === 'var' ? `[${t.value}]` : t.type === 'string' ? `[${JSON.stringify(t.value)}]` : '[_]')).join('');
}

function checkKinds(root: DocNode, sink: ErrorSink): void {
  const visit = (n: DocNode): void => {
    const all = [...n.rules, ...(n.defaultRule ? [n.defaultRule] : [])];
    const fns = [...n.funcs, ...(n.defaultFunc ? [n.defaultFunc] : [])];
    // OPA's rule-tree values: every definition here, modules by name, then source order.
    const defs = [...all, ...fns].sort(bySource);
    const first = defs[0];
    if (first) {
      const last = defs[defs.length - 1]!;
      const kinds = new Set(defs.map((d) => (d.kind === 'multi' ? 'multi' : 'single')));
      const arities = new Set(defs.map((d) => d.args?.length ?? 0));
      // Functions are single-value rules with a ground ref ("complete") to OPA.
      const complete = defs.filter((d) => d.kind === 'complete' || d.kind === 'function').length;
      const partial = defs.length - complete;
      // A rule with a ground ref (multi-value ones too) may have no rules in its extent.
      const conflicts = n.children.size > 0 && defs.some((d) => d.ast.head.ref.slice(1).every((t) => t.type === 'string')) ? flatten(n) : [];
      if (conflicts.length) {
        sink.add('rego_type_error', `rule ${n.refText} conflicts with [${conflicts.join(' ')}]`, first.loc);
      } else if ((all.length && fns.length) || kinds.size > 1 || arities.size > 1 || (complete && partial)) {
        sink.add('rego_type_error', `conflicting rules ${last.refText} found`, first.loc);
      }
      if (complete || partial) {
        for (const pd of n.packageDecls) {
          const r = all.find((d) => d.dyn.length === 0) ?? first;
          const head = termRefText(r.ast.head.ref);
          sink.add('rego_type_error', `package ${pd.text} conflicts with rule ${head} defined at ${r.loc.file}:${r.loc.row}`, pd.loc);
        }
      }
    }
    for (const c of n.children.values()) visit(c);
  };
  visit(root);
}

function bySource(a: RuleDef, b: RuleDef): number {
  if (a.loc.file !== b.loc.file) return a.loc.file < b.loc.file ? -1 : 1;
  return a.loc.offset - b.loc.offset;
}

function flatten(n: DocNode): string[] {
  const out: string[] = [];
  const visit = (c: DocNode): void => {
    for (const d of [...c.rules, ...c.funcs]) out.push(d.refText);
    for (const x of c.children.values()) visit(x);
  };
  for (const c of n.children.values()) visit(c);
  return out;
}

/** Resolves one definition (and its else chain) into IR. */
function resolveRule(p: Pending): void {
  const { def, rule, env } = p;
  const r = new Resolver(env);
  const pkgLen = pkgPath(p.module).length;
  r.metadata = () => metadataFor(p.meta, def.node.path.slice(0, pkgLen), def.node.path.slice(pkgLen), p.ann);
  fillDef(r, def, rule, rule.head.args);
  // OPA's rule index skips a definition whose conditions on input fail (not with `else`).
  if (!rule.else) def.body = withIndexGuards(def.body, [def.key, def.value], () => def.nslots++);
  let prev = def;
  for (let e = rule.else; e; e = e.else) {
    const ed: RuleDef = { ...def, else: undefined, ast: e, loc: e.location, isDefault: false, dyn: [], body: [] };
    fillDef(r, ed, e, e.head.args ?? rule.head.args);
    prev.else = ed;
    prev = ed;
  }
}

function fillDef(r: Resolver, def: RuleDef, rule: Rule, args: Term[] | undefined): void {
  const frame = new Frame();
  const scope = new Scope(undefined, frame);
  const head = rule.head;
  const argT: T[] = [];
  const init: number[] = [];
  /** Arguments OPA moves into the body, where their vars are bound only by the body. */
  const movedArg: boolean[] = [];
  let neverMatches = false;
  let headSets = false;
  if (args) {
    for (const a of args) r.declareArg(a, scope, rule.location);
    for (const a of args) argT.push(r.termAt(a, scope));
    const kept = new Set<string>();
    const inMoved = new Set<string>();
    for (const [i, a] of args.entries()) {
      const t = argT[i]!;
      movedArg.push(argMoved(a) || !(t.k === 'var' || t.k === 'const' || t.k === 'array' || t.k === 'object'));
      if (t.k === 'set' && !argMoved(a)) {
        // A set stays in OPA's head (its vars count as arguments) but is matched here after the
        // body. OPA unifies the arguments left to right and compares a set only once plugged:
        // a var no earlier argument binds leaves it unbound, so no call matches
        // (`f({x}) := 1` and `f({x}, x) := 1` are undefined for every argument).
        if ([...argVarNames(a, new Set())].some((n) => !kept.has(n))) neverMatches = true;
        headSets = true;
        continue;
      }
      argVarNames(a, movedArg[i] ? inMoved : kept);
    }
    for (const [n, slot] of scope.vars) if (kept.has(n) || !inMoved.has(n)) init.push(slot);
  }
  const ref = head.ref;
  let i = 1;
  while (i < ref.length && ref[i]!.type === 'string') i++;
  const dynTerms = ref.slice(i);
  const extra: Term[] = [...dynTerms];
  if (head.key) extra.push(head.key);
  if (head.value) extra.push(head.value);
  const templates = r.templates;
  r.prepare(rule.body, scope, extra);
  const lits: Lit[] = r.body(rule.body, scope, []);
  if (neverMatches) lits.unshift({ k: 'term', t: { k: 'const', v: false, free: [] }, loc: rule.location });
  // The type checker sees set arguments where OPA keeps them, in the head.
  if (headSets) def.headArgs = argT.slice();
  // Arguments that are expressions (`f($"{x}")`, `f(x.y)`) become a fresh var checked after the body.
  for (let i = 0; i < argT.length; i++) {
    const a = argT[i]!;
    if (!movedArg[i]) continue;
    const slot = frame.alloc(`$arg${i}`);
    frame.wildcards.add(slot);
    const v: T = { k: 'var', slot, name: `$arg${i}`, free: [slot] };
    lits.push({ k: 'unify', a: v, b: a, loc: args![i]!.location });
    argT[i] = v;
    init.push(slot);
  }
  def.dyn = dynTerms.map((t) => r.termAt(t, scope));
  // v0 `p[x] = y`: the key is the last dyn term already; only multi rules use `key`.
  if (def.kind === 'multi' && head.key) def.key = r.termAt(head.key, scope);
  if (head.value) def.value = r.termAt(head.value, scope);
  else if (def.kind !== 'multi') def.value = { k: 'const', v: true, free: [] };
  if (args) def.args = argT;
  // The head terms as written: the template check sees them before refs are moved out of them.
  const writtenHeads = [...def.dyn, ...(def.key ? [def.key] : []), ...(def.value ? [def.value] : [])];
  const headLocs: HeadLocs = {
    rule: rule.location,
    dyn: dynTerms.map((t) => t.location),
    ...(head.key ? { key: head.key.location } : {}),
    ...(head.value ? { value: head.value.location } : {}),
  };
  const moved = rewriteRefHeads(def, lits, frame, init, headLocs);
  const heads = [...def.dyn, ...(def.key ? [def.key] : []), ...(def.value ? [def.value] : [])];
  def.body = r.finishBody(lits, scope, [], rule.location, init, headPhantoms(def, moved, frame, headLocs));
  for (const u of unsafeHeadCalls(heads, r.lastSafe)) r.env.error('rego_unsafe_var_error', `var ${displayName(frame.names[u.slot]!)} is unsafe`, u.loc);
  const headTerms = [...(head.key ? [head.key] : []), ...(head.value ? [head.value] : []), ...ref.slice(1)];
  for (const u of unsafeHeadVars(headTerms, scope.vars, init, lits, heads)) {
    r.env.error('rego_unsafe_var_error', `var ${displayName(u.name)} is unsafe`, u.loc, HEAD_SAFETY_STAGE);
  }
  if (r.templates > templates) {
    // OPA checks template strings before it moves head refs into the body (or hoists calls out
    // of an unsafe one), on the body in written order.
    const body = moved.size ? lits.filter((l) => !moved.has(l)) : lits;
    checkTemplateVars(body, writtenHeads, init, {
      info: { wildcards: frame.wildcards },
      name: (slot) => displayName(frame.names[slot]!),
      error: (msg, loc) => r.env.error('rego_compile_error', msg, loc),
    });
  }
  def.nslots = frame.n;
  checkUnused(r.env, frame, !!r.env.strict);
}

/**
 * OPA moves head terms holding refs into the body (`__local0__ = input[x]`), where a ref with
 * var keys is a generator that makes those vars safe; calls too, refs in their arguments
 * included (`r contains max(input[x])`). Only heads whose vars the body alone leaves unsafe
 * are moved, so every other rule keeps its compiled shape.
 */
function rewriteRefHeads(def: RuleDef, lits: Lit[], frame: Frame, init: number[], locs: HeadLocs): Set<Lit> {
  const safe = reorder(lits, init, { wildcards: frame.wildcards }).safe;
  const added = new Set<Lit>();

  let n = 0;
  const move = (t: T, loc: Location): T => {
    if (!holdsRef(t) || [...t.free, ...refPathVars(t)].every((v) => safe.has(v))) return t;
    const slot = frame.alloc(`$rh${n++}`);
    frame.wildcards.add(slot);
    const v: T = { k: 'var', slot, name: `$rh${n - 1}`, free: [slot] };
    // A call is an expression with an output (OPA's rewriteExprTermsInHead): its refs bind.
    const lit: Lit = t.k === 'call' ? { k: 'unify', a: v, b: t, outArg: true, loc } : { k: 'unify', a: v, b: t, loc };
    lits.push(lit);
    added.add(lit);
    return v;
  };
  def.dyn = def.dyn.map((t, i) => move(t, locs.dyn[i] ?? locs.rule));
  if (def.key) def.key = move(def.key, locs.key ?? locs.rule);
  if (def.value) def.value = move(def.value, locs.value ?? locs.rule);
  return added;
}

/**
 * The equalities OPA appends to the body for the head terms that need evaluation (refs,
 * comprehensions: rewriteRefsInHead) and that rewriteRefHeads left in the head: they take part
 * in the safety reordering (an equality there inherits OPA's shared outputs, shared-outputs.ts)
 * and report the vars the body leaves unbound, at the term (the head check skips moved terms).
 */
function headPhantoms(def: RuleDef, moved: Set<Lit>, frame: Frame, locs: HeadLocs): Lit[] {
  const placed: Array<[T | undefined, Location | undefined]> = [...def.dyn.map((t, i): [T, Location | undefined] => [t, locs.dyn[i]]), [def.key, locs.key], [def.value, locs.value]];
  const terms = placed.filter((p): p is [T, Location | undefined] => !!p[0] && needsEval(p[0]) && !(p[0].k === 'var' && frame.wildcards.has(p[0].slot)));
  const out: Lit[] = [];
  for (const [t, loc] of terms) {
    // Its vars the body leaves unbound are reported by the body check at the term, as OPA's
    // check of the moved `__h = [x, [v | …]]` does (the head check passes over moved terms).
    const slot = frame.alloc(`$rh${moved.size + out.length}`);
    frame.wildcards.add(slot);
    const lit: Lit = { k: 'unify', a: { k: 'var', slot, name: `$rh${slot}`, free: [slot] }, b: t, loc: loc ?? locs.rule };
    setClosureVars(lit, litClosureVars(lit));
    out.push(lit);
  }
  return out;
}

/** OPA's requiresEval: a term holding a ref or a comprehension (not a call alone). */
function needsEval(t: T): boolean {
  if (isRef(t) || t.k === 'acomp' || t.k === 'scomp' || t.k === 'ocomp') return true;
  let found = false;
  forEachChild(t, (c) => (found ||= needsEval(c)));
  return found;
}

/** Where the head terms are: a moved term's expression is reported there (as OPA). */
interface HeadLocs {
  rule: Location;
  dyn: Location[];
  key?: Location;
  value?: Location;
}

/** Unused declarations: `every` vars always (as OPA), the others in strict mode only. */
export function checkUnused(env: ResolveEnv, frame: Frame, strict: boolean): void {
  for (const d of frame.decls) {
    // opa reports unused `every` vars and `some x` declarations always, the others in strict mode.
    if (!strict && d.kind !== 'every' && d.kind !== 'declared') continue;
    const uses = frame.uses[d.slot] ?? 0;
    const name = frame.names[d.slot]!;
    if (d.kind === 'declared' ? uses > 0 : uses > 1) continue;
    if (d.kind === 'arg') env.error('rego_compile_error', `unused argument ${name}. (hint: use _ (wildcard variable) instead)`, d.loc);
    else env.error('rego_compile_error', `${d.kind === 'assigned' ? 'assigned' : 'declared'} var ${name} unused`, d.loc);
  }
}

export { refText };
