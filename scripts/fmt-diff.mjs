#!/usr/bin/env node
/**
 * Formats every module of OPA's conformance suite, OPA's own formatter test files and the
 * gatekeeper-library templates with both `opa fmt` and our `format`, and lists the modules
 * where the outputs differ, with a count.
 *
 *   node scripts/fmt-diff.mjs [--out DIR] [--only SUBSTR] [--show N] [--json]
 *
 * Needs a build (`pnpm exec tsc -b packages/rego-parser`) and the opa binary. opa's outputs
 * are cached by content hash under node_modules/.cache/rego-ts-fmt-diff, so reruns are fast.
 * With --out, each differing module is written as DIR/<id>.{rego,opa.rego,ours.rego}.
 * Exit status: 0 (the differences are a report, not a failure), 2 when opa is missing.
 */
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..');
const require = createRequire(join(root, 'packages/cli/package.json'));
const YAML = require('yaml');
const { parseModule, format } = await import(join(root, 'packages/rego-parser/dist/index.js'));
// The checks `rego-ts fmt` (like opa fmt) runs before printing v1-compatible output.
const { checkV1Compatibility } = await import(join(root, 'packages/cli/dist/v1-compat-checks.js'));

const { values: flags } = parseArgs({
  options: {
    out: { type: 'string' },
    only: { type: 'string' },
    show: { type: 'string', default: '40' },
    json: { type: 'boolean' },
    // --v0-v1: format with `opa fmt --v0-v1` (v0 syntax plus `import rego.v1`); v1 modules
    // with `--v0-v1 --v1-compatible`.
    'v0-v1': { type: 'boolean' },
    // --inject-comments: add end-of-line and own-line comments to every module first, to
    // exercise comment placement.
    'inject-comments': { type: 'boolean' },
  },
});

