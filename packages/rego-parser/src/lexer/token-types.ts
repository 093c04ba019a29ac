/**
 * The Chevrotain token vocabulary: one token type per `T` kind, named after the kind and
 * labelled with OPA's printed name (`}`, `eof`, `plus`), so a message built from a token type
 * reads as OPA's. Keywords are context-dependent in Rego (`future.keywords`, `rego.v1`, the
 * version), so the lexer emits identifiers and the parser decides; their token types exist
 * for the parser, with no pattern. Variants that differ only in how they change the lexer mode
 * (template strings and braces inside embedded expressions) belong to their kind's category.
 */
import { createToken, Lexer, type TokenType, type CustomPatternMatcherFunc } from 'chevrotain';
import { T, tokenText } from './tokens.js';
import * as P from './patterns.js';

/** The token type of each kind, indexed by `T`. */
export const TOKEN_TYPES: TokenType[] = [];
/** The kind of each token type, indexed by `tokenTypeIdx`. */
export const KIND_OF: T[] = [];

/**
 * The category of every kind: the parser's stand-in for "whatever token is next" where OPA
 * reports an error without consuming (see the parser's `placeholder`).
 */
export const AnyToken = createToken({ name: 'AnyToken', label: 'any token', pattern: Lexer.NA });

function kindToken(k: T, pattern?: string | RegExp): TokenType {
  const t = createToken({ name: T[k], label: tokenText(k), pattern: pattern ?? Lexer.NA, categories: [AnyToken] });
  TOKEN_TYPES[k] = t;
  KIND_OF[t.tokenTypeIdx!] = k;
  return t;
}

for (let k = 0; k <= T.Newline; k++) {
  if (TOKEN_TYPES[k] === undefined) kindToken(k);
}

/** A token type lexed by a pattern of its own, of kind `k`. */
function variant(name: string, k: T, pattern: string | RegExp | CustomPatternMatcherFunc, extra: Partial<Parameters<typeof createToken>[0]> = {}): TokenType {
  const custom = typeof pattern === 'function';
  const t = createToken({
    name,
    label: tokenText(k),
    pattern: custom ? { exec: pattern } : pattern,
    categories: [TOKEN_TYPES[k]!],
    ...(custom ? { line_breaks: false } : {}),
    ...extra,
  });
  KIND_OF[t.tokenTypeIdx!] = k;
  return t;
}

const hint = (...cs: string[]) => ({ start_chars_hint: cs });
const LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_'];
const DIGITS = [...'0123456789'];

const Spaces = createToken({ name: 'Spaces', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });

/**
 * Token types whose pattern found their errors itself (`payload`: the errors, or a `Scanned`
 * for template parts); any other token can only be charged the character after it.
 */
export const ERRORS_PAYLOAD = new Set<number>();
export const SCANNED_PAYLOAD = new Set<number>();
function selfChecked(t: TokenType): TokenType {
  ERRORS_PAYLOAD.add(t.tokenTypeIdx!);
  return t;
}
function scanned(t: TokenType): TokenType {
  SCANNED_PAYLOAD.add(t.tokenTypeIdx!);
  return t;
}

export const CommentTok = selfChecked(variant('CommentText', T.Comment, P.comment, { ...hint('#'), line_breaks: false }));
const Ident = variant('IdentText', T.Ident, P.identifier, hint(...LETTERS));
const NumberTok = selfChecked(variant('NumberText', T.Number, P.number, hint(...DIGITS)));
const StringTok = selfChecked(variant('StringText', T.String, P.string, hint('"')));
const RawString = selfChecked(variant('RawStringText', T.String, P.rawString, { ...hint('`'), line_breaks: true }));

/** Operators and punctuation; two-character forms before their one-character prefixes. */
const punctuation: TokenType[] = [
  variant('AssignOp', T.Assign, ':='),
  variant('ColonOp', T.Colon, ':'),
  variant('EqualOp', T.Equal, '=='),
  variant('UnifyOp', T.Unify, '='),
  variant('GteOp', T.Gte, '>='),
  variant('GtOp', T.Gt, '>'),
  variant('LteOp', T.Lte, '<='),
  variant('LtOp', T.Lt, '<'),
  variant('NeqOp', T.Neq, '!='),
  variant('LBrackOp', T.LBrack, '['),
  variant('RBrackOp', T.RBrack, ']'),
  variant('LParenOp', T.LParen, '('),
  variant('RParenOp', T.RParen, ')'),
  variant('CommaOp', T.Comma, ','),
  variant('AddOp', T.Add, '+'),
  variant('SubOp', T.Sub, '-'),
  variant('MulOp', T.Mul, '*'),
  variant('QuoOp', T.Quo, '/'),
  variant('RemOp', T.Rem, '%'),
  variant('AndOp', T.And, '&'),
  variant('OrOp', T.Or, '|'),
  variant('SemicolonOp', T.Semicolon, ';'),
  variant('DotOp', T.Dot, '.'),
];

