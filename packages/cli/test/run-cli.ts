/** Runs the built CLI (`packages/cli/dist/bin.js`) as a child process for tests. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', 'dist', 'bin.js');
export const HAVE_BIN = existsSync(BIN);
export const SKIP_NO_BIN = 'packages/cli/dist/bin.js not built: run `pnpm exec tsc -b packages/cli`';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { input?: string; cwd?: string; env?: Record<string, string> } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? '',
    cwd: opts.cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '', ...opts.env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function runBinary(bin: string, args: string[], opts: { input?: string; cwd?: string } = {}): RunResult {
  const r = spawnSync(bin, args, { input: opts.input ?? '', cwd: opts.cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
