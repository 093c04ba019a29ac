/** The opa binary: OPA_BIN, then the Go bin directory (as test-support/peers.ts looks). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function findOpaBinary(): string | undefined {
  const fromEnv = process.env['OPA_BIN'];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  try {
    const [gopath, gobin] = execFileSync('go', ['env', 'GOPATH', 'GOBIN'], { encoding: 'utf8' }).split('\n');
    const p = join(gobin || join(gopath ?? '', 'bin'), 'opa');
    if (existsSync(p)) return p;
  } catch {
    // no Go toolchain
  }
  return undefined;
}
