/** array.concat, array.flatten (one level, as OPA), array.reverse, array.slice. */
import type { Value } from '../value/types.js';
import { arr, int } from './args.js';
import type { BuiltinTable } from './registry.js';

export const arrayBuiltins: BuiltinTable = {
  'array.concat'(args) {
    const a = arr(args, 0);
    const b = arr(args, 1);
    if (a.length === 0) return b;
    if (b.length === 0) return a;
    return a.concat(b);
  },
  'array.flatten'(args) {
    const a = arr(args, 0);
    if (!a.some(Array.isArray)) return a;
    const out: Value[] = [];
    for (const e of a) {
      if (Array.isArray(e)) out.push(...e);
      else out.push(e);
    }
    return out;
  },
  'array.reverse': (args) => arr(args, 0).slice().reverse(),
  'array.slice'(args) {
    const a = arr(args, 0);
    let start = int(args, 1);
    let stop = int(args, 2);
    const l = a.length;
    if (stop < 0) stop = 0;
    else if (stop > l) stop = l;
    if (start < 0) start = 0;
    else if (start > stop) start = stop;
    if (start === 0 && stop >= l) return a;
    return a.slice(start, stop);
  },
};
