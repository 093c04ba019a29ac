/** RSA signatures (PKCS #1 v1.5 and PSS, RFC 8017) over bigint arithmetic. */
import { bigIntToBytes, bytesToBigInt } from './der.js';
import { type HashName, digest, hashLen } from './hash.js';

export interface RSAPublicKey {
  kind: 'rsa';
  n: bigint;
  e: bigint;
}
export interface RSAPrivateKey extends RSAPublicKey {
  d: bigint;
}

export function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

const byteLen = (n: bigint) => Math.ceil(n.toString(2).length / 8);

/** DER DigestInfo prefixes (RFC 8017 §9.2 note 1). */
const DIGEST_INFO: Record<HashName, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
  sha1: '3021300906052b0e03021a05000414',
  md5: '3020300c06082a864886f70d020505000410',
};

const hexBytes = (h: string) => Uint8Array.from(h.match(/../g)!, (x) => parseInt(x, 16));

function pkcs1Encoded(hash: HashName, hashed: Uint8Array, k: number): Uint8Array | undefined {
  const t = new Uint8Array([...hexBytes(DIGEST_INFO[hash]), ...hashed]);
  if (k < t.length + 11) return undefined;
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0;
  em[1] = 1;
  em[k - t.length - 1] = 0;
  em.set(t, k - t.length);
  return em;
}

const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export function verifyPKCS1v15(key: RSAPublicKey, hash: HashName, hashed: Uint8Array, sig: Uint8Array): boolean {
  const k = byteLen(key.n);
  if (sig.length !== k) return false;
  const s = bytesToBigInt(sig);
  if (s >= key.n) return false;
  const em = bigIntToBytes(modPow(s, key.e, key.n), k);
  const want = pkcs1Encoded(hash, hashed, k);
  return want !== undefined && equalBytes(em, want);
}

export function signPKCS1v15(key: RSAPrivateKey, hash: HashName, hashed: Uint8Array): Uint8Array {
  const k = byteLen(key.n);
  const em = pkcs1Encoded(hash, hashed, k);
  if (!em) throw new Error('crypto/rsa: key size too small for PKCS#1 v1.5 signature');
  return bigIntToBytes(modPow(bytesToBigInt(em), key.d, key.n), k);
}

function mgf1(hash: HashName, seed: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let done = 0;
  for (let c = 0; done < len; c++) {
    const block = digest(hash, new Uint8Array([...seed, (c >>> 24) & 255, (c >>> 16) & 255, (c >>> 8) & 255, c & 255]));
    out.set(block.subarray(0, Math.min(block.length, len - done)), done);
    done += block.length;
  }
  return out;
}

/** EMSA-PSS verification with the salt length recovered from the encoding (Go's "auto"). */
export function verifyPSS(key: RSAPublicKey, hash: HashName, mHash: Uint8Array, sig: Uint8Array): boolean {
  const modBits = key.n.toString(2).length;
  const k = byteLen(key.n);
  if (sig.length !== k) return false;
  const s = bytesToBigInt(sig);
  if (s >= key.n) return false;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const m = bigIntToBytes(modPow(s, key.e, key.n), k);
  const em = m.subarray(k - emLen);
  if (k - emLen > 0 && m.subarray(0, k - emLen).some((x) => x !== 0)) return false;
  const hLen = hashLen(hash);
  if (emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDB = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const zeroBits = 8 * emLen - emBits;
  if (maskedDB[0]! & (0xff << (8 - zeroBits)) & 0xff) return false;
  const db = mgf1(hash, h, maskedDB.length).map((x, i) => x ^ maskedDB[i]!);
  db[0]! &= 0xff >> zeroBits;
  let i = 0;
  while (i < db.length && db[i] === 0) i++;
  if (i >= db.length || db[i] !== 1) return false;
  const salt = db.subarray(i + 1);
  const mPrime = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, ...mHash, ...salt]);
  return equalBytes(digest(hash, mPrime), h);
}

export function signPSS(key: RSAPrivateKey, hash: HashName, mHash: Uint8Array, salt: Uint8Array): Uint8Array {
  const modBits = key.n.toString(2).length;
  const k = byteLen(key.n);
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = hashLen(hash);
  const h = digest(hash, new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, ...mHash, ...salt]));
  const db = new Uint8Array(emLen - hLen - 1);
  db[db.length - salt.length - 1] = 1;
  db.set(salt, db.length - salt.length);
  const mask = mgf1(hash, h, db.length);
  const maskedDB = db.map((x, i) => x ^ mask[i]!);
  maskedDB[0]! &= 0xff >> (8 * emLen - emBits);
  const em = new Uint8Array([...maskedDB, ...h, 0xbc]);
  return bigIntToBytes(modPow(bytesToBigInt(em), key.d, key.n), k);
}
