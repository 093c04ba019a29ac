/**
 * File bytes that are not UTF-8: go-yaml's reader (gator's, for YAML and for everything gator
 * verify reads) refuses them; Kubernetes' JSON decoder (gator test's JSON documents) reads
 * them as U+FFFD, which is what decoding with replacement gives.
 */
import { isUtf8 } from 'node:buffer';
import { gkError } from '../errors.js';

/** The text of `buf`; a located `gk_yaml_error` when it is not UTF-8, unless `jsonLenient` and it is JSON. */
export function decodeFileText(buf: Buffer, file: string, jsonLenient: boolean): string {
  const text = buf.toString('utf8');
  if (isUtf8(buf)) return text;
  if (jsonLenient && /^\s*[{[]/.test(text)) return text;
  const bad = firstInvalid(buf);
  const before = buf.subarray(0, bad.offset);
  const nl = before.lastIndexOf(0x0a);
  let line = 1;
  for (let i = before.indexOf(0x0a); i >= 0; i = before.indexOf(0x0a, i + 1)) line++;
  const col = [...before.subarray(nl + 1).toString('utf8')].length + 1;
  throw gkError('gk_yaml_error', `${file}: line ${line}, column ${col}: invalid YAML: ${bad.message}`, file, line, col);
}

/** Where go-yaml's UTF-8 decoder stops, with its message (RFC 3629: no overlong forms, surrogates or values past U+10FFFF). */
function firstInvalid(buf: Buffer): { offset: number; message: string } {
  for (let i = 0; i < buf.length; ) {
    const b = buf[i]!;
    const width = b < 0x80 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 0;
    if (width === 0) return { offset: i, message: 'invalid leading UTF-8 octet' };
    if (i + width > buf.length) return { offset: i, message: 'incomplete UTF-8 octet sequence' };
    let v = width === 1 ? b : b & (0xff >> (width + 1));
    for (let k = 1; k < width; k++) {
      const t = buf[i + k]!;
      if ((t & 0xc0) !== 0x80) return { offset: i + k, message: 'invalid trailing UTF-8 octet' };
      v = (v << 6) | (t & 0x3f);
    }
    if ((width === 2 && v < 0x80) || (width === 3 && v < 0x800) || (width === 4 && v < 0x10000)) return { offset: i, message: 'invalid length of a UTF-8 sequence' };
    if ((v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff) return { offset: i, message: 'invalid Unicode character' };
    i += width;
  }
  return { offset: buf.length, message: 'invalid leading UTF-8 octet' };
}
