/** intersection, union (of a set of sets). */
import { RegoSet, type Value } from '../value/types.js';
import { set } from './args.js';
import { typeErr } from './errors.js';
import type { BuiltinTable } from './registry.js';

function setsOf(args: Value[]): RegoSet[] {
  const s = set(args, 0);
  const out: RegoSet[] = [];
  for (const e of s.map.values()) {
    if (!(e instanceof RegoSet)) throw typeErr(1, e, 'set');
    out.push(e);
  }
  return out;
}

export const setBuiltins: BuiltinTable = {
  intersection(args) {
    const sets = setsOf(args);
    if (sets.length === 0) return new RegoSet();
    sets.sort((a, b) => a.size - b.size);
    const out = new RegoSet();
    outer: for (const [k, v] of sets[0]!.map) {
      for (let i = 1; i < sets.length; i++) if (!sets[i]!.hasKey(k)) continue outer;
      out.add(v, k);
    }
    return out;
  },
  union(args) {
    const sets = setsOf(args);
    const out = new RegoSet();
    for (const s of sets) for (const [k, v] of s.map) out.add(v, k);
    return out;
  },
};
