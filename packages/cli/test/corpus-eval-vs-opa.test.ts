/**
 * Differential test of `rego-ts eval` against `opa eval` on the Gatekeeper library corpus: for
 * every template under library/general, each sample constraint's parameters × each example
 * object of that sample (as referenced by the policy's suite.yaml) is evaluated by both tools,
 * and the `violation` sets must be equal (order-insensitive).
 *
 * To keep it fast, all inputs of one template go to a single process per tool: the cases are a
 * data document (`data.cases`) and one query evaluates `violation` for each of them with
 * `with input as … with data.inventory as …`. The query and files are identical for both tools.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findGatekeeperLibrary, findOpa, SKIP_NO_CORPUS, SKIP_NO_OPA } from '../../../test-support/peers.js';
import { HAVE_BIN, SKIP_NO_BIN, runBinary, runCli, type RunResult } from './run-cli.js';
import { buildCorpusCases, type CorpusTemplate } from './corpus-eval-cases.js';

const library = findGatekeeperLibrary();
const opa = findOpa();
const skipReason = !library ? SKIP_NO_CORPUS : !opa ? SKIP_NO_OPA : !HAVE_BIN ? SKIP_NO_BIN : undefined;

/**
 * Templates whose disagreement is a known rego-ts bug (name → reason); they run as `it.fails`
 * so the suite stays green while the bug is open and turns red once it is fixed.
 */
const KNOWN_BUGS: Record<string, string> = {};

const templates: CorpusTemplate[] = library && !skipReason ? buildCorpusCases(join(library, 'general')) : [];

let root = '';
const summary = { templates: 0, inputs: 0, equal: 0, withViolations: 0, differing: [] as string[] };

beforeAll(() => {
  if (skipReason) return;
  root = mkdtempSync(join(tmpdir(), 'corpus-eval-'));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  if (!skipReason) {
    console.log(
      `corpus-eval-vs-opa: ${summary.templates} templates, ${summary.inputs} inputs ` +
        `(${summary.withViolations} with violations per opa), ${summary.equal} equal` +
        (summary.differing.length ? `; differing: ${summary.differing.join(', ')}` : ''),
    );
  }
});

/** JSON text with object keys sorted, so equal values compare equal as strings. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Per case index: the sorted canonical texts of its violations; or the tool's failure. */
type Outcome = { ok: true; perCase: Map<number, string[]> } | { ok: false; error: string };

function outcome(r: RunResult): Outcome {
  if (r.code !== 0) return { ok: false, error: `exit ${r.code}: ${r.stdout}${r.stderr}`.slice(0, 2000) };
  const out = JSON.parse(r.stdout) as { result?: { expressions: { value: unknown }[] }[] };
  const value = out.result?.[0]?.expressions[0]?.value;
  const perCase = new Map<number, string[]>();
  for (const pair of (value ?? []) as [number, unknown[]][]) {
    perCase.set(pair[0], pair[1].map(canonical).sort());
  }
  return { ok: true, perCase };
}

function evalBoth(t: CorpusTemplate): { ours: Outcome; theirs: Outcome } {
  const dir = mkdtempSync(join(root, `${t.name}-`));
  t.modules.forEach((src, k) => writeFileSync(join(dir, `module_${k}.rego`), src));
  writeFileSync(join(dir, 'data.json'), JSON.stringify({ cases: t.cases.map((c) => ({ input: c.input, inventory: c.inventory })) }));
  // The `with` values are plain variables: opa v1.17.1 mis-evaluates a ref value such as
  // `with input as data.cases[i].input` inside a query-level comprehension (the rule sees no input).
  const query =
    `[[i, vs] | some i; inp := data.cases[i].input; inv := data.cases[i].inventory; ` +
    `vs := data.${t.pkg}.violation with input as inp with data.inventory as inv]`;
  const args = ['eval', ...(t.v1 ? [] : ['--v0-compatible']), '-f', 'json', '-d', dir, query];
  return { ours: outcome(runCli(args)), theirs: outcome(runBinary(opa!, args)) };
}

describe.skipIf(skipReason !== undefined)(`corpus violations: rego-ts eval vs opa eval${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('finds the corpus templates and their cases', () => {
    const withTemplate = readdirSync(join(library!, 'general')).filter((d) => existsSync(join(library!, 'general', d, 'template.yaml')));
    expect(templates.map((t) => t.name)).toEqual(withTemplate.sort());
    expect(templates.every((t) => t.cases.length > 0)).toBe(true);
  });

  for (const t of templates) {
    const known = KNOWN_BUGS[t.name];
    const title = `${t.name} (${t.cases.length} inputs)${known ? ` — known bug: ${known}` : ''}`;
    (known ? it.fails : it)(
      title,
      () => {
        const { ours, theirs } = evalBoth(t);
        summary.templates++;
        summary.inputs += t.cases.length;
        // opa itself must succeed: a failure there means the harness built a bad input.
        expect(theirs.ok ? '' : theirs.error).toBe('');
        expect(ours.ok ? '' : ours.error).toBe('');
        if (!ours.ok || !theirs.ok) return;
        const diffs: string[] = [];
        t.cases.forEach((c, i) => {
          const a = ours.perCase.get(i);
          const b = theirs.perCase.get(i);
          if (b?.length) summary.withViolations++;
          if (canonical(a ?? null) === canonical(b ?? null)) summary.equal++;
          else diffs.push(`${c.label}:\n  rego-ts: ${canonical(a ?? null)}\n  opa:     ${canonical(b ?? null)}`);
        });
        if (diffs.length) summary.differing.push(t.name);
        expect(diffs.join('\n')).toBe('');
      },
      120_000,
    );
  }
});
