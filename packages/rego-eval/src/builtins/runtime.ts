/**
 * Builtins that reach outside the policy: http.send and opa.runtime (host capabilities,
 * opt-in through ctx.host), rego.parse_module, rego.metadata.* (data the evaluator provides
 * through ctx.metadata), internal.test_case.
 */
import { formatErrorDetails, parseModule, toOpaJson, type RegoError } from '@rego-ts/rego-parser';
import { ObjectBuilder, objectGet } from '../value/collections.js';
import { newPlainObject, type Value } from '../value/types.js';
import { numberFromText } from '../value/number.js';
import { obj, str } from './args.js';
import { BuiltinError } from './contract.js';
import { fail } from './errors.js';
import type { BuiltinTable } from './registry.js';

/** Plain JSON (as produced by toOpaJson) → Value with null-prototype objects. */
function fromPlain(x: unknown): Value {
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'number') return numberFromText(String(x));
  if (Array.isArray(x)) return x.map(fromPlain);
  const o = newPlainObject();
  for (const [k, v] of Object.entries(x as Record<string, unknown>)) if (v !== undefined) o[k] = fromPlain(v);
  return o;
}

function httpSend(args: Value[], host: { httpSend?(req: Value): Value }): Value {
  const req = obj(args, 0);
  const raise = objectGet(req, 'raise_error');
  if (raise !== undefined && typeof raise !== 'boolean') throw fail('raise_error parameter must be a boolean');
  const raiseError = raise !== false;
  const failWith = (message: string): Value => {
    if (raiseError) throw new BuiltinError('eval_builtin_error', `http.send: ${message}`, true);
    const err = new ObjectBuilder();
    err.set('code', 'eval_builtin_error');
    err.set('message', message);
    const out = new ObjectBuilder();
    out.set('status_code', 0);
    out.set('error', err.build());
    return out.build();
  };
  for (const k of ['method', 'url']) if (objectGet(req, k) === undefined) return failWith(`missing required request parameters(s): {${k}}`);
  if (typeof host.httpSend !== 'function') return failWith('http.send is not enabled by the host');
  try {
    return host.httpSend(req);
  } catch (e) {
    return failWith((e as Error).message);
  }
}

/** OPA's ast.Errors text, with each parse error's source line and caret. */
function errorsText(errors: readonly RegoError[]): string {
  const one = (e: RegoError) => e.format() + (e.details ? '\n' + formatErrorDetails(e.details) : '');
  if (errors.length === 1) return `1 error occurred: ${one(errors[0]!)}`;
  return `${errors.length} errors occurred:\n${errors.map(one).join('\n')}`;
}

export const runtimeBuiltins: BuiltinTable = {
  'http.send': (args, ctx) => httpSend(args, ctx.host),
  'opa.runtime'(_args, ctx) {
    const rt = ctx.host.runtime;
    return typeof rt === 'function' ? rt() : newPlainObject();
  },
  'rego.parse_module'(args) {
    const file = str(args, 0);
    const source = str(args, 1);
    const { module, errors } = parseModule(source, { file });
    if (!module || errors.length > 0) throw fail(errorsText(errors));
    return fromPlain(toOpaJson(module));
  },
  'rego.metadata.chain'(_args, ctx) {
    const m = ctx.metadata;
    return m ? m.chain() : [];
  },
  'rego.metadata.rule'(_args, ctx) {
    const m = ctx.metadata;
    return m ? m.rule() : newPlainObject();
  },
  /** `opa test` parameterised cases: only a trace event in OPA; always true. */
  'internal.test_case': () => true,
};
