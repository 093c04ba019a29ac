/**
 * Builds a well-formed Rego v1 module (`package p`) from a tape of choices: every rule kind
 * (constants, complete rules with `else`, defaults, partial sets and objects, multi-part ref
 * heads, functions, incremental definitions), bodies with `:=`, `=`, comparisons, `some … in`,
 * `every`, `not`, `with`, comprehensions, template strings and the core builtins.
 *
 * Terms carry the kind the type checker will see, variables are used only after they are
 * bound, `every` variables are always used and rules only refer to earlier rules, so most
 * modules compile; the rest exercise compile errors, which are compared too.
 */
import { Tape } from './tape.js';
import { BUILTINS, KEYS, NUMBER_LITERALS, SPECIAL_STRINGS, STRINGS, fits, type Kind } from './vocabulary.js';

type RuleKind = 'value' | 'set' | 'obj' | 'func';

interface RuleInfo {
  name: string;
  kind: RuleKind;
  arity: number;
  /** Kind of the rule's value (of a function's result). */
  type: Kind;
}

interface Var {
  n: string;
  k: Kind;
}

/** A term's text and the kind of its value. */
interface Term {
  s: string;
  k: Kind;
}

const MAX_DEPTH = 3;

class PolicyBuilder {
  private nextVar = 0;
  /** Rules defined so far (a rule only refers to earlier ones: no recursion). */
  private readonly rules: RuleInfo[] = [];

  constructor(private readonly t: Tape) {}

  module(): string {
    const n = 1 + this.t.int(5);
    const out: string[] = ['package p', ''];
    for (let i = 0; i < n; i++) out.push(this.rule(i), '');
    return out.join('\n');
  }

  // ---- rules ----------------------------------------------------------------------------

  private rule(i: number): string {
    const t = this.t;
    // Another definition of an earlier rule (incremental rules, conflicts). Its body may not
    // refer to the rule itself: hide it while building.
    const again = this.rules.length > 0 && t.chance(0.15) ? t.pick(this.rules) : undefined;
    if (again) this.rules.splice(this.rules.indexOf(again), 1);
    const kind: RuleKind = again?.kind ?? t.weighted<RuleKind>([[5, 'value'], [2, 'set'], [2, 'obj'], [2, 'func']]);
    const name = again?.name ?? (kind === 'func' ? `f${i}` : `r${i}`);
    const arity = again?.arity ?? (kind === 'func' ? 1 + t.int(2) : 0);
    let r: { text: string; type: Kind };
    switch (kind) {
      case 'value':
        r = this.valueRule(name);
        break;
      case 'set': {
        const b = this.body([]);
        r = { text: `${name} contains ${this.term('any', b.scope, 1).s} if ${b.text}`, type: 'set' };
        break;
      }
      case 'obj':
        r = { text: this.objectRule(name), type: 'obj' };
        break;
      case 'func':
        r = this.functionRule(name, arity);
        break;
    }
    const type = again && again.type !== r.type ? 'any' : r.type;
    this.rules.push({ name, kind, arity, type });
    return r.text;
  }

  private valueRule(name: string): { text: string; type: Kind } {
    const t = this.t;
    const form = t.weighted([[3, 'if'], [2, 'const'], [2, 'bool'], [1, 'default'], [2, 'else']] as const);
    switch (form) {
      case 'const': {
        const v = this.term('any', [], 1);
        return { text: `${name} := ${v.s}`, type: v.k };
      }
      case 'bool':
        return { text: `${name} if ${this.body([]).text}`, type: 'bool' };
      case 'default': {
        const d = this.literal('any', 1);
        const r = this.bodyRule([], d.k);
        return { text: `default ${name} := ${d.s}\n${name} := ${r.s}`, type: d.k };
      }
      case 'else': {
        const first = this.bodyRule([], 'any');
        let s = `${name} := ${first.s}`;
        const n = 1 + t.int(2);
        for (let k = 0; k < n; k++) s += t.chance(0.5) ? ` else := ${this.bodyRule([], first.k).s}` : ` else := ${this.literal(first.k, 1).s}`;
        return { text: s, type: first.k };
      }
      default: {
        const r = this.bodyRule([], 'any');
        return { text: `${name} := ${r.s}`, type: r.k };
      }
    }
  }

  /** `<value> if { body }` with the value built from the body's variables. */
  private bodyRule(scope: Var[], kind: Kind): Term {
    const b = this.body(scope);
    const v = this.term(kind, b.scope, 1);
    return { s: `${v.s} if ${b.text}`, k: v.k };
  }

