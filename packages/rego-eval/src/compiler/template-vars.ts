/**
 * OPA's check of template-string parts (compile.go `rewriteTemplateStrings`): every variable
 * a part mentions (iteration vars and `_` included; nested template strings and
 * comprehensions not, they are checked on their own) must be bound by the body the template belongs to, else
 * `var x is undeclared`. The level a template is checked at follows OPA's walk: a rule's
 * body and head use the vars its body binds; a comprehension's body and a template that is
 * directly its head use those plus the comprehension body's; anything nested deeper in a
 * comprehension head (`[{$"{a[0]}"} | a := …]`) and templates nested in template parts use the
 * enclosing level; an `every` body adds its key/value vars and the vars its body binds.
 */
import type { Location } from '@rego-ts/rego-parser';
import { forEachChild, litParts, type Lit, type T } from './ir.js';
import { litOutputs, type SafetyInfo } from './safety.js';
import { patternVars } from './vars.js';
import { refOutputs } from './shared-outputs.js';

export interface TemplateVarsEnv {
  info: SafetyInfo;
  name(slot: number): string;
  error(msg: string, loc: Location): void;
}

/**
 * `S` plus the vars the body binds, in one pass in written order as OPA's outputVarsForBody
 * (`y = x; x = 1` binds x only: y's equality came first). outputVarsForBody does not look
 * into template strings (closures to its var visitor), and runs before calls are hoisted out
 * of expressions: `some v in [$"{[v]}"]` and `some v in (1 > $"{[v]}")` bind v, which the
 * safety check then reports as unsafe, not as undeclared.
 */
function bound(lits: Lit[], S: ReadonlySet<number>, info: SafetyInfo): Set<number> {
  const s = new Set(S);
  for (const l of lits) {
    // An equality, calls not yet hoisted out of it: the refs anywhere in it bind their vars
    // first (`v2 := object.get(input[v0], 0, count(v0))` binds v0, then v2), though the
    // safety check, after hoisting, finds count(v0) unsafe.
    if (l.k === 'unify' && !l.with && !l.hoisted) for (const t of [l.a, l.b]) for (const v of refOutputs(t, s, [])) s.add(v);
    const tv = litTemplateVars(l);
    for (const v of litOutputs(l, tv.length ? new Set([...s, ...tv]) : s, info)) s.add(v);
    // Taking the template's vars as bound hides those the literal's own refs bind
    // (`data.a[v] = $"{(v | 1)}"`): OPA's outputVarsForTerms counts them.
    if (tv.length && !l.with && (l.k === 'term' || (l.k === 'unify' && !l.hoisted && !l.outArg))) {
      for (const t of l.k === 'term' ? [l.t] : [l.a, l.b]) for (const v of refOutputs(t, s, [])) s.add(v);
    }
  }
  return s;
}

/** Vars used by the template strings of a literal's own terms. */
function litTemplateVars(l: Lit): number[] {
  const terms: T[] = [];
  litParts(l, terms, []);
  const out: number[] = [];
  for (const t of terms) templateVars(t, out);
  return out;
}

/** Vars used by the template strings of `t` (not those in comprehensions). */
function templateVars(t: T, out: number[]): number[] {
  if (t.k === 'template') out.push(...t.free);
  else forEachChild(t, (c) => templateVars(c, out));
  return out;
}

/** Vars a part mentions, outside comprehensions and nested template strings. */
function partVars(t: T, out: Set<number>): Set<number> {
  if (t.k === 'var') {
    out.add(t.slot);
  } else if (t.k !== 'template') {
    // A nested template string is a closure to OPA's var visitor: checked on its own.
    forEachChild(t, (c) => partVars(c, out));
  }
  return out;
}

/** The term `e` of a part written `{e with …}` (made `{v | v = e with …}` by the resolver). */
function withPartTerm(c: T): T | undefined {
  const h = c.k === 'scomp' && c.head.k === 'var' ? c.head.slot : undefined;
  const l = c.k === 'scomp' ? c.body.find((x) => x.k === 'unify' && x.a.k === 'var' && x.a.slot === h) : undefined;
  return l?.k === 'unify' ? l.b : undefined;
}

/** Checks the template strings of `t`, itself checked at `S`, its children at `W`. */
function term(t: T | undefined, S: ReadonlySet<number>, W: ReadonlySet<number>, env: TemplateVarsEnv): void {
  if (!t) return;
  switch (t.k) {
    case 'template':
      t.parts.forEach((p, i) => {
        if (typeof p === 'string' || p.k === 'var' || t.direct?.[i]) return;
        // A part with `with` is `{v | v = e with …}`: e's vars are checked (not the modifiers').
        const e = t.sets?.[i] ? withPartTerm(p) : p;
        if (!e) return;
        const missing = [...partVars(e, new Set())].filter((v) => !S.has(v)).map(env.name);
        for (const n of missing.sort()) env.error(`var ${n} is undeclared`, t.partLocs?.[i] ?? t.loc);
      });
      for (const p of t.parts) if (typeof p !== 'string') term(p, W, W, env);
      break;
    case 'acomp':
    case 'scomp':
    case 'ocomp': {
      const body = t.written ?? t.body;
      const C = bound(body, W, env.info);
      lits(body, C, env);
      for (const h of [t.head, t.value]) {
        if (h?.k === 'template') term(h, C, W, env);
        else term(h, W, W, env);
      }
      break;
    }
    case 'ref':
      term(t.head, W, W, env);
      for (const p of t.path) term(p, W, W, env);
      break;
    case 'data':
    case 'input':
      for (const p of t.path) term(p, W, W, env);
      break;
    case 'array':
    case 'set':
      for (const x of t.items) term(x, W, W, env);
      break;
    case 'object':
      for (const [k, v] of t.entries) {
        term(k, W, W, env);
        term(v, W, W, env);
      }
      break;
    case 'call':
      for (const a of t.args) term(a, W, W, env);
      break;
  }
}

function lits(body: Lit[], S: ReadonlySet<number>, env: TemplateVarsEnv): void {
  for (const l of body) {
    for (const w of l.with ?? []) term(w.value, S, S, env);
    switch (l.k) {
      case 'term':
        term(l.t, S, S, env);
        break;
      case 'unify':
        term(l.a, S, S, env);
        term(l.b, S, S, env);
        break;
      case 'not':
        lits(l.body, S, env);
        break;
      case 'some':
        term(l.key, S, S, env);
        term(l.value, S, S, env);
        term(l.domain, S, S, env);
        break;
      case 'every': {
        term(l.domain, S, S, env);
        const kv = new Set(S);
        for (const x of [l.key, l.value]) if (x) for (const v of patternVars(x)) kv.add(v);
        const body = l.written ?? l.body;
        lits(body, bound(body, kv, env.info), env);
        break;
      }
      case 'print':
        for (const a of l.args) term(a, S, S, env);
        break;
    }
  }
}

/**
 * Checks a rule (or query): its body (as written, without the literals OPA's later stages add)
 * and head terms, with `initial` bound (arguments).
 */
export function checkTemplateVars(body: Lit[], heads: Array<T | undefined>, initial: Iterable<number>, env: TemplateVarsEnv): void {
  const S = bound(body, new Set(initial), env.info);
  lits(body, S, env);
  for (const h of heads) term(h, S, S, env);
}