function goEnv(name) {
  try {
    return execFileSync('go', ['env', name], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
const opa = process.env.OPA_BIN || join(goEnv('GOBIN') || join(goEnv('GOPATH') || '/root/go', 'bin'), 'opa');
if (!existsSync(opa)) {
  console.error(`opa not found (${opa}): set OPA_BIN`);
  process.exit(2);
}
const opaMod = join(goEnv('GOMODCACHE') || '/root/go/pkg/mod', 'github.com/open-policy-agent/opa@v1.17.1');
const suite = process.env.OPA_SUITE || join(opaMod, 'v1/test/cases/testdata');
const fmtTestfiles = join(opaMod, 'v1/format/testfiles');
const corpus = join(root, '..', 'shared/corpus/gatekeeper-library/library');

function walk(dir, pred, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, pred, out);
    else if (pred(name)) out.push(p);
  }
  return out;
}

/** @type {Array<{id: string, version: 'v0'|'v1', source: string}>} */
const modules = [];
for (const version of ['v0', 'v1']) {
  for (const file of walk(join(suite, version), (n) => n.endsWith('.yaml'))) {
    const rel = relative(suite, file);
    for (const doc of YAML.parseAllDocuments(readFileSync(file, 'utf8'))) {
      const d = doc.toJS({ maxAliasCount: -1 });
      (d?.cases ?? []).forEach((c, ci) => {
        (c.modules ?? []).forEach((src, mi) => modules.push({ id: `${rel}#${ci}.${mi}`, version, source: src }));
      });
    }
  }
}
for (const version of ['v0', 'v1']) {
  for (const file of walk(join(fmtTestfiles, version), (n) => n.endsWith('.rego'))) {
    modules.push({ id: `fmt-testfiles/${relative(fmtTestfiles, file)}`, version, source: readFileSync(file, 'utf8') });
  }
}
for (const file of walk(corpus, (n) => n === 'template.yaml')) {
  const t = YAML.parseDocument(readFileSync(file, 'utf8')).toJS();
  (t?.spec?.targets ?? []).forEach((target, ti) => {
    const texts = [target.rego, ...(target.libs ?? [])].filter(Boolean);
    texts.forEach((src, i) => {
      // Templates are v0 unless they parse as v1 only.
      const v1 = parseModule(src, { regoVersion: 'v1' }).errors.length === 0;
      const v0 = parseModule(src, { regoVersion: 'v0' }).errors.length === 0;
      modules.push({ id: `corpus/${relative(corpus, file)}#${ti}.${i}`, version: v0 || !v1 ? 'v0' : 'v1', source: src });
    });
  });
}

/** Deterministically sprinkle comments: at the end of every line, on a line of their own before every 2nd. */
function injectComments(src) {
  const out = [];
  src.split('\n').forEach((line, i) => {
    if (i > 0 && i % 2 === 0) out.push(`${line.match(/^\s*/)[0]}# own ${i}`);
    out.push(line.trim() && !line.includes('#') && !line.includes('`') ? `${line} # eol ${i}` : line);
  });
  return out.join('\n');
}
if (flags['inject-comments']) {
  for (const m of modules) {
    m.source = injectComments(m.source);
    m.id += '+comments';
  }
}

let selected = flags.only ? modules.filter((m) => m.id.includes(flags.only)) : modules;
const outVersion = (v) => (flags['v0-v1'] ? 'v0v1' : v);

// ---- opa fmt, cached -----------------------------------------------------------------------
const cacheDir = join(root, 'node_modules/.cache/rego-ts-fmt-diff');
mkdirSync(cacheDir, { recursive: true });
const key = (m) => createHash('sha256').update(`${outVersion(m.version)}\0${m.source}`).digest('hex').slice(0, 32);

function opaFormat(batch, version) {
  // Format a whole directory at once; a file opa rejects stops the walk, so drop it and rerun.
  const dir = mkdtempSync(join(tmpdir(), 'fmt-diff-'));
  // Identical sources share one file (and one result).
  const pending = new Map();
  for (const m of batch) {
    const name = `${key(m)}.rego`;
    if (!pending.has(name)) pending.set(name, []);
    pending.get(name).push(m);
  }
  const results = new Map();
  for (;;) {
    // (Re)write the sources: a failed run may have formatted some files already.
    for (const [name, ms] of pending) writeFileSync(join(dir, name), ms[0].source);
    const mode = flags['v0-v1'] ? ['--v0-v1', ...(version === 'v1' ? ['--v1-compatible'] : [])] : version === 'v0' ? ['--v0-compatible'] : [];
    const args = ['fmt', '-w', ...mode, dir];
    const r = spawnSync(opa, args, { encoding: 'utf8' });
    if (r.status === 0) break;
    const bad = [...pending.keys()].find((n) => r.stderr.includes(n));
    if (!bad) {
      console.error(`opa fmt failed unexpectedly: ${r.stderr}`);
      break;
    }
    for (const m of pending.get(bad)) results.set(m, { error: r.stderr.trim() });
    rmSync(join(dir, bad));
    pending.delete(bad);
  }
  for (const [name, ms] of pending) {
    const output = readFileSync(join(dir, name), 'utf8');
    for (const m of ms) results.set(m, { output });
  }
  rmSync(dir, { recursive: true, force: true });
  return results;
}

const opaResults = new Map();
for (const version of ['v0', 'v1']) {
  const todo = [];
  for (const m of selected.filter((x) => x.version === version)) {
    const f = join(cacheDir, key(m) + '.json');
    if (existsSync(f)) opaResults.set(m, JSON.parse(readFileSync(f, 'utf8')));
    else todo.push(m);
  }
  if (todo.length) {
    for (const [m, res] of opaFormat(todo, version)) {
      opaResults.set(m, res);
      writeFileSync(join(cacheDir, key(m) + '.json'), JSON.stringify(res));
    }
  }
}

// ---- compare -------------------------------------------------------------------------------
let same = 0;
let bothRejected = 0;
const differ = [];
for (const m of selected) {
  const theirs = opaResults.get(m);
  let ours;
  try {
    const parsed = parseModule(m.source, { file: 'policy.rego', regoVersion: m.version });
    const checks = parsed.module && outVersion(m.version) !== 'v0' ? checkV1Compatibility(parsed.module) : [];
    if (!parsed.module) ours = { error: parsed.errors.map(String).join('\n') };
    else if (checks.length) ours = { error: checks.map(String).join('\n') };
    else {
      const output = format(parsed.module, { source: m.source, regoVersion: outVersion(m.version) });
      // The result check of `opa fmt` / `rego-ts fmt`: output that does not parse is refused.
      const again = parseModule(output, { regoVersion: outVersion(m.version) === 'v1' ? 'v1' : 'v0' });
      ours = again.errors.length ? { error: `formatted output does not parse: ${again.errors[0]}` } : { output };
    }
  } catch (e) {
    ours = { error: `exception: ${e?.stack ?? e}` };
  }
  if (theirs?.error !== undefined && ours.error !== undefined) bothRejected++;
  else if (theirs?.output !== undefined && theirs.output === ours.output) same++;
  else differ.push({ m, theirs, ours });
}

if (flags.out) {
  mkdirSync(flags.out, { recursive: true });
  for (const { m, theirs, ours } of differ) {
    const base = join(flags.out, m.id.replace(/[^A-Za-z0-9_.-]+/g, '_'));
    writeFileSync(base + '.rego', m.source);
    writeFileSync(base + '.opa.rego', theirs?.output ?? `ERROR: ${theirs?.error}\n`);
    writeFileSync(base + '.ours.rego', ours.output ?? `ERROR: ${ours.error}\n`);
  }
}

if (flags.json) {
  console.log(JSON.stringify({ total: selected.length, same, bothRejected, differ: differ.map((d) => d.m.id) }, null, 2));
} else {
  const show = Number(flags.show);
  for (const { m, theirs, ours } of differ.slice(0, show)) {
    const why = theirs?.error !== undefined ? 'opa rejects, we format' : ours.error !== undefined ? `we reject: ${ours.error.split('\n')[0]}` : 'output differs';
    console.log(`${m.version} ${m.id}: ${why}`);
  }
  if (differ.length > show) console.log(`… and ${differ.length - show} more`);
  console.log(`\nfmt-diff: ${selected.length} modules, ${same} identical, ${bothRejected} rejected by both, ${differ.length} differ`);
}
