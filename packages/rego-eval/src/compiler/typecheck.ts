/**
 * A conservative static check of builtin arguments (`count(1)` →
 * `rego_type_error: count: invalid argument(s)`). Types are kind masks with an element type
 * for collections; anything not known statically (input, data, refs into values) is `any`,
 * so only calls that must fail at run time are reported.
 */
import type { Location } from '@rego-ts/rego-parser';
import { RegoNumber, RegoObject, RegoSet, type Value } from '../value/types.js';
import type { Lit, T } from './ir.js';
import type { DocNode } from './tree.js';

const NULL = 1;
const BOOL = 2;
const NUM = 4;
const STR = 8;
const ARR = 16;
const OBJ = 32;
const SET = 64;
const ANY_MASK = 127;

interface Ty {
  mask: number;
  /** Element type of arrays/sets, value type of objects; undefined = any. */
  elem?: Ty;
}

const ANY: Ty = { mask: ANY_MASK };

function union(a: Ty | undefined, b: Ty | undefined): Ty | undefined {
  if (!a) return b;
  if (!b) return a;
  const mask = a.mask | b.mask;
  const elem = a.elem && b.elem ? union(a.elem, b.elem) : undefined;
  return elem ? { mask, elem } : { mask };
}

function ofValue(v: Value): Ty {
  if (v === null) return { mask: NULL };
  switch (typeof v) {
    case 'boolean':
      return { mask: BOOL };
    case 'number':
      return { mask: NUM };
    case 'string':
      return { mask: STR };
  }
  if (v instanceof RegoNumber) return { mask: NUM };
  if (Array.isArray(v)) return withElem(ARR, v.map(ofValue));
  if (v instanceof RegoSet) return withElem(SET, [...v.map.values()].map(ofValue));
  if (v instanceof RegoObject) return withElem(OBJ, [...v.map.values()].map((e) => ofValue(e[1])));
  return withElem(
    OBJ,
    Object.keys(v).map((k) => ofValue((v as Record<string, Value>)[k]!)),
  );
}

function withElem(mask: number, elems: Ty[]): Ty {
  if (elems.length === 0) return { mask };
  let e: Ty | undefined;
  for (const x of elems) e = union(e, x);
  return e ? { mask, elem: e } : { mask };
}

/** Builtin declaration type → Ty. */
export function declTy(d: unknown): Ty {
  const t = d as { type?: string; of?: unknown; static?: unknown; dynamic?: unknown } | undefined;
  if (!t || !t.type) return ANY;
  switch (t.type) {
    case 'null':
      return { mask: NULL };
    case 'boolean':
      return { mask: BOOL };
    case 'number':
      return { mask: NUM };
    case 'string':
      return { mask: STR };
    case 'any': {
      if (!t.of) return ANY;
      const list = Array.isArray(t.of) ? t.of : [t.of];
      let u: Ty | undefined;
      for (const x of list) u = union(u, declTy(x));
      return u ?? ANY;
    }
    case 'array': {
      const parts: Ty[] = [];
      if (Array.isArray(t.static)) for (const x of t.static) parts.push(declTy(x));
      if (t.dynamic) parts.push(declTy(t.dynamic));
      return parts.length ? withElem(ARR, parts) : { mask: ARR };
    }
    case 'set':
      return t.of ? { mask: SET, elem: declTy(t.of) } : { mask: SET };
    case 'object': {
      const parts: Ty[] = [];
      if (Array.isArray(t.static)) for (const x of t.static as Array<{ value: unknown }>) parts.push(declTy(x.value));
      const dyn = t.dynamic as { value?: unknown } | undefined;
      if (dyn) parts.push(declTy(dyn.value));
      return parts.length && !(Array.isArray(t.static) && t.static.length && !dyn) ? withElem(OBJ, parts) : { mask: OBJ };
    }
  }
  return ANY;
}

