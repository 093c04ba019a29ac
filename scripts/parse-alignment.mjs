#!/usr/bin/env node
/**
 * Parser alignment: parses modules of OPA's conformance suite (and of gatekeeper-library's
 * templates, when ../shared/corpus is present) with @rego-ts/rego-parser and
 * with `opa parse --format json`, converts ours with `toOpaJson` and prints every difference.
 * Known, explained differences are listed in ALLOW below. Exits 1 on unexplained ones.
 *
 * Usage (after `pnpm exec tsc -b packages/rego-parser`):
 *   node scripts/parse-alignment.mjs [--count N] [--all] [--locations [--text]] [--verbose]
 * (--text: also compare the locations' base64 `text`, as `rego-ts parse --json-include locations` prints it)
 * Needs the opa binary (OPA_BIN or $(go env GOPATH)/bin/opa) and the suite (OPA_SUITE or the
 * Go module cache).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const parserDir = join(root, 'packages', 'rego-parser');
const { parseAllDocuments } = createRequire(join(parserDir, 'package.json'))('yaml');
const { parseModule, toOpaJson } = await import(join(parserDir, 'dist', 'index.js'));

const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const countArg = args.indexOf('--count');
const WANT = flag('--all') ? Infinity : countArg >= 0 ? Number(args[countArg + 1]) : 300;
const LOCATIONS = flag('--locations');
const VERBOSE = flag('--verbose');
const TEXT = flag('--text'); // with --locations: compare the locations' base64 `text` too

/**
 * Differences we accept, each with its reason. `test(diff, mod)` gets the diff record
 * ({path, ours, opa}) and the module record ({file, note, version, source}).
 */
const ALLOW = [
  {
    reason:
      'OPA prints number literals as written (e.g. 1e400, 0.1e-9999, 10000000000000000000000); both sides are ' +
      'read back with JSON.parse, which can only disagree when the literal is outside float64 range',
    test: (d) => d.ours === null && typeof d.opa === 'number' && !Number.isFinite(d.opa),
  },
  {
    reason:
      '(--text) OPA\'s location text of a term written in parentheses includes the parentheses of the ' +
      'enclosing operand ("((a + b) + c)"); our term locations span the operator expression only',
    test: (d) => /\.location\.text$/.test(d.path) && unparen(b64(d.opa)) === unparen(b64(d.ours)),
  },
  {
    reason:
      '(--text) a v0 rule statement `p[[…]]` written over several lines: OPA gives its generated body the ' +
      'whole statement as text, we the rule name',
    test: (d) => /\.body\[0\](\.terms)?\.location\.text$/.test(d.path) && b64(d.opa).startsWith(b64(d.ours) + '['),
  },
];

function unparen(s) {
  return s.replace(/^\(+/, '').replace(/\)+$/, '');
}

function b64(s) {
  return typeof s === 'string' ? Buffer.from(s, 'base64').toString('utf8') : '';
}

function goEnv(name) {
  try {
    return execFileSync('go', ['env', name], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function findOpa() {
  if (process.env.OPA_BIN && existsSync(process.env.OPA_BIN)) return process.env.OPA_BIN;
  const bin = goEnv('GOBIN') || join(goEnv('GOPATH') || join(process.env.HOME ?? '', 'go'), 'bin');
  const p = join(bin, 'opa');
  return existsSync(p) ? p : undefined;
}

function findSuite() {
  if (process.env.OPA_SUITE && existsSync(process.env.OPA_SUITE)) return process.env.OPA_SUITE;
  const p = join(goEnv('GOMODCACHE'), 'github.com/open-policy-agent/opa@v1.17.1/v1/test/cases/testdata');
  return existsSync(p) ? p : undefined;
}

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.yaml')) out.push(p);
  }
}

function loadModules(suite) {
  const mods = [];
  for (const version of ['v0', 'v1']) {
    const files = [];
    walk(join(suite, version), files);
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const d = doc.toJS({ maxAliasCount: -1 });
        for (const c of d?.cases ?? []) {
          for (const source of c.modules ?? []) {
            mods.push({ file: relative(suite, file), note: String(c.note ?? ''), version, source });
          }
        }
      }
    }
  }
  // Deduplicate identical sources (many cases share modules).
  const seen = new Set();
  return mods.filter((m) => {
    const k = m.version + '\0' + m.source;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The Rego of gatekeeper-library templates (targets[].rego and libs[]), parsed as v0. */
function loadGatekeeper() {
  const lib = join(root, '..', 'shared', 'corpus', 'gatekeeper-library', 'library');
  if (!existsSync(lib)) return [];
  const { parseDocument } = createRequire(join(parserDir, 'package.json'))('yaml');
  const files = [];
  const walkT = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walkT(p);
      else if (name === 'template.yaml') files.push(p);
    }
  };
  walkT(lib);
  const out = [];
  for (const file of files) {
    const t = parseDocument(readFileSync(file, 'utf8')).toJS();
    for (const target of t?.spec?.targets ?? []) {
      for (const source of [target.rego, ...(target.libs ?? [])]) {
        if (source) out.push({ file: relative(lib, file), note: 'gatekeeper-library', version: 'v0', source });
      }
    }
  }
  return out;
}

