/**
 * graphql.* (v1/topdown/graphql.go). Parsing follows gqlparser (graphql/parse.ts); the AST is
 * returned in the shape OPA marshals it, pruned of nulls, empty collections and positions.
 */

import { toJSON } from '../value/json.js';
import { numberFromText } from '../value/number.js';
import { newPlainObject, type Value } from '../value/types.js';
import { isObj, str } from './args.js';
import { fail, typeErr } from './errors.js';
import { GqlError, parseQueryDoc, parseSchemaDoc } from './graphql/parse.js';
import { validateQuery, validateSchema, type SchemaError } from './graphql/validate.js';
import type { BuiltinTable } from './registry.js';

type J = Record<string, unknown>;

/** OPA's pruneIrrelevantGraphQLASTNodes, producing Rego values. */
function prune(x: unknown): Value | undefined {
  if (x === null || x === undefined) return undefined;
  if (typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'number') return numberFromText(String(x));
  if (Array.isArray(x)) {
    const out: Value[] = [];
    for (const e of x) {
      const p = prune(e);
      if (p === undefined) continue;
      if (Array.isArray(p) && p.length === 0) continue;
      if (isObj(p) && Object.keys(p).length === 0) continue;
      out.push(p);
    }
    return out;
  }
  const o = newPlainObject();
  for (const [k, v] of Object.entries(x as J)) {
    if (k === 'Position') continue;
    const p = prune(v);
    if (p === undefined) continue;
    if (Array.isArray(p) && p.length === 0) continue;
    if (isObj(p) && Object.keys(p).length === 0) continue;
    o[k] = p;
  }
  return o;
}

function parseErr(e: unknown): never {
  if (e instanceof GqlError) throw fail(`${e.message} in GraphQL string at location ${e.line}:${e.column}`);
  throw e;
}

function queryDoc(v: Value, pos: number): J {
  if (typeof v === 'string') {
    try {
      return parseQueryDoc(v);
    } catch (e) {
      parseErr(e);
    }
  }
  if (isObj(v)) return toJSON(v) as J;
  throw typeErr(pos, v, 'string', 'object');
}

function schemaDoc(v: Value, pos: number): J {
  if (typeof v === 'string') {
    try {
      return parseSchemaDoc(v);
    } catch (e) {
      parseErr(e);
    }
  }
  if (isObj(v)) return toJSON(v) as J;
  throw typeErr(pos, v, 'string', 'object');
}

function schemaError(e: SchemaError): never {
  throw fail(`Error in gqlparser SchemaDocument to Schema conversion: ${e.message}`);
}

/** [query AST, schema AST] after validation, or throws. */
function parseAndValidate(args: Value[]): [Value, Value] {
  const q = queryDoc(args[0]!, 0);
  const s = schemaDoc(args[1]!, 1);
  const schema = validateSchema(s);
  if ('error' in schema) schemaError(schema.error);
  const errs = validateQuery(schema.schema, q);
  if (errs.length > 0) {
    // gqlerror.List text, then OPA's formatGqlParserError over it.
    const text = errs.map((e) => `input:${e.line}:${e.column}: ${e.message}\n`).join('');
    const parts = text.split(':');
    const msg = parts.slice(3).join(':').trimStart();
    throw fail(`${msg.endsWith('.\n') ? msg.slice(0, -2) : msg} in GraphQL string at location ${errs[0]!.line}:${errs[0]!.column}`);
  }
  return [prune(q) ?? newPlainObject(), prune(s) ?? newPlainObject()];
}

const safe = <T>(f: () => T): T | undefined => {
  try {
    return f();
  } catch {
    return undefined;
  }
};

export const graphqlBuiltins: BuiltinTable = {
  'graphql.parse_query': (args) => prune(queryDoc(str(args, 0) as Value, 1)) ?? newPlainObject(),
  'graphql.parse_schema': (args) => prune(schemaDoc(str(args, 0) as Value, 1)) ?? newPlainObject(),
  'graphql.parse': (args) => parseAndValidate(args),
  'graphql.parse_and_verify'(args) {
    const r = safe(() => parseAndValidate(args));
    return r ? [true, r[0], r[1]] : [false, newPlainObject(), newPlainObject()];
  },
  'graphql.is_valid': (args) => safe(() => parseAndValidate(args)) !== undefined,
  'graphql.schema_is_valid'(args) {
    const s = safe(() => schemaDoc(args[0]!, 0));
    if (!s) return false;
    return !('error' in validateSchema(s));
  },
};

