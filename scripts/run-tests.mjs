// Runs the vitest suite (arguments are passed through), then prints one closing line
// `tests: N passed, M failed, K skipped` so CI logs state plainly what ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'rego-ts-tests-'));
const out = join(dir, 'results.json');
const vitest = join(import.meta.dirname, '..', 'node_modules', '.bin', 'vitest');
const r = spawnSync(vitest, ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
let code = r.status ?? 1;
if (existsSync(out)) {
  const res = JSON.parse(readFileSync(out, 'utf8'));
  const skipped = (res.numPendingTests ?? 0) + (res.numTodoTests ?? 0);
  console.log(`\ntests: ${res.numPassedTests} passed, ${res.numFailedTests} failed, ${skipped} skipped`);
  if (res.numTotalTests === 0) {
    console.error('no test ran');
    code = code || 1;
  }
} else {
  console.error('vitest wrote no results');
  code = code || 1;
}
rmSync(dir, { recursive: true, force: true });
process.exit(code);
