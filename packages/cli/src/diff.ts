/**
 * Diffs for `fmt -d`: a character-level coloured diff (what opa prints, for terminals) and a
 * line-based unified diff (for pipes and NO_COLOR), the latter from Myers' algorithm below.
 */
import { paint } from './io.js';
import { charDiff } from './char-diff.js';

type Op = { kind: 'eq' | 'del' | 'ins'; items: string[] };

/** Myers' O(ND) shortest edit script between two sequences. */
function myers(a: string[], b: string[]): Op[] {
  // Trim the common prefix and suffix first: cheap and keeps the search small.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const n = A.length;
  const m = B.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = n === 0 && m === 0;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[max + k - 1]! < v[max + k + 1]!) ? v[max + k + 1]! : v[max + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk back through the trace to recover the edit script.
  const edits: Array<{ kind: Op['kind']; item: string }> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[max + k - 1]! < vd[max + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[max + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) edits.push({ kind: 'eq', item: A[--x]! }), y--;
    if (d === 0) break;
    if (x === prevX) edits.push({ kind: 'ins', item: B[--y]! });
    else edits.push({ kind: 'del', item: A[--x]! });
  }
  while (x > 0 && y > 0) edits.push({ kind: 'eq', item: A[--x]! }), y--;
  edits.reverse();
  const ops: Op[] = [];
  const push = (kind: Op['kind'], item: string): void => {
    const last = ops[ops.length - 1];
    if (last && last.kind === kind) last.items.push(item);
    else ops.push({ kind, items: [item] });
  };
  for (const item of a.slice(0, pre)) push('eq', item);
  for (const e of edits) push(e.kind, e.item);
  for (const item of a.slice(a.length - suf)) push('eq', item);
  return ops;
}

/** opa's `fmt -d` output: the new text with deletions in red and insertions in green. */
export function coloredCharDiff(oldText: string, newText: string): string {
  return charDiff(oldText, newText)
    .map(({ op, text }) => {
      if (op === 'eq') return text;
      // Each line of a change is coloured separately (as opa's diff printer does).
      return text
        .split('\n')
        .map((line) => paint(true, op === 'del' ? 'red' : 'green', line))
        .join('\n');
    })
    .join('');
}

function splitLines(s: string): string[] {
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A unified diff with three lines of context. */
export function unifiedDiff(file: string, oldText: string, newText: string): string {
  const ops = myers(splitLines(oldText), splitLines(newText));
  type Line = { kind: Op['kind']; text: string; a: number; b: number };
  const lines: Line[] = [];
  let a = 1;
  let b = 1;
  for (const op of ops) {
    for (const text of op.items) {
      lines.push({ kind: op.kind, text, a, b });
      if (op.kind !== 'ins') a++;
      if (op.kind !== 'del') b++;
    }
  }
  const out = [`--- ${file}`, `+++ ${file} (formatted)`];
  const ctx = 3;
  let i = 0;
  while (i < lines.length) {
    if (lines[i]!.kind === 'eq') {
      i++;
      continue;
    }
    let start = Math.max(0, i - ctx);
    let end = i;
    // extend the hunk while changes are within 2*ctx lines of each other
    for (let j = i; j < lines.length; j++) {
      if (lines[j]!.kind !== 'eq') end = j;
      else if (j - end > 2 * ctx) break;
    }
    const stop = Math.min(lines.length, end + ctx + 1);
    const hunk = lines.slice(start, stop);
    const aCount = hunk.filter((l) => l.kind !== 'ins').length;
    const bCount = hunk.filter((l) => l.kind !== 'del').length;
    out.push(`@@ -${hunk[0]!.a},${aCount} +${hunk[0]!.b},${bCount} @@`);
    for (const l of hunk) out.push((l.kind === 'eq' ? ' ' : l.kind === 'del' ? '-' : '+') + l.text);
    i = stop;
    start = stop;
  }
  return out.join('\n') + '\n';
}
