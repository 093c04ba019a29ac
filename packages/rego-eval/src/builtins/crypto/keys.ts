/**
 * Keys for JWS: JWK (single or set), PEM public keys and certificates (their SubjectPublicKeyInfo),
 * and the sign/verify primitives per JWS algorithm (RFC 7518).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { bigIntToBytes, bytesToBigInt, children, oid, parseDER, pemDecode, readTLV, type TLV } from './der.js';
import { digest, hmacOf, type HashName } from './hash.js';
import { signPKCS1v15, signPSS, verifyPKCS1v15, verifyPSS, type RSAPrivateKey, type RSAPublicKey } from './rsa.js';
import { parseJSON } from '../../value/json.js';

export type Curve = 'P-256' | 'P-384' | 'P-521';

export type PublicKey = RSAPublicKey | { kind: 'ec'; curve: Curve; point: Uint8Array } | { kind: 'ed25519'; pub: Uint8Array } | { kind: 'oct'; k: Uint8Array };
export type PrivateKey = RSAPrivateKey | { kind: 'ec'; curve: Curve; d: Uint8Array } | { kind: 'ed25519'; seed: Uint8Array } | { kind: 'oct'; k: Uint8Array };

export interface JWKEntry {
  key: PublicKey;
  priv?: PrivateKey;
  alg: string;
  kid: string;
}

export class KeyError extends Error {}

const CURVE_OIDS: Record<string, Curve> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
};

const ECDSA = { 'P-256': p256, 'P-384': p384, 'P-521': p521 };

export function b64urlBytes(s: string): Uint8Array {
  const std = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(std) || std.length % 4 === 1) throw new KeyError('illegal base64 data');
  const bin = atob(std + '='.repeat((4 - (std.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export function b64urlEncode(b: Uint8Array): string {
  let bin = '';
  for (const x of b) bin += String.fromCharCode(x);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** SubjectPublicKeyInfo → key. */
export function parseSPKI(spki: TLV): PublicKey {
  const [algId, bits] = children(spki);
  if (!algId || !bits) throw new KeyError('x509: malformed public key');
  const [algOid, params] = children(algId);
  const alg = oid(algOid!);
  const key = bits.value.subarray(1); // skip the unused-bits byte
  switch (alg) {
    case '1.2.840.113549.1.1.1': {
      const [n, e] = children(readTLV(key).tlv);
      return { kind: 'rsa', n: bytesToBigInt(n!.value), e: bytesToBigInt(e!.value) };
    }
    case '1.2.840.10045.2.1': {
      const curve = params ? CURVE_OIDS[oid(params)] : undefined;
      if (!curve) throw new KeyError('x509: unsupported elliptic curve');
      return { kind: 'ec', curve, point: key };
    }
    case '1.3.101.112':
      return { kind: 'ed25519', pub: key };
  }
  throw new KeyError('x509: unknown public key algorithm');
}

/** The SubjectPublicKeyInfo element of a DER certificate. */
export function certificateSPKI(der: Uint8Array): TLV {
  const cert = parseDER(der);
  const tbs = children(cert)[0];
  if (!tbs) throw new KeyError('x509: malformed certificate');
  const fields = children(tbs);
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const spki = fields[offset + 5];
  if (!spki) throw new KeyError('x509: malformed certificate');
  return spki;
}

function jwkBig(o: Record<string, unknown>, k: string): bigint {
  const v = o[k];
  if (typeof v !== 'string') throw new KeyError(`required field ${k} is missing`);
  return bytesToBigInt(b64urlBytes(v));
}

function jwkBytes(o: Record<string, unknown>, k: string): Uint8Array {
  const v = o[k];
  if (typeof v !== 'string') throw new KeyError(`required field ${k} is missing`);
  return b64urlBytes(v);
}

const COORD: Record<Curve, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

