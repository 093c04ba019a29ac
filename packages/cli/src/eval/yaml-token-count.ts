/**
 * `--max-input-nodes` for YAML input read off the yaml package's lexer tokens, before anything
 * is parsed or composed (composing costs far more than lexing): the document, sequence items and
 * mapping entries, block and flow, followed through indentation as the parser would.
 *
 * The count is a lower bound of the decoded value's count, so no input the evaluator would accept
 * is refused:
 * - a mapping counts each distinct key once (its last value, as decoding keeps it), with keys
 *   named as decoding names them (`1`, `0x1` and `"1"` are one key); merge keys `<<` count nothing;
 *   a key whose name the text cannot tell (tagged, an alias, a collection, an explicit `?` key)
 *   counts nothing, and then the mapping's values count as one node each (such a key may repeat
 *   any other);
 * - a collection that is a key counts nothing; a tagged collection (`!!omap` may merge entries)
 *   and an alias count as one node;
 * - the count stops early only on nodes that no later text can take back: sequence items and the
 *   entries of the outermost open mapping, and whatever closed within them; what lies in a
 *   mapping's value is settled once that mapping closes, since a later repeated key replaces it;
 * - text it does not follow (directives, tabs used as indentation, unknown tokens) is left to the
 *   count made after composing.
 * A data document placed where earlier data exists counts only its new paths: a mapping value
 * at a path that earlier data holds counts nothing itself (see data-place.ts).
 */
import { CST, Lexer } from 'yaml';
import { existingAt, existsAt, type Existing } from './data-place.js';
import { MERGE_KEY, scalarKeyName, type KeyName } from './yaml-keys.js';

/** Where a data document goes: what earlier data holds there (both unset for input). */
export interface YamlPlace {
  /** The objects earlier data holds at the document's path. */
  at?: Existing;
  /** Earlier data holds the document's path. */
  exists?: boolean;
}

/** Whether the YAML text holds more than `max` values; false when the tokens cannot tell. */
export function yamlTokensExceed(text: string, max: number, place: YamlPlace = {}): boolean {
  const count = new TokenCount(max, place);
  for (const token of new Lexer().lex(text)) {
    const r = count.next(token);
    if (r !== undefined) return r;
  }
  return count.end();
}

type Kind = 'doc' | 'seq' | 'map' | 'void';

/** The keys of frames that are no mappings: always empty (only mappings get entries). */
const NO_KEYS: ReadonlyMap<string, number> = new Map();

class Frame {
  /** A sequence's or document's nodes so far. */
  total = 0;
  /** How many of this frame's nodes `sure` holds already. */
  sured = 0;
  /** A mapping's distinct keys and the nodes of each one's (last) value. */
  readonly keys: Map<string, number>;
  /** The open entry's key (`null`: none open) and the nodes of its value so far. */
  key: KeyName | null = null;
  cur = 0;
  /** A key whose name is unknown was seen: values count one node each. */
  unknownKey = false;
  /** Flow collections: 0 before an entry's node, 1 after it, 2 after its `:`. */
  phase = 0;
  /** A flow sequence's current item is a pair whose value does not count. */
  pairDead = false;
  /** The open entry's key was seen before in this mapping. */
  repeated = false;
  /** Mappings and documents: the objects earlier data holds at this path (data files). */
  at: Existing = undefined;
  /** Keys whose path earlier data holds: their values count nothing themselves. */
  shared = 0;

  constructor(
    readonly kind: Kind,
    readonly flow: boolean,
    /** Block frames: the column of its keys or items (an explicit key's text: the `?` column + 0.5). */
    readonly indent: number,
    /** Its nodes do not count: a key, a tagged collection, an explicit key's text. */
    readonly dead: boolean,
    /** A flow collection that a following `:` makes a key (until it is too long or spans lines to be one). */
    public maybeKey: boolean,
    /** Every enclosing frame is a sequence (or the document) whose nodes are settled. */
    readonly chainOK: boolean,
    readonly col: number,
    readonly lineStart: boolean,
    /** Offset in the text where it starts. */
    readonly start: number,
  ) {
    this.keys = kind === 'map' ? new Map() : (NO_KEYS as Map<string, number>);
  }

