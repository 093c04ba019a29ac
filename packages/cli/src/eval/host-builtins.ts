/**
 * What the CLI gives builtins that reach outside the policy: `opa.runtime` returns the
 * environment and version as opa eval/test report them. `http.send` is not provided
 * (evaluation is synchronous), so it halts with an error unless a test mocks it with
 * `with http.send as …`.
 */
import { newPlainObject, type BuiltinHost, type PlainObject } from '@rego-ts/rego-eval';

/** The OPA version whose behaviour rego-ts follows. */
const OPA_VERSION = '1.17.1';

let runtime: PlainObject | undefined;

function runtimeObject(): PlainObject {
  if (runtime) return runtime;
  const env = newPlainObject();
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const o = newPlainObject();
  o.authorization_enabled = false;
  o.commit = '';
  o.env = env;
  o.skip_known_schema_check = false;
  o.version = OPA_VERSION;
  runtime = o;
  return o;
}

export function cliHost(): BuiltinHost {
  return { runtime: runtimeObject };
}
