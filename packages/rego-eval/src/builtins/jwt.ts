/** io.jwt.* (v1/topdown/tokens.go): decode, verify_*, decode_verify, encode_sign(_raw). */
import { compareNumbers } from '../value/compare.js';
import { objectEntries, objectGet } from '../value/collections.js';
import { parseJSON, toJSONText } from '../value/json.js';
import { numberFromText } from '../value/number.js';
import type { ObjectValue, Value } from '../value/types.js';
import { isNum, isObj, obj, str } from './args.js';
import { fail, typeErr } from './errors.js';
import { digest, hmacOf, toHex, type HashName } from './crypto/hash.js';
import { ALGS, KeyError, b64urlEncode, equalConstTime, jwsSign, jwsVerify, keysFromCertOrJWK, parseJWKSet, verifyECDSA, verifyEd25519, type JWKEntry, type PublicKey } from './crypto/keys.js';
import { verifyPKCS1v15, verifyPSS } from './crypto/rsa.js';
import { URL_ALPHABET, b64decode } from './encoding.js';
import type { BuiltinTable } from './registry.js';
import { fromUtf8, utf8 } from './strutil.js';

/** OPA's base64url.decode: padding added, then standard decoding. */
function b64url(s: string): Uint8Array {
  if (!s.endsWith('=')) {
    const r = utf8(s).length % 4;
    if (r === 2) s += '==';
    else if (r === 3) s += '=';
    else if (r === 1) throw new Error(`illegal base64url string: ${s}`);
  }
  try {
    return b64decode(s, URL_ALPHABET);
  } catch (e) {
    throw new Error((e as Error).message);
  }
}

interface Token {
  header: string;
  payload: string;
  signature: string;
}

function splitJWT(v: Value): Token {
  if (typeof v !== 'string') throw typeErr(1, v, 'string');
  if (!v.includes('.')) throw fail('encoded JWT had no period separators');
  const parts = v.split('.');
  if (parts.length !== 3) throw fail(`encoded JWT must have 3 sections, found ${parts.length}`);
  return { header: parts[0]!, payload: parts[1]!, signature: parts[2]! };
}

function jsonObject(s: string): ObjectValue {
  let v: Value;
  try {
    v = parseJSON(s);
  } catch (e) {
    throw new Error(`invalid JSON: ${(e as Error).message}`);
  }
  if (!isObj(v)) throw new Error('decoded JSON type was not an Object');
  return v;
}

function decodeHeader(t: Token): ObjectValue {
  let text: string;
  try {
    text = fromUtf8(b64url(t.header));
  } catch (e) {
    throw fail(`JWT header had invalid encoding: ${(e as Error).message}`);
  }
  let h: ObjectValue;
  try {
    h = jsonObject(text);
  } catch (e) {
    throw fail(`bad JWT header: ${(e as Error).message}`);
  }
  if (objectGet(h, 'enc') !== undefined) throw fail('JWT is a JWE object, which is not supported');
  return h;
}

function decodePayload(t: Token): string {
  try {
    return fromUtf8(b64url(t.payload));
  } catch (e) {
    throw fail(`JWT payload had invalid encoding: ${(e as Error).message}`);
  }
}

function decodeSignature(t: Token): Uint8Array {
  try {
    return b64url(t.signature);
  } catch (e) {
    throw fail((e as Error).message);
  }
}