  /** Nodes added here are settled (nothing later can take them back). */
  get settles(): boolean {
    return this.chainOK && !this.dead && !this.maybeKey;
  }

  /** Its children's nodes are settled when it is. */
  get transparent(): boolean {
    return (this.kind === 'seq' || this.kind === 'doc') && !this.dead && !this.maybeKey;
  }
}

/** A scalar that may be a key, named only if it turns out one (naming is the costly part). */
type KeyText = { type: ScalarType; source: string } | undefined;
type ScalarType = 'scalar' | 'single-quoted-scalar' | 'double-quoted-scalar';

const keyName = (k: KeyText): KeyName => (k === undefined ? undefined : scalarKeyName(k.type, k.source));

/** A node just read that a following `:` makes a key. */
interface Pending {
  key: KeyText;
  /** The nodes of a flow collection, counted only if it is not a key. */
  held: number;
  frame: Frame;
  col: number;
  lineStart: boolean;
}

/** Where a node being read goes. */
type Role = 'block' | 'key' | 'maybe-key' | 'value' | 'dead';

interface NodeStart {
  col: number;
  lineStart: boolean;
  tagged: boolean;
  role: Role;
}

/** Returned by `next` when the count cannot follow the text. */
const UNKNOWN = false;

class TokenCount {
  private readonly stack: Frame[] = [];
  private sure = 0;
  private count = 0;
  private flowDepth = 0;
  private col = 0;
  private lineStart = true;
  private prevType: string | null = null;
  private offset = 0;
  /** Open flow collections that may be keys, outermost first. */
  private readonly maybeKeys: Frame[] = [];
  private pend: Pending | undefined;
  private node: NodeStart | undefined;
  /** A tag ended its line: it applies to the block collection that follows. */
  private blockTag = false;
  /** The next lexeme is a scalar's source (after the lexer's scalar marker). */
  private scalarSource = false;
  /** That source belongs to a block scalar already counted. */
  private blockScalar = false;

  /** Documents seen, and the node each counts itself (none where earlier data holds its path). */
  private docs = 0;
  private readonly docSelf: number;

  constructor(
    private readonly max: number,
    private readonly place: YamlPlace,
  ) {
    this.docSelf = place.exists === true ? 0 : 1;
  }

