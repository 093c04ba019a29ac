/**
 * A character diff that makes the same choices as the diff-match-patch algorithm opa's
 * `fmt -d` uses (common prefix/suffix, containment and half-match shortcuts, Myers' bisection
 * with the middle snake, then merging and sliding single edits over equal neighbours), so
 * that the coloured output agrees character for character. Works on code points.
 */

export type DiffOp = 'eq' | 'del' | 'ins';
export interface Edit {
  op: DiffOp;
  text: string;
}

type Chars = string[];

function prefixLength(a: Chars, b: Chars): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function suffixLength(a: Chars, b: Chars): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function indexOf(hay: Chars, needle: Chars, from = 0): number {
  outer: for (let i = Math.max(0, from); i <= hay.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const join = (c: Chars): string => c.join('');

/** Diff of two texts as a list of equal / deleted / inserted runs. */
export function charDiff(a: string, b: string): Edit[] {
  return diffChars([...a], [...b]);
}

function diffChars(a: Chars, b: Chars): Edit[] {
  if (a.length === b.length && prefixLength(a, b) === a.length) return a.length ? [{ op: 'eq', text: join(a) }] : [];
  const pre = prefixLength(a, b);
  const head = a.slice(0, pre);
  a = a.slice(pre);
  b = b.slice(pre);
  const suf = suffixLength(a, b);
  const tail = a.slice(a.length - suf);
  a = a.slice(0, a.length - suf);
  b = b.slice(0, b.length - suf);
  const edits = compute(a, b);
  if (head.length) edits.unshift({ op: 'eq', text: join(head) });
  if (tail.length) edits.push({ op: 'eq', text: join(tail) });
  return mergeEdits(edits);
}

/** The diff of two texts without common prefix or suffix. */
function compute(a: Chars, b: Chars): Edit[] {
  if (a.length === 0) return [{ op: 'ins', text: join(b) }];
  if (b.length === 0) return [{ op: 'del', text: join(a) }];
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  const at = indexOf(long, short);
  if (at >= 0) {
    const op: DiffOp = a.length > b.length ? 'del' : 'ins';
    return [
      { op, text: join(long.slice(0, at)) },
      { op: 'eq', text: join(short) },
      { op, text: join(long.slice(at + short.length)) },
    ];
  }
  if (short.length === 1) return [{ op: 'del', text: join(a) }, { op: 'ins', text: join(b) }];
  const hm = halfMatch(a, b);
  if (hm) {
    const [a1, a2, b1, b2, mid] = hm;
    return [...diffChars(a1, b1), { op: 'eq', text: join(mid) }, ...diffChars(a2, b2)];
  }
  return bisect(a, b);
}

/**
 * When a common run at least half as long as the longer text exists, split around it:
 * [a prefix, a suffix, b prefix, b suffix, common].
 */
function halfMatch(a: Chars, b: Chars): [Chars, Chars, Chars, Chars, Chars] | null {
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  if (long.length < 4 || short.length * 2 < long.length) return null;
  const m1 = halfMatchAt(long, short, Math.floor((long.length + 3) / 4));
  const m2 = halfMatchAt(long, short, Math.floor((long.length + 1) / 2));
  let m: [Chars, Chars, Chars, Chars, Chars];
  if (!m1 && !m2) return null;
  else if (!m2) m = m1!;
  else if (!m1) m = m2;
  else m = m1[4].length > m2[4].length ? m1 : m2;
  return a.length > b.length ? m : [m[2], m[3], m[0], m[1], m[4]];
}

function halfMatchAt(long: Chars, short: Chars, i: number): [Chars, Chars, Chars, Chars, Chars] | null {
  const seed = long.slice(i, i + Math.floor(long.length / 4));
  let best: [Chars, Chars, Chars, Chars, Chars] | null = null;
  let bestLen = 0;
  for (let j = indexOf(short, seed); j !== -1; j = j + 1 > short.length - 1 ? -1 : indexOf(short, seed, j + 1)) {
    const p = prefixLength(long.slice(i), short.slice(j));
    const s = suffixLength(long.slice(0, i), short.slice(0, j));
    if (bestLen < p + s) {
      bestLen = p + s;
      best = [long.slice(0, i - s), long.slice(i + p), short.slice(0, j - s), short.slice(j + p), [...short.slice(j - s, j), ...short.slice(j, j + p)]];
    }
  }
  return best && bestLen * 2 >= long.length ? best : null;
}

/** Myers' bisection: find the middle snake from both ends, then diff the two halves. */
function bisect(a: Chars, b: Chars): Edit[] {
  const n = a.length;
  const m = b.length;
  const maxD = Math.floor((n + m + 1) / 2);
  const off = maxD;
  const size = 2 * maxD;
  const v1 = new Array<number>(size).fill(-1);
  const v2 = new Array<number>(size).fill(-1);
  v1[off + 1] = 0;
  v2[off + 1] = 0;
  const delta = n - m;
  const front = delta % 2 !== 0;
  let k1start = 0;
  let k1end = 0;
  let k2start = 0;
  let k2end = 0;
  for (let d = 0; d < maxD; d++) {
    for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      const i1 = off + k1;
      let x1 = k1 === -d || (k1 !== d && v1[i1 - 1]! < v1[i1 + 1]!) ? v1[i1 + 1]! : v1[i1 - 1]! + 1;
      let y1 = x1 - k1;
      while (x1 < n && y1 < m && a[x1] === b[y1]) {
        x1++;
        y1++;
      }
      v1[i1] = x1;
      if (x1 > n) k1end += 2;
      else if (y1 > m) k1start += 2;
      else if (front) {
        const i2 = off + delta - k1;
        if (i2 >= 0 && i2 < size && v2[i2] !== -1 && x1 >= n - v2[i2]!) return split(a, b, x1, y1);
      }
    }
    for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      const i2 = off + k2;
      let x2 = k2 === -d || (k2 !== d && v2[i2 - 1]! < v2[i2 + 1]!) ? v2[i2 + 1]! : v2[i2 - 1]! + 1;
      let y2 = x2 - k2;
      while (x2 < n && y2 < m && a[n - x2 - 1] === b[m - y2 - 1]) {
        x2++;
        y2++;
      }
      v2[i2] = x2;
      if (x2 > n) k2end += 2;
      else if (y2 > m) k2start += 2;
      else if (!front) {
        const i1 = off + delta - k2;
        if (i1 >= 0 && i1 < size && v1[i1] !== -1) {
          const x1 = v1[i1]!;
          const y1 = off + x1 - i1;
          if (x1 >= n - x2) return split(a, b, x1, y1);
        }
      }
    }
  }
  return [{ op: 'del', text: join(a) }, { op: 'ins', text: join(b) }];
}

