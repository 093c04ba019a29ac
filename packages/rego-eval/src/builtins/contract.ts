/**
 * The builtin interface (docs/architecture.md "Builtins"): declarations from OPA's
 * capabilities file, the context a builtin runs in, and its error type.
 */
import type { Value } from '../value/types.js';

/**
 * A type in a builtin declaration (OPA's capabilities JSON `decl` schema). Arguments and
 * results carry OPA's name and description (they appear in type errors).
 */
export type DeclType = (
  | { type: 'any'; of?: DeclType | DeclType[] }
  | { type: 'null' | 'boolean' | 'number' | 'string' }
  | { type: 'array'; static?: DeclType[]; dynamic?: DeclType }
  | { type: 'object'; static?: Array<{ key: string; value: DeclType }>; dynamic?: { key: DeclType; value: DeclType } }
  | { type: 'set'; of?: DeclType }
) & { name?: string; description?: string };

export interface FunctionDecl {
  type: 'function';
  args?: DeclType[];
  result?: DeclType;
  /** Variadic argument type (only `print`). */
  variadic?: DeclType;
}

export interface BuiltinDeclInfo {
  name: string;
  decl: FunctionDecl;
  /** Operator spelling when the builtin is an infix operator (`plus` → `+`). */
  infix?: string;
  /** Rejected in v1 modules and strict mode. */
  deprecated?: boolean;
  nondeterministic?: boolean;
  relation?: boolean;
}

/**
 * Opt-in capabilities a host can give builtins. All synchronous: evaluation is synchronous.
 * Absent hooks make the corresponding builtins fail with a clear builtin error.
 */
export interface BuiltinHost {
  /** `http.send`: performs the request object, returns the response object. */
  httpSend?(request: Value): Value;
  /** `net.lookup_ip_addr`: addresses of a host name. */
  lookupIPAddr?(name: string): string[];
  /** `opa.runtime`: the runtime description object. */
  runtime?(): Value;
  [key: string]: unknown;
}

export interface BuiltinContext {
  /** Strict builtin errors (the evaluator handles them; builtins rarely need it). */
  strict: boolean;
  /** Evaluation time in ns since the epoch, fixed per query. */
  nowNs(): bigint;
  /** Per-policy cache (compiled regexes, globs, …), keys prefixed by the family. */
  cache: Map<string, unknown>;
  /** Per-query memo (rand.intn, uuid.rfc4122 …). Falls back to `cache` when absent. */
  queryCache?: Map<string, unknown>;
  print?(msg: string): void;
  host: BuiltinHost;
  /** Annotations of the rule being evaluated, for rego.metadata.chain / rego.metadata.rule. */
  metadata?: { chain(): Value; rule(): Value };
}

export type BuiltinFn = (args: Value[], ctx: BuiltinContext) => Value | undefined;

export interface BuiltinDef {
  /** 'count', 'io.jwt.decode', 'plus', 'internal.member_2' */
  name: string;
  decl: FunctionDecl;
  fn: BuiltinFn;
  /** walk: fn returns an array of outputs. */
  relation?: boolean;
  /**
   * walk: the outputs below a path prefix read from the output pattern (`walk(x, [["a", k], v])`:
   * `["a", undefined]`, undefined where the pattern's element is not known at the call), as OPA
   * reads it: only known elements are looked up, the rest iterated.
   */
  relationBelow?: (args: Value[], prefix: readonly (Value | undefined)[]) => Value[];
  nondeterministic?: boolean;
  deprecated?: boolean;
  infix?: string;
}

export type BuiltinErrorCode = 'eval_type_error' | 'eval_builtin_error' | 'eval_conflict_error' | 'eval_internal_error';

/**
 * A builtin failure. The evaluator adds the location and applies strict/non-strict rules
 * (spec §4.2); `halt` errors are always fatal (http.send raise_error, …) and their message is
 * not prefixed with the builtin's name.
 */
export class BuiltinError extends Error {
  constructor(
    readonly code: BuiltinErrorCode,
    message: string,
    readonly halt = false,
  ) {
    super(message);
    this.name = 'BuiltinError';
  }
}
