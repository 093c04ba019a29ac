/**
 * `opa eval` output formats: json (the whole result set, or `{}`), values (one JSON array of
 * expression values per result), bindings (one JSON object per result), pretty (a single value
 * as JSON, else a table; `undefined` when there are no results) and raw (strings unquoted).
 * Errors: json prints `{"errors": [...]}` on stdout; every other format prints opa's text form
 * on stderr.
 */
import { newPlainObject, type PlainObject, type ResultSet, type Value } from '@rego-ts/rego-eval';
import { detailsJSON, formatErrorDetails, RegoError } from '@rego-ts/rego-parser';
import { encodeJSON, marshalJSON, Struct, type GoJSON } from './go-json.js';
import { renderTable } from './table.js';

export const EVAL_FORMATS = ['json', 'values', 'bindings', 'pretty', 'raw', 'discard'] as const;
export type EvalFormat = (typeof EVAL_FORMATS)[number];

function bindingsObject(b: Record<string, Value>): PlainObject {
  const o = newPlainObject();
  for (const k of Object.keys(b)) o[k] = b[k]!;
  return o;
}

export function formatResults(rs: ResultSet, format: EvalFormat): string {
  switch (format) {
    case 'json':
      return encodeJSON(
        new Struct([
          [
            'result',
            rs.length === 0
              ? undefined
              : rs.map(
                  (r) =>
                    new Struct([
                      [
                        'expressions',
                        r.expressions.map(
                          (e) =>
                            new Struct([
                              ['value', e.value],
                              ['text', e.text],
                              ['location', new Struct([['row', e.location.row], ['col', e.location.col]])],
                            ]),
                        ),
                      ],
                      ['bindings', Object.keys(r.bindings).length ? bindingsObject(r.bindings) : undefined],
                    ]),
                ),
          ],
        ]),
      );
    case 'values':
      return rs.map((r) => encodeJSON(r.expressions.map((e) => e.value))).join('');
    case 'bindings':
      return rs.map((r) => encodeJSON(bindingsObject(r.bindings))).join('');
    case 'raw':
      return rs.map((r) => r.expressions.map((e) => (typeof e.value === 'string' ? e.value : marshalJSON(e.value))).join(' ') + '\n').join('');
    case 'pretty':
      return prettyResults(rs);
    case 'discard':
      return DISCARDED;
  }
}

/** `--format discard`: opa re-encodes its output as a map and replaces the result. */
const DISCARDED = '{\n  "result": "discarded"\n}\n';

function prettyResults(rs: ResultSet): string {
  if (rs.length === 0) return 'undefined\n';
  const first = rs[0]!;
  const firstBindings = Object.keys(first.bindings);
  if (rs.length === 1 && firstBindings.length === 0) {
    if (first.expressions.length === 1 || first.expressions.every((e) => typeof e.value === 'boolean')) {
      return encodeJSON(first.expressions[0]!.value);
    }
  }
  // Columns: the variables of the first result (by name), then the expressions whose value is
  // not a boolean (all expressions when there are no variables), in query order.
  const vars = [...firstBindings].sort();
  const exprs = first.expressions.map((e, i) => ({ e, i })).filter(({ e }) => typeof e.value !== 'boolean' || firstBindings.length === 0);
  const headers = [...vars, ...exprs.map(({ e }) => e.text)];
  const rows = rs.map((r) => [
    ...vars.map((v) => cell(r.bindings[v])),
    ...exprs.map(({ i }) => cell(r.expressions[i]?.value)),
  ]);
  return renderTable(headers, rows);
}

function cell(v: Value | undefined): string {
  return v === undefined ? 'null' : marshalJSON(v);
}

// ---- errors ----

/** An error as opa's presentation layer holds it: a RegoError or a plain loader message. */
export type OutputError = RegoError | string;

/**
 * opa's text for one error. Evaluation errors (`eval_*`) in the query have no file; opa then
 * names the location by the text of the failing term (`1/0: eval_builtin_error: …`).
 */
export function outputErrorText(e: OutputError, query: string): string {
  if (typeof e === 'string') return e;
  const loc = e.location;
  let text: string;
  if (loc && !loc.file && e.code.startsWith('eval_') && loc.end > loc.offset) {
    text = `${query.slice(loc.offset, loc.end)}: ${e.code}: ${e.message}`;
  } else text = e.format();
  return e.details ? `${text}\n${formatErrorDetails(e.details)}` : text;
}

/** `1 error occurred: …` / `N errors occurred:\n…` and a newline (stderr). */
export function formatErrorsText(errors: OutputError[], query: string): string {
  const texts = errors.map((e) => outputErrorText(e, query));
  const head = texts.length === 1 ? '1 error occurred: ' : `${texts.length} errors occurred:\n`;
  return head + texts.join('\n') + '\n';
}

export function errorStruct(e: OutputError): Struct {
  if (typeof e === 'string') return new Struct([['message', e]]);
  const loc = e.location;
  const fields: Array<[string, GoJSON | undefined]> = [
    ['message', e.message],
    ['code', e.code],
    ['location', loc ? new Struct([['file', loc.file], ['row', loc.row], ['col', loc.col]]) : undefined],
    ['details', e.details ? orderedJSON(detailsJSON(e.details)) : undefined],
  ];
  return new Struct(fields);
}

/** Plain JSON with its objects' keys kept in order (Go structs). */
function orderedJSON(v: unknown): GoJSON {
  if (Array.isArray(v)) return v.map(orderedJSON);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return new Struct(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, x === undefined ? undefined : orderedJSON(x)]));
  }
  return v as GoJSON;
}

/** `{"errors": [...]}` (stdout, json format; with `discard`, every object's keys sorted as maps). */
export function formatErrorsJSON(errors: OutputError[], asMaps = false): string {
  const list = errors.map(errorStruct);
  return encodeJSON(new Struct([['errors', asMaps ? list.map(sortedStruct) : list]]));
}

function sortedStruct(s: Struct): Struct {
  const fields = s.fields
    .filter((f) => f[1] !== undefined)
    .map(([k, v]): [string, GoJSON] => [k, v instanceof Struct ? sortedStruct(v) : v!])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new Struct(fields);
}

export { RegoError };
