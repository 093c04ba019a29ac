/** Digest and HMAC helpers over @noble/hashes (synchronous, browser-safe). */
import { hmac } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';

export type HashName = 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';

const FNS = { md5, sha1, sha256, sha384, sha512 };

export function digest(h: HashName, data: Uint8Array): Uint8Array {
  return FNS[h](data);
}

export function hashLen(h: HashName): number {
  return FNS[h].outputLen;
}

export function hmacOf(h: HashName, key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac(FNS[h], key, data);
}

export const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
