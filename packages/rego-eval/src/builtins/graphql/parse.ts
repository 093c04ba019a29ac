/**
 * GraphQL lexer and parser producing the JSON shape of gqlparser's AST (the Go structs OPA
 * marshals: `Operations`, `SelectionSet`, `Kind`…), with gqlparser's error texts and
 * positions. Positions count code points, lines and columns are 1-based.
 */

export class GqlError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

const enum T {
  Invalid,
  EOF,
  Bang,
  Dollar,
  Amp,
  ParenL,
  ParenR,
  Spread,
  Colon,
  Equals,
  At,
  BracketL,
  BracketR,
  BraceL,
  BraceR,
  Pipe,
  Name,
  Int,
  Float,
  String,
  BlockString,
  Comment,
}

const KIND_TEXT = ['<Invalid>', '<EOF>', '!', '$', '&', '(', ')', '...', ':', '=', '@', '[', ']', '{', '}', '|', 'Name', 'Int', 'Float', 'String', 'BlockString', 'Comment'];

interface Token {
  kind: T;
  value: string;
  line: number;
  column: number;
  /** Lexer error carried by an Invalid token; raised only when the parser consumes it. */
  error?: GqlError;
}

function goQuoted(s: string): string {
  return JSON.stringify(s);
}

function tokenString(t: Token): string {
  return t.value !== '' ? `${KIND_TEXT[t.kind]} ${goQuoted(t.value)}` : KIND_TEXT[t.kind]!;
}

/** gqlparser's lexer over code points. */
class Lexer {
  private cps: string[];
  private end = 0;
  private line = 1;
  private lineStart = 0;
  constructor(src: string) {
    this.cps = Array.from(src);
  }

  private error(message: string): never {
    throw new GqlError(message, this.line, this.end - this.lineStart + 1);
  }

  private ws(): void {
    const c = this.cps;
    while (this.end < c.length) {
      const ch = c[this.end]!;
      if (ch === '\t' || ch === ' ' || ch === ',' || ch === '\ufeff') this.end++;
      else if (ch === '\n') {
        this.end++;
        this.line++;
        this.lineStart = this.end;
      } else if (ch === '\r') {
        this.end++;
        this.line++;
        if (c[this.end] === '\n') this.end++;
        this.lineStart = this.end;
      } else return;
    }
  }

  next(): Token {
    try {
      return this.scan();
    } catch (e) {
      if (!(e instanceof GqlError)) throw e;
      return { kind: T.Invalid, value: '', line: e.line, column: e.column, error: e };
    }
  }

  private scan(): Token {
    this.ws();
    const start = this.end;
    const tok = (kind: T, value = ''): Token => ({ kind, value, line: this.line, column: start - this.lineStart + 1 });
    const c = this.cps;
    if (this.end >= c.length) return tok(T.EOF);
    const r = c[this.end]!;
    this.end++;
    switch (r) {
      case '!':
        return tok(T.Bang);
      case '$':
        return tok(T.Dollar);
      case '&':
        return tok(T.Amp);
      case '(':
        return tok(T.ParenL);
      case ')':
        return tok(T.ParenR);
      case '.':
        if (c[start + 1] === '.' && c[start + 2] === '.') {
          this.end += 2;
          return tok(T.Spread);
        }
        break;
      case ':':
        return tok(T.Colon);
      case '=':
        return tok(T.Equals);
      case '@':
        return tok(T.At);
      case '[':
        return tok(T.BracketL);
      case ']':
        return tok(T.BracketR);
      case '{':
        return tok(T.BraceL);
      case '}':
        return tok(T.BraceR);
      case '|':
        return tok(T.Pipe);
      case '#': {
        while (this.end < c.length && (c[this.end]! > '\u001f' || c[this.end] === '\t')) this.end++;
        return tok(T.Comment, c.slice(start, this.end).join(''));
      }
      case '"':
        if (c[start + 1] === '"' && c[start + 2] === '"') return this.blockString(start, tok);
        return this.string(start, tok);
    }
    if (/[_A-Za-z]/.test(r)) {
      while (this.end < c.length && /[_A-Za-z0-9]/.test(c[this.end]!)) this.end++;
      return tok(T.Name, c.slice(start, this.end).join(''));
    }
    if (r === '-' || (r >= '0' && r <= '9')) return this.number(start, tok);
    this.end--;
    const cp = r.codePointAt(0)!;
    if (cp < 0x20 && r !== '\t' && r !== '\n' && r !== '\r') this.error(`Cannot contain the invalid character "\\u${String(cp).padStart(4, '0')}"`);
    if (r === "'") this.error(`Unexpected single quote character ('), did you mean to use a double quote (")?`);
    this.error(`Cannot parse the unexpected character "${r}".`);
  }