export function parseJWK(o: Record<string, unknown>): JWKEntry {
  const kty = o['kty'];
  const alg = typeof o['alg'] === 'string' ? o['alg'] : '';
  const kid = typeof o['kid'] === 'string' ? o['kid'] : '';
  switch (kty) {
    case 'RSA': {
      const key: RSAPublicKey = { kind: 'rsa', n: jwkBig(o, 'n'), e: jwkBig(o, 'e') };
      const priv = typeof o['d'] === 'string' ? { ...key, d: jwkBig(o, 'd') } : undefined;
      return { key, priv, alg, kid };
    }
    case 'EC': {
      const crv = o['crv'];
      if (crv !== 'P-256' && crv !== 'P-384' && crv !== 'P-521') throw new KeyError(`invalid curve ${String(crv)}`);
      const n = COORD[crv];
      const pad = (b: Uint8Array) => bigIntToBytes(bytesToBigInt(b), n);
      const point = new Uint8Array([4, ...pad(jwkBytes(o, 'x')), ...pad(jwkBytes(o, 'y'))]);
      const curve: Curve = crv;
      const priv: PrivateKey | undefined = typeof o['d'] === 'string' ? { kind: 'ec', curve, d: pad(jwkBytes(o, 'd')) } : undefined;
      return { key: { kind: 'ec', curve: crv, point }, priv, alg, kid };
    }
    case 'OKP': {
      if (o['crv'] !== 'Ed25519') throw new KeyError(`unsupported curve ${String(o['crv'])}`);
      const priv = typeof o['d'] === 'string' ? { kind: 'ed25519' as const, seed: jwkBytes(o, 'd') } : undefined;
      return { key: { kind: 'ed25519', pub: jwkBytes(o, 'x') }, priv, alg, kid };
    }
    case 'oct': {
      const k = jwkBytes(o, 'k');
      return { key: { kind: 'oct', k }, priv: { kind: 'oct', k }, alg, kid };
    }
  }
  throw new KeyError(`invalid key type from JSON (${kty === undefined ? '' : String(kty)})`);
}

/** A JWK or a JWK set ({"keys": [...]}) in JSON text. */
export function parseJWKSet(text: string): JWKEntry[] {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    // jwx's wording around Go's JSON decoder error.
    let goMsg = 'unexpected end of JSON input';
    try {
      parseJSON(text);
    } catch (g) {
      goMsg = (g as Error).message;
    }
    throw new KeyError(
      `jwk.ParseString: failed to parse string: jwk.Parse: failed to parse sole key: jwk.ParseKey: jwk.Parse: failed to probe data: probe: failed to unmarshal data: ${goMsg}`,
    );
  }
  const sole = 'jwk.ParseString: failed to parse string: jwk.Parse: failed to parse sole key: jwk.ParseKey: ';
  if (o === null) throw new KeyError(`${sole}invalid key type from JSON ()`);
  if (typeof o !== 'object' || Array.isArray(o)) {
    // (Go prints the probe struct's fields in no fixed order.)
    const kind = Array.isArray(o) ? 'array' : typeof o === 'boolean' ? 'bool' : typeof o;
    throw new KeyError(
      `${sole}jwk.Parse: failed to probe data: probe: failed to unmarshal data: json: cannot unmarshal ${kind} into Go value of type struct { Kty string "json:\\"kty\\""; D json.RawMessage "json:\\"d,omitempty\\"" }`,
    );
  }
  const rec = o as Record<string, unknown>;
  if (Array.isArray(rec['keys'])) return (rec['keys'] as unknown[]).map((k) => parseJWK(k as Record<string, unknown>));
  try {
    return [parseJWK(rec)];
  } catch (e) {
    if (!(e instanceof KeyError)) throw e;
    throw new KeyError(`${sole}${e.message}`);
  }
}

/** OPA's getKeysFromCertOrJWK. */
export function keysFromCertOrJWK(text: string): JWKEntry[] {
  const { block, rest } = pemDecode(text);
  if (block) {
    if (rest.length > 0) throw new KeyError('extra data after a PEM certificate block');
    if (block.type === 'CERTIFICATE') {
      try {
        return [{ key: parseSPKI(certificateSPKI(block.bytes)), alg: '', kid: '' }];
      } catch (e) {
        throw new KeyError(`failed to parse a PEM certificate: ${(e as Error).message}`);
      }
    }
    if (block.type === 'PUBLIC KEY') {
      try {
        return [{ key: parseSPKI(parseDER(block.bytes)), alg: '', kid: '' }];
      } catch (e) {
        throw new KeyError(`failed to parse a PEM public key: ${(e as Error).message}`);
      }
    }
    throw new KeyError('failed to extract a Key from the PEM certificate');
  }
  try {
    return parseJWKSet(text).filter((k) => k.alg === '' || ALGS.has(k.alg));
  } catch (e) {
    throw new KeyError(`failed to parse a JWK key (set): ${(e as Error).message}`);
  }
}

