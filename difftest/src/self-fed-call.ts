/**
 * The opa bug behind known class `opa-bug-call-output-in-set` (known.ts). OPA's safety check
 * (compile.go `outputVarsForExprCall`, the same in v1.22.3) collects a call's input vars with a
 * visitor that skips sets, object keys and ref heads; the expression's own unsafe vars are then
 * dropped when they are among its outputs. So a var that occurs only in such a skipped input
 * position and in the call's output is "bound by" the call that reads it: `x = count({x})`
 * compiles, and opa evaluates the set with `x` unbound (1; `x = {x} | {1}` overflows its stack).
 */
import { builtinDecls } from '@rego-ts/rego-eval';
import { walkModule, walkTerm, type Expr, type Module, type Term } from '@rego-ts/rego-parser';
import { unsafeOnlyWhere } from './unsafe-only.js';

/** Whether rego-ts rejects `source` only with unsafe vars of calls that feed their own output. */
export function unsafeOnlyAtSelfFedCalls(source: string): boolean {
  return unsafeOnlyWhere(source, (module) => {
    const exprs: Expr[] = [];
    walkModule(module, { expr: (e) => exprs.push(e) });
    const arity = functionArity(module);
    return (name, row, col) => exprs.some((e) => e.location.row === row && e.location.col === col && selfFedVars(e, arity)?.has(name));
  });
}

/**
 * The vars of expression `e` OPA binds by a call that also reads some of its outputs in skipped
 * input positions: its output vars and those skipped vars — or undefined when it has no such call.
 */
export function selfFedVars(e: Expr, arity: (op: string) => number | undefined): Set<string> | undefined {
  if (e.negated) return undefined;
  if (e.terms.type === 'some') return someSelfFed(e.terms.symbols);
  if (e.terms.type !== 'call') return undefined;
  const op = refName(e.terms.operator.value);
  const args = e.terms.args;
  let inputs: Term[];
  let output: Term;
  if (op === 'eq' && args.length === 2) {
    // `out = f(…)`: OPA makes it the call `f(…, out)` before its safety check.
    const [a, b] = args as [Term, Term];
    const call = b.type === 'call' ? b : a.type === 'call' ? a : undefined;
    if (!call) return pairedSelfFed(a, b);
    inputs = call.value.slice(1);
    output = call === b ? a : b;
  } else {
    const n = arity(op);
    if (n === undefined || args.length !== n + 1) return undefined;
    inputs = args.slice(0, n);
    output = args[n]!;
  }
  const skipped = new Set<string>();
  for (const t of inputs) skippedInputVars(t, skipped);
  const outs = new Set<string>();
  seenVars(output, outs);
  if (![...skipped].some((v) => outs.has(v))) return undefined;
  return new Set([...skipped, ...outs]);
}

/**
 * `some v in [count([1 | input.a[v]])]` (`internal.member_2(v, xs)`): the domain's call reads,
 * in a comprehension, the var the membership binds; OPA's shared output set lets it run first.
 */
function someSelfFed(symbols: Term[]): Set<string> | undefined {
  const c = symbols.length === 1 ? symbols[0] : undefined;
  if (c?.type !== 'call') return undefined;
  const [op, ...args] = c.value;
  const name = op?.type === 'ref' ? refName(op.value) : '';
  if ((name !== 'internal.member_2' && name !== 'internal.member_3') || args.length < 2) return undefined;
  const outs = new Set<string>();
  for (const t of args.slice(0, -1)) seenVars(t, outs);
  const read = new Set<string>();
  const visit = (t: Term): void => {
    if (t.type === 'call') for (const a of t.value.slice(1)) skippedInputVars(a, read);
    else if (t.type === 'array' || t.type === 'set') t.value.forEach(visit);
  };
  visit(args[args.length - 1]!);
  const hit = [...outs].filter((v) => read.has(v));
  return hit.length ? new Set(hit) : undefined;
}

/**
 * `[x] = [count({x})]`: OPA hoists the nested call (`count({x}, $h); [x] = [$h]`), whose
 * output the equality takes from the shared output set (rego-eval's shared-outputs.ts) and
 * then binds x to. The vars paired, item by item, with a call reading them in a skipped input.
 */
