/**
 * opa test's reporters. Pretty: failing (or, with -v, all) tests as `file:row:` headers and
 * `data.pkg.name: PASS (duration)` lines, captured print output indented, error texts, a
 * FAILURES section with -v, and the `PASS: n/total` … summary. JSON: the result list as
 * opa's `json.MarshalIndent` writes it (durations in nanoseconds, print output base64).
 *
 * opa prints an evaluation trace under each failure with -v; rego-ts has no tracer, so that
 * section lists the failing tests without trace lines.
 */
import { Struct, goJSONText, type GoJSON } from '../eval/go-json.js';
import type { RegoError } from '@rego-ts/rego-parser';
import { errorStruct } from '../eval/output.js';
import { errorsText } from '../errors-output.js';
import { goDuration } from './go-duration.js';
import { iterSubResults, passed, type SubResult, type TestResult } from './run-tests.js';

const HR = '-'.repeat(80) + '\n';

function outcome(r: TestResult): string {
  if (passed(r)) return 'PASS';
  if (r.fail) return 'FAIL';
  if (r.skip) return 'SKIPPED';
  return 'ERROR';
}

function line(r: TestResult): string {
  const head = `${r.test.pkg}.${r.test.name}: ${outcome(r)}`;
  return r.skip ? head : `${head} (${goDuration(r.durationNs)})`;
}

/** Prefixes every line of `text` (including empty ones) with `n` spaces, as opa's writer does. */
function indent(text: string, n = 2): string {
  const pad = ' '.repeat(n);
  return text.replace(/^/gm, pad).replace(new RegExp(`\\n${pad}$`), '\n');
}

function subOutcome(sr: SubResult): string {
  return sr.fail ? 'FAIL' : 'PASS';
}

export function prettyReport(results: TestResult[], verbose: boolean): string {
  let out = '';
  let dirty = false;
  let pass = 0;
  let fail = 0;
  let skip = 0;
  let errs = 0;
  const failures: TestResult[] = [];
  let lastFile = '';

  for (const r of results) {
    if (r.skip) skip++;
    else if (r.error) errs++;
    else {
      if (r.fail) failures.push(r);
      if (r.subResults.size > 0) {
        for (const [, sr] of iterSubResults(r.subResults)) {
          if (sr.subResults.size === 0) {
            if (sr.fail) fail++;
            else pass++;
          }
        }
      } else if (passed(r)) pass++;
      else if (r.fail) fail++;
    }

    if (verbose || !passed(r)) {
      const file = r.test.location.file;
      if (lastFile !== '' && lastFile !== file) out += '\n';
      out += `${file}:${r.test.location.row}:\n`;
      lastFile = file;
      dirty = true;
      out += line(r) + '\n';
      for (const [full, sr] of iterSubResults(r.subResults)) {
        if (sr.fail || verbose) out += indent(`${'  '.repeat(full.length - 1)}${sr.name}: ${subOutcome(sr)}\n`);
      }
      if (r.output.length > 0) out += '\n' + indent(r.output.trim() + '\n') + '\n';
    }
    if (r.error) out += `  ${errorLine(r)}\n`;
  }

  if (fail > 0 && verbose) {
    out += HR + 'FAILURES\n' + HR;
    for (const f of failures) {
      out += line(f) + '\n';
      if (f.subResults.size > 0) {
        out += '\n\n';
        for (const [full, sr] of iterSubResults(f.subResults)) {
          if (sr.fail && sr.subResults.size === 0) {
            full.forEach((n, i) => (out += indent(`${n}: ${subOutcome(sr)}\n`, 2 * (i + 1))));
          }
        }
      } else out += '\n';
      out += '\n';
    }
  }

  if (dirty) out += HR;
  const total = pass + fail + skip + errs;
  if (pass) out += `PASS: ${pass}/${total}\n`;
  if (fail) out += `FAIL: ${fail}/${total}\n`;
  if (skip) out += `SKIPPED: ${skip}/${total}\n`;
  if (errs) out += `ERROR: ${errs}/${total}\n`;
  return out;
}

/** The error as opa's `%v` prints it: `file:row: code: message` (the term text when no file). */
function errorLine(r: TestResult): string {
  if (r.compileErrors) return errorsText(r.compileErrors, 'compile');
  const e = r.error!;
  const loc = e.location;
  if (loc && !loc.file) return `${r.test.query.slice(loc.offset, loc.end) || `${loc.row}:${loc.col}`}: ${e.code}: ${e.message}`;
  return e.format();
}

function subResultsJSON(m: Map<string, SubResult>): GoJSON | undefined {
  if (m.size === 0) return undefined;
  // A Go map: keys sorted (they already are).
  return new Struct(
    [...m].map(([k, sr]) => [
      k,
      new Struct([
        ['name', sr.name || undefined],
        ['fail', sr.fail || undefined],
        ['sub_results', subResultsJSON(sr.subResults)],
      ]),
    ]),
  );
}

export function jsonReport(results: TestResult[]): string {
  const items = results.map(
    (r) =>
      new Struct([
        ['location', new Struct([['file', r.test.location.file], ['row', r.test.location.row], ['col', r.test.location.col]])],
        ['package', r.test.pkg],
        ['name', r.test.name],
        ['fail', r.fail || undefined],
        ['error', r.compileErrors ? r.compileErrors.map(astErrorStruct) : r.error ? testErrorStruct(r) : undefined],
        ['skip', r.skip || undefined],
        ['duration', Number(r.durationNs)],
        ['output', r.output ? Buffer.from(r.output, 'utf8').toString('base64') : undefined],
        ['sub_results', subResultsJSON(r.subResults)],
      ]),
  );
  return (items.length ? goJSONText(items) : '[]') + '\n';
}

/** An error as opa marshals ast.Error / topdown.Error: code, message, location, details. */
function astErrorStruct(e: RegoError): Struct {
  const s = errorStruct(e);
  const get = (k: string) => s.fields.find((f) => f[0] === k)?.[1];
  return new Struct([
    ['code', e.code],
    ['message', e.message],
    ['location', get('location')],
    ['details', get('details')],
  ]);
}

/** Evaluation errors marshal as opa's topdown.Error (code, message, location; no details). */
function testErrorStruct(r: TestResult): Struct {
  return astErrorStruct(r.error!);
}
