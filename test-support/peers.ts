/**
 * Locates the reference peers (opa, gator) and OPA's conformance suite for tests and scripts.
 * Order: the env vars that `scripts/peers.sh` prints (OPA_BIN, GATOR_BIN, OPA_SUITE), then the
 * default Go locations. Returns undefined when absent so tests can skip with a clear message.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

let goEnvCache: { gopath: string; gobin: string; modcache: string } | null | undefined;

function goEnv(): { gopath: string; gobin: string; modcache: string } | null {
  if (goEnvCache !== undefined) return goEnvCache;
  try {
    const out = execFileSync('go', ['env', 'GOPATH', 'GOBIN', 'GOMODCACHE'], { encoding: 'utf8' }).split('\n');
    goEnvCache = { gopath: out[0] ?? '', gobin: out[1] ?? '', modcache: out[2] ?? '' };
  } catch {
    goEnvCache = null;
  }
  return goEnvCache;
}

function goBinary(name: string, envVar: string): string | undefined {
  const fromEnv = process.env[envVar];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const env = goEnv();
  if (!env) return undefined;
  const p = join(env.gobin || join(env.gopath, 'bin'), name);
  return existsSync(p) ? p : undefined;
}

export const OPA_VERSION = 'v1.17.1';

export function findOpa(): string | undefined {
  return goBinary('opa', 'OPA_BIN');
}

export function findGator(): string | undefined {
  return goBinary('gator', 'GATOR_BIN');
}

/** `…/opa@v1.17.1/v1/test/cases/testdata` (holds `v0/` and `v1/`). */
export function findSuite(): string | undefined {
  const fromEnv = process.env.OPA_SUITE;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const env = goEnv();
  if (!env) return undefined;
  const p = join(env.modcache, `github.com/open-policy-agent/opa@${OPA_VERSION}`, 'v1/test/cases/testdata');
  return existsSync(p) ? p : undefined;
}

/** `../shared/corpus/gatekeeper-library/library` relative to the repo root, if present. */
export function findGatekeeperLibrary(): string | undefined {
  const p = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'gatekeeper-library', 'library');
  return existsSync(p) ? p : undefined;
}

export const SKIP_NO_SUITE = 'OPA conformance suite not found: run scripts/peers.sh (needs Go) or set OPA_SUITE';
export const SKIP_NO_OPA = 'opa binary not found: run scripts/peers.sh (needs Go) or set OPA_BIN';
export const SKIP_NO_GATOR = 'gator binary not found: run scripts/peers.sh (needs Go) or set GATOR_BIN';
export const SKIP_NO_CORPUS = '../shared/corpus/gatekeeper-library not found next to the checkout';
