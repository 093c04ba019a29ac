/**
 * Opt-in size limits checked before work starts: `maxPolicyBytes` (compile) bounds the total
 * UTF-8 size of module sources, `maxInputNodes` (evaluate) the number of values in `input`,
 * `maxDataNodes` (compile and evaluate) the number of values in base `data`.
 */
import { RegoError, RegoErrors, type Module } from '@rego-ts/rego-parser';
import type { ModuleInput } from './compiler/compile.js';
import { isRegoNumber, RegoObject, RegoSet, type PlainObject, type Value } from './value/types.js';

/** UTF-8 byte length without allocating an encoded copy (a lone surrogate counts as U+FFFD). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Throws `RegoErrors` (`rego_compile_error`) when the sources of `modules` total more than
 * `max` bytes. Already parsed `Module`s carry no source text and are not counted.
 */
export function checkPolicySize(modules: Array<ModuleInput | Module>, max: number): void {
  let total = 0;
  for (const m of modules) {
    if (!('source' in m) || typeof m.source !== 'string') continue;
    // Every UTF-16 unit is at least one byte: a source longer than what is left is rejected
    // without counting its bytes.
    total += m.source.length > max - total ? m.source.length : utf8Length(m.source);
    if (total > max) {
      throw new RegoErrors([new RegoError('rego_compile_error', `policy too large: module sources exceed maxPolicyBytes (${max} bytes) at ${m.file}`)]);
    }
  }
}

/** Throws `eval_cancel_error` when `input` holds more than `max` values (see `exceedsNodes`). */
export function checkInputNodes(input: Value, max: number): void {
  if (exceedsNodes(input, max)) throw new RegoError('eval_cancel_error', `caller cancelled query execution: input has more than maxInputNodes (${max}) values`);
}

/**
 * Throws when base `data` holds more than `max` values: `eval_cancel_error` for the data of an
 * evaluation, `rego_compile_error` (as `RegoErrors`) for the data given to compile.
 */
export function checkDataNodes(data: Value, max: number, stage: 'compile' | 'evaluate'): void {
  if (!exceedsNodes(data, max)) return;
  if (stage === 'evaluate') throw new RegoError('eval_cancel_error', `caller cancelled query execution: data has more than maxDataNodes (${max}) values`);
  throw new RegoErrors([new RegoError('rego_compile_error', `data too large: base document has more than maxDataNodes (${max}) values`)]);
}

/**
 * True when `doc` holds more than `max` values (the document itself, every array/set element
 * and every object value, scalars included). Walks iteratively and stops as soon as the count
 * passes `max`, so a huge or deep document costs about `max` steps.
 */
function exceedsNodes(doc: Value, max: number): boolean {
  // Every value pushed will be counted, so `seen` (pushed so far) decides early.
  let seen = 0;
  const stack: Value[] = [];
  const push = (v: Value): boolean => {
    if (++seen > max) return true;
    stack.push(v);
    return false;
  };
  if (push(doc)) return true;
  while (stack.length) {
    const v = stack.pop()!;
    if (v === null || typeof v !== 'object' || isRegoNumber(v)) continue;
    if (Array.isArray(v)) {
      for (const e of v) if (push(e)) return true;
    } else if (v instanceof RegoSet) {
      for (const e of v.map.values()) if (push(e)) return true;
    } else if (v instanceof RegoObject) {
      for (const e of v.map.values()) if (push(e[1])) return true;
    } else {
      const o = v as PlainObject;
      for (const k of Object.keys(o)) if (push(o[k]!)) return true;
    }
  }
  return false;
}
