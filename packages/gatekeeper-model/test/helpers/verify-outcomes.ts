/** Per-case outcomes of `gator verify -v` output (ours or gator's), for comparisons. */
export type Outcome = 'PASS' | 'FAIL' | 'SKIP';

/** `suite display path` is not compared (it differs by upstream quirks); keys are `test/case`. */
export function parseVerboseReport(text: string): Map<string, { outcome: Outcome; error?: string }> {
  const out = new Map<string, { outcome: Outcome; error?: string }>();
  let test = '';
  const lines = text.split('\n');
  const pending: string[] = [];
  const flushSuite = () => {
    for (const k of pending) out.delete(`${k}`);
    pending.length = 0;
  };
  let suiteIndex = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    let m: RegExpExecArray | null;
    if ((m = /^=== (RUN|SKIP) +(.*)$/.exec(l))) {
      test = `${suiteIndex}:${m[2]}`;
      if (m[1] === 'SKIP') out.set(`${test}/`, { outcome: 'SKIP' });
    } else if ((m = /^    === SKIP +(.*)$/.exec(l))) out.set(`${test}/${m[1]}`, { outcome: 'SKIP' });
    else if ((m = /^    --- (PASS|FAIL): (.*)\t\(/.exec(l))) {
      const error = m[1] === 'FAIL' ? lines[i + 1]?.trim() : undefined;
      out.set(`${test}/${m[2]}`, error === undefined ? { outcome: m[1] as Outcome } : { outcome: 'FAIL', error });
    } else if ((m = /^--- (PASS|FAIL): (.*)\t\(/.exec(l))) {
      const next = lines[i + 1] ?? '';
      const error = m[1] === 'FAIL' && next.startsWith('  ') && !next.startsWith('   ') ? next.trim() : undefined;
      out.set(`${suiteIndex}:${m[2]}/`, error === undefined ? { outcome: m[1] as Outcome } : { outcome: 'FAIL', error });
    } else if (/^(ok|FAIL)\t/.test(l)) suiteIndex++;
  }
  flushSuite();
  return out;
}
