/**
 * Reading a gzipped tar archive (a bundle tarball as `opa build` writes it) into its regular
 * files, in archive order. Handles ustar prefixes, PAX `path` records and GNU long names.
 * Errors carry Go's wording (`gzip: invalid header`, `unexpected EOF`).
 */
import { gunzipSync } from 'node:zlib';

export interface TarEntry {
  path: string;
  content: Buffer;
}

export class TarError extends Error {}

/** The decompressed archive is larger than the limit given to `readTarGz`. */
export class TarTooLarge extends Error {}

function cstr(buf: Buffer, start: number, len: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end >= 0 && end < start + len ? end : start + len);
}

/**
 * `maxBytes`: the decompressed archive may not be larger. zlib counts its output as it
 * inflates and stops once past the limit, so a gzip bomb never reaches memory.
 */
export function readTarGz(data: Buffer, maxBytes?: number): TarEntry[] {
  if (data.length === 0) throw new TarError('EOF');
  if (data.length < 2 || data[0] !== 0x1f || data[1] !== 0x8b) {
    throw new TarError(data.length < 10 ? 'unexpected EOF' : 'gzip: invalid header');
  }
  let tar: Buffer;
  try {
    tar = gunzipSync(data, maxBytes !== undefined ? { maxOutputLength: Math.max(maxBytes, 1) } : {});
  } catch (e) {
    if (maxBytes !== undefined && (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new TarTooLarge(`decompressed archive exceeds ${maxBytes} bytes`);
    throw new TarError('unexpected EOF');
  }
  const out: TarEntry[] = [];
  let off = 0;
  let longName: string | undefined;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(cstr(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const body = tar.subarray(off + 512, off + 512 + size);
    if (body.length < size) throw new TarError('unexpected EOF');
    off += 512 + Math.ceil(size / 512) * 512;
    const prefix = cstr(header, 345, 155);
    let path = cstr(header, 0, 100);
    if (prefix) path = `${prefix}/${path}`;
    if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      longName = m?.[1];
      continue;
    }
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (longName !== undefined) {
      path = longName;
      longName = undefined;
    }
    if (type === '0' || type === '\0') out.push({ path, content: Buffer.from(body) });
  }
  return out;
}