/** False only when `have` can never satisfy `want`. */
function compatible(have: Ty, want: Ty): boolean {
  if (have.mask === ANY_MASK || want.mask === ANY_MASK) return true;
  const common = have.mask & want.mask;
  if (common === 0) return false;
  // A single known collection kind: its elements must fit too.
  if ((common === ARR || common === SET || common === OBJ) && have.mask === common && have.elem && want.elem) {
    return compatible(have.elem, want.elem);
  }
  return true;
}

export interface TypeError {
  msg: string;
  loc: Location;
}

export class TypeChecker {
  private readonly vars = new Map<number, Ty>();
  readonly errors: TypeError[] = [];
  /** Nesting depth in every/not/comprehension bodies (match errors only at the top). */
  private nested = 0;
  /** Inside `every` bodies, which OPA's type checker does not check. */
  private inEvery = 0;

  constructor(private readonly ruleType: (node: DocNode) => Ty | undefined) {}

  body(lits: Lit[]): void {
    for (const l of lits) this.lit(l);
  }

  private lit(l: Lit): void {
    switch (l.k) {
      case 'term':
        this.ty(l.t, l.loc);
        break;
      case 'unify': {
        const a = this.ty(l.a, l.loc);
        const b = this.ty(l.b, l.loc);
        if (!this.nested && disjoint(a, b) && this.pure(l.a) && this.pure(l.b)) this.report({ msg: 'match error', loc: l.loc });
        // Only a certain type is recorded (`x := 1`), never one guessed from a pattern.
        if (l.a.k === 'var' && !this.vars.has(l.a.slot) && b.mask !== ANY_MASK && this.pure(l.b)) this.vars.set(l.a.slot, b);
        else if (l.b.k === 'var' && !this.vars.has(l.b.slot) && a.mask !== ANY_MASK && this.pure(l.a)) this.vars.set(l.b.slot, a);
        break;
      }
      case 'not':
        this.nestedBody(l.body);
        break;
      case 'some': {
        const d = this.ty(l.domain, l.loc);
        if (d.mask !== ANY_MASK && (d.mask & (ARR | OBJ | SET)) === 0) this.report({ msg: 'match error', loc: l.loc });
        break;
      }
      case 'every':
        this.ty(l.domain, l.loc);
        this.inEvery++;
        try {
          this.nestedBody(l.body);
        } finally {
          this.inEvery--;
        }
        break;
      case 'print':
        for (const a of l.args) this.ty(a, l.loc);
        break;
    }
    for (const w of l.with ?? []) if (w.value) this.ty(w.value, l.loc);
  }

  private report(e: TypeError): void {
    if (!this.inEvery) this.errors.push(e);
  }

  private nestedBody(lits: Lit[]): void {
    this.nested++;
    try {
      this.body(lits);
    } finally {
      this.nested--;
    }
  }

  /** Terms whose static type is certain: constants, typed vars and literals of those. */
  private pure(t: T): boolean {
    switch (t.k) {
      case 'const':
        return true;
      case 'var':
        return this.vars.has(t.slot);
      case 'array':
      case 'set':
        return t.items.every((x) => this.pure(x));
      case 'object':
        return t.entries.every(([k, v]) => this.pure(k) && this.pure(v));
      default:
        return false;
    }
  }

