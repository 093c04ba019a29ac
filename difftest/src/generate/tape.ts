/**
 * A tape of random choices (Hypothesis style): generators read small integers from it, and an
 * exhausted tape reads as zeros. fast-check shrinks the tape (shorter, smaller numbers), and
 * since choice 0 is always the simplest option, a shrunk tape builds a simpler program.
 */
export class Tape {
  private i = 0;
  constructor(private readonly cells: readonly number[]) {}

  /** An integer in [0, n). */
  int(n: number): number {
    if (n <= 1) return 0;
    const c = this.cells[this.i++];
    return c === undefined ? 0 : c % n;
  }

  /** True with probability about `p` (false when the tape is exhausted). */
  chance(p: number): boolean {
    const c = this.cells[this.i++];
    if (c === undefined) return false;
    return (c % 1000) / 1000 >= 1 - p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  /** Picks among weighted alternatives; the first is the fallback of an exhausted tape. */
  weighted<T>(alts: ReadonlyArray<readonly [number, T]>): T {
    const total = alts.reduce((s, [w]) => s + w, 0);
    let r = this.int(total);
    for (const [w, v] of alts) {
      if (r < w) return v;
      r -= w;
    }
    return alts[0]![1];
  }
}
