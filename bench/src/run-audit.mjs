// S10 audit: `rego-ts gator test` vs `gator test` (Rego engine) over the same generated cluster
// and every general template with its sample constraints. Each system runs as its own process
// under /usr/bin/time: wall time (start-up, YAML, compile, inventory, reviews) and peak RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timed } from './peers/gator.mjs';
import { writeAuditInputs } from './workloads/cluster.mjs';

const CLI = join(import.meta.dirname, '..', '..', 'packages', 'cli', 'dist', 'bin.js');
const lines = (s) => (s ? s.split('\n').filter((l) => l.trim() !== '').length : 0);

export async function runAuditWorkload(n, templates, cfg) {
  const res = { id: `S10 audit n=${n}`, group: 'S10', kind: 'audit', errors: [] };
  const dir = mkdtempSync(join(tmpdir(), 'rego-ts-audit-'));
  try {
    const { policy, objects } = writeAuditInputs(dir, templates, n);
    const args = ['test', '-f', policy, '-f', objects, '-o', 'json'];
    const ours = timed(process.execPath, ['--max-old-space-size=16384', '--stack-size=4000', CLI, 'gator', ...args], { timeout: cfg.auditTimeoutMs });
    if (ours.status === null) res.errors.push(`rego-ts: timed out after ${cfg.auditTimeoutMs / 1000}s`);
    else res.ours = { audit: { wallMs: ours.wallMs, maxRssMB: ours.maxRssMB, violations: countResults(ours.stdout) } };
    if (ours.status !== null && ours.status > 1) res.errors.push(`rego-ts exit ${ours.status}: ${ours.stderr.slice(0, 300)}`);
    if (cfg.gator && cfg.peers.has('gator')) {
      const g = timed(cfg.gator, [...args, '--enable-k8s-native-validation=false'], { timeout: cfg.auditTimeoutMs });
      if (g.status === null) res.errors.push(`gator: timed out after ${cfg.auditTimeoutMs / 1000}s`);
      else res.gator = { audit: { wallMs: g.wallMs, maxRssMB: g.maxRssMB, violations: countResults(g.stdout) } };
      if (res.ours && res.gator) res.matchesGator = res.ours.audit.violations === res.gator.audit.violations;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return res;
}

function countResults(stdout) {
  try {
    const j = JSON.parse(stdout || '[]');
    return Array.isArray(j) ? j.length : NaN;
  } catch {
    return lines(stdout);
  }
}
