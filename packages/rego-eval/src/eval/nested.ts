/** Nested objects (and leaf sets) built from the solutions of ref-head rules. */
import type { Location } from '@rego-ts/rego-parser';
import { RegoError } from '@rego-ts/rego-parser';
import { equal } from '../value/compare.js';
import { hashKey } from '../value/hash.js';
import { ObjectBuilder } from '../value/collections.js';
import { RegoSet, type Value } from '../value/types.js';

/** Builds nested objects (and leaf sets) from ref-head rule solutions. */
export class Nested {
  private readonly map = new Map<string, [Value, Nested | Value]>();
  private set: RegoSet | undefined;

  insert(keys: Value[], v: Value, multi: boolean, loc: Location): void {
    if (keys.length === 0) {
      if (!multi) throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
      this.set ??= new RegoSet();
      this.set.add(v);
      return;
    }
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let n: Nested = this;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const h = hashKey(key);
      const last = i === keys.length - 1;
      const e = n.map.get(h);
      if (last && !multi) {
        if (e) {
          if (e[1] instanceof Nested || !equal(e[1], v)) throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
          return;
        }
        n.map.set(h, [key, v]);
        return;
      }
      if (e && !(e[1] instanceof Nested)) throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
      let child = e?.[1] as Nested | undefined;
      if (!child) {
        child = new Nested();
        n.map.set(h, [key, child]);
      }
      n = child;
      if (last) {
        n.set ??= new RegoSet();
        n.set.add(v);
      }
    }
  }

  /** Adds another rule's value at `keys`: sets union, equal values agree, else conflict. */
  mergeLeaf(keys: Value[], v: Value, loc: Location): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let n: Nested = this;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const h = hashKey(key);
      const e = n.map.get(h);
      if (i === keys.length - 1) {
        if (!e) {
          n.map.set(h, [key, v]);
          return;
        }
        const cur = e[1];
        if (cur instanceof Nested) {
          if (v instanceof RegoSet && cur.set && cur.map.size === 0) {
            for (const x of v.values()) cur.set.add(x);
            return;
          }
          throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
        }
        if (!equal(cur, v)) throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
        return;
      }
      if (e && !(e[1] instanceof Nested)) throw new RegoError('eval_conflict_error', 'object keys must be unique', loc);
      let child = e?.[1] as Nested | undefined;
      if (!child) {
        child = new Nested();
        n.map.set(h, [key, child]);
      }
      n = child;
    }
  }

  build(): Value {
    if (this.set && this.map.size === 0) return this.set;
    const b = new ObjectBuilder();
    for (const [key, x] of this.map.values()) b.set(key, x instanceof Nested ? x.build() : x);
    return b.build();
  }
}
