/**
 * The medstack example: where its files live, and its demo (admission decisions for every
 * object, then the audit status of the constraint).
 */
import { fileURLToPath } from 'node:url';
import { runAdmissionDemo, type DemoIo } from '@rego-ts/gatekeeper-model/node';

/** The example's root directory (policy/, objects/, samples/, suite.yaml). */
export const medstackDir: string = fileURLToPath(new URL('..', import.meta.url));

/** Runs the walkthrough, writing to `io`; returns the exit status. */
export function runMedstackDemo(io: DemoIo, timestamp?: string): number {
  return runAdmissionDemo({ dir: medstackDir, io, ...(timestamp ? { timestamp } : {}) });
}
