import { describe, expect, it } from 'vitest';
import { scanAll } from '../src/lexer/lexer.js';
import { T, tokenText } from '../src/lexer/tokens.js';
import { Lexer } from 'chevrotain';
import { LEXER_CONFIG } from '../src/lexer/lexer.js';
import { LEXER_MODES } from '../src/lexer/token-types.js';

/** `kind:lit` of every token (lit only where the token has one), plus ws/nl markers. */
function toks(src: string, templates = true): string[] {
  const { tokens: t } = scanAll(src, templates);
  const out: string[] = [];
  for (let i = 0; i < t.n; i++) {
    const k = t.k[i] as T;
    const lit = [T.Ident, T.Number, T.String, T.TemplateStringPart, T.TemplateStringEnd, T.RawTemplateStringPart, T.RawTemplateStringEnd].includes(k)
      ? `:${t.lit(i)}`
      : '';
    out.push(`${t.nl(i) ? '⏎' : t.ws(i) ? '␣' : ''}${tokenText(k)}${lit}${t.errs.get(i) ? `!${t.errs.get(i)!.join('!')}` : ''}`);
  }
  return out;
}

describe('scanner', () => {
  it('has a valid, fully optimised Chevrotain definition (validated here, skipped at run time)', () => {
    const l = new Lexer(LEXER_MODES, { ...LEXER_CONFIG, skipValidations: false });
    expect(l.lexerDefinitionErrors).toEqual([]);
  });
  it('splits operators as OPA does', () => {
    expect(toks('a:=b==c!=d<=e>=f<g>h=i:j')).toEqual([
      'identifier:a', 'assign', 'identifier:b', 'equal', 'identifier:c', 'neq', 'identifier:d', 'lte', 'identifier:e',
      'gte', 'identifier:f', 'lt', 'identifier:g', 'gt', 'identifier:h', 'eq', 'identifier:i', ':', 'identifier:j', 'eof',
    ]);
  });
  it('records whitespace and newlines before tokens, skipping comments', () => {
    expect(toks('a b\n# c\n  d')).toEqual(['identifier:a', '␣identifier:b', '⏎identifier:d', 'eof']);
    const { comments } = scanAll('x # one\r\n#two');
    expect(comments.map((c) => c.lit)).toEqual(['# one', '#two']);
  });
  it('scans numbers and reports malformed ones on the token', () => {
    expect(toks('1 1.5 1e3 1.5E-3 .5')).toEqual(['number:1', '␣number:1.5', '␣number:1e3', '␣number:1.5E-3', '␣.', 'number:5', 'eof']);
    expect(toks('1.')[0]).toBe('illegal!expected fraction');
    expect(toks('1e')[0]).toBe('illegal!expected exponent');
    expect(toks('0a2b')[0]).toBe('illegal!illegal number format');
  });
  it('scans strings, raw strings and their errors', () => {
    expect(toks('"a\\"b" `c\nd`')).toEqual(['string:"a\\"b"', '␣string:`c\nd`', 'eof']);
    expect(toks('"abc\n')[0]).toBe('illegal!non-terminated string');
    expect(toks('"a\\qb"')[0]).toBe('illegal!illegal escape sequence');
    expect(toks('`abc')[0]).toBe('illegal!non-terminated string');
  });
  it('accepts identifiers with Unicode digits but not Unicode letters', () => {
    expect(toks('x١٢')).toEqual(['identifier:x١٢', 'eof']);
    expect(toks('é')[0]).toBe('illegal');
  });
  it('reports illegal characters', () => {
    expect(toks('!')[0]).toBe('illegal!illegal ! character');
    expect(toks('$x')[0]).toBe('illegal!illegal $ character');
    expect(toks('a\u0000')[0]).toBe('illegal!illegal null character');
    expect(toks('\ufeffa')).toEqual(['identifier:a', 'eof']);
    expect(toks('a\ufeff')[0]).toBe('illegal!illegal byte-order mark');
  });
  it('scans template strings with their embedded expressions', () => {
    expect(toks('$"a{x}b{ {1} }c"')).toEqual([
      'template-string-part:"a{', 'identifier:x', '}', 'template-string-part:}b{', '␣{', 'number:1', '}', '␣}',
      'template-string-end:}c"', 'eof',
    ]);
    expect(toks('$`a\n{x}`')).toEqual(['raw-template-string-part:`a\n{', 'identifier:x', '}', 'raw-template-string-end:}`', 'eof']);
    // v0 has no template strings: the text after `{` is ordinary code.
    expect(toks('$"a{x}b"', false)).toEqual(['template-string-part:"a{', 'identifier:x', '}', 'identifier:b', 'illegal!non-terminated string', 'eof']);
  });
  it('charges a bad character to the token that read it, as OPA does', () => {
    // The whitespace character before a NUL is itself the illegal token (OPA scans blanks one by one).
    expect(toks('a  \u0000')).toEqual(['identifier:a', '␣illegal!illegal null character', 'illegal', 'eof']);
    expect(toks('1.\u0000')[0]).toBe('illegal!illegal null character!expected fraction');
    expect(toks('"\u0000\\q"')[0]).toBe('illegal!illegal null character!illegal escape sequence');
    expect(toks('# c\u0000\nx')).toEqual(['illegal!illegal null character', '⏎identifier:x', 'eof']);
    expect(toks('a\ud800')).toEqual(['illegal!illegal utf-8 character', 'illegal', 'eof']);
    const { tokens: t } = scanAll('x\n\u0000');
    expect([t.k[1], t.row[1], t.col[1]]).toEqual([T.Illegal, 2, 0]);
  });
  it('opens no template on an illegal part and closes none on an illegal brace', () => {
    expect(toks('$"a\\q{x}b"')).toEqual(['illegal!illegal escape sequence', 'identifier:x', '}', 'identifier:b', 'illegal!non-terminated string', 'eof']);
    expect(toks('$"a{x}\u0000"')).toEqual(['template-string-part:"a{', 'identifier:x', 'illegal!illegal null character', 'illegal', 'illegal!non-terminated string', 'eof']);
  });
  it('counts columns in code points and rows from 1', () => {
    const { tokens: t } = scanAll('"😀" x\n  y');
    expect([t.row[1], t.col[1], t.start[1]]).toEqual([1, 5, 5]);
    expect([t.row[2], t.col[2]]).toEqual([2, 3]);
  });
});