  /** Reads one lexeme; a boolean is the answer, undefined reads on. */
  next(lexeme: string): boolean | undefined {
    const col = this.col;
    const lineStart = this.lineStart;
    if (this.scalarSource) {
      this.scalarSource = false;
      this.advance(lexeme);
      if (this.blockScalar) this.blockScalar = false;
      else this.scalarNode({ type: 'scalar', source: lexeme });
      return this.sure > this.max ? true : undefined;
    }
    if (lexeme === '') return undefined;
    const type = CST.tokenType(lexeme);
    if (type === null || type === 'directive-line') return UNKNOWN;
    if (type === 'space' && this.flowDepth === 0 && lexeme.includes('\t') && (lineStart || this.prevType === 'seq-item-ind' || this.prevType === 'explicit-key-ind')) return UNKNOWN;
    if (type !== 'space' && type !== 'comment') this.prevType = type;
    if (type !== 'doc-mode' && type !== 'scalar' && type !== 'byte-order-mark' && type !== 'flow-error-end') this.advance(lexeme);
    if (type === 'doc-mode') {
      this.endDoc();
      const doc = new Frame('doc', false, -1, false, false, true, 0, true, this.offset);
      doc.at = this.place.at;
      this.stack.push(doc);
      this.docs++;
      this.sure += this.docSelf;
      return this.sure > this.max ? true : undefined;
    }
    // Comments and blank lines may come before the first document.
    if (this.stack.length === 0) return type === 'byte-order-mark' || type === 'comment' || type === 'newline' || type === 'space' ? undefined : UNKNOWN;

    const significant = !(type === 'space' || type === 'comment' || (type === 'newline' && this.flowDepth > 0));
    if (this.pend !== undefined && significant) {
      const p = this.pend;
      this.pend = undefined;
      if (type === 'map-value-ind' && this.node === undefined) {
        this.pendingKey(p);
        return this.sure > this.max ? true : undefined;
      }
      this.add(p.frame, p.held, 0);
    }

    switch (type) {
      case 'newline':
        if (this.flowDepth === 0 && this.node !== undefined) {
          // Properties alone on their line belong to the block collection below.
          if (this.node.tagged) this.blockTag = true;
          this.node = undefined;
        }
        break;
      case 'anchor':
        this.beginNode(col, lineStart);
        break;
      case 'tag':
        this.beginNode(col, lineStart).tagged = true;
        break;
      case 'scalar':
        // A block scalar's text comes on the lines below its header, which began the node.
        if (!this.blockScalar) this.beginNode(col, lineStart);
        this.scalarSource = true;
        break;
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        this.beginNode(col, lineStart);
        this.scalarNode({ type, source: lexeme });
        break;
      case 'alias':
        this.beginNode(col, lineStart);
        this.scalarNode(undefined);
        break;
      case 'block-scalar-header': {
        // A value, never a key; its text follows as a scalar source.
        this.beginNode(col, lineStart);
        this.node = undefined;
        this.blockTag = false;
        this.blockScalar = true;
        break;
      }
      case 'flow-seq-start':
      case 'flow-map-start':
        this.flowStart(type === 'flow-seq-start' ? 'seq' : 'map', col, lineStart);
        break;
      case 'flow-seq-end':
      case 'flow-map-end':
        this.flowEnd();
        break;
      case 'flow-error-end':
        while (this.flowDepth > 0) this.closeTop();
        this.node = undefined;
        break;
      case 'comma': {
        const f = this.top;
        if (f.flow) {
          f.phase = 0;
          f.pairDead = false;
        }
        this.node = undefined;
        break;
      }
      case 'map-value-ind':
        this.valueIndicator(col, lineStart);
        break;
      case 'explicit-key-ind':
        this.explicitKey(col, lineStart);
        break;
      case 'seq-item-ind':
        if (this.flowDepth > 0) return UNKNOWN;
        this.node = undefined;
        if (lineStart) this.popTo(col);
        this.seqItem(col, lineStart);
        break;
      case 'doc-start':
      case 'doc-end':
      case 'space':
      case 'comment':
      case 'byte-order-mark':
        break;
      default:
        return UNKNOWN;
    }
    return this.sure > this.max ? true : undefined;
  }

  /** The answer after the last lexeme. */
  end(): boolean {
    if (this.scalarSource) return UNKNOWN;
    this.endDoc();
    // Text with no document (blank, comments only) decodes to null: one value.
    return (this.docs > 0 ? this.count : this.docSelf) > this.max;
  }

  private get top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  private advance(lexeme: string): void {
    this.offset += lexeme.length;
    const nl = lexeme.lastIndexOf('\n');
    if (this.maybeKeys.length > 0) this.notKeys(nl >= 0);
    if (nl < 0) {
      this.col += lexeme.length;
      if (!/^[ \t]*$/.test(lexeme)) this.lineStart = false;
    } else {
      this.col = lexeme.length - nl - 1;
      this.lineStart = /^ *$/.test(lexeme.slice(nl + 1));
    }
  }

  /**
   * Implicit keys are on one line and at most 1024 characters long (the yaml package refuses
   * others): a flow collection spanning lines or longer is a value, its nodes counted as read.
   */
  private notKeys(newline: boolean): void {
    const ks = this.maybeKeys;
    let i = 0;
    while (i < ks.length && (newline || this.offset - ks[i]!.start > 1024)) i++;
    for (const f of ks.splice(0, i)) {
      f.maybeKey = false;
      if (!f.settles) continue;
      const n = f.kind === 'map' ? f.keys.size - f.shared : f.total;
      this.sure += n - f.sured;
      f.sured = n;
    }
  }

  private endDoc(): void {
    this.maybeKeys.length = 0;
    if (this.stack.length === 0) return;
    if (this.pend !== undefined) this.add(this.pend.frame, this.pend.held, 0);
    this.pend = undefined;
    while (this.stack.length > 1) this.closeTop();
    const doc = this.stack.pop()!;
    this.count += this.docSelf + doc.total;
    this.flowDepth = 0;
    this.node = undefined;
    this.blockTag = false;
    this.scalarSource = false;
    this.blockScalar = false;
  }

