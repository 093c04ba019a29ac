// gator peer: `gator bench --engine rego -o json` on the same files (timing per review, setup
// broken down), and `gator test` for audit-style whole-directory runs (wall time, peak RSS).
import { execFileSync, spawnSync } from 'node:child_process';
import { parseGoDuration } from '../stats.mjs';

export function gatorVersion(bin) {
  return execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
}

export function gatorBench(bin, files, { iterations, warmup }) {
  const args = ['bench', '--engine', 'rego', '-o', 'json', '-n', String(iterations), '--warmup', String(warmup)];
  for (const f of files) args.push('-f', f);
  const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`gator bench failed: ${r.stderr.split('\n').filter((l) => !/WARNING|Warning/.test(l)).join(' ').slice(0, 300)}`);
  const j = JSON.parse(r.stdout)[0];
  const s = j.setupBreakdown ?? {};
  return {
    reviews: j.totalReviews,
    objects: j.objectCount,
    medianNs: parseGoDuration(j.latencies.p50),
    p99Ns: parseGoDuration(j.latencies.p99),
    meanNs: parseGoDuration(j.latencies.mean),
    opsPerSec: j.reviewsPerSecond,
    violationsPerPass: j.violationCount / iterations,
    setupNs: parseGoDuration(j.setupDuration),
    compileNs: parseGoDuration(s.clientCreation) + parseGoDuration(s.templateCompilation) + parseGoDuration(s.constraintLoading),
    dataNs: parseGoDuration(s.dataLoading),
  };
}

/** Runs a command under /usr/bin/time: wall seconds and max RSS (KiB) of the child. */
export function timed(cmd, args, opts = {}) {
  const { stdoutFd, ...rest } = opts;
  // With `stdoutFd` the output goes to that file (an audit's JSON can exceed any buffer).
  const stdio = stdoutFd === undefined ? undefined : ['ignore', stdoutFd, 'pipe'];
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...(stdio ? { stdio } : {}), ...rest });
  const m = /__TIME__ ([0-9.]+) ([0-9]+)/.exec(r.stderr ?? '');
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, wallMs: m ? Number(m[1]) * 1000 : NaN, maxRssMB: m ? Number(m[2]) / 1024 : NaN };
}
