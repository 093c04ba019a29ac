/**
 * The rule tree: `data` as a tree of nodes keyed by path segment. Packages are namespace
 * nodes; a rule hangs at the node of its head's longest constant prefix (`p.q[x].r` hangs at
 * `p.q` with the dynamic remainder `[x, "r"]`).
 */
import type { Location, Rule } from '@rego-ts/rego-parser';
import type { Lit, T } from './ir.js';
import { compareStrings } from '../value/compare.js';

export type DefKind = 'complete' | 'multi' | 'object' | 'function';

/** One definition of a rule (an `else` chain is linked through `else`). */
export interface RuleDef {
  kind: DefKind;
  node: DocNode;
  /** Head ref terms after `node` (object/multi rules with variable or deeper keys). */
  dyn: T[];
  /** Element of a multi-value rule. */
  key?: T;
  value?: T;
  args?: T[];
  /**
   * The arguments as OPA's head keeps them, for the type checker: a set argument stays there
   * (its vars typed `any` unless the body types them), where `args` holds the var it is
   * matched through after the body. Unset when no argument is a set.
   */
  headArgs?: T[];
  body: Lit[];
  nslots: number;
  isDefault: boolean;
  else?: RuleDef;
  loc: Location;
  ast: Rule;
  /** Full rule ref text (`data.pkg.p`), for messages. */
  refText: string;
  /** The evaluator's cache: the body always succeeds once binding nothing (set on first use). */
  trivial: boolean | undefined;
}

let nextId = 0;

export class DocNode {
  readonly id = nextId++;
  readonly children = new Map<string, DocNode>();
  /** Non-default document rules hanging here. */
  readonly rules: RuleDef[] = [];
  defaultRule: RuleDef | undefined;
  readonly funcs: RuleDef[] = [];
  defaultFunc: RuleDef | undefined;
  /** True for a node that is (a prefix of) a package path. */
  isPackage = false;
  /** Package clauses declaring exactly this path: text (`p.q`) and location. */
  readonly packageDecls: Array<{ text: string; loc: Location }> = [];
  /** Sorted child keys (filled by `freeze`). */
  sortedChildren: string[] = [];

  constructor(
    readonly path: string[],
    readonly parent: DocNode | undefined,
  ) {}

  child(key: string): DocNode {
    let c = this.children.get(key);
    if (!c) {
      c = new DocNode([...this.path, key], this);
      this.children.set(key, c);
    }
    return c;
  }

  /** True when rules define this node's value (it is not a plain namespace). */
  get hasDocRules(): boolean {
    return this.rules.length > 0 || this.defaultRule !== undefined;
  }

  get isFunction(): boolean {
    return this.funcs.length > 0 || this.defaultFunc !== undefined;
  }

  /** True when the node or a descendant has document rules. */
  hasVirtual = false;
  /** The evaluator's cache: every rule here is `p contains x` with no key below the node (set on first use). */
  flatSet: boolean | undefined = undefined;

  get refText(): string {
    return refText(this.path);
  }
}

const IDENT = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function refText(path: readonly string[]): string {
  let s = 'data';
  for (const p of path) s += IDENT.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`;
  return s;
}

/** Computes `hasVirtual` and sorted child lists after all rules are attached. */
export function freezeTree(root: DocNode): void {
  const visit = (n: DocNode): boolean => {
    let v = n.hasDocRules;
    for (const c of n.children.values()) if (visit(c)) v = true;
    n.hasVirtual = v;
    n.sortedChildren = [...n.children.keys()].sort(compareStrings);
    return v;
  };
  visit(root);
}
