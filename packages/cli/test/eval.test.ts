/**
 * `rego-ts eval` against opa v1.17.1: every case in eval-cases.ts must give opa's exact stdout,
 * stderr and exit status. Expected outputs are pinned in eval-pinned.json (so the test runs
 * without opa); when opa is present the pins are also checked against the live binary.
 */
import { join } from 'node:path';
import { EVAL_CASES } from './eval-cases.js';
import { pinnedSuite } from './pinned-cases.js';

pinnedSuite({ title: 'rego-ts eval matches opa eval', cases: EVAL_CASES, pins: join(import.meta.dirname, 'eval-pinned.json') });
