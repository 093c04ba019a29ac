import { readFileSync } from 'node:fs';
import { describe } from 'vitest';
import { pinned } from './harness.js';

// crypto.x509.parse_certificates of openssl-made test certificates (RSA with SANs, EC);
// expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1.
const pins = JSON.parse(readFileSync(new URL('./fixtures/x509-pins.json', import.meta.url), 'utf8')) as Array<[string, string]>;

describe('crypto.x509', () => {
  pinned(pins);
});
