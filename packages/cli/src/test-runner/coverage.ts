/**
 * `opa test --coverage`: the rows evaluation reached (expressions evaluated, rule heads of
 * rules that produced a value) against the rows of every rule head and expression of the
 * loaded modules, as opa's `cover` package reports them: per file, covered and not covered
 * row ranges, line counts and the percentage; then the totals.
 */
import { walkModule, type Location, type Module } from '@rego-ts/rego-parser';
import { Struct, type GoJSON } from '../eval/go-json.js';

interface Range {
  start: number;
  end: number;
}

interface FileReport {
  covered: Range[];
  notCovered: Range[];
}

export interface CoverageReport {
  files: Map<string, FileReport>;
  coveredLines: number;
  notCoveredLines: number;
  coverage: number;
}

/** Collects hits; pass `hit` as the evaluator's `cover` option. */
export class Coverage {
  private readonly hits = new Map<string, Set<number>>();

  readonly hit = (loc: Location): void => {
    if (!loc.file) return; // query expressions have no file
    let rows = this.hits.get(loc.file);
    if (!rows) this.hits.set(loc.file, (rows = new Set()));
    rows.add(loc.row);
  };

  report(modules: Module[]): CoverageReport {
    const files = new Map<string, FileReport>();
    const file = (name: string): FileReport => {
      let fr = files.get(name);
      if (!fr) files.set(name, (fr = { covered: [], notCovered: [] }));
      return fr;
    };
    for (const [name, rows] of this.hits) file(name).covered = ranges([...rows]);
    for (const m of modules) {
      const fr = file(m.file);
      const covered = (row: number) => fr.covered.some((r) => row >= r.start && row <= r.end);
      const missed: number[] = [];
      walkModule(m, {
        rule: (r) => {
          if (r.head.location.file && !covered(r.location.row)) missed.push(r.head.location.row);
        },
        expr: (e) => {
          if (e.terms.type !== 'some' && e.location.file && !covered(e.location.row)) missed.push(e.location.row);
        },
      });
      fr.notCovered = ranges(missed);
    }
    let coveredLines = 0;
    let notCoveredLines = 0;
    for (const fr of files.values()) {
      coveredLines += lines(fr.covered);
      notCoveredLines += lines(fr.notCovered);
    }
    return { files, coveredLines, notCoveredLines, coverage: percent(coveredLines, notCoveredLines) };
  }
}

function lines(rs: Range[]): number {
  return rs.reduce((n, r) => n + r.end - r.start + 1, 0);
}

function percent(covered: number, notCovered: number): number {
  const total = covered + notCovered;
  return total === 0 ? 0 : (100 * covered) / total;
}

/** Sorted rows as ranges of consecutive rows. */
function ranges(rows: number[]): Range[] {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const out: Range[] = [];
  for (const row of sorted) {
    const last = out[out.length - 1];
    if (last && row === last.end + 1) last.end = row;
    else out.push({ start: row, end: row });
  }
  return out;
}

function rangesJSON(rs: Range[]): GoJSON | undefined {
  if (rs.length === 0) return undefined;
  return rs.map((r) => new Struct([['start', new Struct([['row', r.start]])], ['end', new Struct([['row', r.end]])]]));
}

/** The report as opa's JSON encoder writes `cover.Report` (zero fields of a file omitted). */
export function coverageJSON(r: CoverageReport): GoJSON {
  const names = [...r.files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Struct([
    [
      'files',
      new Struct(
        names.map((name) => {
          const fr = r.files.get(name)!;
          const c = lines(fr.covered);
          const nc = lines(fr.notCovered);
          return [
            name,
            new Struct([
              ['covered', rangesJSON(fr.covered)],
              ['not_covered', rangesJSON(fr.notCovered)],
              ['covered_lines', c || undefined],
              ['not_covered_lines', nc || undefined],
              ['coverage', percent(c, nc) || undefined],
            ]),
          ];
        }),
      ),
    ],
    ['covered_lines', r.coveredLines],
    ['not_covered_lines', r.notCoveredLines],
    ['coverage', r.coverage],
  ]);
}

/** opa's CoverageThresholdError text (with -v, the rows not covered). */
export function thresholdError(r: CoverageReport, threshold: number, verbose: boolean): string {
  let out = `Code coverage threshold not met: got ${r.coverage.toFixed(2)} instead of ${threshold.toFixed(2)}`;
  if (verbose && r.files.size > 0) {
    out += '\nLines not covered:';
    for (const name of [...r.files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      for (const x of r.files.get(name)!.notCovered) out += x.start === x.end ? `\n\t${name}:${x.start}` : `\n\t${name}:${x.start}-${x.end}`;
    }
  }
  return out;
}
