/**
 * crypto.x509.* and crypto.parse_private_keys (v1/topdown/crypto.go). Certificates and CSRs are
 * decoded from DER into the JSON shape of Go's x509.Certificate / x509.CertificateRequest
 * (byte fields base64, times RFC 3339, enums as Go's integers); private keys become JWKs.
 * Chain verification checks signatures, validity periods and extended key usages.
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ObjectBuilder, objectEntries } from '../value/collections.js';
import { numberFromBigInt, toBigIntStrict } from '../value/number.js';
import { RegoNumber, RegoSet, newPlainObject, type Value } from '../value/types.js';
import { isNum, obj, str } from './args.js';
import { DERError, bigIntToBytes, bytesToBigInt, children, intValue, oid, parseDER, pemBlocks, pemDecode, readTLV, type TLV } from './crypto/der.js';
import { digest, type HashName } from './crypto/hash.js';
import { b64urlBytes, b64urlEncode, parseSPKI, type PublicKey } from './crypto/keys.js';
import { verifyPKCS1v15, verifyPSS } from './crypto/rsa.js';
import { b64decode } from './encoding.js';
import { fail } from './errors.js';
import { formatTime, civil, UTC } from './gotime.js';
import type { BuiltinTable } from './registry.js';
import { fromUtf8, utf8 } from './strutil.js';
import { ipv6GroupsText } from './ipv6-text.js';

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function b64(b: Uint8Array): string {
  let bin = '';
  for (const x of b) bin += String.fromCharCode(x);
  return btoa(bin);
}

const oidArray = (o: string): Value => o.split('.').map(Number);

// Go's x509.SignatureAlgorithm values and what they verify with.
const SIG_ALGS: Record<string, { id: number; hash?: HashName; kind: 'rsa' | 'pss' | 'ecdsa' | 'ed25519'; insecure?: boolean }> = {
  '1.2.840.113549.1.1.5': { id: 3, hash: 'sha1', kind: 'rsa', insecure: true },
  '1.2.840.113549.1.1.11': { id: 4, hash: 'sha256', kind: 'rsa' },
  '1.2.840.113549.1.1.12': { id: 5, hash: 'sha384', kind: 'rsa' },
  '1.2.840.113549.1.1.13': { id: 6, hash: 'sha512', kind: 'rsa' },
  '1.2.840.10045.4.1': { id: 9, hash: 'sha1', kind: 'ecdsa', insecure: true },
  '1.2.840.10045.4.3.2': { id: 10, hash: 'sha256', kind: 'ecdsa' },
  '1.2.840.10045.4.3.3': { id: 11, hash: 'sha384', kind: 'ecdsa' },
  '1.2.840.10045.4.3.4': { id: 12, hash: 'sha512', kind: 'ecdsa' },
  '1.2.840.113549.1.1.10': { id: 13, hash: 'sha256', kind: 'pss' },
  '1.3.101.112': { id: 16, kind: 'ed25519' },
};

const EKU: Record<string, number> = {
  '2.5.29.37.0': 0,
  '1.3.6.1.5.5.7.3.1': 1,
  '1.3.6.1.5.5.7.3.2': 2,
  '1.3.6.1.5.5.7.3.3': 3,
  '1.3.6.1.5.5.7.3.4': 4,
  '1.3.6.1.5.5.7.3.5': 5,
  '1.3.6.1.5.5.7.3.6': 6,
  '1.3.6.1.5.5.7.3.7': 7,
  '1.3.6.1.5.5.7.3.8': 8,
  '1.3.6.1.5.5.7.3.9': 9,
  '1.3.6.1.4.1.311.10.3.3': 10,
  '2.16.840.1.113730.4.1': 11,
  '1.3.6.1.4.1.311.2.1.22': 12,
  '1.3.6.1.4.1.311.61.1.1': 13,
};

const NAME_FIELDS: Record<string, string> = {
  '2.5.4.6': 'Country',
  '2.5.4.10': 'Organization',
  '2.5.4.11': 'OrganizationalUnit',
  '2.5.4.7': 'Locality',
  '2.5.4.8': 'Province',
  '2.5.4.9': 'StreetAddress',
  '2.5.4.17': 'PostalCode',
};

function stringValue(t: TLV): string {
  if (t.tag === 0x1e) {
    let s = '';
    for (let i = 0; i + 1 < t.value.length; i += 2) s += String.fromCharCode((t.value[i]! << 8) | t.value[i + 1]!);
    return s;
  }
  return fromUtf8(t.value);
}

/** pkix.Name from an RDNSequence. */
function pkixName(t: TLV): Value {
  const o = new ObjectBuilder();
  const multi: Record<string, string[]> = {};
  let cn = '';
  let serial = '';
  const names: Value[] = [];
  for (const rdn of children(t)) {
    for (const atv of children(rdn)) {
      const [typ, val] = children(atv);
      const id = oid(typ!);
      const v = stringValue(val!);
      names.push({ Type: oidArray(id), Value: v } as unknown as Value);
      if (id === '2.5.4.3') cn = v;
      else if (id === '2.5.4.5') serial = v;
      else if (NAME_FIELDS[id]) (multi[NAME_FIELDS[id]] ??= []).push(v);
    }
  }
  for (const f of Object.values(NAME_FIELDS)) o.set(f, multi[f] ?? null);
  o.set('SerialNumber', serial);
  o.set('CommonName', cn);
  o.set('Names', names.length ? names.map(plain) : null);
  o.set('ExtraNames', null);
  return o.build();
}

