// OPA peer: `opa bench --format json` (prepared query, eval-only) and `opa eval --metrics`
// (cold start from its own timers, without process start-up), on files written to a temp dir.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function goBin(name, envVar) {
  const env = process.env[envVar];
  if (env && existsSync(env)) return env;
  try {
    const [gopath, gobin] = execFileSync('go', ['env', 'GOPATH', 'GOBIN'], { encoding: 'utf8' }).split('\n');
    const p = join(gobin || join(gopath, 'bin'), name);
    return existsSync(p) ? p : undefined;
  } catch {
    return existsSync(`/root/go/bin/${name}`) ? `/root/go/bin/${name}` : undefined;
  }
}

/** Same lookup order as test-support/peers.ts: OPA_BIN, then $GOBIN or $GOPATH/bin. */
export const findOpa = () => goBin('opa', 'OPA_BIN');
export const findGator = () => goBin('gator', 'GATOR_BIN');

export function opaVersion(bin) {
  const out = execFileSync(bin, ['version'], { encoding: 'utf8' });
  return /Version:\s*(\S+)/.exec(out)?.[1] ?? 'unknown';
}

/**
 * Writes a policy directory: modules as .rego files, `data` as data.json (merged at the root),
 * input as input.json beside it. Returns `{ dir, inputFile }`.
 */
export function writePolicyDir(modules, data, input) {
  const root = mkdtempSync(join(tmpdir(), 'rego-ts-bench-'));
  const dir = join(root, 'policy');
  mkdirSync(dir);
  modules.forEach((m, i) => writeFileSync(join(dir, `m${i}.rego`), m.source));
  if (data !== undefined) writeFileSync(join(dir, 'data.json'), JSON.stringify(data));
  const inputFile = join(root, 'input.json');
  writeFileSync(inputFile, JSON.stringify(input ?? null));
  return { root, dir, inputFile };
}

const versionFlags = (v0) => (v0 ? ['--v0-compatible'] : []);

/** `opa bench`: Go's benchmark loop (≈1 s) over a prepared query; eval-time histogram. */
export function opaBench(bin, { dir, inputFile, query, v0 = false }, { gomaxprocs } = {}) {
  // GOMAXPROCS=1 (--quick) cuts opa bench's CPU cost about fivefold: one core each, like
  // Node's single JS thread (but Go's GC then shares that core, V8's has helper threads).
  const env = gomaxprocs ? { ...process.env, GOMAXPROCS: String(gomaxprocs) } : process.env;
  const r = spawnSync(bin, ['bench', '--format', 'json', '--fail=false', ...versionFlags(v0), '-d', dir, '-i', inputFile, query], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env,
  });
  if (r.status !== 0) throw new Error(`opa bench failed: ${(r.stderr || r.stdout).slice(0, 400)}`);
  const j = JSON.parse(r.stdout);
  const x = j.Extra ?? {};
  return {
    n: j.N,
    medianNs: x.histogram_timer_rego_query_eval_ns_median,
    p99Ns: x['histogram_timer_rego_query_eval_ns_99%'],
    meanNs: x.histogram_timer_rego_query_eval_ns_mean,
    opsPerSec: j.N / (j.T / 1e9),
    allocsPerOp: j.MemAllocs / j.N,
    bytesPerOp: j.MemBytes / j.N,
  };
}

/**
 * `opa eval --metrics`: cold start = load (read + parse files) + compile + query parse/compile
 * + first evaluation, from OPA's own timers (process start-up excluded). Median of `repeats`.
 */
export function opaEvalCold(bin, { dir, inputFile, query, v0 = false }, repeats = 3) {
  const colds = [];
  let result;
  for (let i = 0; i < repeats; i++) {
    const r = spawnSync(bin, ['eval', '--metrics', '--format', 'json', ...versionFlags(v0), '-d', dir, '-i', inputFile, query], {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    if (r.status !== 0) throw new Error(`opa eval failed: ${(r.stderr || r.stdout).slice(0, 400)}`);
    const j = JSON.parse(r.stdout);
    const m = j.metrics ?? {};
    colds.push(Object.entries(m).filter(([k]) => k.startsWith('timer_')).reduce((n, [, v]) => n + v, 0));
    result = j.result?.[0]?.expressions?.[0]?.value;
  }
  colds.sort((a, b) => a - b);
  return { coldNs: colds[Math.floor(colds.length / 2)], result };
}
