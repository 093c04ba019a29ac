import type { Location } from './ast/location.js';

/** OPA's error codes (compile-time `rego_*`, evaluation-time `eval_*`) plus our own. */
export type RegoErrorCode =
  | 'rego_parse_error'
  | 'rego_compile_error'
  | 'rego_type_error'
  | 'rego_unsafe_var_error'
  | 'rego_recursion_error'
  | 'rego_format_error'
  | 'eval_conflict_error'
  | 'eval_type_error'
  | 'eval_builtin_error'
  | 'eval_with_merge_error'
  | 'eval_cancel_error'
  | 'eval_internal_error'
  | (string & {});

/**
 * Parse errors carry the offending source line and the caret index within it, in UTF-16 code
 * units of `line` (OPA counts bytes: `detailsJSON` and `formatErrorDetails` convert).
 */
export interface ParseErrorDetails {
  line: string;
  idx: number;
}

/**
 * Type errors carry the lines OPA prints under the message (`have: (number)`, `left  : …`)
 * and the JSON object it marshals as `details` (keys in OPA's order).
 */
export interface TypeErrorDetails {
  lines: string[];
  json: Record<string, unknown>;
}

export type ErrorDetails = ParseErrorDetails | TypeErrorDetails;

export function isParseDetails(d: ErrorDetails): d is ParseErrorDetails {
  return 'idx' in d;
}

/** The `details` member of an error's JSON form. */
export function detailsJSON(d: ErrorDetails): Record<string, unknown> {
  return isParseDetails(d) ? { line: d.line, idx: byteIndex(d) } : d.json;
}

/** The caret index in UTF-8 bytes of the line, as OPA's `ParserErrorDetail.Idx`. */
function byteIndex(d: ParseErrorDetails): number {
  const s = d.line;
  const n = Math.min(d.idx, s.length);
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair is one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes + Math.max(d.idx - s.length, 0);
}

/**
 * The one error type of rego-ts. `toString()` gives OPA's text form
 * (`policy.rego:3: rego_parse_error: unexpected } token`).
 */
export class RegoError extends Error {
  readonly code: RegoErrorCode;
  readonly location: Location | undefined;
  readonly details: ErrorDetails | undefined;

  constructor(code: RegoErrorCode, message: string, location?: Location, details?: ErrorDetails) {
    super(message);
    this.name = 'RegoError';
    this.code = code;
    this.location = location;
    this.details = details;
  }

  /** `file:row: code: message` (`row:col: …` when there is no file name). */
  format(): string {
    const loc = this.location;
    if (!loc) return `${this.code}: ${this.message}`;
    const where = loc.file ? `${loc.file}:${loc.row}` : `${loc.row}:${loc.col}`;
    return `${where}: ${this.code}: ${this.message}`;
  }

  override toString(): string {
    return this.format();
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.location) {
      out.location = { file: this.location.file, row: this.location.row, col: this.location.col };
    }
    if (this.details) out.details = detailsJSON(this.details);
    return out;
  }
}

/** A list of errors, printed as OPA prints `ast.Errors`. */
export class RegoErrors extends Error {
  readonly errors: RegoError[];
  constructor(errors: RegoError[]) {
    super(formatErrors(errors));
    this.name = 'RegoErrors';
    this.errors = errors;
  }
}

/** `1 error occurred: <e>` or `N errors occurred:\n<e1>\n<e2>`. */
export function formatErrors(errors: readonly RegoError[]): string {
  if (errors.length === 0) return 'no error(s)';
  if (errors.length === 1) return `1 error occurred: ${errors[0]!.format()}`;
  return `${errors.length} errors occurred:\n${errors.map((e) => e.format()).join('\n')}`;
}

/**
 * The detail lines as OPA prints them under an error: for a parse error the source line
 * without its leading tabs and a caret after one space per byte before it (OPA counts bytes,
 * so after `é` or `€` the caret sits further right than the character; `ParserErrorDetail.Lines`),
 * for a type error its lines, each after a tab.
 */
export function formatErrorDetails(details: ErrorDetails): string {
  if (!isParseDetails(details)) return details.lines.map((l) => `\t${l}`).join('\n');
  const line = details.line.replace(/^\t+/, '');
  const indent = Math.max(byteIndex(details) - (details.line.length - line.length), 0);
  return `\t${line}\n\t${' '.repeat(indent)}^`;
}

/** Order errors by file, then row, then column (OPA sorts before printing). */
export function sortErrors(errors: RegoError[]): RegoError[] {
  return errors.sort((a, b) => {
    const la = a.location;
    const lb = b.location;
    // Like OPA's Location.Compare: errors without a location come last.
    if (!la || !lb) return la ? -1 : lb ? 1 : 0;
    if (la.file !== lb.file) return la.file < lb.file ? -1 : 1;
    return la.row - lb.row || la.col - lb.col;
  });
}