  ty(t: T, loc: Location): Ty {
    switch (t.k) {
      case 'const':
        return ofValue(t.v);
      case 'var':
        return this.vars.get(t.slot) ?? ANY;
      case 'array':
        return withElem(
          ARR,
          t.items.map((x) => this.ty(x, loc)),
        );
      case 'set':
        return withElem(
          SET,
          t.items.map((x) => this.ty(x, loc)),
        );
      case 'object':
        return withElem(
          OBJ,
          t.entries.map(([k, v]) => {
            this.ty(k, loc);
            return this.ty(v, loc);
          }),
        );
      case 'acomp':
      case 'scomp':
      case 'ocomp': {
        this.nestedBody(t.body);
        const h = this.ty(t.head, loc);
        const v = t.value ? this.ty(t.value, loc) : undefined;
        if (t.k === 'acomp') return { mask: ARR, elem: h };
        if (t.k === 'scomp') return { mask: SET, elem: h };
        return v ? { mask: OBJ, elem: v } : { mask: OBJ };
      }
      case 'template':
        for (const p of t.parts) if (typeof p !== 'string') this.ty(p, loc);
        return { mask: STR };
      case 'ref': {
        const h = this.ty(t.head, loc);
        for (const p of t.path) this.ty(p, loc);
        if (t.head.k === 'var' && !refIndexable(h, t.path[0]!)) this.report({ msg: `undefined ref: ${refIRText(t.head.name, t.path)}`, loc });
        return ANY;
      }
      case 'input':
        for (const p of t.path) this.ty(p, loc);
        return ANY;
      case 'data': {
        for (const p of t.path) this.ty(p, loc);
        const n = t.node;
        if (n.isFunction && !n.hasDocRules && (n.funcs[0] ?? n.defaultFunc)?.args?.length) {
          this.report({ msg: `function ${n.refText} used as reference, not called`, loc: t.loc ?? loc });
          return ANY;
        }
        return t.path.length === 0 ? (this.ruleType(n) ?? ANY) : ANY;
      }
      case 'call': {
        const args = t.args.map((a) => this.ty(a, t.loc));
        if (t.fn.kind !== 'builtin') return ANY;
        if (!this.nested && t.fn.key === 'equal' && args.length === 2 && disjoint(args[0]!, args[1]!) && this.pure(t.args[0]!) && this.pure(t.args[1]!)) {
          this.report({ msg: 'match error', loc: t.loc });
          return { mask: BOOL };
        }
        const decl = t.fn.def.decl;
        const want = decl.args ?? [];
        if (!decl.variadic && args.length === want.length) {
          for (let i = 0; i < args.length; i++) {
            if (!compatible(args[i]!, declTy(want[i]))) {
              this.report({ msg: `${t.fn.key}: invalid argument(s)`, loc: t.loc });
              return ANY;
            }
          }
        }
        return decl.result ? declTy(decl.result) : ANY;
      }
    }
  }
}

/** Type of a complete rule whose definitions all have constant values (else unknown). */
export function constRuleType(node: DocNode): Ty | undefined {
  if (!node.hasDocRules || node.children.size) return undefined;
  let u: Ty | undefined;
  const defs = [...node.rules, ...(node.defaultRule ? [node.defaultRule] : [])];
  for (const d of defs) {
    if (d.kind !== 'complete' || d.else) return undefined;
    for (let x: typeof d | undefined = d; x; x = x.else) {
      if (!x.value || x.value.k !== 'const') return undefined;
      u = union(u, ofValue(x.value.v));
    }
  }
  return u;
}

/** False when a value of type `h` certainly has nothing at `key` (scalars; arrays by non-numbers). */
function refIndexable(h: Ty, key: T): boolean {
  if (h.mask === ANY_MASK) return true;
  if ((h.mask & (ARR | OBJ | SET)) === 0) return false;
  if (h.mask === ARR && key.k === 'const' && typeof key.v !== 'number' && !(key.v instanceof RegoNumber)) return false;
  return true;
}

function refIRText(head: string, path: T[]): string {
  let s = head;
  for (const p of path) {
    if (p.k === 'const' && typeof p.v === 'string' && /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(p.v)) s += `.${p.v}`;
    else if (p.k === 'const') s += `[${typeof p.v === 'string' ? JSON.stringify(p.v) : String(p.v)}]`;
    else if (p.k === 'var') s += `[${p.name.startsWith('$') ? '_' : p.name}]`;
    else s += '[_]';
  }
  return s;
}

/** Two statically known types with no value in common (`{1} == 0`). */
function disjoint(a: Ty, b: Ty): boolean {
  return a.mask !== ANY_MASK && b.mask !== ANY_MASK && (a.mask & b.mask) === 0;
}
