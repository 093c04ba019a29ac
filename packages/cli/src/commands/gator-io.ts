/** Shared input handling of the `gator` commands: `-f` files/directories and stdin. */
import { decodeFileText, loadPaths, type VerifyReport } from '@rego-ts/gatekeeper-model/node';
import { gkError, parseDocuments, type SourceDocument } from '@rego-ts/gatekeeper-model';
import type { Io } from '../io.js';
import { StdinTooLarge } from '../stdin.js';

/**
 * Documents of the `-f` paths (YAML 1.1 stream reader, like gator's) followed by stdin's when
 * stdin is piped and no path was given, or when a path is `-`.
 */
export function readGatorInputs(paths: readonly string[], io: Io, maxFileBytes?: number): SourceDocument[] {
  const files = paths.filter((p) => p !== '-');
  const docs = loadPaths(files, { version: '1.1', ...(maxFileBytes !== undefined ? { maxFileBytes } : {}) });
  const wantStdin = paths.includes('-') || (paths.length === 0 && process.stdin.isTTY !== true);
  if (wantStdin) {
    let text: string;
    try {
      // As gator: bytes that are not UTF-8 are a YAML error (JSON reads them as U+FFFD).
      text = io.readStdinBytes ? decodeFileText(io.readStdinBytes(maxFileBytes), '<stdin>', true) : io.readStdin(maxFileBytes);
    } catch (e) {
      if (e instanceof StdinTooLarge) throw gkError('gk_usage_error', e.message, '<stdin>');
      throw e;
    }
    docs.push(...parseDocuments(text, { file: '<stdin>', version: '1.1' }));
  }
  return docs;
}

export function stringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return typeof v === 'string' ? [v] : [];
}

export type { VerifyReport };