/** Plain JS objects → values with null-prototype objects. */
function plain(v: unknown): Value {
  if (v === null || typeof v !== 'object') return v as Value;
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof RegoSet || v instanceof RegoNumber) return v;
  const o = newPlainObject();
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = plain(x);
  return o;
}

function parseTime(t: TLV): bigint {
  const s = fromUtf8(t.value);
  const m = t.tag === 0x17 ? /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s) : /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s);
  if (!m) throw new DERError('x509: malformed time');
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year >= 50 ? 1900 : 2000;
  const ms = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return BigInt(ms) * 1_000_000n;
}

const rfc3339 = (ns: bigint) => formatTime(civil(ns, UTC), '2006-01-02T15:04:05.999999999Z07:00');

function publicKeyJSON(k: PublicKey): [number, Value] {
  switch (k.kind) {
    case 'rsa':
      return [1, { N: numberFromBigInt(k.n), E: numberFromBigInt(k.e) } as unknown as Value];
    case 'ec': {
      const n = (k.point.length - 1) / 2;
      return [3, plain({ Curve: {}, X: numberFromBigInt(bytesToBigInt(k.point.subarray(1, 1 + n))), Y: numberFromBigInt(bytesToBigInt(k.point.subarray(1 + n))) })];
    }
    case 'ed25519':
      return [4, b64(k.pub)];
  }
  return [0, null];
}

interface ParsedCert {
  json: Value;
  tbs: Uint8Array;
  sigAlg: string;
  signature: Uint8Array;
  key: PublicKey | undefined;
  subject: Uint8Array;
  issuer: Uint8Array;
  notBefore: bigint;
  notAfter: bigint;
  isCA: boolean;
  basicValid: boolean;
  eku: number[] | null;
}