/** Every leaf difference between two JSON values, as {path, ours, opa}. */
function diff(a, b, path, out) {
  if (out.length > 20) return;
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) {
    out.push({ path, ours: a, opa: b });
    return;
  }
  if (Array.isArray(a)) {
    if (a.length !== b.length) out.push({ path: `${path}.length`, ours: a.length, opa: b.length });
    for (let i = 0; i < Math.min(a.length, b.length); i++) diff(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (a && typeof a === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(k in a)) out.push({ path: `${path}.${k}`, ours: undefined, opa: b[k] });
      else if (!(k in b)) {
        // Every node of ours has a location; OPA leaves some generated nodes without one
        // (with --text, the output must be OPA's exactly: toOpaJson leaves those out too).
        if (k !== 'location' || TEXT) out.push({ path: `${path}.${k}`, ours: a[k], opa: undefined });
      }
      else diff(a[k], b[k], `${path}.${k}`, out);
    }
    return;
  }
  if (a !== b) out.push({ path, ours: a, opa: b });
}

/** OPA's location objects carry base64 `text`; we compare file/row/col only. */
function stripText(x) {
  if (Array.isArray(x)) return x.map(stripText);
  if (x && typeof x === 'object') {
    const o = {};
    for (const [k, v] of Object.entries(x)) {
      if ((k === 'location' || k === 'Location') && v && typeof v === 'object') {
        o[k] = TEXT ? { ...v } : { file: v.file, row: v.row, col: v.col };
      } else o[k] = stripText(v);
    }
    return o;
  }
  return x;
}

const opa = findOpa();
const suite = findSuite();
if (!opa || !suite) {
  console.log(`skipped: ${!opa ? 'opa binary' : 'OPA conformance suite'} not found (run scripts/peers.sh)`);
  process.exit(0);
}

const all = [...loadModules(suite), ...loadGatekeeper()];
const step = Number.isFinite(WANT) ? Math.max(1, Math.floor(all.length / WANT)) : 1;
const picked = all.filter((_, i) => i % step === 0).slice(0, WANT);
const dir = mkdtempSync(join(tmpdir(), 'parse-alignment-'));
let same = 0;
let allowed = 0;
let skipped = 0;
const failures = [];
const allowCounts = new Map();
try {
  picked.forEach((m, i) => {
    const file = join(dir, `m${i}.rego`);
    writeFileSync(file, m.source);
    const opaArgs = ['parse', '--format', 'json', ...(LOCATIONS ? ['--json-include', 'locations'] : []), file];
    if (m.version === 'v0') opaArgs.splice(1, 0, '--v0-compatible');
    let theirs;
    try {
      theirs = JSON.parse(execFileSync(opa, opaArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    } catch (e) {
      const out = e.stdout ? String(e.stdout) : '';
      theirs = out ? JSON.parse(out) : { errors: [{ message: String(e.message) }] };
    }
    const ours = parseModule(m.source, { file, regoVersion: m.version });
    if (theirs.errors) {
      // OPA rejects it: we must reject it too.
      if (ours.module) failures.push({ m, diffs: [{ path: '(module)', ours: 'accepted', opa: theirs.errors[0].message }] });
      else same++;
      return;
    }
    if (!ours.module) {
      failures.push({ m, diffs: [{ path: '(module)', ours: ours.errors[0].format(), opa: 'accepted' }] });
      return;
    }
    const mine = JSON.parse(JSON.stringify(toOpaJson(ours.module, { locations: LOCATIONS, ...(TEXT ? { source: m.source } : {}) })));
    const diffs = [];
    diff(mine, LOCATIONS ? stripText(theirs) : theirs, '', diffs);
    if (diffs.length === 0) {
      same++;
      return;
    }
    const unexplained = diffs.filter((d) => {
      const a = ALLOW.find((x) => x.test(d, m));
      if (a) allowCounts.set(a.reason, (allowCounts.get(a.reason) ?? 0) + 1);
      return !a;
    });
    if (unexplained.length === 0) allowed++;
    else failures.push({ m, diffs: unexplained });
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

for (const f of failures.slice(0, VERBOSE ? Infinity : 15)) {
  console.log(`\n--- ${f.m.version} ${f.m.file} [${f.m.note}]`);
  if (VERBOSE) console.log(f.m.source);
  for (const d of f.diffs.slice(0, 8)) {
    console.log(`  ${d.path}: ours=${JSON.stringify(d.ours)?.slice(0, 200)} opa=${JSON.stringify(d.opa)?.slice(0, 200)}`);
  }
}
for (const [reason, n] of allowCounts) console.log(`allowed (${n}): ${reason}`);
console.log(
  `\nparse alignment${LOCATIONS ? ' (with locations)' : ''}: ${picked.length} modules of ${all.length} distinct ` +
    `(OPA suite${all.some((m) => m.note === 'gatekeeper-library') ? ' + gatekeeper-library' : ''}); ` +
    `${same} identical, ${allowed} with allowed differences, ${failures.length} different, ${skipped} skipped`,
);
process.exit(failures.length > 0 ? 1 : 0);
