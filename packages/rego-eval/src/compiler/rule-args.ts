/**
 * Function arguments as OPA's compiler sees them (compile.go `rewriteLocalArgVars` and
 * `rewriteRefsInHead`). Every var an argument mentions — also a ref's head and path, so `x`,
 * `input` and `data` in `f(x.y, input.a, data.b)` — is declared as a local arg var. An
 * argument holding a ref or a comprehension is then moved into the body (`__local0__ = x.y`),
 * and only the vars of the arguments left in the head count as bound there: `f(x.y) := 1`
 * is `var x is unsafe`, while `f(x, x.y) := 1` compiles.
 */
import type { Term } from '@rego-ts/rego-parser';
import { mergedEntries, writtenKeyId } from './object-keys.js';

/**
 * The var terms OPA declares for argument `t`, and the calls in it (an error). Refs and arrays
 * are entered, object values but not keys; sets, comprehensions and template strings are not.
 */
export function argDeclared(t: Term, vars: Term[], calls: Term[]): void {
  switch (t.type) {
    case 'var':
      vars.push(t);
      return;
    case 'ref':
    case 'array':
      for (const x of t.value) argDeclared(x, vars, calls);
      return;
    case 'object':
      for (const [, v] of t.value) argDeclared(v, vars, calls);
      return;
    case 'call':
      calls.push(t);
      return;
  }
}

/**
 * Whether OPA moves head term `t` (a rule's key or value, or a function argument) into the body:
 * it holds a ref or a comprehension, or a var that is not `local` (a rule or import name, a ref
 * once names are resolved).
 */
export function movedToBody(t: Term, local: (name: string) => boolean): boolean {
  switch (t.type) {
    case 'var':
      return !local(t.value);
    case 'ref':
    case 'arraycomprehension':
    case 'setcomprehension':
    case 'objectcomprehension':
      return true;
    case 'array':
    case 'set':
      return t.value.some((x) => movedToBody(x, local));
    case 'object':
      // The entries OPA's parser keeps: a repeated key's first term with its last value.
      return mergedEntries(t.value.map(([k]) => writtenKeyId(k))).some(([ki, vi]) => movedToBody(t.value[ki]![0], local) || movedToBody(t.value[vi]![1], local));
    default:
      return false;
  }
}

/** Whether OPA moves argument `t` into the body: its vars are all arguments, so only refs and comprehensions move. */
export function argMoved(t: Term): boolean {
  return movedToBody(t, () => true);
}

/** Names of all vars in `t` (object keys and set members included), as OPA's `Args.Vars()`. */
export function argVarNames(t: Term, out: Set<string>): Set<string> {
  switch (t.type) {
    case 'var':
      out.add(t.value);
      break;
    case 'ref':
    case 'array':
    case 'set':
    case 'call':
      for (const x of t.value) argVarNames(x, out);
      break;
    case 'object':
      for (const [k, v] of t.value) (argVarNames(k, out), argVarNames(v, out));
      break;
  }
  return out;
}
