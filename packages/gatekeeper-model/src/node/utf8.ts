/**
 * File bytes that are not UTF-8: go-yaml's reader (gator's, for YAML and for everything gator
 * verify reads) refuses them; Kubernetes' JSON decoder (gator test's JSON documents) reads
 * them as U+FFFD, which is what decoding with replacement gives.
 */
import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8 } from '@rego-ts/rego-eval';
import { gkError } from '../errors.js';

/** The text of `buf`; a located `gk_yaml_error` when it is not UTF-8, unless `jsonLenient` and it is JSON. */
export function decodeFileText(buf: Buffer, file: string, jsonLenient: boolean): string {
  const text = buf.toString('utf8');
  if (isUtf8(buf)) return text;
  if (jsonLenient && /^\s*[{[]/.test(text)) return text;
  const bad = firstInvalidUtf8(buf) ?? { offset: buf.length, message: 'invalid leading UTF-8 octet' };
  const before = buf.subarray(0, bad.offset);
  const nl = before.lastIndexOf(0x0a);
  let line = 1;
  for (let i = before.indexOf(0x0a); i >= 0; i = before.indexOf(0x0a, i + 1)) line++;
  const col = [...before.subarray(nl + 1).toString('utf8')].length + 1;
  throw gkError('gk_yaml_error', `${file}: line ${line}, column ${col}: invalid YAML: ${bad.message}`, file, line, col);
}