  private objectRule(name: string): string {
    const b = this.body([]);
    const keys = b.scope.filter((v) => fits(v.k, 'str'));
    const key = this.t.chance(0.7) && keys.length ? this.t.pick(keys).n : this.stringLit();
    const value = this.term('any', b.scope, 1).s;
    // Multi-part ref heads: `r.k := v`, `r[key].x := v`.
    switch (this.t.int(3)) {
      case 1:
        return `${name}.${this.t.pick(KEYS)} := ${value} if ${b.text}`;
      case 2:
        return `${name}[${key}].${this.t.pick(KEYS)} := ${value} if ${b.text}`;
      default:
        return `${name}[${key}] := ${value} if ${b.text}`;
    }
  }

  private functionRule(name: string, arity: number): { text: string; type: Kind } {
    const params = Array.from({ length: arity }, () => this.fresh());
    // Sometimes a parameter is a pattern: `f(1)`, `f("a")` (matched by unification).
    const heads = params.map((p) => (this.t.chance(0.15) ? this.literal('any', 2).s : p));
    const scope: Var[] = params.filter((p, i) => heads[i] === p).map((n) => ({ n, k: 'any' }));
    const r = this.bodyRule(scope, 'any');
    let s = `${name}(${heads.join(', ')}) := ${r.s}`;
    if (this.t.chance(0.3)) s += ` else := ${this.literal(r.k, 1).s}`;
    return { text: s, type: r.k };
  }

  // ---- bodies ---------------------------------------------------------------------------

  private body(scope: Var[], max = 4, first?: string): { text: string; scope: Var[] } {
    const n = 1 + this.t.int(max);
    const lits: string[] = first ? [first] : [];
    let sc = scope;
    for (let k = 0; k < n; k++) {
      const l = this.literalExpr(sc);
      lits.push(l.text);
      sc = l.scope;
    }
    const text = this.t.chance(0.5) ? `{\n\t${lits.join('\n\t')}\n}` : `{ ${lits.join('; ')} }`;
    return { text, scope: sc };
  }

  private literalExpr(scope: Var[]): { text: string; scope: Var[] } {
    const t = this.t;
    const form = t.weighted([
      [4, 'assign'], [3, 'compare'], [1, 'bare'], [3, 'somein'], [1, 'somekv'], [1, 'iterate'],
      [1, 'not'], [1, 'every'], [1, 'with'], [1, 'destructure'], [1, 'in'], [1, 'unify'],
    ] as const);
    switch (form) {
      case 'assign': {
        const v = this.term('any', scope, 0);
        const n = this.fresh();
        return { text: `${n} := ${v.s}`, scope: [...scope, { n, k: v.k }] };
      }
      case 'compare':
        return { text: `${this.term('any', scope, 1).s} ${t.pick(['==', '!=', '<', '<=', '>', '>='])} ${this.term('any', scope, 1).s}`, scope };
      case 'bare':
        return { text: this.term('any', scope, 0).s, scope };
      case 'somein': {
        const d = this.term('coll', scope, 1);
        const n = this.fresh();
        return { text: `some ${n} in ${d.s}`, scope: [...scope, { n, k: elementKind(d.k) }] };
      }
      case 'somekv': {
        const d = this.term('coll', scope, 1);
        const k = this.fresh();
        const v = this.fresh();
        return { text: `some ${k}, ${v} in ${d.s}`, scope: [...scope, { n: k, k: d.k === 'arr' ? 'num' : 'any' }, { n: v, k: elementKind(d.k) }] };
      }
      case 'iterate': {
        const n = this.fresh();
        return { text: `${n} := ${this.ref(scope)}[_]`, scope: [...scope, { n, k: 'any' }] };
      }
      case 'not':
        return { text: `not ${this.literalExpr(scope).text}`, scope };
      case 'every': {
        const domain = this.term('coll', scope, 1);
        const v = this.fresh();
        const key = t.chance(0.3) ? this.fresh() : undefined;
        // opa rejects unused `every` variables: the body starts by using them.
        const use = key ? `${key} != ${v}` : `${v} ${t.pick(['!=', '==', '>='])} ${this.literal('any', 2).s}`;
        const inner = [...scope, { n: v, k: elementKind(domain.k) }, ...(key ? [{ n: key, k: 'any' as Kind }] : [])];
        const b = this.body(inner, 2, use);
        return { text: `every ${key ? `${key}, ` : ''}${v} in ${domain.s} ${b.text.replace(/\n/g, '\n\t')}`, scope };
      }
      case 'with': {
        const target = t.chance(0.5) ? 'input' : t.chance(0.5) ? `input.${t.pick(KEYS)}` : `data.${t.pick(KEYS)}`;
        const rules = this.rules.filter((r) => r.kind !== 'func');
        const subject = rules.length && t.chance(0.6) ? this.ruleRef(rules, 'any').s : this.term('any', scope, 1).s;
        return { text: `${subject} with ${target} as ${this.literal('any', 1).s}`, scope };
      }
      case 'destructure': {
        const a = this.fresh();
        const b = this.fresh();
        return { text: `[${a}, ${b}] = ${this.term('arr', scope, 1).s}`, scope: [...scope, { n: a, k: 'any' }, { n: b, k: 'any' }] };
      }
      case 'in':
        return { text: `${this.term('any', scope, 1).s} in ${this.term('coll', scope, 1).s}`, scope };
      case 'unify': {
        const v = this.term('any', scope, 0);
        const n = this.fresh();
        return { text: `${n} = ${v.s}`, scope: [...scope, { n, k: v.k }] };
      }
    }
  }

