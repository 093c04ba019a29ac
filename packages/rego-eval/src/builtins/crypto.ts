/** crypto.* digests and HMACs (v1/topdown/crypto.go); x509/keys live in x509.ts. */
import type { Value } from '../value/types.js';
import { str } from './args.js';
import { digest, hmacOf, toHex, type HashName } from './crypto/hash.js';
import { equalConstTime } from './crypto/keys.js';
import type { BuiltinTable } from './registry.js';
import { utf8 } from './strutil.js';

const hashFn = (h: HashName) => (args: Value[]) => toHex(digest(h, utf8(str(args, 0))));
const hmacFn = (h: HashName) => (args: Value[]) => toHex(hmacOf(h, utf8(str(args, 1)), utf8(str(args, 0))));

export const cryptoBuiltins: BuiltinTable = {
  'crypto.md5': hashFn('md5'),
  'crypto.sha1': hashFn('sha1'),
  'crypto.sha256': hashFn('sha256'),
  'crypto.hmac.md5': hmacFn('md5'),
  'crypto.hmac.sha1': hmacFn('sha1'),
  'crypto.hmac.sha256': hmacFn('sha256'),
  'crypto.hmac.sha512': hmacFn('sha512'),
  'crypto.hmac.equal': (args) => equalConstTime(utf8(str(args, 0)), utf8(str(args, 1))),
};
