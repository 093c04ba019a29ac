/**
 * Rows and columns as OPA's scanner counts them, for increasing offsets: rows from 1 (only
 * `\n` ends a line), columns in code points from 1, a leading byte-order mark counted. A `\n`
 * itself is reported at column 0 of the next row, where OPA's scanner stands after reading it.
 */
export class Positions {
  private p = 0;
  private row = 1;
  private lineStart = 0;
  /** Surrogate pairs between `lineStart` and `p` (each one column, two offsets). */
  private pairs = 0;
  private nextNl: number;
  private readonly surrogates: boolean;
  r = 1;
  c = 0;

  constructor(private readonly src: string) {
    this.nextNl = this.findNl(0);
    this.surrogates = /[\ud800-\udfff]/.test(src);
  }

  private findNl(from: number): number {
    const i = this.src.indexOf('\n', from);
    return i < 0 ? this.src.length : i;
  }

  /** Sets `r`/`c` to the position of the character at `to` (offsets must not decrease). */
  at(to: number): void {
    const src = this.src;
    let p = this.p;
    while (this.nextNl < to) {
      this.row++;
      p = this.lineStart = this.nextNl + 1;
      this.pairs = 0;
      this.nextNl = this.findNl(p);
    }
    if (this.surrogates) {
      for (let j = Math.max(p, this.lineStart + 1); j < to; j++) {
        const c = src.charCodeAt(j);
        if (c >= 0xdc00 && c <= 0xdfff) {
          const h = src.charCodeAt(j - 1);
          if (h >= 0xd800 && h <= 0xdbff) this.pairs++;
        }
      }
    }
    this.p = to;
    if (to === this.nextNl && to < src.length) {
      this.r = this.row + 1;
      this.c = 0;
    } else {
      this.r = this.row;
      this.c = to - this.lineStart + 1 - this.pairs;
    }
  }

  /** Sets `r`/`c` to where the scanner stands at the end: on the last character read. */
  atEnd(): void {
    const src = this.src;
    let last = src.length - 1;
    if (last < 0) {
      this.r = 1;
      this.c = 0;
      return;
    }
    const c = src.charCodeAt(last);
    if (last > 0 && c >= 0xdc00 && c <= 0xdfff) {
      const h = src.charCodeAt(last - 1);
      if (h >= 0xd800 && h <= 0xdbff) last--;
    }
    this.at(last);
  }
}
