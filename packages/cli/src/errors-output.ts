/** Printing RegoErrors as opa does: text with source line and caret, or `{"errors": [...]}`. */
import { detailsJSON, formatErrorDetails, type RegoError } from '@rego-ts/rego-parser';
import { goJSON } from './go-json.js';

/** One error as opa's text: `file:row: code: message`, then the source line and caret. */
export function errorText(e: RegoError): string {
  return e.details ? `${e.format()}\n${formatErrorDetails(e.details)}` : e.format();
}

/** `1 error occurred[ during loading]: …` / `N errors occurred…:\n…`. */
export function errorsText(errors: Array<RegoError | string>, stage: 'loading' | 'compile'): string {
  const suffix = stage === 'loading' ? ' during loading' : '';
  const texts = errors.map((e) => (typeof e === 'string' ? e : errorText(e)));
  if (texts.length === 1) return `1 error occurred${suffix}: ${texts[0]}`;
  return `${texts.length} errors occurred${suffix}:\n${texts.join('\n')}`;
}

/** opa's JSON error object (key order as opa prints it). */
export function errorJSON(e: RegoError | string): Record<string, unknown> {
  if (typeof e === 'string') return { message: e };
  const out: Record<string, unknown> = { message: e.message, code: e.code };
  if (e.location) out.location = { file: e.location.file, row: e.location.row, col: e.location.col };
  if (e.details) out.details = detailsJSON(e.details);
  return out;
}

export function errorsJSON(errors: Array<RegoError | string>): string {
  return goJSON({ errors: errors.map(errorJSON) }) + '\n';
}
