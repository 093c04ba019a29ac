import { RegoError } from '@rego-ts/rego-parser';

/**
 * Error codes of the Gatekeeper model. Each names an upstream error class, so callers
 * (e.g. `gator verify`'s `invalid: true` tests) can branch on the class, not the text.
 */
export type GatekeeperErrorCode =
  | 'gk_yaml_error' // malformed YAML/JSON document
  | 'gk_invalid_object' // document does not have the shape of its kind
  | 'gk_invalid_template' // `invalid ConstraintTemplate: …`
  | 'gk_compile_error' // `unable to compile modules: …`
  | 'gk_no_driver' // no engine of the template is supported
  | 'gk_invalid_constraint' // `invalid Constraint: …`
  | 'gk_schema_error' // `schema validation failed: …` (upstream ErrSchema)
  | 'gk_unknown_fields' // pruning check (upstream: a different class from schema errors)
  | 'gk_missing_template' // `missing ConstraintTemplate: …`
  | 'gk_invalid_data' // `invalid request object: …` (inventory)
  | 'gk_review_error' // review could not be built or evaluated
  | 'gk_usage_error';

/** Creates a `RegoError` carrying a Gatekeeper error code. */
export function gkError(code: GatekeeperErrorCode, message: string, file?: string, row?: number, col?: number): RegoError {
  const location = file !== undefined || row !== undefined ? { file: file ?? '', row: row ?? 0, col: col ?? 0, offset: 0, end: 0 } : undefined;
  return new RegoError(code, message, location);
}

/** True for errors this package raised with `code`. */
export function isGkError(err: unknown, code?: GatekeeperErrorCode): err is RegoError {
  return err instanceof RegoError && (code === undefined || err.code === code);
}

/** The message of any thrown value, without stack traces. */
export function errorText(err: unknown): string {
  if (err instanceof RegoError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
