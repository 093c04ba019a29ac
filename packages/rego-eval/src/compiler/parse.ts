/** The parser entry points the compiler uses (see docs/architecture.md "Parser"). */
export { parseModule, parseQuery, parseTerm } from '@rego-ts/rego-parser';
