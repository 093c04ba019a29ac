// S10 audit: `rego-ts gator test` vs `gator test` (Rego engine) over the same generated cluster
// and every general template with its sample constraints. Each system runs as its own process
// under /usr/bin/time: wall time (start-up, YAML, compile, inventory, reviews) and peak RSS.
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timed } from './peers/gator.mjs';
import { writeAuditInputs } from './workloads/cluster.mjs';

const CLI = join(import.meta.dirname, '..', '..', 'packages', 'cli', 'dist', 'bin.js');

export async function runAuditWorkload(n, templates, cfg) {
  const res = { id: `S10 audit n=${n}`, group: 'S10', kind: 'audit', errors: [] };
  const dir = mkdtempSync(join(tmpdir(), 'rego-ts-audit-'));
  try {
    const { policy, objects } = writeAuditInputs(dir, templates, n);
    const args = ['test', '-f', policy, '-f', objects, '-o', 'json'];
    const ours = timedToFile(join(dir, 'ours.json'), process.execPath, ['--max-old-space-size=16384', '--stack-size=4000', CLI, 'gator', ...args], { timeout: cfg.auditTimeoutMs });
    if (ours.status === null) res.errors.push(`rego-ts: timed out after ${cfg.auditTimeoutMs / 1000}s`);
    else res.ours = { audit: { wallMs: ours.wallMs, maxRssMB: ours.maxRssMB, violations: ours.results } };
    if (ours.status !== null && ours.status > 1) res.errors.push(`rego-ts exit ${ours.status}: ${ours.stderr.slice(0, 300)}`);
    if (cfg.gator && cfg.peers.has('gator')) {
      const g = timedToFile(join(dir, 'gator.json'), cfg.gator, [...args, '--enable-k8s-native-validation=false'], { timeout: cfg.auditTimeoutMs });
      if (g.status === null) res.errors.push(`gator: timed out after ${cfg.auditTimeoutMs / 1000}s`);
      else res.gator = { audit: { wallMs: g.wallMs, maxRssMB: g.maxRssMB, violations: g.results } };
      if (res.ours && res.gator) res.matchesGator = res.ours.audit.violations === res.gator.audit.violations;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return res;
}

/** `timed` with stdout written to `file` (GBs at 100k objects), then its results counted. */
function timedToFile(file, cmd, args, opts) {
  const fd = openSync(file, 'w');
  let r;
  try {
    r = timed(cmd, args, { ...opts, stdoutFd: fd });
  } finally {
    closeSync(fd);
  }
  const results = r.status === null ? NaN : countResults(file);
  rmSync(file, { force: true });
  return { ...r, results };
}

/**
 * The number of results in `gator test -o json` output, read in chunks: `null`, or an array
 * whose elements each start on a line of exactly four spaces and `{` (Go's indented JSON; the
 * objects inside are indented deeper).
 */
function countResults(file) {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 24);
    const mark = Buffer.from('\n    {\n');
    let n = 0;
    let carry = 0;
    let first = true;
    for (;;) {
      const got = readSync(fd, buf, carry, buf.length - carry, null);
      const len = carry + got;
      if (first) {
        first = false;
        const head = buf.subarray(0, Math.min(len, 8)).toString('latin1').trimStart();
        if (head.startsWith('null') || len === 0) return 0;
        if (!head.startsWith('[')) return NaN;
      }
      let at = 0;
      for (;;) {
        const i = buf.indexOf(mark, at);
        if (i < 0 || i + mark.length > len) break;
        n++;
        at = i + mark.length - 1;
      }
      if (got === 0) return n;
      // Keep the tail that could start a mark split across chunks.
      const keep = Math.min(mark.length - 1, len);
      buf.copy(buf, 0, len - keep, len);
      carry = keep;
    }
  } finally {
    closeSync(fd);
  }
}
