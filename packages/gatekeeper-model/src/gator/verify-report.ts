/** Results of `gator verify` and the go-test-like report gator prints (spec §7.2.6). */

export interface VerifyCaseResult {
  name: string;
  skipped: boolean;
  error?: string;
  seconds: number;
  prints: string[];
}

export interface VerifyTestResult {
  name: string;
  skipped: boolean;
  error?: string;
  seconds: number;
  cases: VerifyCaseResult[];
}

export interface VerifySuiteResult {
  /** Absolute path of the suite file. */
  path: string;
  /** The path as gator prints it. */
  display: string;
  skipped: boolean;
  error?: string;
  seconds: number;
  tests: VerifyTestResult[];
}

export interface VerifyReport {
  suites: VerifySuiteResult[];
  passed: boolean;
}

/** A test passes when skipped, or when it has no error and none of its cases failed. */
export function testPassed(t: VerifyTestResult): boolean {
  return t.skipped || (!t.error && t.cases.every((c) => c.skipped || !c.error));
}

const secs = (s: number) => `${s.toFixed(3)}s`;

/** The report as `gator verify` prints it (followed by a blank line). */
export function formatVerifyReport(report: VerifyReport, verbose = false): string {
  const lines: string[] = [];
  for (const s of report.suites) {
    for (const t of s.tests) {
      if (t.skipped) {
        if (verbose) lines.push(`=== SKIP  ${t.name}`);
        continue;
      }
      if (verbose) lines.push(`=== RUN   ${t.name}`);
      for (const c of t.cases) {
        if (c.skipped) {
          if (verbose) lines.push(`    === SKIP  ${c.name}`);
          continue;
        }
        if (verbose) {
          lines.push(`    === RUN   ${c.name}`);
          if (c.prints.length) lines.push('        === PRINT ===', ...c.prints.map((p) => `        ${p}`));
        }
        if (c.error) lines.push(`    --- FAIL: ${c.name}\t(${secs(c.seconds)})`, `        ${c.error}`);
        else if (verbose) lines.push(`    --- PASS: ${c.name}\t(${secs(c.seconds)})`);
      }
      if (!testPassed(t)) {
        lines.push(`--- FAIL: ${t.name}\t(${secs(t.seconds)})`);
        if (t.error) lines.push(`  ${t.error}`);
      } else if (verbose) lines.push(`--- PASS: ${t.name}\t(${secs(t.seconds)})`);
    }
    const ok = !s.error && s.tests.every(testPassed);
    lines.push(`${ok ? 'ok' : 'FAIL'}\t${s.display}\t${secs(s.seconds)}`);
    if (s.error) lines.push(`  ${s.error}`);
  }
  lines.push(report.passed ? 'PASS' : 'FAIL');
  return lines.join('\n') + '\n\n';
}