  // ---- terms ----------------------------------------------------------------------------

  /** A term whose kind fits `want`. */
  private term(want: Kind, scope: Var[], depth: number): Term {
    const t = this.t;
    const deep = depth >= MAX_DEPTH;
    const vars = scope.filter((v) => fits(v.k, want));
    const rules = this.rules.filter((r) => r.kind !== 'func' && fits(r.type, want));
    const funcs = this.rules.filter((r) => r.kind === 'func' && fits(r.type, want));
    const builtins = BUILTINS.filter((b) => fits(b.ret, want));
    const numeric = fits('num', want) && want !== 'int';
    const setty = fits('set', want);
    const shaped = want === 'any' || want === 'coll' || want === 'arr' || want === 'set' || want === 'obj';
    const alts: Array<[number, () => Term]> = [
      [4, () => this.literal(want, depth)],
      [vars.length ? 4 : 0, () => { const v = t.pick(vars); return { s: v.n, k: v.k }; }],
      [3, () => ({ s: this.ref(scope), k: 'any' })],
      [rules.length ? 2 : 0, () => this.ruleRef(rules, want)],
      [deep || want === 'int' || !builtins.length ? 0 : 3, () => this.call(t.pick(builtins), scope, depth)],
      [deep || !(numeric || setty) ? 0 : 2, () => this.arith(numeric && setty ? (t.chance(0.5) ? 'num' : 'set') : numeric ? 'num' : 'set', scope, depth)],
      [deep || !shaped ? 0 : 2, () => this.collection(want, scope, depth)],
      [deep || !shaped ? 0 : 1, () => this.comprehension(want, scope, depth)],
      [deep || !funcs.length ? 0 : 1, () => {
        const f = t.pick(funcs);
        return { s: `${f.name}(${Array.from({ length: f.arity }, () => this.term('any', scope, depth + 1).s).join(', ')})`, k: f.type };
      }],
      [deep || !fits('str', want) ? 0 : 1, () => ({ s: `$"${t.pick(['', 'v=', 'a '])}{${this.term('any', scope, depth + 1).s}}${t.pick(['', '!', ' b'])}"`, k: 'str' })],
    ];
    return t.weighted(alts.filter(([w]) => w > 0))();
  }

  private ruleRef(rules: RuleInfo[], want: Kind): Term {
    const r = this.t.pick(rules);
    if (r.kind === 'obj' && want === 'any' && this.t.chance(0.3)) return { s: `${r.name}.${this.t.pick(KEYS)}`, k: 'any' };
    return { s: this.t.chance(0.2) ? `data.p.${r.name}` : r.name, k: r.type };
  }

  private ref(scope: Var[]): string {
    const t = this.t;
    const fromData = t.chance(0.4);
    // `data` refs start with a key: opa's type checker knows `data` holds package `p`.
    let s = fromData ? `data.${t.pick(KEYS)}` : 'input';
    const n = t.int(fromData ? 3 : 4);
    const keys = scope.filter((v) => v.k === 'any' || v.k === 'str' || v.k === 'num');
    for (let k = 0; k < n; k++) {
      const part = t.weighted([[4, 'dot'], [1, 'index'], [1, 'quoted'], [keys.length ? 1 : 0, 'var']] as const);
      if (part === 'dot') s += `.${t.pick(KEYS)}`;
      else if (part === 'index') s += `[${t.int(3)}]`;
      else if (part === 'quoted') s += `[${JSON.stringify(t.pick(KEYS))}]`;
      else s += `[${t.pick(keys).n}]`;
    }
    return s;
  }

  private call(b: (typeof BUILTINS)[number], scope: Var[], depth: number): Term {
    const args = b.args.map((k) => (b.name === 'numbers.range' ? String(this.t.int(6) - 1) : this.term(k, scope, depth + 1).s));
    return { s: `${b.name}(${args.join(', ')})`, k: b.ret };
  }

  private arith(kind: 'num' | 'set', scope: Var[], depth: number): Term {
    const op = kind === 'set' ? this.t.pick(['|', '&', '-']) : this.t.pick(['+', '-', '*', '/', '%']);
    return { s: `(${this.term(kind, scope, depth + 1).s} ${op} ${this.term(kind, scope, depth + 1).s})`, k: kind };
  }