const common = [Spaces, CommentTok, Ident, NumberTok, StringTok, RawString, ...punctuation];

/** `{` and `}` that change no mode. */
const LBraceTok = variant('LBraceOp', T.LBrace, '{');
const RBraceTok = variant('RBraceOp', T.RBrace, '}');
// The same after a mode-changing variant (a custom pattern: Chevrotain would call a string
// pattern after a custom one on the same character unreachable).
const LBraceLast = variant('LBraceLast', T.LBrace, P.anyBrace(123), hint('{'));
const RBraceLast = variant('RBraceLast', T.RBrace, P.anyBrace(125), hint('}'));

// Template starts: `$"…{` opens an embedded expression (mode `tmpl`); the flat variant is a
// whole template, an illegal one, or any template in v0 (which has no template strings: OPA
// then lexes the text after `{` as code).
const TemplateOpen = scanned(variant('TemplateOpen', T.TemplateStringPart, P.templateOpen(false, false), { ...hint('$'), push_mode: 'tmpl' }));
const RawTemplateOpen = scanned(variant('RawTemplateOpen', T.RawTemplateStringPart, P.templateOpen(true, false), { ...hint('$'), push_mode: 'rawTmpl', line_breaks: true }));
const TemplateFlat = scanned(variant('TemplateFlat', T.TemplateStringPart, P.templateFlat(false, false), hint('$')));
const RawTemplateFlat = scanned(variant('RawTemplateFlat', T.RawTemplateStringPart, P.templateFlat(true, false), { ...hint('$'), line_breaks: true }));
const templateStarts = [TemplateOpen, RawTemplateOpen, TemplateFlat, RawTemplateFlat];

/** `{` inside an embedded expression: nested braces (mode `braces`) until the matching `}`. */
const LBraceOpen = variant('LBraceOpen', T.LBrace, P.brace(123), { ...hint('{'), push_mode: 'braces' });
const RBraceClose = variant('RBraceClose', T.RBrace, P.brace(125), { ...hint('}'), pop_mode: true });

// `}` that ends an embedded expression, lexed with the template's next part (`}…{` continues
// the template, `}…"` ends it). The lexer splits them into `}` and the part.
const TemplateCont = variant('TemplateCont', T.TemplateStringPart, P.templateOpen(false, true), { ...hint('}'), pop_mode: true, push_mode: 'tmpl' });
const TemplateContFlat = variant('TemplateContFlat', T.TemplateStringPart, P.templateFlat(false, true), { ...hint('}'), pop_mode: true });
const RawTemplateCont = variant('RawTemplateCont', T.RawTemplateStringPart, P.templateOpen(true, true), { ...hint('}'), pop_mode: true, push_mode: 'rawTmpl', line_breaks: true });
const RawTemplateContFlat = variant('RawTemplateContFlat', T.RawTemplateStringPart, P.templateFlat(true, true), { ...hint('}'), pop_mode: true, line_breaks: true });
/** The `}…` variants, split into `}` and the part by the lexer. */
export const CONTINUATIONS = new Set([TemplateCont, TemplateContFlat, RawTemplateCont, RawTemplateContFlat].map((t) => scanned(t).tokenTypeIdx!));

/** Lexer modes: top level of v1 and v0 code, nested braces, embedded template expressions. */
export const LEXER_MODES = {
  modes: {
    v1: [TemplateOpen, RawTemplateOpen, TemplateFlat, RawTemplateFlat, LBraceTok, RBraceTok, ...common],
    v0: [TemplateFlat, RawTemplateFlat, LBraceTok, RBraceTok, ...common],
    braces: [...templateStarts, LBraceOpen, LBraceLast, RBraceClose, RBraceLast, ...common],
    tmpl: [...templateStarts, LBraceOpen, LBraceLast, TemplateCont, TemplateContFlat, RBraceLast, ...common],
    rawTmpl: [...templateStarts, LBraceOpen, LBraceLast, RawTemplateCont, RawTemplateContFlat, RBraceLast, ...common],
  },
  defaultMode: 'v1',
};
