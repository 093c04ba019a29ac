/**
 * OPA's generated-variable numbers (./index.ts) carried from rego-ts terms to the IR terms
 * made of them, for the type checker: it names the variables it puts in place of calls and
 * refs as OPA does, since OPA sorts an object literal's rewritten keys by those names.
 * Keyed by IR node identity (each compile makes its own nodes), read at compile time only.
 */
import type { T } from '../ir.js';

const numbers = new WeakMap<T, string>();

/** `n`: the variable's name (`__local3__`, `__localq3__` in a query). */
export function setOpaNumber(t: T, n: string): void {
  numbers.set(t, n);
}

export function opaNumberOf(t: T): string | undefined {
  return numbers.get(t);
}

/** `to` (a rewritten copy of `from`) keeps `from`'s number. */
export function inheritOpaNumber(from: T, to: T): T {
  const n = numbers.get(from);
  if (n !== undefined && to !== from) numbers.set(to, n);
  return to;
}