function jwtDecode(v: Value): Value {
  const t = splitJWT(v);
  const header = decodeHeader(t);
  const p = decodePayload(t);
  const cty = objectGet(header, 'cty');
  if (cty === 'JWT') return jwtDecode(p.replace(/^["']+|["']+$/g, ''));
  let payload: ObjectValue;
  try {
    payload = jsonObject(p);
  } catch (e) {
    throw fail((e as Error).message);
  }
  let sig: Uint8Array;
  try {
    sig = b64url(t.signature);
  } catch (e) {
    throw fail(`JWT signature had invalid encoding: ${(e as Error).message}`);
  }
  return [header, payload, toHex(sig)];
}

interface Header {
  alg: string;
  kid: string;
  cty: string;
  crit?: Set<string>;
  unknown: string[];
}

function parseHeader(h: ObjectValue): Header {
  const out: Header = { alg: '', kid: '', cty: '', unknown: [] };
  for (const [k, v] of objectEntries(h)) {
    const name = String(k);
    if (name === 'alg' || name === 'kid' || name === 'typ' || name === 'cty') {
      if (typeof v !== 'string') throw fail(`${name}: must be a string`);
      if (name !== 'typ') out[name] = v;
    } else if (name === 'crit') {
      if (!Array.isArray(v)) throw fail('crit: must be a list');
      out.crit = new Set(v.filter((e): e is string => typeof e === 'string'));
      if (out.crit.size === 0) throw fail('crit: must be a nonempty list');
    } else out.unknown.push(name);
  }
  return out;
}

function keys(text: string): JWKEntry[] {
  try {
    return keysFromCertOrJWK(text);
  } catch (e) {
    if (e instanceof KeyError) throw fail(e.message);
    throw e;
  }
}

/** Verification with a key/cert argument, as builtinJWTVerify. */
function verifyWithKeys(args: Value[], alg: string, check: (key: PublicKey, input: Uint8Array, sig: Uint8Array) => boolean): boolean {
  const t = splitJWT(args[0]!);
  const ks = keys(str(args, 1));
  const sig = decodeSignature(t);
  const header = parseHeader(decodeHeader(t));
  const input = utf8(t.header + '.' + t.payload);
  void alg;
  if (header.kid !== '') {
    const k = ks.find((x) => x.kid === header.kid);
    if (k) return check(k.key, input, sig);
  }
  for (const k of ks) {
    if (k.alg !== '' && k.alg !== header.alg) continue;
    if (check(k.key, input, sig)) return true;
  }
  return false;
}

const rsaCheck = (h: HashName, pss: boolean) => (key: PublicKey, input: Uint8Array, sig: Uint8Array) => {
  // A key of the wrong type is a failed verification, not an error (as OPA).
  if (key.kind !== 'rsa') return false;
  return pss ? verifyPSS(key, h, digest(h, input), sig) : verifyPKCS1v15(key, h, digest(h, input), sig);
};

const esCheck = (h: HashName) => (key: PublicKey, input: Uint8Array, sig: Uint8Array) => {
  if (key.kind !== 'ec') return false;
  return verifyECDSA(key, digest(h, input), sig);
};

function verifyHS(args: Value[], h: HashName): boolean {
  const jwt = str(args, 0);
  const secret = str(args, 1);
  const t = splitJWT(jwt);
  const mac = hmacOf(h, utf8(secret), utf8(t.header + '.' + t.payload));
  return equalConstTime(decodeSignature(t), mac);
}

// ---- decode_verify ---------------------------------------------------------------------------

interface Constraints {
  keys?: JWKEntry[];
  secret: string;
  alg: string;
  iss: string;
  aud: string;
  time: number;
}

function constraintsOf(o: ObjectValue, nowNs: bigint): Constraints {
  const c: Constraints = { secret: '', alg: '', iss: '', aud: '', time: -1 };
  const strC = (name: string, v: Value): string => {
    if (typeof v !== 'string') throw fail(`${name} constraint: must be a string`);
    return v;
  };
  const timeOf = (v: Value): number => {
    if (!isNum(v)) throw fail('token time constraint: must be a number');
    const f = typeof v === 'number' ? v : v.f;
    if (f < 0) throw fail('token time constraint: must not be negative');
    return f;
  };
  for (const [k, v] of objectEntries(o)) {
    switch (k) {
      case 'cert':
        if (typeof v !== 'string') throw fail('cert constraint: must be a string');
        c.keys = keys(v);
        break;
      case 'secret':
        c.secret = strC('secret', v);
        break;
      case 'alg':
        c.alg = strC('alg', v);
        break;
      case 'iss':
        c.iss = strC('iss', v);
        break;
      case 'aud':
        c.aud = strC('aud', v);
        break;
      case 'time':
        c.time = timeOf(v);
        break;
      default:
        throw fail(`unknown token validation constraint: ${String(k)}`);
    }
  }
  if (c.time === -1) c.time = Number(nowNs);
  const n = (c.keys ? 1 : 0) + (c.secret !== '' ? 1 : 0);
  if (n > 1) throw fail('duplicate key constraints');
  if (n < 1) throw fail('no key constraint');
  return c;
}

function verifyConstraints(c: Constraints, h: Header, t: Token, sig: Uint8Array): boolean {
  const input = utf8(t.header + '.' + t.payload);
  if (c.keys) {
    if (h.kid !== '') {
      const k = c.keys.find((x) => x.kid === h.kid);
      if (k) return jwsVerify(k.key, h.alg, input, sig);
    }
    return c.keys.some((k) => (k.alg === '' || k.alg === h.alg) && jwsVerify(k.key, h.alg, input, sig));
  }
  return jwsVerify({ kind: 'oct', k: utf8(c.secret) }, h.alg, input, sig);
}

function decodeVerify(args: Value[], nowNs: bigint): Value {
  let a = args[0]!;
  const c = constraintsOf(obj(args, 1), nowNs);
  const unverified: Value = [false, {} as Value, {} as Value];
  let header: ObjectValue;
  let p: string;
  for (;;) {
    const t = splitJWT(a);
    header = decodeHeader(t);
    const h = parseHeader(header);
    if (h.alg === '' || h.unknown.some((u) => h.crit?.has(u))) return unverified;
    if (c.alg !== '' && c.alg !== h.alg) return unverified;
    const sig = decodeSignature(t);
    if (!verifyConstraints(c, h, t, sig)) return unverified;
    p = decodePayload(t);
    if (h.cty.toUpperCase() === 'JWT') {
      a = p;
      continue;
    }
    break;
  }
  let payload: ObjectValue;
  try {
    payload = jsonObject(p);
  } catch (e) {
    throw fail((e as Error).message);
  }
  if (c.iss !== '' && objectGet(payload, 'iss') !== c.iss) return unverified;
  const aud = objectGet(payload, 'aud');
  if (aud !== undefined) {
    const ok = typeof aud === 'string' ? aud === c.aud : Array.isArray(aud) && aud.some((e) => e === c.aud);
    if (!ok) return unverified;
  } else if (c.aud !== '') return unverified;
  const now = numberFromText(String(c.time / 1e9));
  const exp = objectGet(payload, 'exp');
  if (exp !== undefined) {
    if (!isNum(exp)) throw fail('exp value must be a number');
    if (compareNumbers(now, exp) !== -1) return unverified;
  }
  const nbf = objectGet(payload, 'nbf');
  if (nbf !== undefined) {
    if (!isNum(nbf)) throw fail('nbf value must be a number');
    if (compareNumbers(now, nbf) === -1) return unverified;
  }
  return [true, header, payload];
}

// ---- encode_sign -----------------------------------------------------------------------------

function encodeSign(headerJSON: string, payloadJSON: string, jwkJSON: string): string {
  let ks: JWKEntry[];
  try {
    ks = parseJWKSet(jwkJSON);
  } catch (e) {
    throw fail((e as Error).message);
  }
  if (ks.length === 0) throw fail('no keys found in JWK set');
  const key = ks[0]!;
  // jwx's header parsing: empty or malformed objects cannot be parsed; other text has no "alg".
  let headerObj: Value = null;
  if (headerJSON === '') throw fail(`missing or invalid 'alg' header: cannot parse JSON: cannot parse empty string`);
  try {
    headerObj = parseJSON(headerJSON);
  } catch (e) {
    if (headerJSON.trimStart().startsWith('{')) throw fail(`missing or invalid 'alg' header: cannot parse JSON: ${(e as Error).message}`);
  }
  const alg = isObj(headerObj) ? objectGet(headerObj, 'alg') : undefined;
  if (typeof alg !== 'string') throw fail(`missing or invalid 'alg' header: jwsbb: header "alg" not found`);
  if (!ALGS.has(alg)) throw fail(`unknown JWS algorithm: ${alg}`);
  const typ = isObj(headerObj) ? objectGet(headerObj, 'typ') : undefined;
  if (typeof typ !== 'string' || typ === 'JWT') {
    try {
      parseJSON(payloadJSON);
    } catch {
      throw fail('type is JWT but payload is not JSON');
    }
  }
  const signingInput = b64urlEncode(utf8(headerJSON)) + '.' + b64urlEncode(utf8(payloadJSON));
  if (!key.priv) throw fail(`failed to sign payload: key does not contain private material`);
  let sig: Uint8Array;
  try {
    sig = jwsSign(key.priv, alg, utf8(signingInput));
  } catch (e) {
    throw fail((e as Error).message);
  }
  return signingInput + '.' + b64urlEncode(sig);
}

const verifier = (alg: string, check: (key: PublicKey, input: Uint8Array, sig: Uint8Array) => boolean) => (args: Value[]) => verifyWithKeys(args, alg, check);

export const jwtBuiltins: BuiltinTable = {
  'io.jwt.decode': (args) => jwtDecode(args[0]!),
  'io.jwt.verify_rs256': verifier('RS256', rsaCheck('sha256', false)),
  'io.jwt.verify_rs384': verifier('RS384', rsaCheck('sha384', false)),
  'io.jwt.verify_rs512': verifier('RS512', rsaCheck('sha512', false)),
  'io.jwt.verify_ps256': verifier('PS256', rsaCheck('sha256', true)),
  'io.jwt.verify_ps384': verifier('PS384', rsaCheck('sha384', true)),
  'io.jwt.verify_ps512': verifier('PS512', rsaCheck('sha512', true)),
  'io.jwt.verify_es256': verifier('ES256', esCheck('sha256')),
  'io.jwt.verify_es384': verifier('ES384', esCheck('sha384')),
  'io.jwt.verify_es512': verifier('ES512', esCheck('sha512')),
  'io.jwt.verify_eddsa': verifier('EdDSA', (key, input, sig) => {
    if (key.kind !== 'ed25519') return false;
    return verifyEd25519(key, input, sig);
  }),
  'io.jwt.verify_hs256': (args) => verifyHS(args, 'sha256'),
  'io.jwt.verify_hs384': (args) => verifyHS(args, 'sha384'),
  'io.jwt.verify_hs512': (args) => verifyHS(args, 'sha512'),
  'io.jwt.decode_verify': (args, ctx) => decodeVerify(args, ctx.nowNs()),
  'io.jwt.encode_sign'(args) {
    return encodeSign(toJSONText(args[0]!), toJSONText(args[1]!), toJSONText(args[2]!));
  },
  'io.jwt.encode_sign_raw'(args) {
    const jwk = str(args, 2);
    return encodeSign(str(args, 0), str(args, 1), jwk);
  },
};