export const ALGS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512', 'EdDSA']);

export function algHash(alg: string): HashName {
  return alg.endsWith('384') ? 'sha384' : alg.endsWith('512') ? 'sha512' : 'sha256';
}

/** ECDSA verification of r||s over a digest, on the key's own curve (Go's ecdsa.Verify). */
export function verifyECDSA(key: PublicKey, hashed: Uint8Array, sig: Uint8Array): boolean {
  if (key.kind !== 'ec') return false;
  const c = ECDSA[key.curve];
  const half = sig.length >> 1;
  const n = COORD[key.curve];
  const r = bytesToBigInt(sig.subarray(0, half));
  const s = bytesToBigInt(sig.subarray(half));
  const compact = new Uint8Array([...bigIntToBytes(r, n), ...bigIntToBytes(s, n)]);
  if (compact.length !== 2 * n) return false;
  try {
    return c.verify(compact, hashed, key.point, { prehash: false, lowS: false });
  } catch {
    return false;
  }
}

export function verifyEd25519(key: PublicKey, msg: Uint8Array, sig: Uint8Array): boolean {
  if (key.kind !== 'ed25519') return false;
  try {
    return ed25519.verify(sig, msg, key.pub);
  } catch {
    return false;
  }
}

/** JWS verification for `alg` with a key (jwx's jwsbb.Verify). */
export function jwsVerify(key: PublicKey, alg: string, input: Uint8Array, sig: Uint8Array): boolean {
  const h = algHash(alg);
  switch (alg.slice(0, 2)) {
    case 'HS':
      if (key.kind !== 'oct') return false;
      return equalConstTime(hmacOf(h, key.k, input), sig);
    case 'RS':
      return key.kind === 'rsa' && verifyPKCS1v15(key, h, digest(h, input), sig);
    case 'PS':
      return key.kind === 'rsa' && verifyPSS(key, h, digest(h, input), sig);
    case 'ES': {
      const want: Curve = alg === 'ES256' ? 'P-256' : alg === 'ES384' ? 'P-384' : 'P-521';
      return key.kind === 'ec' && key.curve === want && verifyECDSA(key, digest(h, input), sig);
    }
    case 'Ed':
      return verifyEd25519(key, input, sig);
  }
  return false;
}

export function jwsSign(key: PrivateKey, alg: string, input: Uint8Array): Uint8Array {
  const h = algHash(alg);
  switch (alg.slice(0, 2)) {
    case 'HS':
      if (key.kind !== 'oct') throw new KeyError(`invalid key type for ${alg}`);
      return hmacOf(h, key.k, input);
    case 'RS':
      if (key.kind !== 'rsa') throw new KeyError(`invalid key type for ${alg}`);
      return signPKCS1v15(key, h, digest(h, input));
    case 'PS': {
      if (key.kind !== 'rsa') throw new KeyError(`invalid key type for ${alg}`);
      const salt = new Uint8Array(digest(h, new Uint8Array()).length);
      globalThis.crypto?.getRandomValues?.(salt);
      return signPSS(key, h, digest(h, input), salt);
    }
    case 'ES': {
      if (key.kind !== 'ec') throw new KeyError(`invalid key type for ${alg}`);
      return ECDSA[key.curve].sign(digest(h, input), key.d, { prehash: false, lowS: false });
    }
    case 'Ed':
      if (key.kind !== 'ed25519') throw new KeyError(`invalid key type for ${alg}`);
      return ed25519.sign(input, key.seed);
  }
  throw new KeyError(`unsupported signature algorithm ${alg}`);
}

export function equalConstTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