  private digits(): number {
    let n = 0;
    while (this.end < this.cps.length && this.cps[this.end]! >= '0' && this.cps[this.end]! <= '9') {
      this.end++;
      n++;
    }
    return n;
  }

  private describeNext(): string {
    return this.end < this.cps.length ? `"${this.cps[this.end]}"` : '<EOF>';
  }

  private number(start: number, tok: (k: T, v?: string) => Token): Token {
    this.end = start;
    let float = false;
    if (this.cps[this.end] === '-') this.end++;
    if (this.cps[this.end] === '0') {
      this.end++;
      const n = this.digits();
      if (n !== 0) {
        this.end -= n;
        this.error(`Invalid number, unexpected digit after 0: ${this.describeNext()}.`);
      }
    } else if (this.digits() === 0) this.error(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    if (this.cps[this.end] === '.') {
      this.end++;
      float = true;
      if (this.digits() === 0) this.error(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    }
    if (this.cps[this.end] === 'e' || this.cps[this.end] === 'E') {
      this.end++;
      float = true;
      if (this.cps[this.end] === '-' || this.cps[this.end] === '+') this.end++;
      if (this.digits() === 0) this.error(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    }
    return tok(float ? T.Float : T.Int, this.cps.slice(start, this.end).join(''));
  }

  private string(start: number, tok: (k: T, v?: string) => Token): Token {
    const c = this.cps;
    let out = '';
    while (this.end < c.length) {
      const r = c[this.end]!;
      if (r === '\n' || r === '\r') break;
      const cp = r.codePointAt(0)!;
      if (cp < 0x20 && r !== '\t') this.error(`Invalid character within String: "\\u${String(cp).padStart(4, '0')}".`);
      if (r === '"') {
        // gqlparser positions a string token after its opening quote.
        const t = { kind: T.String, value: out, line: this.line, column: start + 1 - this.lineStart + 1 };
        this.end++;
        void tok;
        return t;
      }
      if (r === '\\') {
        if (this.end + 1 >= c.length) {
          this.end++;
          this.error('Invalid character escape sequence.');
        }
        const e = c[this.end + 1]!;
        if (e === 'u') {
          const hex = c.slice(this.end + 2, this.end + 6).join('');
          if (this.end + 6 >= c.length) {
            this.end++;
            this.error(`Invalid character escape sequence: \\${c.slice(this.end).join('')}.`);
          }
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.end++;
            this.error(`Invalid character escape sequence: \\${c.slice(this.end, this.end + 5).join('')}.`);
          }
          out += String.fromCharCode(parseInt(hex, 16));
          this.end += 6;
          continue;
        }
        const map: Record<string, string> = { '"': '"', '/': '/', '\\': '\\', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (!(e in map)) {
          this.end++;
          this.error(`Invalid character escape sequence: \\${e}.`);
        }
        out += map[e];
        this.end += 2;
        continue;
      }
      out += r;
      this.end++;
    }
    this.error('Unterminated string.');
  }

  private blockString(start: number, tok: (k: T, v?: string) => Token): Token {
    const c = this.cps;
    this.end = start + 3;
    let buf = '';
    while (this.end < c.length) {
      const r = c[this.end]!;
      if (r === '"') {
        let q = 1;
        while (c[this.end + q] === '"') q++;
        if (q >= 3) {
          buf += '"'.repeat(q - 3);
          this.end += q;
          void tok;
          // gqlparser takes the line (and line start) current at the closing quotes.
          return { kind: T.BlockString, value: blockStringValue(buf), line: this.line, column: start + 3 - this.lineStart + 1 };
        }
      }
      const cp = r.codePointAt(0)!;
      if (cp < 0x20 && r !== '\t' && r !== '\n' && r !== '\r') this.error(`Invalid character within String: "\\u${String(cp).padStart(4, '0')}".`);
      if (r === '\\' && c[this.end + 1] === '"' && c[this.end + 2] === '"' && c[this.end + 3] === '"') {
        buf += '"""';
        this.end += 4;
      } else if (r === '\r') {
        if (c[this.end + 1] === '\n') this.end++;
        buf += '\n';
        this.end++;
        this.line++;
        this.lineStart = this.end;
      } else {
        buf += r;
        this.end++;
        if (r === '\n') {
          this.line++;
          this.lineStart = this.end;
        }
      }
    }
    this.error('Unterminated string.');
  }
}

function blockStringValue(raw: string): string {
  const lines = raw.split('\n');
  const lead = (s: string): number => {
    let i = 0;
    for (const ch of s) {
      if (ch !== ' ' && ch !== '\t') return i;
      i += ch.length;
    }
    return Infinity;
  };
  let common = Infinity;
  for (const l of lines) {
    const ind = lead(l);
    if (ind < l.length && ind < common) {
      common = ind;
      if (common === 0) break;
    }
  }
  if (common !== Infinity) for (let i = 1; i < lines.length; i++) lines[i] = lines[i]!.length < common ? '' : lines[i]!.slice(common);
  let s = 0;
  let e = lines.length;
  while (s < e && lead(lines[s]!) === Infinity) s++;
  while (s < e && lead(lines[e - 1]!) === Infinity) e--;
  return lines.slice(s, e).join('\n');
}

// ---- parser ----------------------------------------------------------------------------------

type J = Record<string, unknown>;

class Parser {
  private lexer: Lexer;
  private peeked: Token | undefined;
  prev: Token = { kind: T.Invalid, value: '', line: 0, column: 0 };
  private comment: J | null = null;

  constructor(src: string) {
    this.lexer = new Lexer(src);
  }

  private read(): Token {
    let t = this.lexer.next();
    if (t.kind === T.Comment) {
      const list: J[] = [];
      while (t.kind === T.Comment) {
        list.push({ Value: t.value, Position: null });
        t = this.lexer.next();
      }
      this.comment = { List: list };
    }
    return t;
  }

  peek(): Token {
    if (!this.peeked) this.peeked = this.read();
    return this.peeked;
  }

  next(): Token {
    if (this.peeked) {
      this.prev = this.peeked;
      this.peeked = undefined;
      this.comment = null;
    } else this.prev = this.read();
    if (this.prev.error) throw this.prev.error;
    return this.prev;
  }

  currentComment(): J | null {
    return this.comment;
  }

  fail(t: Token, message: string): never {
    throw new GqlError(message, t.line, t.column);
  }

  unexpected(t: Token = this.peek()): never {
    this.fail(t, `Unexpected ${tokenString(t)}`);
  }

  expect(kind: T): [Token, J | null] {
    const t = this.peek();
    const c = this.comment;
    if (t.kind === kind) return [this.next(), c];
    this.fail(t, `Expected ${KIND_TEXT[kind]}, found ${KIND_TEXT[t.kind]}`);
  }

  expectKeyword(v: string): [Token, J | null] {
    const t = this.peek();
    const c = this.comment;
    if (t.kind === T.Name && t.value === v) return [this.next(), c];
    this.fail(t, `Expected ${goQuoted(v)}, found ${tokenString(t)}`);
  }

  skip(kind: T): boolean {
    if (this.peek().kind !== kind) return false;
    this.next();
    return true;
  }

  many(start: T, end: T, cb: () => void): void {
    if (!this.skip(start)) return;
    while (this.peek().kind !== end) cb();
    this.next();
  }

  some(start: T, end: T, cb: () => void): J | null {
    if (!this.skip(start)) return null;
    let called = false;
    while (this.peek().kind !== end) {
      called = true;
      cb();
    }
    if (!called) this.fail(this.peek(), `expected at least one definition, found ${KIND_TEXT[this.peek().kind]}`);
    const c = this.comment;
    this.next();
    return c;
  }

  name(): string {
    return this.expect(T.Name)[0].value;
  }

  /** Position of the next token (pruned from output like OPA's; used by validation errors). */
  pos(): J {
    const t = this.peek();
    return { Line: t.line, Column: t.column };
  }

  // -- queries --

  queryDocument(): J {
    const ops: J[] = [];
    const frags: J[] = [];
    while (this.peek().kind !== T.EOF) {
      const t = this.peek();
      if (t.kind === T.Name) {
        if (t.value === 'query' || t.value === 'mutation' || t.value === 'subscription') ops.push(this.operation());
        else if (t.value === 'fragment') frags.push(this.fragmentDefinition());
        else this.unexpected();
      } else if (t.kind === T.BraceL) ops.push(this.operation());
      else this.unexpected();
    }
    return { Operations: ops.length ? ops : null, Fragments: frags.length ? frags : null, Comment: null };
  }

  private operation(): J {
    if (this.peek().kind === T.BraceL) {
      // Go evaluates `Comment: p.comment` after the selection set is parsed: always nil here.
      const position = this.pos();
      return { Operation: 'query', Name: '', VariableDefinitions: null, Directives: null, SelectionSet: this.requiredSelectionSet(), Position: position, Comment: null };
    }
    const comment = this.comment;
    const position = this.pos();
    const tok = this.next();
    const op = tok.value === 'query' || tok.value === 'mutation' || tok.value === 'subscription' ? tok.value : this.unexpected(tok);
    const name = this.peek().kind === T.Name ? this.next().value : '';
    const vars = this.variableDefinitions();
    const dirs = this.directives(false);
    return { Operation: op, Name: name, VariableDefinitions: vars, Directives: dirs, SelectionSet: this.requiredSelectionSet(), Position: position, Comment: comment };
  }

  private variableDefinitions(): J[] | null {
    const defs: J[] = [];
    this.some(T.ParenL, T.ParenR, () => {
      const comment = this.comment;
      const pos = this.pos();
      this.expect(T.Dollar);
      const variable = this.name();
      this.expect(T.Colon);
      const type = this.typeReference();
      const dflt = this.skip(T.Equals) ? this.valueLiteral(true) : null;
      defs.push({ Variable: variable, Type: type, DefaultValue: dflt, Directives: this.directives(false), Position: pos, Comment: comment, Definition: null, Used: false });
    });
    return defs.length ? defs : null;
  }

  private requiredSelectionSet(): J[] | null {
    if (this.peek().kind !== T.BraceL) this.fail(this.peek(), `Expected {, found ${KIND_TEXT[this.peek().kind]}`);
    return this.optionalSelectionSet();
  }

  private optionalSelectionSet(): J[] | null {
    const sels: J[] = [];
    this.some(T.BraceL, T.BraceR, () => sels.push(this.selection()));
    return sels.length ? sels : null;
  }

  private selection(): J {
    if (this.peek().kind === T.Spread) return this.fragment();
    const comment = this.comment;
    const pos = this.pos();
    const alias = this.name();
    const name = this.skip(T.Colon) ? this.name() : alias;
    const args = this.arguments(false);
    const dirs = this.directives(false);
    const sel = this.peek().kind === T.BraceL ? this.optionalSelectionSet() : null;
    return { Alias: alias, Name: name, Arguments: args, Directives: dirs, SelectionSet: sel, Position: pos, Comment: comment, Definition: null, ObjectDefinition: null };
  }

  private arguments(isConst: boolean): J[] | null {
    const args: J[] = [];
    this.some(T.ParenL, T.ParenR, () => {
      const comment = this.comment;
      const name = this.name();
      this.expect(T.Colon);
      args.push({ Name: name, Value: this.valueLiteral(isConst), Comment: comment });
    });
    return args.length ? args : null;
  }

  private fragment(): J {
    const [, comment] = this.expect(T.Spread);
    const peek = this.peek();
    if (peek.kind === T.Name && peek.value !== 'on') {
      return { Name: this.fragmentName(), Directives: this.directives(false), ObjectDefinition: null, Definition: null, Comment: comment };
    }
    let cond = '';
    if (this.peek().value === 'on') {
      this.next();
      cond = this.name();
    }
    const dirs = this.directives(false);
    return { TypeCondition: cond, Directives: dirs, SelectionSet: this.requiredSelectionSet(), ObjectDefinition: null, Comment: comment };
  }

  private fragmentDefinition(): J {
    const comment = this.comment;
    this.expectKeyword('fragment');
    const name = this.fragmentName();
    const vars = this.variableDefinitions();
    this.expectKeyword('on');
    const cond = this.name();
    const dirs = this.directives(false);
    return { Name: name, VariableDefinition: vars, TypeCondition: cond, Directives: dirs, SelectionSet: this.requiredSelectionSet(), Definition: null, Comment: comment };
  }

  private fragmentName(): string {
    if (this.peek().value === 'on') this.unexpected();
    return this.name();
  }

  valueLiteral(isConst: boolean): J {
    const t = this.peek();
    const comment = this.comment;
    // Scalars and variables read p.comment after consuming their token (always nil in Go).
    const mk = (raw: string, kind: number, children: J[] | null = null): J => ({ Raw: raw, Children: children, Kind: kind, Comment: kind === 8 || kind === 9 ? comment : null, Definition: null, VariableDefinition: null, ExpectedType: null, ExpectedTypeHasDefault: false });
    switch (t.kind) {
      case T.BracketL: {
        const vals: J[] = [];
        this.many(T.BracketL, T.BracketR, () => vals.push({ Name: '', Value: this.valueLiteral(isConst), Comment: null }));
        return mk('', 8, vals.length ? vals : null);
      }
      case T.BraceL: {
        const fields: J[] = [];
        this.many(T.BraceL, T.BraceR, () => {
          const c = this.comment;
          const name = this.name();
          this.expect(T.Colon);
          fields.push({ Name: name, Value: this.valueLiteral(isConst), Comment: c });
        });
        return mk('', 9, fields.length ? fields : null);
      }
      case T.Dollar:
        if (isConst) this.unexpected();
        this.expect(T.Dollar);
        return mk(this.name(), 0);
      case T.Int:
        this.next();
        return mk(t.value, 1);
      case T.Float:
        this.next();
        return mk(t.value, 2);
      case T.String:
        this.next();
        return mk(t.value, 3);
      case T.BlockString:
        this.next();
        return mk(t.value, 4);
      case T.Name:
        this.next();
        return mk(t.value, t.value === 'true' || t.value === 'false' ? 5 : t.value === 'null' ? 6 : 7);
    }
    this.unexpected();
  }

  directives(isConst: boolean): J[] | null {
    const out: J[] = [];
    while (this.peek().kind === T.At) {
      this.expect(T.At);
      out.push({ Name: this.name(), Arguments: this.arguments(isConst), ParentDefinition: null, Definition: null, Location: '' });
    }
    return out.length ? out : null;
  }

  typeReference(): J {
    let t: J;
    if (this.skip(T.BracketL)) {
      const elem = this.typeReference();
      this.expect(T.BracketR);
      t = { NamedType: '', Elem: elem, NonNull: false };
    } else t = { NamedType: this.name(), Elem: null, NonNull: false };
    if (this.skip(T.Bang)) t['NonNull'] = true;
    return t;
  }

  // -- schemas --

  schemaDocument(): J {
    const doc: J = { Schema: [], SchemaExtension: [], Directives: [], Definitions: [], Extensions: [], Comment: null };
    const push = (k: string, v: J) => (doc[k] as J[]).push(v);
    while (this.peek().kind !== T.EOF) {
      let desc = { text: '', comment: null as J | null };
      if (this.peek().kind === T.BlockString || this.peek().kind === T.String) desc = this.description();
      if (this.peek().kind !== T.Name) this.unexpected();
      switch (this.peek().value) {
        case 'scalar':
        case 'type':
        case 'interface':
        case 'union':
        case 'enum':
        case 'input':
          push('Definitions', this.typeSystemDefinition(desc));
          break;
        case 'schema':
          push('Schema', this.schemaDefinition(desc));
          break;
        case 'directive':
          push('Directives', this.directiveDefinition(desc));
          break;
        case 'extend':
          if (desc.text !== '') this.unexpected(this.prev);
          this.typeSystemExtension(doc);
          break;
        default:
          this.unexpected();
      }
    }
    doc['Comment'] = this.comment;
    for (const k of ['Schema', 'SchemaExtension', 'Directives', 'Definitions', 'Extensions']) if ((doc[k] as J[]).length === 0) doc[k] = null;
    return doc;
  }

  private description(): { text: string; comment: J | null } {
    const t = this.peek();
    if (t.kind !== T.BlockString && t.kind !== T.String) return { text: '', comment: null };
    const comment = this.comment;
    return { text: this.next().value, comment };
  }

  private def(kind: string, desc: { text: string; comment: J | null }, after: J | null): J {
    return { Kind: kind, Description: desc.text, Name: '', Directives: null, Interfaces: null, Fields: null, Types: null, EnumValues: null, BuiltIn: false, BeforeDescriptionComment: desc.comment, AfterDescriptionComment: after, EndOfDefinitionComment: null };
  }

  private typeSystemDefinition(desc: { text: string; comment: J | null }): J {
    const v = this.peek().value;
    const [, comment] = this.expectKeyword(v);
    const kind = { scalar: 'SCALAR', type: 'OBJECT', interface: 'INTERFACE', union: 'UNION', enum: 'ENUM', input: 'INPUT_OBJECT' }[v]!;
    const d = this.def(kind, desc, comment);
    d['Name'] = this.name();
    if (v === 'type' || v === 'interface') d['Interfaces'] = this.implementsInterfaces();
    d['Directives'] = this.directives(true);
    if (v === 'type' || v === 'interface') [d['Fields'], d['EndOfDefinitionComment']] = this.fieldsDefinition();
    if (v === 'union') d['Types'] = this.unionMembers();
    if (v === 'enum') [d['EnumValues'], d['EndOfDefinitionComment']] = this.enumValues();
    if (v === 'input') [d['Fields'], d['EndOfDefinitionComment']] = this.inputFields();
    return d;
  }

  private implementsInterfaces(): string[] | null {
    const types: string[] = [];
    if (this.peek().value === 'implements') {
      this.next();
      this.skip(T.Amp);
      types.push(this.name());
      while (this.skip(T.Amp)) types.push(this.name());
    }
    return types.length ? types : null;
  }

  private fieldsDefinition(): [J[] | null, J | null] {
    const defs: J[] = [];
    const c = this.some(T.BraceL, T.BraceR, () => defs.push(this.fieldDefinition(true)));
    return [defs.length ? defs : null, c];
  }

  private fieldDefinition(withArgs: boolean): J {
    const desc = this.description();
    this.peek();
    const after = this.comment;
    const name = this.name();
    const args = withArgs ? this.argumentDefs() : null;
    this.expect(T.Colon);
    const type = this.typeReference();
    const dflt = !withArgs && this.skip(T.Equals) ? this.valueLiteral(true) : null;
    return { Description: desc.text, Name: name, Arguments: args, DefaultValue: dflt, Type: type, Directives: this.directives(true), BeforeDescriptionComment: desc.text ? desc.comment : null, AfterDescriptionComment: after };
  }

  private argumentDefs(): J[] | null {
    const args: J[] = [];
    this.some(T.ParenL, T.ParenR, () => {
      const desc = this.description();
      this.peek();
      const after = this.comment;
      const name = this.name();
      this.expect(T.Colon);
      const type = this.typeReference();
      const dflt = this.skip(T.Equals) ? this.valueLiteral(true) : null;
      args.push({ Description: desc.text, Name: name, DefaultValue: dflt, Type: type, Directives: this.directives(true), BeforeDescriptionComment: desc.text ? desc.comment : null, AfterDescriptionComment: after });
    });
    return args.length ? args : null;
  }

  private unionMembers(): string[] | null {
    const types: string[] = [];
    if (this.skip(T.Equals)) {
      this.skip(T.Pipe);
      types.push(this.name());
      while (this.skip(T.Pipe)) types.push(this.name());
    }
    return types.length ? types : null;
  }

  private enumValues(): [J[] | null, J | null] {
    const vals: J[] = [];
    const c = this.some(T.BraceL, T.BraceR, () => {
      const desc = this.description();
      this.peek();
      const after = this.comment;
      const name = this.name();
      vals.push({ Description: desc.text, Name: name, Directives: this.directives(true), BeforeDescriptionComment: desc.text ? desc.comment : null, AfterDescriptionComment: after });
    });
    return [vals.length ? vals : null, c];
  }

  private inputFields(): [J[] | null, J | null] {
    const defs: J[] = [];
    const c = this.some(T.BraceL, T.BraceR, () => defs.push(this.fieldDefinition(false)));
    return [defs.length ? defs : null, c];
  }

  private schemaDefinition(desc: { text: string; comment: J | null }): J {
    const [, comment] = this.expectKeyword('schema');
    const ops: J[] = [];
    const dirs = this.directives(true);
    const end = this.some(T.BraceL, T.BraceR, () => ops.push(this.operationTypeDefinition()));
    return { Description: desc.text, Directives: dirs, OperationTypes: ops.length ? ops : null, BeforeDescriptionComment: desc.comment, AfterDescriptionComment: comment, EndOfDefinitionComment: end };
  }

  private operationTypeDefinition(): J {
    const comment = this.comment;
    const tok = this.next();
    const op = tok.value === 'query' || tok.value === 'mutation' || tok.value === 'subscription' ? tok.value : this.unexpected(tok);
    this.expect(T.Colon);
    return { Operation: op, Type: this.name(), Comment: comment };
  }

  private typeSystemExtension(doc: J): void {
    const [, comment] = this.expectKeyword('extend');
    const v = this.peek().value;
    const push = (k: string, x: J) => (doc[k] as J[]).push(x);
    if (v === 'schema') {
      this.expectKeyword('schema');
      const dirs = this.directives(true);
      const ops: J[] = [];
      const end = this.some(T.BraceL, T.BraceR, () => ops.push(this.operationTypeDefinition()));
      if (!dirs && ops.length === 0) this.unexpected();
      push('SchemaExtension', { Description: '', Directives: dirs, OperationTypes: ops.length ? ops : null, BeforeDescriptionComment: null, AfterDescriptionComment: comment, EndOfDefinitionComment: end });
      return;
    }
    const kinds: Record<string, string> = { scalar: 'SCALAR', type: 'OBJECT', interface: 'INTERFACE', union: 'UNION', enum: 'ENUM', input: 'INPUT_OBJECT' };
    const kind = kinds[v];
    if (!kind) this.unexpected();
    this.expectKeyword(v);
    const d = this.def(kind, { text: '', comment: null }, comment);
    d['Name'] = this.name();
    if (v === 'type') d['Interfaces'] = this.implementsInterfaces();
    d['Directives'] = this.directives(v !== 'input');
    if (v === 'type' || v === 'interface') [d['Fields'], d['EndOfDefinitionComment']] = this.fieldsDefinition();
    if (v === 'union') d['Types'] = this.unionMembers();
    if (v === 'enum') [d['EnumValues'], d['EndOfDefinitionComment']] = this.enumValues();
    if (v === 'input') [d['Fields'], d['EndOfDefinitionComment']] = this.inputFields();
    const empty = !d['Directives'] && !d['Fields'] && !d['Interfaces'] && !d['Types'] && !d['EnumValues'];
    if (empty) this.unexpected();
    push('Extensions', d);
  }

  private directiveDefinition(desc: { text: string; comment: J | null }): J {
    const [, comment] = this.expectKeyword('directive');
    this.expect(T.At);
    const name = this.name();
    const args = this.argumentDefs();
    let repeatable = false;
    const p = this.peek();
    if (p.kind === T.Name && p.value === 'repeatable') {
      repeatable = true;
      this.next();
    }
    this.expectKeyword('on');
    this.skip(T.Pipe);
    const locs = [this.directiveLocation()];
    while (this.skip(T.Pipe)) locs.push(this.directiveLocation());
    return { Description: desc.text, Name: name, Arguments: args, Locations: locs, IsRepeatable: repeatable, BeforeDescriptionComment: desc.comment, AfterDescriptionComment: comment };
  }

  private directiveLocation(): string {
    const [t] = this.expect(T.Name);
    if (LOCATIONS.has(t.value)) return t.value;
    this.unexpected(t);
  }
}

export const LOCATIONS = new Set([
  'QUERY', 'MUTATION', 'SUBSCRIPTION', 'FIELD', 'FRAGMENT_DEFINITION', 'FRAGMENT_SPREAD', 'INLINE_FRAGMENT', 'VARIABLE_DEFINITION',
  'SCHEMA', 'SCALAR', 'OBJECT', 'FIELD_DEFINITION', 'ARGUMENT_DEFINITION', 'INTERFACE', 'UNION', 'ENUM', 'ENUM_VALUE', 'INPUT_OBJECT', 'INPUT_FIELD_DEFINITION',
]);

export function parseQueryDoc(src: string): J {
  return new Parser(src).queryDocument();
}

export function parseSchemaDoc(src: string): J {
  return new Parser(src).schemaDocument();
}
