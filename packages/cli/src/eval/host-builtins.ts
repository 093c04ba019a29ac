/**
 * Builtins the CLI supplies as the host when the evaluator has none of its own: `opa.runtime`
 * (environment and version, as opa eval/test report it) and `http.send`, which rego-ts cannot
 * perform (evaluation is synchronous) but which must exist so that policies using it compile
 * and tests can mock it with `with http.send as …`; calling it halts with an error.
 */
import { BuiltinError, builtinDecls, defaultBuiltins, newPlainObject, type HostBuiltin } from '@rego-ts/rego-eval';

/** The OPA version whose behaviour rego-ts follows. */
const OPA_VERSION = '1.17.1';

function runtimeObject() {
  const env = newPlainObject();
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const o = newPlainObject();
  o.authorization_enabled = false;
  o.commit = '';
  o.env = env;
  o.skip_known_schema_check = false;
  o.version = OPA_VERSION;
  return o;
}

let cached: Record<string, HostBuiltin> | undefined;

export function hostBuiltins(): Record<string, HostBuiltin> {
  if (cached) return cached;
  const have = defaultBuiltins();
  const decls = builtinDecls();
  const out: Record<string, HostBuiltin> = {};
  const add = (name: string, fn: HostBuiltin['fn']) => {
    const info = decls.get(name);
    if (!have.has(name) && info) out[name] = { decl: info.decl, fn };
  };
  add('opa.runtime', () => runtimeObject());
  add('http.send', () => {
    throw new BuiltinError('eval_builtin_error', 'http.send: not supported by rego-ts (mock it with `with http.send as …`)', true);
  });
  cached = out;
  return out;
}
