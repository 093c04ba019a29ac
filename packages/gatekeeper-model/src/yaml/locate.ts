/**
 * Attaching source locations to errors whose message must stay as upstream prints it: the
 * location goes into `RegoError.location` (file, line, column), the text is unchanged.
 */
import { RegoError } from '@rego-ts/rego-parser';
import type { FieldPath } from '../model/shape.js';
import { SourceDocument } from './documents.js';

/** `spec.parameters.repos[0]` / `[].spec.x` → `['spec', 'parameters', 'repos', 0]`. */
export function parseFieldPath(text: string): FieldPath {
  const out: FieldPath = [];
  for (const m of text.replace(/^\[\]\.?/, '').matchAll(/([^.[\]]+)|\[(\d+)\]|\[([^\]]*)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}

/** A copy of `err` located at `path` of `doc` (or `err` itself when nothing is known). */
export function locateError(err: unknown, doc: unknown, path: FieldPath, rowOffset = 0): unknown {
  if (!(err instanceof RegoError) || !(doc instanceof SourceDocument) || err.location) return err;
  const pos = doc.locate(path);
  if (!pos && !doc.file) return err;
  const located = new RegoError(err.code, err.message, {
    file: doc.file,
    row: (pos?.line ?? 0) + rowOffset,
    col: rowOffset ? 1 : (pos?.col ?? 0),
    offset: 0,
    end: 0,
  });
  return located;
}