function pairedSelfFed(a: Term, b: Term): Set<string> | undefined {
  const found = new Set<string>();
  const pair = (x: Term, y: Term): void => {
    if (x.type === 'var' && y.type === 'call') {
      const skipped = new Set<string>();
      for (const t of y.value.slice(1)) skippedInputVars(t, skipped);
      if (skipped.has(x.value)) found.add(x.value);
    } else if (y.type === 'var' && x.type === 'call') pair(y, x);
    else if (x.type === 'array' && y.type === 'array' && x.value.length === y.value.length) x.value.forEach((xi, i) => pair(xi, y.value[i]!));
    else if (x.type === 'object' && y.type === 'object') {
      // Values under the same scalar key (as written).
      const key = (k: Term): string | undefined => (k.type === 'string' || k.type === 'number' ? `${k.type}:${k.value}` : undefined);
      for (const [kx, vx] of x.value) for (const [ky, vy] of y.value) if (key(kx) !== undefined && key(kx) === key(ky)) pair(vx, vy);
    }
  };
  pair(a, b);
  return found.size ? found : undefined;
}

/** The arity of a builtin or of a function the module defines, by dotted name. */
function functionArity(module: Module): (op: string) => number | undefined {
  const own = new Map<string, number>();
  for (const r of module.rules) if (r.head.args) own.set(refName(r.head.ref), r.head.args.length);
  const decls = builtinDecls();
  return (op) => {
    const d = decls.get(op)?.decl;
    return own.get(op) ?? (d && !d.variadic ? (d.args?.length ?? 0) : undefined);
  };
}

function refName(parts: Term[]): string {
  return parts.map((p, i) => (i === 0 && p.type === 'var' ? p.value : p.type === 'string' ? p.value : '?')).join('.');
}

/**
 * Vars OPA's input visitor skips: in sets, object keys, ref heads (not in calls) — and in
 * comprehensions, which it skips too (`x = count([1 | x])`: v1.17.1 runs the comprehension with
 * x unbound; v1.22.3 reports x unsafe, as rego-ts).
 */
function skippedInputVars(t: Term, out: Set<string>): void {
  switch (t.type) {
    case 'arraycomprehension':
    case 'setcomprehension':
    case 'objectcomprehension':
      walkTerm(t, { term: (x) => void (x.type === 'var' && !x.value.startsWith('$') && x.value !== '_' && out.add(x.value)) });
      return;
    case 'set':
      for (const m of t.value) allVars(m, out);
      return;
    case 'object':
      for (const [k, v] of t.value) (allVars(k, out), skippedInputVars(v, out));
      return;
    case 'ref': {
      const [head, ...path] = t.value;
      if (head?.type === 'var') out.add(head.value);
      for (const p of path) skippedInputVars(p, out);
      return;
    }
    case 'array':
      for (const m of t.value) skippedInputVars(m, out);
      return;
  }
}

/** Vars OPA's output visitor sees in `t`: not in sets, object keys, ref heads, calls or closures. */
function seenVars(t: Term, out: Set<string>): void {
  switch (t.type) {
    case 'var':
      if (t.value !== '_' && !t.value.startsWith('$')) out.add(t.value);
      return;
    case 'array':
      for (const m of t.value) seenVars(m, out);
      return;
    case 'object':
      for (const [, v] of t.value) seenVars(v, out);
      return;
    case 'ref':
      for (const p of t.value.slice(1)) seenVars(p, out);
      return;
  }
}

/** All vars of `t` but those in calls and closures (expressions or bodies of their own). */
function allVars(t: Term, out: Set<string>): void {
  switch (t.type) {
    case 'var':
      if (t.value !== '_' && !t.value.startsWith('$')) out.add(t.value);
      return;
    case 'array':
    case 'set':
      for (const m of t.value) allVars(m, out);
      return;
    case 'object':
      for (const [k, v] of t.value) (allVars(k, out), allVars(v, out));
      return;
    case 'ref':
      for (const p of t.value) allVars(p, out);
      return;
  }
}
