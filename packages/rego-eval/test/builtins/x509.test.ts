import { readFileSync } from 'node:fs';
import { describe } from 'vitest';
import { pinned } from './harness.js';

// crypto.x509.parse_certificates / parse_keypair / parse_certificate_request and
// crypto.parse_private_keys over openssl-made certificates, CSRs and keys (RSA, EC P-256/P-384,
// Ed25519; SANs incl. IP/URI, name constraints, CRL points, policies, AIA, CSR attributes);
// expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1.
const pins = JSON.parse(readFileSync(new URL('./fixtures/x509-pins.json', import.meta.url), 'utf8')) as Array<[string, string]>;

describe('crypto.x509', () => {
  pinned(pins);
});
