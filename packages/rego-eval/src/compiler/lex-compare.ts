/**
 * Lexicographic order of two sequences, as OPA compares term slices, bodies and `with` lists:
 * element by element, then the shorter first. Compile-time only (the evaluator's value
 * comparison has its own monomorphic loops).
 */
export function lexCompare<X>(a: readonly X[], b: readonly X[], cmp: (x: X, y: X) => number): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = cmp(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
