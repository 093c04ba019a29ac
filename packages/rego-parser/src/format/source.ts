/**
 * Access to the original source text of nodes. opa fmt keeps some layout decisions from the
 * source (where lines break, raw/escaped string spellings, explicit parentheses), so the
 * formatter reads node text through `Location.offset/end`. Without source, those decisions
 * fall back to the canonical single-line forms.
 */
import type { Location, Term } from '../ast/index.js';

export class SourceText {
  constructor(private readonly src: string | undefined) {}

  get available(): boolean {
    return this.src !== undefined;
  }

  /** The node's text, or '' when there is no source. */
  text(loc: Location | undefined, end?: number): string {
    if (this.src === undefined || !loc) return '';
    return this.src.slice(loc.offset, end ?? loc.end);
  }

  /** Row of the node's last character. */
  endRow(loc: Location): number {
    let row = loc.row;
    const t = this.text(loc);
    for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) row++;
    return row;
  }

  /**
   * Row of the bracket closing the first `open` in the node's text, after first skipping a
   * balanced `skipOpen…skipClose` group (as rule heads with arguments need). -1 if not found.
   */
  closingRow(loc: Location, open: string, close: string, skip?: [string, string], end?: number): number {
    const t = this.text(loc, end);
    let i = 0;
    let offset = 0;
    if (skip) {
      while (i < t.length && t[i] !== skip[0]) i++;
      let depth = 1;
      while (depth > 0) {
        i++;
        if (i >= t.length) break;
        const c = t[i];
        if (c === skip[0]) depth++;
        else if (c === skip[1]) depth--;
        else if (c === '\n') offset++;
      }
    }
    while (i < t.length && t[i] !== open) i++;
    if (i >= t.length) return -1;
    let depth = 1;
    while (depth > 0) {
      i++;
      if (i >= t.length) return -1;
      const c = t[i];
      if (c === open) depth++;
      else if (c === close) depth--;
      else if (c === '\n') offset++;
    }
    return loc.row + offset;
  }

  /**
   * The term's location widened to its grouping parentheses, if it had any: opa keeps the
   * parentheses in a term's text (the row stays the inner term's).
   */
  withParens(term: Term): Location {
    const src = this.src;
    const loc = term.location;
    if (src === undefined || src[loc.offset] === '(' || !this.parenthesized(term)) return loc;
    let start = loc.offset - 1;
    while (start >= 0 && src[start] !== '(') start--;
    let end = loc.end;
    while (end < src.length && src[end] !== ')') end++;
    return { ...loc, offset: start, end: end + 1 };
  }

  /**
   * Whether a term was written inside grouping parentheses. Parsers may or may not include
   * the parentheses in the term's range; both are recognised. A `(` directly after a name
   * or closing bracket is a call's argument list, not a group.
   */
  parenthesized(term: Term): boolean {
    const src = this.src;
    if (src === undefined) return false;
    const loc = term.location;
    if (src[loc.offset] === '(') {
      // The range starts at '(' — either the group itself or a call like `(f)(x)`; a term
      // that starts with '(' and is a call of an infix operator can only be a group.
      return true;
    }
    let i = loc.offset - 1;
    while (i >= 0 && /\s/.test(src[i]!)) i--;
    if (i < 0 || src[i] !== '(') return false;
    const before = i > 0 ? src[i - 1]! : '';
    if (/[A-Za-z0-9_\]\)"`]/.test(before)) return false;
    let j = loc.end;
    while (j < src.length && /\s/.test(src[j]!)) j++;
    return src[j] === ')';
  }
}
