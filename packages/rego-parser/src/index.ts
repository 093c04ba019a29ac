/**
 * @rego-ts/rego-parser — Rego v1/v0 lexer, parser, AST and formatter. Browser-safe.
 */
export type * from './ast/index.js';
export { ruleKind, headRefTerm } from './ast/index.js';
export { RegoError, RegoErrors, formatErrors, formatErrorDetails, sortErrors, detailsJSON, isParseDetails } from './errors.js';
export type { RegoErrorCode, ParseErrorDetails, TypeErrorDetails, ErrorDetails } from './errors.js';
export { format } from './format/index.js';
export type { FormatOptions } from './format/index.js';
export { parseModule, parseQuery, parseTerm } from './parse.js';
export type { ParseOptions } from './parse.js';
export { toOpaJson, termToOpaJson, bodyToOpaJson } from './ast/opa-json.js';
export { termString } from './parser/rego-text.js';
export { walkModule, walkRule, walkBody, walkExpr, walkTerm } from './ast/walk.js';
export type { AstVisitor } from './ast/walk.js';
export type { OpaJsonOptions } from './ast/opa-json.js';
