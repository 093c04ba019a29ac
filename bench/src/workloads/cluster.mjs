// S10: a generated cluster (Namespaces, Pods, Deployments, Services, Ingresses) written as one
// YAML stream, plus every general template and its sample constraints, for audit-style runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadSet } from './library.mjs';

const IMAGES = ['openpolicyagent/opa:0.9.2', 'nginx:1.25', 'docker.io/bitnami/redis:7.2', 'xxx.dkr.ecr.ca-central-1.amazonaws.com/app@sha256:' + 'a'.repeat(64), 'gcr.io/proj/tool:latest'];

/** Deterministic small PRNG (mulberry32) so every run generates the same cluster. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function container(r, i) {
  const c = { name: `c${i}`, image: IMAGES[Math.floor(r() * IMAGES.length)] };
  if (r() < 0.6) c.resources = { limits: { cpu: r() < 0.5 ? '200m' : '2', memory: r() < 0.5 ? '256Mi' : '4Gi' }, requests: { cpu: '100m', memory: '128Mi' } };
  if (r() < 0.5) c.readinessProbe = { httpGet: { path: '/ready', port: 8080 } };
  if (r() < 0.5) c.livenessProbe = { tcpSocket: { port: 8080 } };
  if (r() < 0.2) c.securityContext = { privileged: false };
  return c;
}

const podSpec = (r) => ({ containers: Array.from({ length: 1 + Math.floor(r() * 3) }, (_, i) => container(r, i)), ...(r() < 0.3 ? { automountServiceAccountToken: true } : {}) });
const labels = (r, app) => ({ app, ...(r() < 0.5 ? { owner: 'me.agilebank.demo' } : {}), ...(r() < 0.3 ? { tier: 'web' } : {}) });

/** `n` objects: ~1 Namespace per 100, then Pods 45%, Deployments 30%, Services 15%, Ingresses 10%. */
export function generateCluster(n, seed = 1) {
  const r = rng(seed);
  const nsCount = Math.max(2, Math.floor(n / 100));
  const out = [];
  for (let i = 0; i < nsCount; i++) out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${i}`, labels: { team: `t${i % 7}` } } });
  for (let i = 0; out.length < n; i++) {
    const ns = `ns-${i % nsCount}`;
    const app = `app-${i}`;
    const x = r();
    if (x < 0.45) out.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: ns, labels: labels(r, app) }, spec: podSpec(r) });
    else if (x < 0.75)
      out.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `deploy-${i}`, namespace: ns, labels: labels(r, app) },
        spec: { replicas: 1 + Math.floor(r() * 5), selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: podSpec(r) } },
      });
    else if (x < 0.9)
      out.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `svc-${i}`, namespace: ns, labels: labels(r, app) },
        spec: { type: r() < 0.1 ? 'LoadBalancer' : r() < 0.2 ? 'NodePort' : 'ClusterIP', selector: { app: r() < 0.05 ? 'shared' : app }, ports: [{ port: 80, targetPort: 8080 }] },
      });
    else
      out.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: `ing-${i}`, namespace: ns, ...(r() < 0.5 ? { annotations: { 'kubernetes.io/ingress.allow-http': 'false' } } : {}) },
        spec: { ...(r() < 0.5 ? { tls: [{}] } : {}), rules: [{ host: r() < 0.02 ? 'shared.example.com' : `h${i}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: `svc-${i}`, port: { number: 80 } } } }] } }] },
      });
  }
  return out;
}

/**
 * Writes `dir/policy/` (every template.yaml and the sample constraints, one file each) and
 * `dir/objects.yaml` (the generated cluster). Returns the paths.
 */
export function writeAuditInputs(dir, templates, n) {
  const policy = join(dir, 'policy');
  mkdirSync(policy, { recursive: true });
  let k = 0;
  for (const t of templates) {
    const set = loadSet(t.files);
    for (const doc of [...set.templates, ...set.constraints]) writeFileSync(join(policy, `${String(k++).padStart(3, '0')}-${t.name}.yaml`), stringify(doc));
  }
  const objects = join(dir, `objects-${n}.yaml`);
  writeFileSync(objects, generateCluster(n).map((o) => stringify(o)).join('---\n'));
  return { policy, objects };
}
