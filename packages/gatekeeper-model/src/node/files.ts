/** Node-only loaders: YAML/JSON files and directories into located documents. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gkError } from '../errors.js';
import { parseDocuments, type ParseOptions, type SourceDocument } from '../yaml/documents.js';
import { decodeFileText } from './utf8.js';

export const YAML_EXTENSIONS = ['.yaml', '.yml'];
export const STREAM_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** A `gk_usage_error` when the file at `path` is larger than `maxFileBytes` (checked before reading). */
export function checkFileSize(path: string, maxFileBytes: number | undefined): void {
  if (maxFileBytes === undefined) return;
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return; // the read reports it
  }
  if (size > maxFileBytes) throw gkError('gk_usage_error', `file too large: ${path}: ${size} bytes exceed maxFileBytes (${maxFileBytes})`, path);
}

/**
 * The text of a file. Bytes that are not UTF-8 are a located `gk_yaml_error` (go-yaml's
 * message), except in JSON text when `jsonLenient` (read as U+FFFD, as Go's JSON decoder does).
 */
export function readText(path: string, maxFileBytes?: number, jsonLenient = false): string {
  checkFileSize(path, maxFileBytes);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw gkError('gk_usage_error', `${code === 'ENOENT' ? 'no such file or directory' : `cannot read file (${code ?? 'error'})`}: ${path}`, path);
  }
  return decodeFileText(buf, path, jsonLenient);
}

/** All documents of one file (empty documents skipped). */
export function loadFile(path: string, opts: Omit<ParseOptions, 'file'> & { maxFileBytes?: number } = {}): SourceDocument[] {
  const { maxFileBytes, ...parse } = opts;
  return parseDocuments(readText(path, maxFileBytes, !parse.jsonAsYaml), { ...parse, file: path });
}

/** Files under `dir` (recursively) with one of `extensions`, sorted by path. */
export function walkFiles(dir: string, extensions: readonly string[], recursive = true): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        if (recursive) visit(p);
      } else if (extensions.includes(extname(name))) out.push(p);
    }
  };
  visit(dir);
  return out.sort();
}

/**
 * Documents of files and directories (directories walked recursively; other extensions skipped
 * inside directories, rejected when named directly), in argument order.
 */
export function loadPaths(paths: readonly string[], opts: Omit<ParseOptions, 'file'> & { extensions?: readonly string[]; maxFileBytes?: number } = {}): SourceDocument[] {
  const exts = opts.extensions ?? STREAM_EXTENSIONS;
  const out: SourceDocument[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw gkError('gk_usage_error', `no such file or directory: ${p}`, p);
    }
    const files = st.isDirectory() ? walkFiles(p, exts) : [p];
    if (!st.isDirectory() && !exts.includes(extname(p))) {
      throw gkError('gk_usage_error', `path ${JSON.stringify(p)} must be of extensions: [${exts.join(' ')}]`, p);
    }
    for (const f of files) out.push(...loadFile(f, opts));
  }
  return out;
}

/**
 * gator verify's object reader: the text is split on `\n---`; blank and comment lines are
 * removed from each chunk; empty chunks are dropped; each remaining chunk is one document.
 */
export function loadVerifyObjects(path: string, maxFileBytes?: number): SourceDocument[] {
  const text = readText(path, maxFileBytes, false);
  const out: SourceDocument[] = [];
  let index = 0;
  for (const chunk of text.split('\n---')) {
    const lines = chunk.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
    if (lines.length === 0) continue;
    const docs = parseDocuments(lines.join('\n'), { file: path, version: '1.2', indexOffset: index, jsonAsYaml: true });
    index += docs.length;
    out.push(...docs);
  }
  return out;
}

/** The first YAML document of a file (gator verify reads only that for suites, templates, constraints). */
export function loadFirstDocument(path: string): SourceDocument | undefined {
  return loadFile(path, { version: '1.2', jsonAsYaml: true })[0];
}