function split(a: Chars, b: Chars, x: number, y: number): Edit[] {
  return [...diffChars(a.slice(0, x), b.slice(0, y)), ...diffChars(a.slice(x), b.slice(y))];
}

/**
 * Merge adjacent runs of the same kind, factor common text out of delete/insert pairs, and
 * slide single edits over an equal neighbour when that removes an equality (repeat until
 * stable).
 */
function mergeEdits(input: Edit[]): Edit[] {
  const d: Edit[] = [...input.map((e) => ({ ...e })), { op: 'eq', text: '' }];
  let p = 0;
  let nDel = 0;
  let nIns = 0;
  let del: Chars = [];
  let ins: Chars = [];
  while (p < d.length) {
    const e = d[p]!;
    if (e.op === 'ins') {
      nIns++;
      ins = ins.concat([...e.text]);
      p++;
    } else if (e.op === 'del') {
      nDel++;
      del = del.concat([...e.text]);
      p++;
    } else {
      if (nDel + nIns > 1) {
        if (nDel !== 0 && nIns !== 0) {
          let c = prefixLength(ins, del);
          if (c !== 0) {
            const x = p - nDel - nIns;
            if (x > 0 && d[x - 1]!.op === 'eq') d[x - 1]!.text += join(ins.slice(0, c));
            else {
              d.unshift({ op: 'eq', text: join(ins.slice(0, c)) });
              p++;
            }
            ins = ins.slice(c);
            del = del.slice(c);
          }
          c = suffixLength(ins, del);
          if (c !== 0) {
            d[p]!.text = join(ins.slice(ins.length - c)) + d[p]!.text;
            ins = ins.slice(0, ins.length - c);
            del = del.slice(0, del.length - c);
          }
        }
        const replacement: Edit[] =
          nDel === 0 ? [{ op: 'ins', text: join(ins) }]
          : nIns === 0 ? [{ op: 'del', text: join(del) }]
          : [{ op: 'del', text: join(del) }, { op: 'ins', text: join(ins) }];
        d.splice(p - nDel - nIns, nDel + nIns, ...replacement);
        p = p - nDel - nIns + 1 + (nDel !== 0 ? 1 : 0) + (nIns !== 0 ? 1 : 0);
      } else if (p !== 0 && d[p - 1]!.op === 'eq') {
        d[p - 1]!.text += e.text;
        d.splice(p, 1);
      } else {
        p++;
      }
      nIns = 0;
      nDel = 0;
      del = [];
      ins = [];
    }
  }
  if (d[d.length - 1]!.text === '') d.pop();

  let changed = false;
  for (p = 1; p < d.length - 1; p++) {
    const prev = d[p - 1]!;
    const cur = d[p]!;
    const next = d[p + 1]!;
    if (prev.op !== 'eq' || next.op !== 'eq') continue;
    if (cur.text.endsWith(prev.text)) {
      cur.text = prev.text + cur.text.slice(0, cur.text.length - prev.text.length);
      next.text = prev.text + next.text;
      d.splice(p - 1, 1);
      changed = true;
    } else if (cur.text.startsWith(next.text)) {
      prev.text += next.text;
      cur.text = cur.text.slice(next.text.length) + next.text;
      d.splice(p + 1, 1);
      changed = true;
    }
  }
  return changed ? mergeEdits(d) : d;
}
