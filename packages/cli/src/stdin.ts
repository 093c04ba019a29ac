/**
 * Reading stdin with an optional byte limit: the bytes are counted as they arrive and reading
 * stops as soon as the limit is passed, so an endless or huge pipe never fills memory.
 */
import { readSync } from 'node:fs';

/** Stdin carried more than the limit (the message names stdin and the flag). */
export class StdinTooLarge extends Error {}

const CHUNK = 64 * 1024;
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** All of stdin as UTF-8 text (bytes that are not UTF-8 read as U+FFFD); see `readStdinBytes`. */
export function readStdinText(maxBytes?: number, fd = 0): string {
  return readStdinBytes(maxBytes, fd).toString('utf8');
}

/** All of stdin; `maxBytes`: stop with `StdinTooLarge` past that many bytes. */
export function readStdinBytes(maxBytes?: number, fd = 0): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(CHUNK);
    let n: number;
    try {
      n = readSync(fd, buf, 0, CHUNK, null);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EAGAIN') {
        // A non-blocking pipe with nothing yet: wait a little instead of spinning.
        Atomics.wait(PAUSE, 0, 0, 5);
        continue;
      }
      if (code === 'EOF') break; // Windows: a closed pipe
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (maxBytes !== undefined && total > maxBytes) throw new StdinTooLarge(`stdin: input too large: more than ${maxBytes} bytes (--max-file-bytes)`);
    chunks.push(n === CHUNK ? buf : buf.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
}
