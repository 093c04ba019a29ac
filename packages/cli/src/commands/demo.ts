/**
 * `rego-ts demo`: the end-to-end Gatekeeper example. The runnable demo lives in
 * `examples/medstack` (exported through `@rego-ts/gatekeeper-model`); until it exists this
 * command prints where it will come from. To wire it in, make `loadDemo` return its runner.
 */
import type { Command } from '../command.js';
import type { Io } from '../io.js';

/** What the real demo provides: run it, writing to the given streams, return the exit code. */
export type DemoRunner = (io: Pick<Io, 'stdout' | 'stderr' | 'color' | 'stdoutColor'>) => number | Promise<number>;

async function loadDemo(): Promise<DemoRunner | undefined> {
  try {
    const gk = (await import('@rego-ts/gatekeeper-model')) as Record<string, unknown>;
    if (typeof gk.runDemo === 'function') return gk.runDemo as DemoRunner;
  } catch {
    // not built yet
  }
  return undefined;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the Gatekeeper example (ConstraintTemplates, constraints and an audit)',
  usage: 'demo [flags]',
  flags: {},
  async run(_args, io) {
    const demo = await loadDemo();
    if (demo) return demo(io);
    io.stdout('rego-ts demo: the Gatekeeper example (examples/medstack) is not available yet.\n');
    return 0;
  },
};