  /** The first token of a node (a property or the node itself): where it goes. */
  private beginNode(col: number, lineStart: boolean): NodeStart {
    if (this.node !== undefined) return this.node;
    let role: Role = 'block';
    if (this.flowDepth === 0) {
      if (lineStart) this.popTo(col);
    } else {
      const f = this.top;
      if (f.phase === 1) role = 'dead';
      else if (f.phase === 2) role = f.pairDead ? 'dead' : 'value';
      else if (f.kind === 'map') role = 'key';
      else {
        this.item(f);
        role = 'maybe-key';
      }
      if (f.phase === 0) f.phase = 1;
    }
    this.node = { col, lineStart, tagged: false, role };
    return this.node;
  }

  /** A scalar or alias has been read; `name` its text, were it a key that text can name. */
  private scalarNode(name: KeyText): void {
    const n = this.node!;
    this.node = undefined;
    const key = n.tagged ? undefined : name;
    switch (n.role) {
      case 'block':
        this.blockTag = false;
        this.pend = { key, held: 0, frame: this.top, col: n.col, lineStart: n.lineStart };
        break;
      case 'key':
        this.entry(this.top, keyName(key));
        break;
      case 'maybe-key':
        this.pend = { key, held: 0, frame: this.top, col: n.col, lineStart: n.lineStart };
        break;
      default:
        break;
    }
  }

  private flowStart(kind: 'seq' | 'map', col: number, lineStart: boolean): void {
    const n = this.beginNode(col, lineStart);
    this.node = undefined;
    const parent = this.top;
    let dead = n.tagged;
    let maybeKey = false;
    switch (n.role) {
      case 'block':
        dead ||= this.blockTag;
        this.blockTag = false;
        maybeKey = true;
        break;
      case 'key':
        this.entry(parent, undefined);
        dead = true;
        break;
      case 'maybe-key':
        maybeKey = true;
        break;
      case 'dead':
        dead = true;
        break;
      case 'value':
        break;
    }
    const f = new Frame(kind, true, -1, dead, maybeKey, parent.chainOK && parent.transparent, n.col, n.lineStart, this.offset - 1);
    f.at = childAt(parent);
    this.stack.push(f);
    if (maybeKey) this.maybeKeys.push(f);
    this.flowDepth++;
  }

  private flowEnd(): void {
    this.node = undefined;
    const f = this.top;
    if (!f.flow) return;
    this.stack.pop();
    this.flowDepth--;
    if (f.maybeKey) this.maybeKeys.pop();
    const c = this.content(f);
    if (f.maybeKey) this.pend = { key: undefined, held: c, frame: this.top, col: f.col, lineStart: f.lineStart };
    else this.add(this.top, c, f.sured);
  }

  /** A `:` after a node that is therefore a key. */
  private pendingKey(p: Pending): void {
    const key = keyName(p.key);
    if (this.flowDepth === 0) {
      this.keyEntry(key, p.col, p.lineStart);
      return;
    }
    const f = p.frame;
    f.phase = 2;
    f.pairDead = typeof key !== 'string';
    // A pair in a flow sequence is a one-entry mapping: its value counts unless the key merges.
    if (!f.pairDead) this.item(f);
  }

  /** A `:` with no key node just before it. */
  private valueIndicator(col: number, lineStart: boolean): void {
    this.node = undefined;
    if (this.flowDepth === 0) {
      if (lineStart) this.popTo(col);
      const t = this.top;
      // The value of an explicit key (`? k` … `: v`): the entry is open already.
      if (lineStart && t.kind === 'map' && !t.flow && t.indent === col && t.key !== null) return;
      this.keyEntry(undefined, col, lineStart);
      return;
    }
    const f = this.top;
    if (f.phase === 0) this.keylessEntry(f);
    f.phase = 2;
  }

  private explicitKey(col: number, lineStart: boolean): void {
    this.node = undefined;
    if (this.flowDepth === 0) {
      if (lineStart) this.popTo(col);
      this.keyEntry(undefined, col, lineStart);
      // The key's own text, to the `:` at this column.
      this.push('void', col + 0.5, true);
      return;
    }
    const f = this.top;
    if (f.phase === 0) {
      this.keylessEntry(f);
      f.phase = 1;
    }
  }

