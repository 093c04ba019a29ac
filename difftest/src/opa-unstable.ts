/**
 * opa's own answer can change from one compile of the same module to the next: its compiler
 * type-checks rules in the order of a Go map iteration (`Graph.Sort` ranges over a map), so
 * which definitions of a rule the checker has merged when it meets a ref to that rule varies
 * (`r0[v0].a := v0` and `r0["%v"] := 0`, then `r0.a == 0` in another rule: a match error on
 * most runs, accepted on the others). rego-ts answers one way, every time. A disagreement is
 * only a finding if opa never gives rego-ts's answer: before reporting one, the driver asks
 * opa again, up to `ASKS` times, and counts the case under this id when one of the answers agrees.
 */
export const OPA_UNSTABLE = 'opa-unstable';

/**
 * How often opa is asked again before a disagreement is reported. Generous: opa's server
 * compiles a module twice (on PUT and for the query), and both must take rego-ts's side; a
 * case seen at seed 656658158 gets there about one compile pair in twenty.
 */
export const ASKS = 200;

/**
 * Whether one of up to `ASKS` further answers of opa satisfies `agrees` (stops at the first
 * that does, or at the first that is not an answer — a timeout or crash).
 */
export async function opaSometimesAgrees<A>(ask: () => Promise<A | undefined>, agrees: (a: A) => boolean): Promise<boolean> {
  for (let i = 0; i < ASKS; i++) {
    const a = await ask();
    if (a === undefined) return false;
    if (agrees(a)) return true;
  }
  return false;
}
