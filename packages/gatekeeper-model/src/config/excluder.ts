/**
 * Global exclusions from the Gatekeeper `Config` resource (`config.gatekeeper.sh/v1alpha1`,
 * named `config`): `spec.match[].excludedNamespaces` per process (spec §4.7).
 */
import { isNamespaceObject, objectName, objectNamespace, parseGroupVersion } from '../model/gvk.js';
import { isPlainRecord } from '../model/shape.js';
import { wildcardMatches } from '../target/wildcard.js';

export type GatekeeperProcess = 'audit' | 'webhook' | 'sync' | 'mutation-webhook';
const PROCESSES: GatekeeperProcess[] = ['audit', 'webhook', 'sync', 'mutation-webhook'];

export function isConfigObject(obj: unknown): boolean {
  return (
    isPlainRecord(obj) &&
    obj.kind === 'Config' &&
    typeof obj.apiVersion === 'string' &&
    parseGroupVersion(obj.apiVersion)?.group === 'config.gatekeeper.sh' &&
    objectName(obj) === 'config'
  );
}

export class ProcessExcluder {
  private readonly patterns = new Map<GatekeeperProcess, string[]>();

  /** From a Config object (anything else, or none, excludes nothing). */
  constructor(config?: unknown) {
    if (!isConfigObject(config)) return;
    const spec = (config as { spec?: unknown }).spec;
    const matches = isPlainRecord(spec) && Array.isArray(spec.match) ? spec.match : [];
    for (const m of matches) {
      if (!isPlainRecord(m)) continue;
      const namespaces = Array.isArray(m.excludedNamespaces) ? m.excludedNamespaces.filter((x): x is string => typeof x === 'string') : [];
      const processes = Array.isArray(m.processes) ? m.processes.filter((x): x is string => typeof x === 'string') : [];
      const targets = processes.includes('*') ? PROCESSES : PROCESSES.filter((p) => processes.includes(p));
      for (const p of targets) this.patterns.set(p, [...(this.patterns.get(p) ?? []), ...namespaces]);
    }
  }

  /**
   * True when `obj` is excluded from `process`: its namespace (a Namespace's own name;
   * `requestNamespace` for webhook requests) matches a pattern. Cluster-scoped objects have
   * namespace "" and are only excluded by patterns matching "" (such as `*`).
   */
  isExcluded(process: GatekeeperProcess, obj: unknown, requestNamespace?: string): boolean {
    const patterns = this.patterns.get(process);
    if (!patterns?.length) return false;
    const ns = isNamespaceObject(obj) ? objectName(obj) : (requestNamespace ?? objectNamespace(obj));
    return patterns.some((p) => wildcardMatches(p, ns));
  }
}