  /**
   * A flow entry opened by `?` or `:` with no plain key before it: a mapping's entry with no key
   * name, or in a sequence an item (a one-pair mapping) whose pair counts nothing.
   */
  private keylessEntry(f: Frame): void {
    if (f.kind === 'map') this.entry(f, undefined);
    else {
      this.item(f);
      f.pairDead = true;
    }
  }

  /** A block mapping key at `col`: the next entry of the mapping there, or a new mapping's first. */
  private keyEntry(key: KeyName, col: number, lineStart: boolean): void {
    if (lineStart) this.popTo(col);
    let t = this.top;
    // A sequence at a mapping's own indentation is one of its values.
    if (lineStart && t.kind === 'seq' && !t.flow && t.indent === col) {
      this.closeTop();
      t = this.top;
    }
    if (!(lineStart && t.kind === 'map' && !t.flow && t.indent === col)) t = this.push('map', col, this.blockTag);
    this.blockTag = false;
    this.entry(t, key);
  }

  private seqItem(col: number, lineStart: boolean): void {
    let t = this.top;
    if (!(lineStart && t.kind === 'seq' && !t.flow && t.indent === col)) t = this.push('seq', col, this.blockTag);
    this.blockTag = false;
    this.item(t);
  }

  private push(kind: Kind, indent: number, dead: boolean): Frame {
    const p = this.top;
    const f = new Frame(kind, false, indent, dead || kind === 'void', false, p.chainOK && p.transparent, this.col, false, this.offset);
    f.at = childAt(p);
    this.stack.push(f);
    return f;
  }

  /** Closes the block collections that a node at `col` (first on its line) ends. */
  private popTo(col: number): void {
    for (;;) {
      const t = this.top;
      if (t.kind === 'doc' || t.flow || t.indent <= col) return;
      this.closeTop();
    }
  }

  private closeTop(): void {
    const f = this.stack.pop()!;
    if (f.flow) this.flowDepth--;
    if (f.maybeKey) this.maybeKeys.pop();
    // An unclosed flow collection that may be a key (the text is in error): counts nothing.
    const c = f.maybeKey ? 0 : this.content(f);
    this.add(this.top, c, f.maybeKey ? 0 : f.sured);
  }

  /** The nodes within a closed frame. */
  private content(f: Frame): number {
    if (f.dead) return 0;
    if (f.kind !== 'map') return f.total;
    this.finishEntry(f);
    if (f.unknownKey) return f.keys.size - f.shared;
    let n = -f.shared;
    for (const v of f.keys.values()) n += 1 + v;
    return n;
  }

  /** Adds a closed child's `c` nodes (`sured` of them settled already) to `p`. */
  private add(p: Frame, c: number, sured: number): void {
    if (c === 0 || p.dead) return;
    if (p.kind === 'map') {
      if (p.key !== null) p.cur += c;
      return;
    }
    p.total += c;
    if (p.settles && p.transparent) {
      this.sure += c - sured;
      p.sured += c;
    }
  }

  private item(s: Frame): void {
    s.total++;
    if (s.settles) {
      this.sure++;
      s.sured++;
    }
  }

  private entry(m: Frame, key: KeyName): void {
    this.finishEntry(m);
    m.key = key;
    m.cur = 0;
    m.repeated = false;
    if (key === undefined) m.unknownKey = true;
    else if (key !== MERGE_KEY && (m.repeated = m.keys.has(key)) === false) {
      m.keys.set(key, 0);
      if (existsAt(m.at, key)) m.shared++;
      else if (m.settles) {
        this.sure++;
        m.sured++;
      }
    }
  }

  private finishEntry(m: Frame): void {
    // A repeated key's value replaces the one before (set already when new).
    if (typeof m.key === 'string' && (m.cur !== 0 || m.repeated)) m.keys.set(m.key, m.cur);
    m.key = null;
    m.cur = 0;
  }
}

/** What earlier data holds at the path of a collection opened in `parent` (its open key's value). */
function childAt(parent: Frame): Existing {
  if (parent.at === undefined) return undefined;
  if (parent.kind === 'doc') return parent.at;
  return parent.kind === 'map' && typeof parent.key === 'string' ? existingAt(parent.at, parent.key) : undefined;
}
