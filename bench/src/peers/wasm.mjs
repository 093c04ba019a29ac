// opa-wasm peer: the policy compiled by `opa build -t wasm -e <entrypoint>` in this run, loaded
// with @open-policy-agent/opa-wasm in this Node process.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy } from '@open-policy-agent/opa-wasm';

/** `data.a.b` → `a/b` (opa build's entrypoint syntax). */
export const entrypointOf = (query) => query.replace(/^data\./, '').replaceAll('.', '/');

/** Builds the wasm module for `query` from the policy dir; returns its bytes. */
export function buildWasm(opa, { root, dir, query, v0 = false }) {
  const bundle = join(root, 'bundle.tar.gz');
  execFileSync(opa, ['build', '-t', 'wasm', ...(v0 ? ['--v0-compatible'] : []), '-e', entrypointOf(query), '-o', bundle, dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  execFileSync('tar', ['-xzf', bundle, '-C', root, '/policy.wasm'], { stdio: 'ignore' });
  return readFileSync(join(root, 'policy.wasm'));
}

/** Loads the module and sets its data. The result's `evaluate(input)` returns the decision. */
export async function loadWasm(bytes, data) {
  const policy = await loadPolicy(bytes);
  if (data !== undefined) policy.setData(data);
  return policy;
}

/** First result's value, as the other systems report it. */
export const wasmValue = (rs) => rs?.[0]?.result;
