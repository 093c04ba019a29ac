/**
 * The CLI's view of the process: output streams, stdin, environment and colour policy.
 * Commands write data to `stdout` and diagnostics to `stderr`; tests can pass their own.
 */
import { stringBytes } from '@rego-ts/rego-eval';
import { readStdinBytes, readStdinText } from './stdin.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** All of stdin; past `maxBytes` bytes reading stops with a `StdinTooLarge` error. */
  readStdin(maxBytes?: number): string;
  /** Stdin's bytes (for readers that check the encoding themselves); as `readStdin` otherwise. */
  readStdinBytes?(maxBytes?: number): Buffer;
  /** True when stderr is a terminal and NO_COLOR is unset: diagnostics may use colour. */
  color: boolean;
  /** True when stdout is a terminal and NO_COLOR is unset. */
  stdoutColor: boolean;
  cwd: string;
}

function colorAllowed(stream: NodeJS.WriteStream): boolean {
  const noColor = process.env.NO_COLOR;
  return stream.isTTY === true && (noColor === undefined || noColor === '');
}

const RAW_BYTE = /[\udc80-\udcff]/;

/** Text as opa writes it: raw bytes of invalid UTF-8 (U+DC80–U+DCFF, e.g. a raw string result) as themselves. */
function goBytes(t: string): string | Uint8Array {
  return RAW_BYTE.test(t) ? stringBytes(t) : t;
}

export function processIo(): Io {
  return {
    stdout: (t) => void process.stdout.write(goBytes(t)),
    stderr: (t) => void process.stderr.write(goBytes(t)),
    readStdin: (maxBytes) => readStdinText(maxBytes),
    readStdinBytes: (maxBytes) => readStdinBytes(maxBytes),
    color: colorAllowed(process.stderr),
    stdoutColor: colorAllowed(process.stdout),
    cwd: process.cwd(),
  };
}

const CODES = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2 } as const;

/** Wrap `text` in an ANSI colour when `on`. */
export function paint(on: boolean, color: keyof typeof CODES, text: string): string {
  return on ? `\x1b[${CODES[color]}m${text}\x1b[0m` : text;
}
