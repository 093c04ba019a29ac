/**
 * A RegoEngine that parses with the real parser but "evaluates" with JS handlers, selected by a
 * `# fake: <name>` comment in the template. Lets the client pipeline be tested on its own.
 */
import { parseModule } from '@rego-ts/rego-parser';
import type { RegoEngine } from '../../src/index.js';

export type FakeHandler = (input: { review: any; parameters: any }, data: { inventory: any }, print?: (m: string) => void) => unknown[];

export function fakeEngine(handlers: Record<string, FakeHandler>, log: { compiles: number; evaluations: number } = { compiles: 0, evaluations: 0 }): RegoEngine {
  return {
    parseModule: (source, opts) => {
      const r = parseModule(source, opts);
      const m = /#\s*fake:\s*(\S+)/.exec(source);
      if (r.module && m) (r.module as any).fakeName = m[1];
      return r;
    },
    compile: (modules) => {
      log.compiles++;
      const name = (modules[0] as any).fakeName as string | undefined;
      const h = name ? handlers[name] : undefined;
      return {
        prepare: () => ({
          evaluate: ({ input, data, print }) => {
            log.evaluations++;
            const out = h ? h(input as any, data as any, print) : [];
            return [{ expressions: [{ value: out }] }];
          },
        }),
      };
    },
  };
}

export function template(kind: string, rego: string, extra: Record<string, unknown> = {}, apiVersion = 'templates.gatekeeper.sh/v1'): any {
  return {
    apiVersion,
    kind: 'ConstraintTemplate',
    metadata: { name: kind.toLowerCase() },
    spec: {
      crd: { spec: { names: { kind }, ...(extra.crd as object) } },
      targets: [{ target: 'admission.k8s.gatekeeper.sh', rego, ...(extra.target as object) }],
    },
  };
}

export function constraint(kind: string, name: string, spec: Record<string, unknown> = {}): any {
  return { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind, metadata: { name }, spec };
}

export function pod(name: string, namespace?: string, labels?: Record<string, string>, extra: Record<string, unknown> = {}): any {
  const metadata: Record<string, unknown> = { name };
  if (namespace) metadata.namespace = namespace;
  if (labels) metadata.labels = labels;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers: [{ name: 'c', image: 'nginx' }] }, ...extra };
}

export function namespace(name: string, labels?: Record<string, string>): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: labels ? { name, labels } : { name } };
}