/** Go's net.IP.String for 4- and 16-byte addresses. */
function ipString(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join('.');
  if (b.length === 16 && b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return Array.from(b.subarray(12)).join('.');
  if (b.length !== 16) return '?' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return ipv6GroupsText(Array.from({ length: 8 }, (_, i) => (b[2 * i]! << 8) | b[2 * i + 1]!));
}

function generalNames(t: TLV, o: { DNSNames: string[]; EmailAddresses: string[]; IPAddresses: string[]; URIs: string[] }): void {
  for (const gn of children(t)) {
    const tag = gn.tag & 0x1f;
    if (tag === 2) o.DNSNames.push(fromUtf8(gn.value));
    else if (tag === 1) o.EmailAddresses.push(fromUtf8(gn.value));
    else if (tag === 6) o.URIs.push(fromUtf8(gn.value));
    else if (tag === 7 && (gn.value.length === 4 || gn.value.length === 16)) o.IPAddresses.push(ipString(gn.value));
  }
}

function uriJSON(u: string): Value {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(u);
  return plain({
    Scheme: m?.[1]?.toLowerCase() ?? '',
    Opaque: m && m[2] === undefined ? (m[3] ?? '') : '',
    User: null,
    Host: m?.[2] ?? '',
    Path: m && m[2] !== undefined ? (m[3] ?? '') : '',
    RawPath: '',
    OmitHost: false,
    ForceQuery: false,
    RawQuery: m?.[4] ?? '',
    Fragment: m?.[5] ?? '',
    RawFragment: '',
  });
}

/** An ASN.1 element decoded into Go's interface{} (the types CSR attribute values use). */
function asn1Any(t: TLV): Value | undefined {
  switch (t.tag) {
    case 0x01:
      return t.value[0] !== 0;
    case 0x02:
      return numberFromBigInt(intValue(t));
    case 0x04:
      return b64(t.value);
    case 0x06:
      return oidArray(oid(t));
    case 0x0c:
    case 0x13:
    case 0x16:
      return fromUtf8(t.value);
    default:
      return undefined;
  }
}

/** CertificateRequest's Attributes (parseRawAttributes), Extensions and SANs from them. */
function csrAttributes(attrsT: TLV | undefined): {
  attributes: Value[];
  extensions: Value[];
  names: { DNSNames: string[]; EmailAddresses: string[]; IPAddresses: string[]; URIs: string[] };
} {
  const attributes: Value[] = [];
  const extensions: Value[] = [];
  const names = { DNSNames: [] as string[], EmailAddresses: [] as string[], IPAddresses: [] as string[], URIs: [] as string[] };
  for (const attr of attrsT ? children(attrsT) : []) {
    try {
      const [typeT, setT] = children(attr);
      const type = oid(typeT!);
      const values: Value[] = [];
      for (const seq of children(setT!)) {
        if (seq.tag !== 0x30) throw new DERError('not a sequence');
        values.push(
          children(seq).map((atv) => {
            const parts = children(atv);
            if (atv.tag !== 0x30 || parts.length < 2 || parts[0]!.tag !== 0x06) throw new DERError('not an attribute');
            const v = asn1Any(parts[1]!);
            if (v === undefined) throw new DERError('unsupported value');
            return plain({ Type: oidArray(oid(parts[0]!)), Value: v });
          }),
        );
      }
      attributes.push(plain({ Type: oidArray(type), Value: values }));
      if (type === '1.2.840.113549.1.9.14') {
        const exts = children(children(setT!)[0]!);
        for (const ext of exts) {
          const parts = children(ext);
          const id = oid(parts[0]!);
          const critical = parts.length === 3 && parts[1]!.value[0] !== 0;
          const val = parts[parts.length - 1]!.value;
          extensions.push(plain({ Id: oidArray(id), Critical: critical, Value: b64(val) }));
          if (id === '2.5.29.17') generalNames(readTLV(val).tlv, names);
        }
      }
    } catch (e) {
      if (!(e instanceof DERError)) throw e;
    }
  }
  return { attributes, extensions, names };
}

/** Extensions crypto/x509 interprets (others marked critical are listed as unhandled). */
const HANDLED_EXTENSIONS = new Set(['2.5.29.14', '2.5.29.15', '2.5.29.17', '2.5.29.19', '2.5.29.30', '2.5.29.31', '2.5.29.32', '2.5.29.33', '2.5.29.35', '2.5.29.36', '2.5.29.37', '2.5.29.54', '1.3.6.1.5.5.7.1.1']);

function parseCertificate(der: Uint8Array): ParsedCert {
  const cert = parseDER(der);
  const [tbs, sigAlgT, sigT] = children(cert);
  if (!tbs || !sigAlgT || !sigT) throw new DERError('x509: malformed certificate');
  const f = children(tbs);
  let i = 0;
  let version = 1;
  if (f[0]?.tag === 0xa0) {
    version = Number(intValue(children(f[0])[0]!)) + 1;
    i = 1;
  }
  const serial = intValue(f[i]!);
  const issuer = f[i + 2]!;
  const [nb, na] = children(f[i + 3]!);
  const subject = f[i + 4]!;
  const spki = f[i + 5]!;
  const sigAlg = oid(children(sigAlgT)[0]!);
  let key: PublicKey | undefined;
  try {
    key = parseSPKI(spki);
  } catch {
    key = undefined;
  }
  const [pkAlg, pkJSON] = key ? publicKeyJSON(key) : [0, null];
  const o: Record<string, unknown> = {
    Raw: b64(der),
    RawTBSCertificate: b64(tbs.raw),
    RawSubjectPublicKeyInfo: b64(spki.raw),
    RawSubject: b64(subject.raw),
    RawIssuer: b64(issuer.raw),
    Signature: b64(sigT.value.subarray(1)),
    SignatureAlgorithm: SIG_ALGS[sigAlg]?.id ?? 0,
    PublicKeyAlgorithm: pkAlg,
    PublicKey: pkJSON,
    Version: version,
    SerialNumber: numberFromBigInt(serial),
    Issuer: pkixName(issuer),
    Subject: pkixName(subject),
    NotBefore: rfc3339(parseTime(nb!)),
    NotAfter: rfc3339(parseTime(na!)),
    KeyUsage: 0,
    Extensions: null,
    ExtraExtensions: null,
    UnhandledCriticalExtensions: null,
    ExtKeyUsage: null,
    UnknownExtKeyUsage: null,
    BasicConstraintsValid: false,
    IsCA: false,
    MaxPathLen: 0,
    MaxPathLenZero: false,
    SubjectKeyId: null,
    AuthorityKeyId: null,
    OCSPServer: null,
    IssuingCertificateURL: null,
    DNSNames: null,
    EmailAddresses: null,
    IPAddresses: null,
    URIs: null,
    PermittedDNSDomainsCritical: false,
    PermittedDNSDomains: null,
    ExcludedDNSDomains: null,
    PermittedIPRanges: null,
    ExcludedIPRanges: null,
    PermittedEmailAddresses: null,
    ExcludedEmailAddresses: null,
    PermittedURIDomains: null,
    ExcludedURIDomains: null,
    CRLDistributionPoints: null,
    PolicyIdentifiers: null,
    Policies: null,
    InhibitAnyPolicy: 0,
    InhibitAnyPolicyZero: false,
    InhibitPolicyMapping: 0,
    InhibitPolicyMappingZero: false,
    RequireExplicitPolicy: 0,
    RequireExplicitPolicyZero: false,
    PolicyMappings: null,
    URIStrings: null,
  };
  let eku: number[] | null = null;
  const extsT = f.slice(i + 6).find((x) => x.tag === 0xa3);
  if (extsT) {
    const exts: Value[] = [];
    const unhandled: Value[] = [];
    const names = { DNSNames: [] as string[], EmailAddresses: [] as string[], IPAddresses: [] as string[], URIs: [] as string[] };
    for (const ext of children(children(extsT)[0]!)) {
      const parts = children(ext);
      const id = oid(parts[0]!);
      const critical = parts.length === 3 && parts[1]!.value[0] !== 0;
      const val = parts[parts.length - 1]!.value;
      exts.push(plain({ Id: oidArray(id), Critical: critical, Value: b64(val) }));
      if (critical && !HANDLED_EXTENSIONS.has(id)) unhandled.push(oidArray(id));
      const inner = readTLV(val).tlv;
      switch (id) {
        case '2.5.29.15': {
          const bits = inner.value.subarray(1);
          let usage = 0;
          for (let b = 0; b < 9; b++) if (((bits[b >> 3] ?? 0) >> (7 - (b & 7))) & 1) usage |= 1 << b;
          o['KeyUsage'] = usage;
          break;
        }
        case '2.5.29.19': {
          o['BasicConstraintsValid'] = true;
          const c = children(inner);
          let k = 0;
          if (c[0]?.tag === 0x01) {
            o['IsCA'] = c[0].value[0] !== 0;
            k = 1;
          }
          if (c[k]?.tag === 0x02) {
            const n = Number(intValue(c[k]!));
            o['MaxPathLen'] = n;
            o['MaxPathLenZero'] = n === 0;
          } else o['MaxPathLen'] = -1;
          break;
        }
        case '2.5.29.17':
          generalNames(inner, names);
          break;
        case '2.5.29.37': {
          eku = [];
          const unknown: Value[] = [];
          for (const e of children(inner)) {
            const eo = oid(e);
            if (eo in EKU) eku.push(EKU[eo]!);
            else unknown.push(oidArray(eo));
          }
          o['ExtKeyUsage'] = eku.length ? eku : null;
          o['UnknownExtKeyUsage'] = unknown.length ? unknown : null;
          break;
        }
        case '2.5.29.14':
          o['SubjectKeyId'] = b64(inner.value);
          break;
        case '2.5.29.35': {
          const kid = children(inner).find((x) => (x.tag & 0x1f) === 0);
          if (kid) o['AuthorityKeyId'] = b64(kid.value);
          break;
        }
        case '2.5.29.31': {
          // CRL distribution points: the URIs of each point's fullName.
          const urls: string[] = [];
          for (const dp of children(inner)) {
            const name = children(dp).find((x) => x.tag === 0xa0);
            if (!name) continue;
            const full = children(name).find((x) => x.tag === 0xa0);
            if (!full) continue;
            for (const gn of children(full)) if ((gn.tag & 0x1f) === 6) urls.push(fromUtf8(gn.value));
          }
          o['CRLDistributionPoints'] = urls.length ? urls : null;
          break;
        }
        case '2.5.29.30': {
          o['PermittedDNSDomainsCritical'] = critical;
          for (const sub of children(inner)) {
            const which = (sub.tag & 0x1f) === 0 ? 'Permitted' : 'Excluded';
            const dns: string[] = [];
            const ips: Value[] = [];
            const emails: string[] = [];
            const uris: string[] = [];
            for (const tree of children(sub)) {
              const base = children(tree)[0];
              if (!base) continue;
              const tag = base.tag & 0x1f;
              if (tag === 2) dns.push(fromUtf8(base.value));
              else if (tag === 1) emails.push(fromUtf8(base.value));
              else if (tag === 6) uris.push(fromUtf8(base.value));
              else if (tag === 7 && (base.value.length === 8 || base.value.length === 32)) {
                const half = base.value.length / 2;
                ips.push(plain({ IP: ipString(base.value.subarray(0, half)), Mask: b64(base.value.subarray(half)) }));
              }
            }
            if (dns.length) o[`${which}DNSDomains`] = dns;
            if (ips.length) o[`${which}IPRanges`] = ips;
            if (emails.length) o[`${which}EmailAddresses`] = emails;
            if (uris.length) o[`${which}URIDomains`] = uris;
          }
          break;
        }
        case '2.5.29.32': {
          const ids = children(inner).map((pi) => oid(children(pi)[0]!));
          o['PolicyIdentifiers'] = ids.length ? ids.map(oidArray) : null;
          o['Policies'] = ids.length ? ids : null;
          break;
        }
        case '2.5.29.33': {
          const maps = children(inner).map((m) => {
            const [a, b] = children(m);
            return plain({ IssuerDomainPolicy: oid(a!), SubjectDomainPolicy: oid(b!) });
          });
          o['PolicyMappings'] = maps.length ? maps : null;
          break;
        }
        case '2.5.29.36':
          for (const c of children(inner)) {
            const n = Number(bytesToBigInt(c.value));
            if ((c.tag & 0x1f) === 0) {
              o['RequireExplicitPolicy'] = n;
              o['RequireExplicitPolicyZero'] = n === 0;
            } else if ((c.tag & 0x1f) === 1) {
              o['InhibitPolicyMapping'] = n;
              o['InhibitPolicyMappingZero'] = n === 0;
            }
          }
          break;
        case '2.5.29.54': {
          const n = Number(intValue(inner));
          o['InhibitAnyPolicy'] = n;
          o['InhibitAnyPolicyZero'] = n === 0;
          break;
        }
        case '1.3.6.1.5.5.7.1.1': {
          const ocsp: string[] = [];
          const issuers: string[] = [];
          for (const ad of children(inner)) {
            const [m, loc] = children(ad);
            if ((loc!.tag & 0x1f) !== 6) continue;
            if (oid(m!) === '1.3.6.1.5.5.7.48.1') ocsp.push(fromUtf8(loc!.value));
            else if (oid(m!) === '1.3.6.1.5.5.7.48.2') issuers.push(fromUtf8(loc!.value));
          }
          o['OCSPServer'] = ocsp.length ? ocsp : null;
          o['IssuingCertificateURL'] = issuers.length ? issuers : null;
          break;
        }
      }
    }
    o['Extensions'] = exts;
    if (unhandled.length) o['UnhandledCriticalExtensions'] = unhandled;
    if (names.DNSNames.length) o['DNSNames'] = names.DNSNames;
    if (names.EmailAddresses.length) o['EmailAddresses'] = names.EmailAddresses;
    if (names.IPAddresses.length) o['IPAddresses'] = names.IPAddresses;
    if (names.URIs.length) {
      o['URIs'] = names.URIs.map(uriJSON);
      o['URIStrings'] = names.URIs;
    }
  }
  return {
    json: plain(o),
    tbs: tbs.raw,
    sigAlg,
    signature: sigT.value.subarray(1),
    key,
    subject: subject.raw,
    issuer: issuer.raw,
    notBefore: parseTime(nb!),
    notAfter: parseTime(na!),
    isCA: o['IsCA'] as boolean,
    basicValid: o['BasicConstraintsValid'] as boolean,
    eku,
  };
}

/** Go's x509.ParseCertificates over concatenated DER. */
function parseCertificates(der: Uint8Array): ParsedCert[] {
  const out: ParsedCert[] = [];
  let pos = 0;
  while (pos < der.length) {
    const { next } = readTLV(der, pos);
    out.push(parseCertificate(der.subarray(pos, next)));
    pos = next;
  }
  return out;
}

function decodeB64(s: string): Uint8Array {
  return b64decode(s, STD);
}

/** OPA's getX509CertsFromString. */
function certsFromString(s: string): ParsedCert[] {
  let bytes: Uint8Array;
  if (s.startsWith('-----BEGIN')) return certsFromPEM(s);
  bytes = decodeB64(s);
  const text = fromUtf8(bytes);
  if (text.startsWith('-----BEGIN')) return certsFromPEM(text);
  try {
    return parseCertificates(bytes);
  } catch (e) {
    if (e instanceof DERError) throw fail('x509: malformed certificate');
    throw e;
  }
}

function certsFromPEM(text: string): ParsedCert[] {
  const ders: Uint8Array[] = [];
  for (const b of pemBlocks(text)) {
    if (b.type !== 'CERTIFICATE') throw fail(`PEM block type is '${b.type}', expected CERTIFICATE`);
    ders.push(b.bytes);
  }
  try {
    return ders.flatMap((d) => parseCertificates(d));
  } catch (e) {
    if (e instanceof DERError) throw fail('x509: malformed certificate');
    throw e;
  }
}

const CURVES = { 'P-256': p256, 'P-384': p384, 'P-521': p521 };

function checkSignature(c: ParsedCert, issuerKey: PublicKey | undefined): boolean {
  const alg = SIG_ALGS[c.sigAlg];
  if (!alg || alg.insecure || !issuerKey) return false;
  try {
    if (alg.kind === 'ed25519') return issuerKey.kind === 'ed25519' && ed25519.verify(c.signature, c.tbs, issuerKey.pub);
    const h = digest(alg.hash!, c.tbs);
    if (alg.kind === 'rsa') return issuerKey.kind === 'rsa' && verifyPKCS1v15(issuerKey, alg.hash!, h, c.signature);
    if (alg.kind === 'pss') return issuerKey.kind === 'rsa' && verifyPSS(issuerKey, alg.hash!, h, c.signature);
    if (issuerKey.kind !== 'ec') return false;
    const sig = children(parseDER(c.signature));
    const n = (issuerKey.point.length - 1) / 2;
    const compact = new Uint8Array([...bigIntToBytes(bytesToBigInt(sig[0]!.value), n), ...bigIntToBytes(bytesToBigInt(sig[1]!.value), n)]);
    return CURVES[issuerKey.curve].verify(compact, h, issuerKey.point, { prehash: false, lowS: false });
  } catch {
    return false;
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

interface VerifyOpts {
  now: bigint;
  keyUsages: number[];
  dnsName?: string;
}

/** Go's Certificate.VerifyHostname over the leaf's SANs (DNS names with leftmost '*', or IPs). */
function verifyHostname(leaf: ParsedCert, host: string): boolean {
  const json = leaf.json as Record<string, Value>;
  let h = host;
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  const ips = (json['IPAddresses'] as string[] | null) ?? [];
  if (/^[\d.]+$/.test(h) || h.includes(':')) return ips.includes(h);
  const want = h.replace(/\.$/, '').toLowerCase();
  if (want === '') return false;
  const wantLabels = want.split('.');
  for (const name of (json['DNSNames'] as string[] | null) ?? []) {
    const pat = name.replace(/\.$/, '').toLowerCase();
    if (pat === '' ) continue;
    if (pat === want) return true;
    const patLabels = pat.split('.');
    if (patLabels.length !== wantLabels.length || patLabels[0] !== '*' || patLabels.length < 3) continue;
    if (patLabels.slice(1).every((l, i) => l === wantLabels[i + 1]) && wantLabels[0] !== '') return true;
  }
  return false;
}

/** OPA: first cert is the root, last the leaf, the rest intermediates. Returns the chain leaf→root. */
function verifyChain(certs: ParsedCert[], opts: VerifyOpts): ParsedCert[] | undefined {
  if (certs.length < 2) return undefined;
  const root = certs[0]!;
  const intermediates = certs.slice(1, -1);
  const leaf = certs[certs.length - 1]!;
  const valid = (c: ParsedCert) => opts.now >= c.notBefore && opts.now <= c.notAfter;
  const usages = opts.keyUsages.length ? opts.keyUsages : [1];
  const ekuOK = (chain: ParsedCert[]) =>
    usages.includes(0) ||
    chain.every((c) => c.eku === null || c.eku.includes(0) || usages.some((u) => c.eku!.includes(u)));
  const build = (c: ParsedCert, chain: ParsedCert[]): ParsedCert[] | undefined => {
    if (!valid(c)) return undefined;
    if (sameBytes(c.issuer, root.subject) && checkSignature(c, root.key) && valid(root)) {
      const full = sameBytes(c.tbs, root.tbs) ? chain : [...chain, root];
      return ekuOK(full) ? full : undefined;
    }
    for (const im of intermediates) {
      if (chain.includes(im) || !sameBytes(c.issuer, im.subject) || !im.isCA) continue;
      if (!checkSignature(c, im.key)) continue;
      const r = build(im, [...chain, im]);
      if (r) return r;
    }
    return undefined;
  };
  if (sameBytes(leaf.tbs, root.tbs)) return valid(leaf) ? [leaf] : undefined;
  return build(leaf, [leaf]);
}

const KEY_USAGES: Record<string, number> = {
  KeyUsageAny: 0,
  KeyUsageServerAuth: 1,
  KeyUsageClientAuth: 2,
  KeyUsageCodeSigning: 3,
  KeyUsageEmailProtection: 4,
  KeyUsageIPSECEndSystem: 5,
  KeyUsageIPSECTunnel: 6,
  KeyUsageIPSECUser: 7,
  KeyUsageTimeStamping: 8,
  KeyUsageOCSPSigning: 9,
  KeyUsageMicrosoftServerGatedCrypto: 10,
  KeyUsageNetscapeServerGatedCrypto: 11,
  KeyUsageMicrosoftCommercialCodeSigning: 12,
  KeyUsageMicrosoftKernelCodeSigning: 13,
};

function verifyOptions(o: Value, nowNs: bigint): VerifyOpts {
  const opts: VerifyOpts = { now: nowNs, keyUsages: [] };
  for (const [k, v] of objectEntries(obj([o], 0))) {
    if (typeof k !== 'string') continue;
    switch (k) {
      case 'DNSName':
        if (typeof v !== 'string') throw fail("'DNSName' should be a string");
        opts.dnsName = v;
        break;
      case 'CurrentTime': {
        if (!isNum(v)) throw fail("'CurrentTime' should be a number");
        const n = toBigIntStrict(v);
        if (n === undefined) throw fail("'CurrentTime' should be a valid int64 number");
        opts.now = n;
        break;
      }
      case 'MaxConstraintComparisons':
        if (!isNum(v)) throw fail("'MaxConstraintComparisons' should be a number");
        break;
      case 'KeyUsages': {
        const list = Array.isArray(v) ? v : v instanceof RegoSet ? [...v.map.values()] : undefined;
        if (!list) throw fail("'KeyUsages' should be an Array or Set");
        const invalid: string[] = [];
        for (const u of list) {
          if (typeof u !== 'string') continue;
          if (u in KEY_USAGES) opts.keyUsages.push(KEY_USAGES[u]!);
          else invalid.push(u);
        }
        if (invalid.length) throw fail(`invalid entries for 'KeyUsages' found: [${invalid.join(' ')}]`);
        break;
      }
      default:
        throw fail('invalid key option');
    }
  }
  return opts;
}

// ---- private keys ----------------------------------------------------------------------------

type JWK = Record<string, string>;

function rsaJWK(seq: TLV): JWK {
  const c = children(seq);
  const n = (i: number) => b64urlEncode(bigIntToBytes(bytesToBigInt(c[i]!.value)));
  return { kty: 'RSA', n: n(1), e: n(2), d: n(3), p: n(4), q: n(5), dp: n(6), dq: n(7), qi: n(8) };
}

const CURVE_OIDS: Record<string, keyof typeof CURVES> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521' };

function ecJWK(seq: TLV, curveOid?: string): JWK {
  const c = children(seq);
  const d = c[1]!.value;
  const params = c.find((x) => x.tag === 0xa0);
  const crv = CURVE_OIDS[curveOid ?? (params ? oid(children(params)[0]!) : '')];
  if (!crv) throw new DERError('x509: unknown elliptic curve');
  const pub = CURVES[crv].getPublicKey(d, false);
  const len = (pub.length - 1) / 2;
  return { kty: 'EC', crv, x: b64urlEncode(pub.subarray(1, 1 + len)), y: b64urlEncode(pub.subarray(1 + len)), d: b64urlEncode(d) };
}

function pkcs8JWK(der: Uint8Array): JWK {
  const c = children(parseDER(der));
  const algId = children(c[1]!);
  const alg = oid(algId[0]!);
  const inner = readTLV(c[2]!.value).tlv;
  if (alg === '1.2.840.113549.1.1.1') return rsaJWK(inner);
  if (alg === '1.2.840.10045.2.1') return ecJWK(inner, oid(algId[1]!));
  if (alg === '1.3.101.112') {
    const seed = inner.value;
    return { kty: 'OKP', crv: 'Ed25519', x: b64urlEncode(ed25519.getPublicKey(seed)), d: b64urlEncode(seed) };
  }
  throw new DERError('x509: PKCS#8 wrapping contained private key with unknown algorithm');
}

/** OPA's getPrivateKeysFromPEMData: base64 input is decoded first when it decodes. */
function privateKeys(text: string): JWK[] {
  let pemText = text;
  try {
    pemText = fromUtf8(decodeB64(text));
  } catch {
    /* not base64 */
  }
  const out: JWK[] = [];
  for (const b of pemBlocks(pemText)) {
    if (b.type === 'RSA PRIVATE KEY') out.push(rsaJWK(parseDER(b.bytes)));
    else if (b.type === 'PRIVATE KEY') out.push(pkcs8JWK(b.bytes));
    else if (b.type === 'EC PRIVATE KEY') out.push(ecJWK(parseDER(b.bytes)));
  }
  return out;
}

const guard = <T>(f: () => T): T => {
  try {
    return f();
  } catch (e) {
    if (e instanceof DERError) throw fail(e.message);
    throw e;
  }
};

export const x509Builtins: BuiltinTable = {
  'crypto.x509.parse_certificates': (args) => certsFromString(str(args, 0)).map((c) => c.json),
  'crypto.x509.parse_and_verify_certificates'(args, ctx) {
    let certs: ParsedCert[];
    try {
      certs = certsFromString(str(args, 0));
    } catch {
      return [false, []];
    }
    const chain = verifyChain(certs, { now: ctx.nowNs(), keyUsages: [] });
    return chain ? [true, chain.map((c) => c.json)] : [false, []];
  },
  'crypto.x509.parse_and_verify_certificates_with_options'(args, ctx) {
    const input = str(args, 0);
    obj(args, 1);
    let certs: ParsedCert[];
    try {
      certs = certsFromString(input);
    } catch {
      return [false, []];
    }
    const opts = verifyOptions(args[1]!, ctx.nowNs());
    const chain = verifyChain(certs, opts);
    if (!chain || (opts.dnsName !== undefined && opts.dnsName !== '' && !verifyHostname(chain[0]!, opts.dnsName))) return [false, []];
    // Plain x509.Certificate JSON here (OPA adds URIStrings only without options).
    return [
      true,
      chain.map((c) => {
        const o = newPlainObject();
        for (const [k, v] of Object.entries(c.json as Record<string, Value>)) if (k !== 'URIStrings') o[k] = v;
        return o;
      }),
    ];
  },
  'crypto.x509.parse_certificate_request'(args) {
    const input = str(args, 0);
    let bytes = utf8(input);
    if (!input.startsWith('-----BEGIN CERTIFICATE REQUEST-----')) bytes = decodeB64(input);
    const { block } = pemDecode(fromUtf8(bytes));
    if (block && block.type !== 'CERTIFICATE REQUEST') throw fail('invalid PEM-encoded certificate signing request');
    if (block) bytes = block.bytes;
    return guard(() => {
      let csr: TLV;
      try {
        csr = parseDER(bytes);
      } catch {
        throw fail('asn1: structure error: tags don\'t match');
      }
      const [info, sigAlgT, sigT] = children(csr);
      const f = children(info!);
      const key = parseSPKI(f[2]!);
      const [pkAlg, pkJSON] = publicKeyJSON(key);
      const { attributes, extensions, names } = csrAttributes(f.find((x) => x.tag === 0xa0));
      return plain({
        Raw: b64(csr.raw),
        RawTBSCertificateRequest: b64(info!.raw),
        RawSubjectPublicKeyInfo: b64(f[2]!.raw),
        RawSubject: b64(f[1]!.raw),
        Version: Number(intValue(f[0]!)),
        Signature: b64(sigT!.value.subarray(1)),
        SignatureAlgorithm: SIG_ALGS[oid(children(sigAlgT!)[0]!)]?.id ?? 0,
        PublicKeyAlgorithm: pkAlg,
        PublicKey: pkJSON,
        Subject: pkixName(f[1]!),
        Attributes: attributes.length ? attributes : null,
        Extensions: extensions.length ? extensions : null,
        ExtraExtensions: null,
        DNSNames: names.DNSNames.length ? names.DNSNames : null,
        EmailAddresses: names.EmailAddresses.length ? names.EmailAddresses : null,
        IPAddresses: names.IPAddresses.length ? names.IPAddresses : null,
        URIs: names.URIs.length ? names.URIs.map(uriJSON) : null,
      });
    });
  },
  'crypto.x509.parse_rsa_private_key'(args) {
    const input = str(args, 0);
    if (input === '') throw fail('input PEM data was empty');
    const text = input.startsWith('-----BEGIN') ? input : fromUtf8(decodeB64(input));
    const keys = guard(() => privateKeys(text));
    return keys.length === 0 ? null : plain(keys[0]);
  },
  'crypto.parse_private_keys'(args) {
    const s = str(args, 0);
    if (s === '') return null;
    return guard(() => privateKeys(s).map(goPrivateKeyJSON));
  },
  'crypto.x509.parse_keypair'(args) {
    const certText = fromUtf8(decodeB64Maybe(str(args, 0)));
    const keyText = fromUtf8(decodeB64Maybe(str(args, 1)));
    const certs = pemBlocks(certText).filter((b) => b.type === 'CERTIFICATE');
    if (certs.length === 0) throw fail('tls: failed to find any PEM data in certificate input');
    const keys = guard(() => privateKeys(keyText));
    if (keys.length === 0) throw fail('tls: failed to find any PEM data in key input');
    const leaf = guard(() => parseCertificate(certs[0]!.bytes));
    checkKeyPair(leaf.key, keys[0]!);
    // tls.Certificate through encoding/json: the leaf is a plain x509.Certificate (no URIStrings).
    const leafJSON = newPlainObject();
    for (const [k, v] of Object.entries(leaf.json as Record<string, Value>)) if (k !== 'URIStrings') leafJSON[k] = v;
    const o = new ObjectBuilder();
    o.set('Certificate', certs.map((c) => b64(c.bytes)));
    o.set('PrivateKey', goPrivateKeyJSON(keys[0]!));
    o.set('OCSPStaple', null);
    o.set('SignedCertificateTimestamps', null);
    o.set('SupportedSignatureAlgorithms', null);
    o.set('Leaf', leafJSON);
    return o.build();
  },
};

/** A private key as encoding/json writes Go's key structs (big integers as JSON numbers). */
function goPrivateKeyJSON(k: JWK): Value {
  const big = (f: string) => numberFromBigInt(bytesToBigInt(b64urlBytes(k[f]!)));
  if (k['kty'] === 'RSA') {
    return plain({
      N: big('n'),
      E: big('e'),
      D: big('d'),
      Primes: [big('p'), big('q')],
      Precomputed: plain({ Dp: big('dp'), Dq: big('dq'), Qinv: big('qi'), CRTValues: [] }),
    });
  }
  if (k['kty'] === 'EC') return plain({ Curve: newPlainObject(), X: big('x'), Y: big('y'), D: big('d') });
  const seed = b64urlBytes(k['d']!);
  const pub = b64urlBytes(k['x']!);
  const both = new Uint8Array(seed.length + pub.length);
  both.set(seed);
  both.set(pub, seed.length);
  return b64(both);
}

/** tls.X509KeyPair's check that the key belongs to the leaf certificate. */
function checkKeyPair(pub: PublicKey | undefined, k: JWK): void {
  const kind = k['kty'] === 'RSA' ? 'rsa' : k['kty'] === 'EC' ? 'ec' : 'ed25519';
  if (!pub || pub.kind !== kind) throw fail('tls: private key type does not match public key type');
  const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
  let same: boolean;
  if (pub.kind === 'rsa') same = pub.n === bytesToBigInt(b64urlBytes(k['n']!));
  else if (pub.kind === 'ec') {
    const x = b64urlBytes(k['x']!);
    const y = b64urlBytes(k['y']!);
    same = eq(pub.point.subarray(1, 1 + x.length), x) && eq(pub.point.subarray(1 + x.length), y);
  } else if (pub.kind === 'ed25519') same = eq(pub.pub, b64urlBytes(k['x']!));
  else same = false;
  if (!same) throw fail('tls: private key does not match public key');
}

function decodeB64Maybe(s: string): Uint8Array {
  if (s.startsWith('-----BEGIN')) return utf8(s);
  return decodeB64(s);
}
