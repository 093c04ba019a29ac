/** providers.aws.sign_req: AWS Signature V4 of an http.send request (v1/topdown/providers.go). */
import { ObjectBuilder, newSet, objectEntries, objectGet } from '../value/collections.js';
import { toJSONText, valueToRegoText } from '../value/json.js';
import { toBigInt } from '../value/number.js';
import type { ObjectValue, Value } from '../value/types.js';
import { isNum, isObj, obj } from './args.js';
import { digest, hmacOf, toHex } from './crypto/hash.js';
import { fail, operandErr, typeErr } from './errors.js';
import { civil, formatTime, UTC } from './gotime.js';
import type { BuiltinTable } from './registry.js';
import { utf8 } from './strutil.js';
import { escape, goParseURL, URLError } from './uri.js';

const REQUIRED = ['aws_access_key', 'aws_region', 'aws_secret_access_key', 'aws_service'];
const IGNORED = new Set(['authorization', 'user-agent', 'x-amzn-trace-id']);
const HTTP_KEYS = new Set([
  'method', 'url', 'body', 'enable_redirect', 'force_json_decode', 'force_yaml_decode', 'headers', 'raw_body',
  'tls_use_system_certs', 'tls_ca_cert', 'tls_ca_cert_file', 'tls_ca_cert_env_variable', 'tls_client_cert',
  'tls_client_cert_file', 'tls_client_cert_env_variable', 'tls_client_key', 'tls_client_key_file',
  'tls_client_key_env_variable', 'tls_insecure_skip_verify', 'tls_server_name', 'timeout', 'cache', 'force_cache',
  'force_cache_duration_seconds', 'raise_error', 'caching_mode', 'max_retry_attempts', 'cache_ignored_headers',
]);

const strOf = (v: Value | undefined): string => (typeof v === 'string' ? v : '');

function signReq(args: Value[]): Value {
  const req = obj(args, 0);
  const cfg = args[1]!;
  if (!isObj(cfg)) throw typeErr(1, cfg, 'object');
  const missing = REQUIRED.filter((k) => objectGet(cfg, k) === undefined);
  if (missing.length) throw operandErr(2, `missing required AWS config parameters(s): ${valueToRegoText(newSet(missing))}`);
  const invalid = REQUIRED.filter((k) => typeof objectGet(cfg, k) !== 'string');
  if (invalid.length) throw operandErr(2, `invalid values for required AWS config parameters(s): ${valueToRegoText(newSet(invalid))}`);
  const service = strOf(objectGet(cfg, 'aws_service'));
  const access = strOf(objectGet(cfg, 'aws_access_key'));
  const secret = strOf(objectGet(cfg, 'aws_secret_access_key'));
  const region = strOf(objectGet(cfg, 'aws_region'));
  const token = objectGet(cfg, 'aws_session_token');
  const tsV = args[2]!;
  if (!isNum(tsV)) throw typeErr(1, tsV, 'number');
  // Go's json.Number.Int64: plain decimal integer text only (so -1e9 is rejected).
  const tsText = typeof tsV === 'number' ? String(tsV) : tsV.text;
  const ts = /^[+-]?\d+$/.test(tsText) ? toBigInt(tsV) : undefined;
  if (ts === undefined || ts < -(1n << 63n) || ts >= 1n << 63n) throw operandErr(3, 'could not convert time_ns value into a unix timestamp');
  // http.send's request validation
  const keys = objectEntries(req).map((e) => e[0]);
  const bad = keys.filter((k) => typeof k !== 'string' || !HTTP_KEYS.has(k));
  if (bad.length) throw operandErr(1, `invalid request parameters(s): ${valueToRegoText(newSet(bad))}`);
  const missingReq = ['method', 'url'].filter((k) => objectGet(req, k) === undefined);
  if (missingReq.length) throw operandErr(1, `missing required request parameters(s): ${valueToRegoText(newSet(missingReq))}`);
  const headersV = objectGet(req, 'headers');
  let headers: ObjectValue = new ObjectBuilder().build();
  if (headersV !== undefined) {
    if (!isObj(headersV)) throw typeErr(0, headersV, 'object');
    headers = headersV;
  }
  const urlV = objectGet(req, 'url');
  const methodV = objectGet(req, 'method');
  const invalidReq = [typeof urlV !== 'string' ? 'url' : '', typeof methodV !== 'string' ? 'method' : ''].filter(Boolean);
  if (invalidReq.length) throw operandErr(1, `invalid values for required request parameters(s): ${valueToRegoText(newSet(invalidReq))}`);
  let url;
  try {
    url = goParseURL(urlV as string);
  } catch (e) {
    if (e instanceof URLError) throw fail(e.message);
    throw e;
  }
  const method = methodV as string;
  const rawBody = objectGet(req, 'raw_body');
  const bodyV = objectGet(req, 'body');
  const body = rawBody !== undefined ? strOf(rawBody) : bodyV !== undefined ? toJSONText(bodyV) : '';
  const disable = objectGet(cfg, 'disable_payload_signing');
  if (disable !== undefined && typeof disable !== 'boolean') throw operandErr(2, "invalid value for 'disable_payload_signing' in AWS config");
  const contentSha = disable === true ? 'UNSIGNED-PAYLOAD' : toHex(digest('sha256', utf8(body)));
  const c = civil(ts, UTC);
  const dateNow = formatTime(c, '20060102');
  const iso = formatTime(c, '20060102T150405Z');
  const awsHeaders: Record<string, string> = { host: url.host, 'x-amz-date': iso };
  if (service === 's3' || service === 'glacier') awsHeaders['x-amz-content-sha256'] = contentSha;
  if (typeof token === 'string' && token !== '') awsHeaders['x-amz-security-token'] = token;
  const toSign = new Map<string, string>(Object.entries(awsHeaders));
  const userHeaders = objectEntries(headers).map(([k, v]) => [strOf(k), strOf(v)] as const);
  for (const [k, v] of userHeaders) if (!IGNORED.has(k.toLowerCase())) toSign.set(k.toLowerCase(), v);
  const ordered = [...toSign.keys()].sort();
  const path = url.path === '*' ? '*' : url.rawPath !== '' ? url.rawPath : escape(url.path, 'path');
  let canonical = `${method}\n${path}\n${url.rawQuery}\n`;
  for (const k of ordered) canonical += `${k}:${toSign.get(k)}\n`;
  canonical += '\n' + ordered.join(';') + '\n' + contentSha;
  const scope = `${dateNow}/${region}/${service}/aws4_request`;
  const strToSign = `AWS4-HMAC-SHA256\n${iso}\n${scope}\n${toHex(digest('sha256', utf8(canonical)))}`;
  let key = hmacOf('sha256', utf8('AWS4' + secret), utf8(dateNow));
  key = hmacOf('sha256', key, utf8(region));
  key = hmacOf('sha256', key, utf8(service));
  key = hmacOf('sha256', key, utf8('aws4_request'));
  const signature = toHex(hmacOf('sha256', key, utf8(strToSign)));
  const auth = `AWS4-HMAC-SHA256 Credential=${access}/${scope},SignedHeaders=${ordered.join(';')},Signature=${signature}`;
  const signed = new ObjectBuilder();
  for (const [k, v] of userHeaders) signed.set(k, v);
  signed.set('Authorization', auth);
  for (const [k, v] of Object.entries(awsHeaders)) signed.set(k, v);
  const out = new ObjectBuilder();
  for (const [k, v] of objectEntries(req)) out.set(k, v);
  out.set('headers', signed.build());
  return out.build();
}

export const awsBuiltins: BuiltinTable = {
  'providers.aws.sign_req': signReq,
};