  private shapeOf(want: Kind): 'arr' | 'set' | 'obj' {
    return want === 'arr' || want === 'set' || want === 'obj' ? want : this.t.pick(['arr', 'set', 'obj'] as const);
  }

  private collection(want: Kind, scope: Var[], depth: number): Term {
    const t = this.t;
    const shape = this.shapeOf(want);
    const n = t.int(4);
    const items = Array.from({ length: n }, () => this.term('any', scope, depth + 1).s);
    if (shape === 'arr') return { s: `[${items.join(', ')}]`, k: 'arr' };
    if (shape === 'set') return { s: n ? `{${items.join(', ')}}` : 'set()', k: 'set' };
    return { s: `{${items.map((v) => `${t.chance(0.8) ? this.stringLit() : this.term('any', scope, depth + 1).s}: ${v}`).join(', ')}}`, k: 'obj' };
  }

  private comprehension(want: Kind, scope: Var[], depth: number): Term {
    const t = this.t;
    const shape = this.shapeOf(want);
    const domain = this.term('coll', scope, depth + 1);
    const v = this.fresh();
    const k = this.fresh();
    const pair = shape === 'obj' || t.chance(0.2);
    const inner: Var[] = [...scope, { n: v, k: elementKind(domain.k) }, ...(pair ? [{ n: k, k: (domain.k === 'arr' ? 'num' : 'any') as Kind }] : [])];
    const iter = pair ? `some ${k}, ${v} in ${domain.s}` : `some ${v} in ${domain.s}`;
    const extra = t.chance(0.5) ? `; ${this.literalExpr(inner).text}` : '';
    const head = this.term('any', inner, depth + 1).s;
    if (shape === 'obj') return { s: `{${k}: ${head} | ${iter}${extra}}`, k: 'obj' };
    if (shape === 'set') return { s: `{${head} | ${iter}${extra}}`, k: 'set' };
    return { s: `[${head} | ${iter}${extra}]`, k: 'arr' };
  }

  // ---- literals -------------------------------------------------------------------------

  private stringLit(): string {
    const s = this.t.chance(0.8) ? this.t.pick(STRINGS) : this.t.pick(SPECIAL_STRINGS);
    return this.t.chance(0.1) && !s.includes('`') ? '`' + s + '`' : JSON.stringify(s);
  }

  /** A ground term (no variables) whose kind fits `want`. */
  private literal(want: Kind, depth: number): Term {
    const t = this.t;
    const deep = depth >= MAX_DEPTH;
    const items = (k: Kind): string[] => Array.from({ length: deep ? 0 : t.int(4) }, () => this.literal(k, depth + 1).s);
    switch (want) {
      case 'num':
        return { s: t.pick(NUMBER_LITERALS), k: 'num' };
      case 'int':
        return { s: String(t.int(8) - 2), k: 'int' };
      case 'str':
        return { s: this.stringLit(), k: 'str' };
      case 'bool':
        return { s: t.pick(['true', 'false']), k: 'bool' };
      case 'arr':
        return { s: `[${items('any').join(', ')}]`, k: 'arr' };
      case 'strs':
        return { s: `[${items('str').join(', ')}]`, k: 'strs' };
      case 'nums':
        return { s: `[${items('num').join(', ')}]`, k: 'nums' };
      case 'objs':
        return { s: `[${items('obj').join(', ')}]`, k: 'objs' };
      case 'set': {
        const xs = items('any');
        return { s: xs.length ? `{${xs.join(', ')}}` : 'set()', k: 'set' };
      }
      case 'sets': {
        const xs = items('set');
        return { s: xs.length ? `{${xs.join(', ')}}` : 'set()', k: 'sets' };
      }
      case 'obj':
        return { s: `{${items('any').map((v) => `${this.stringLit()}: ${v}`).join(', ')}}`, k: 'obj' };
      case 'objstr':
        return { s: `{${items('str').map((v) => `${this.stringLit()}: ${v}`).join(', ')}}`, k: 'objstr' };
      case 'coll':
        return this.literal(t.pick(['arr', 'set', 'obj'] as const), depth);
      case 'any':
        if (t.chance(0.05)) return { s: 'null', k: 'any' };
        return this.literal(t.weighted<Kind>([[3, 'num'], [3, 'str'], [1, 'bool'], [1, 'arr'], [1, 'set'], [1, 'obj']]), depth);
    }
  }

  private fresh(): string {
    return `v${this.nextVar++}`;
  }
}

/** What iterating a collection of this kind yields. */
function elementKind(k: Kind): Kind {
  switch (k) {
    case 'strs':
      return 'str';
    case 'nums':
      return 'num';
    case 'objs':
      return 'obj';
    case 'sets':
      return 'set';
    default:
      return 'any';
  }
}


/** The module text a tape describes. */
export function buildPolicy(tape: readonly number[]): string {
  return new PolicyBuilder(new Tape(tape)).module();
}
