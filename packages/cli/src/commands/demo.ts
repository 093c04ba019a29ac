/**
 * `rego-ts demo`: the seed example `examples/medstack` — one admission decision per object as
 * `kubectl` shows Gatekeeper denials, then the audit status of each constraint.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runAdmissionDemo } from '@rego-ts/gatekeeper-model/node';
import type { Command } from '../command.js';

/** `examples/medstack` of this checkout (this file is `packages/cli/{src,dist}/commands/demo.*`). */
export const MEDSTACK_DIR = fileURLToPath(new URL('../../../../examples/medstack/', import.meta.url));

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the Gatekeeper example (examples/medstack): admission decisions, then audit',
  usage: 'demo [flags]',
  flags: {
    dir: { type: 'string', valueName: 'DIR', description: 'run another example directory (policy/ and objects/)' },
  },
  run({ values }, io) {
    const dir = typeof values.dir === 'string' ? values.dir : MEDSTACK_DIR;
    if (!existsSync(dir)) {
      io.stderr(`demo: example directory not found: ${dir}\n`);
      return 1;
    }
    return runAdmissionDemo({ dir, io });
  },
};
