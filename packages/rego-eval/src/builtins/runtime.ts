/**
 * Builtins that reach outside the policy: http.send and opa.runtime (host capabilities,
 * opt-in through ctx.host), rego.parse_module, rego.metadata.* (data the evaluator provides
 * through ctx.metadata), internal.test_case.
 */
import { formatErrorDetails, parseModule, toOpaJson, type RegoError } from '@rego-ts/rego-parser';
import { ObjectBuilder, newSet, objectEntries, objectGet } from '../value/collections.js';
import { valueToRegoText } from '../value/json.js';
import { newPlainObject, type Value } from '../value/types.js';
import { numberFromText } from '../value/number.js';
import { obj, str } from './args.js';
import { fail, operandErr } from './errors.js';
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

const ALLOWED_KEYS = new Set([
  'method', 'url', 'body', 'enable_redirect', 'force_json_decode', 'force_yaml_decode', 'headers', 'raw_body',
  'tls_use_system_certs', 'tls_ca_cert', 'tls_ca_cert_file', 'tls_ca_cert_env_variable', 'tls_client_cert',
  'tls_client_cert_file', 'tls_client_cert_env_variable', 'tls_client_key', 'tls_client_key_file',
  'tls_client_key_env_variable', 'tls_insecure_skip_verify', 'tls_server_name', 'timeout', 'cache', 'force_cache',
  'force_cache_duration_seconds', 'raise_error', 'caching_mode', 'max_retry_attempts', 'cache_ignored_headers',
]);

/** http.send (v1/topdown/http.go) with the request performed by the host. */
function httpSend(args: Value[], host: { httpSend?(req: Value): Value }): Value {
  const req = obj(args, 0);
  const raise = objectGet(req, 'raise_error');
  if (raise !== undefined && typeof raise !== 'boolean') throw fail('invalid value for raise_error field');
  const raiseError = raise !== false;
  const errorResult = (code: string, message: string): Value => {
    const err = new ObjectBuilder();
    err.set('code', code);
    err.set('message', message);
    const out = new ObjectBuilder();
    out.set('status_code', 0);
    out.set('error', err.build());
    return out.build();
  };
  const keys = objectEntries(req).map((e) => e[0]);
  const invalid = keys.filter((k) => typeof k !== 'string' || !ALLOWED_KEYS.has(k));
  const missing = ['method', 'url'].filter((k) => objectGet(req, k) === undefined);
  if (invalid.length > 0 || missing.length > 0) {
    const msg = invalid.length > 0 ? `invalid request parameters(s): ${valueToRegoText(newSet(invalid))}` : `missing required request parameters(s): ${valueToRegoText(newSet(missing))}`;
    if (raiseError) throw operandErr(1, msg);
    return errorResult('eval_http_send_internal_error', `http.send: operand 1 ${msg}`);
  }
  if (typeof host.httpSend !== 'function') {
    if (raiseError) throw fail('http.send is not enabled by the host');
    return errorResult('eval_http_send_internal_error', 'http.send is not enabled by the host');
  }
  try {
    return host.httpSend(req);
  } catch (e) {
    if (raiseError) throw fail((e as Error).message);
    return errorResult('eval_http_send_network_error', (e as Error).message);
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
