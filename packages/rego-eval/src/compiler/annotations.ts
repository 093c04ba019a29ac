/**
 * `# METADATA` annotation blocks and the values of `rego.metadata.rule()` /
 * `rego.metadata.chain()`, which OPA computes at compile time for the calling rule.
 */
import type { Comment, Module, Rule } from '@rego-ts/rego-parser';
import { parse as parseYAML } from 'yaml';
import { newPlainObject, type PlainObject, type Value } from '../value/types.js';

export type Scope = 'rule' | 'document' | 'package' | 'subpackages';

export interface Annotation {
  scope: Scope;
  value: PlainObject;
}

interface Block {
  lastRow: number;
  yaml: string;
}

function blocks(comments: Comment[]): Block[] {
  const out: Block[] = [];
  const cs = [...comments].sort((a, b) => a.location.row - b.location.row);
  for (let i = 0; i < cs.length; i++) {
    if (cs[i]!.text.trim() !== 'METADATA') continue;
    const lines: string[] = [];
    let row = cs[i]!.location.row;
    let j = i + 1;
    while (j < cs.length && cs[j]!.location.row === row + 1) {
      lines.push(cs[j]!.text.replace(/^ /, ''));
      row++;
      j++;
    }
    out.push({ lastRow: row, yaml: lines.join('\n') });
    i = j - 1;
  }
  return out;
}

function toValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(toValue);
  if (typeof v === 'object') {
    const o = newPlainObject();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = toValue(x);
    return o;
  }
  return v as Value;
}

function author(a: unknown): Value {
  if (typeof a !== 'string') return toValue(a);
  const o = newPlainObject();
  const m = /^(.*?)\s*<([^>]+)>$/.exec(a.trim());
  if (m) {
    if (m[1]) o['name'] = m[1];
    o['email'] = m[2]!;
  } else o['name'] = a.trim();
  return o;
}

function annotation(yaml: string, defaultScope: Scope): Annotation | undefined {
  let doc: unknown;
  try {
    doc = parseYAML(yaml);
  } catch {
    return undefined;
  }
  const v = (toValue(doc ?? {}) ?? newPlainObject()) as PlainObject;
  if (typeof v !== 'object' || Array.isArray(v)) return undefined;
  if (Array.isArray(v['authors'])) v['authors'] = (doc as { authors: unknown[] }).authors.map(author);
  const scope = (typeof v['scope'] === 'string' ? v['scope'] : defaultScope) as Scope;
  v['scope'] = scope;
  return { scope, value: v };
}

export interface ModuleAnnotations {
  pkg: Annotation[];
  rules: Map<Rule, Annotation>;
}

/** Annotations of a module: the block right above the package, and above each rule. */
export function moduleAnnotations(m: Module): ModuleAnnotations {
  const bs = blocks(m.comments ?? []);
  const out: ModuleAnnotations = { pkg: [], rules: new Map() };
  if (!bs.length) return out;
  const at = (row: number): Block | undefined => bs.find((b) => b.lastRow === row - 1);
  const pb = at(m.package.location.row);
  if (pb) {
    const a = annotation(pb.yaml, 'package');
    if (a) out.pkg.push(a);
  }
  for (const r of m.rules) {
    const b = at(r.location.row);
    if (!b) continue;
    const a = annotation(b.yaml, 'rule');
    if (a) out.rules.set(r, a);
  }
  return out;
}

export interface MetadataIndex {
  /** Package annotations by package path text. */
  packages: Map<string, Annotation[]>;
  /** Document-scope annotations by rule path text. */
  documents: Map<string, Annotation>;
}

function entry(path: string[], ann?: Annotation): PlainObject {
  const o = newPlainObject();
  if (ann) o['annotations'] = ann.value;
  o['path'] = path;
  return o;
}

/** `rego.metadata.rule()` and `rego.metadata.chain()` for a rule. */
export function metadataFor(idx: MetadataIndex, pkg: string[], rulePath: string[], own: Annotation | undefined): { rule: Value; chain: Value } {
  const chain: Value[] = [];
  const full = [...pkg, ...rulePath];
  chain.push(entry(full, own && own.scope === 'rule' ? own : undefined));
  const doc = idx.documents.get(full.join('\u0000'));
  if (doc) chain.push(entry(full, doc));
  for (let n = pkg.length; n >= 1; n--) {
    const p = pkg.slice(0, n);
    for (const a of idx.packages.get(p.join('\u0000')) ?? []) {
      if (n === pkg.length ? a.scope === 'package' || a.scope === 'subpackages' : a.scope === 'subpackages') chain.push(entry(p, a));
    }
  }
  return { rule: own && own.scope === 'rule' ? own.value : newPlainObject(), chain };
}
