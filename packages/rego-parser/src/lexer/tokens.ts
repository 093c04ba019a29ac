/**
 * Token kinds of the Rego scanner. Names and the printed forms (`tokenText`) follow OPA's
 * `ast/internal/tokens`, because parse error messages print them (`unexpected } token`).
 */
export enum T {
  Illegal,
  EOF,
  Whitespace,
  Ident,
  Comment,
  Package,
  Import,
  As,
  Default,
  Else,
  Not,
  Some,
  With,
  Null,
  True,
  False,
  Number,
  String,
  TemplateStringPart,
  TemplateStringEnd,
  RawTemplateStringPart,
  RawTemplateStringEnd,
  LBrack,
  RBrack,
  LBrace,
  RBrace,
  LParen,
  RParen,
  Comma,
  Colon,
  Add,
  Sub,
  Mul,
  Quo,
  Rem,
  And,
  Or,
  Unify,
  Equal,
  Assign,
  In,
  Neq,
  Gt,
  Lt,
  Gte,
  Lte,
  Dot,
  Semicolon,
  Every,
  Contains,
  If,
  /** A `\n` (the scanner's whitespace token for newlines; never reaches the parser). */
  Newline,
}

const TEXT: Record<number, string> = {
  [T.Illegal]: 'illegal',
  [T.EOF]: 'eof',
  [T.Whitespace]: 'whitespace',
  [T.Ident]: 'identifier',
  [T.Comment]: 'comment',
  [T.Package]: 'package',
  [T.Import]: 'import',
  [T.As]: 'as',
  [T.Default]: 'default',
  [T.Else]: 'else',
  [T.Not]: 'not',
  [T.Some]: 'some',
  [T.With]: 'with',
  [T.Null]: 'null',
  [T.True]: 'true',
  [T.False]: 'false',
  [T.Number]: 'number',
  [T.String]: 'string',
  [T.TemplateStringPart]: 'template-string-part',
  [T.TemplateStringEnd]: 'template-string-end',
  [T.RawTemplateStringPart]: 'raw-template-string-part',
  [T.RawTemplateStringEnd]: 'raw-template-string-end',
  [T.LBrack]: '[',
  [T.RBrack]: ']',
  [T.LBrace]: '{',
  [T.RBrace]: '}',
  [T.LParen]: '(',
  [T.RParen]: ')',
  [T.Comma]: ',',
  [T.Colon]: ':',
  [T.Add]: 'plus',
  [T.Sub]: 'minus',
  [T.Mul]: 'mul',
  [T.Quo]: 'div',
  [T.Rem]: 'rem',
  [T.And]: 'and',
  [T.Or]: 'or',
  [T.Unify]: 'eq',
  [T.Equal]: 'equal',
  [T.Assign]: 'assign',
  [T.In]: 'in',
  [T.Neq]: 'neq',
  [T.Gt]: 'gt',
  [T.Lt]: 'lt',
  [T.Gte]: 'gte',
  [T.Lte]: 'lte',
  [T.Dot]: '.',
  [T.Semicolon]: ';',
  [T.Every]: 'every',
  [T.Contains]: 'contains',
  [T.If]: 'if',
};

/** OPA's printed name of a token kind (`}`, `eof`, `identifier`, `plus`, `if`). */
export function tokenText(k: T): string {
  return TEXT[k] ?? 'unknown';
}

/** Keywords of every Rego version. */
export const BASE_KEYWORDS: ReadonlyMap<string, T> = new Map([
  ['package', T.Package],
  ['import', T.Import],
  ['as', T.As],
  ['default', T.Default],
  ['else', T.Else],
  ['not', T.Not],
  ['some', T.Some],
  ['with', T.With],
  ['null', T.Null],
  ['true', T.True],
  ['false', T.False],
]);

/** Keywords that v0 modules must import (`future.keywords`) and v1 has built in. */
export const FUTURE_KEYWORDS_V0: ReadonlyMap<string, T> = new Map([
  ['in', T.In],
  ['every', T.Every],
  ['contains', T.Contains],
  ['if', T.If],
]);

/** True for tokens printed as "keyword" rather than "token" in error messages. */
export function isKeywordToken(k: T): boolean {
  return (k >= T.Package && k <= T.False) || k === T.In || k === T.Every || k === T.Contains || k === T.If;
}

/** OPA's `KeywordsV0` / `KeywordsV1` (used for import and rule name checks). */
export const KEYWORDS_V0 = new Set(['not', 'package', 'import', 'as', 'default', 'else', 'with', 'null', 'true', 'false', 'some']);
export const KEYWORDS_V1 = new Set([...KEYWORDS_V0, 'if', 'contains', 'in', 'every']);
