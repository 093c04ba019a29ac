/**
 * OPA checks the closures of an expression (comprehension bodies) after reordering its body,
 * with only the vars of the expressions before it as globals (compile.go
 * reorderBodyForSafety, "Recursively visit closures"): a var the expression itself binds —
 * `x := [input[v0], [0 | v0 > 1]]` — is unbound inside its own comprehensions. rego-ts
 * resolves comprehension bodies with every enclosing var visible; this re-checks them.
 */
import type { Location } from '@rego-ts/rego-parser';
import type { CompT, Lit, T } from './ir.js';
import { forEachChild, litParts } from './ir.js';
import { reorder, type SafetyInfo } from './safety.js';
import { openVars } from './vars.js';

/** Comprehensions of `l` not nested in other comprehensions. */
function closures(l: Lit): CompT[] {
  const out: CompT[] = [];
  const visit = (t: T): void => {
    if (t.k === 'acomp' || t.k === 'scomp' || t.k === 'ocomp') out.push(t);
    else if (t.k !== 'template') forEachChild(t, visit);
  };
  const terms: T[] = [];
  litParts(l, terms, []);
  terms.forEach(visit);
  return out;
}

/** Unsafe vars of comprehensions over vars their own literal binds, in reordered `lits`. */
export function unsafeInClosures(lits: Lit[], initial: Iterable<number>, info: SafetyInfo): Array<{ slot: number; loc: Location }> {
  const out: Array<{ slot: number; loc: Location }> = [];
  const g = new Set(initial);
  lits.forEach((l, i) => {
    if (i > 0) openVars([lits[i - 1]!], g);
    for (const c of closures(l)) {
      if (c.free.every((v) => g.has(v))) continue;
      // A head var neither the body nor an earlier expression has is unsafe, at the expression
      // (reorderComprehensionSafety): `[input.a[v0][v1]] == [v0 | true]`.
      const known = openVars(c.body, new Set(g));
      for (const v of [...c.head.free, ...(c.value?.free ?? [])]) if (!known.has(v) && !info.wildcards.has(v)) out.push({ slot: v, loc: l.loc });
      for (const u of reorder(c.body, g, info).unsafe) out.push(u);
    }
  });
  return out;
}
