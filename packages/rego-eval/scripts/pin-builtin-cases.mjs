#!/usr/bin/env node
// Pins builtin test cases against the real `opa`: reads call expressions (one per line,
// e.g. `sprintf("%v", [1.5])`) from a file or stdin and prints `[call, expected],` rows for
// test/builtins/*.test.ts. Expected is the compact JSON of the result, `undefined`, or
// `error: <code>: <message>` (strict builtin errors). Arguments are routed through
// `object.get` so that type errors surface at run time rather than in OPA's type checker.
// Usage: node scripts/pin-builtin-cases.mjs cases.txt [--opa /root/go/bin/opa]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const opaIdx = argv.indexOf('--opa');
const opa = opaIdx >= 0 ? argv[opaIdx + 1] : process.env.OPA ?? '/root/go/bin/opa';
const file = argv.find((a, i) => !a.startsWith('--') && (opaIdx < 0 || i !== opaIdx + 1));
const lines = readFileSync(file ?? 0, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

function run(query) {
  try {
    const out = execFileSync(opa, ['eval', '--strict-builtin-errors', '-f', 'json', query], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ...JSON.parse(out), raw: out };
  } catch (e) {
    try {
      return JSON.parse(e.stdout);
    } catch {
      return { errors: [{ code: 'unknown', message: String(e.stderr || e.message).trim() }] };
    }
  }
}

// Keep numbers' spelling: re-serialise OPA's pretty JSON compactly, text-wise.
function compact(jsonText) {
  let out = '';
  let inStr = false;
  for (let i = 0; i < jsonText.length; i++) {
    const c = jsonText[i];
    if (inStr) {
      out += c;
      if (c === '\\') out += jsonText[++i];
      else if (c === '"') inStr = false;
    } else if (c === '"') {
      inStr = true;
      out += c;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

for (const call of lines) {
  const m = /^([\w.]+)\((.*)\)$/s.exec(call);
  let res = run(`x := ${call}`);
  if (res.errors && m && res.errors.some((e) => e.code === 'rego_type_error')) {
    // Re-run with arguments hidden from the type checker.
    res = run(`x := ${m[1]}(${splitArgs(m[2]).map((a) => `object.get({"k": ${a}}, "k", 0)`).join(', ')})`);
  }
  let want;
  if (res.errors) want = `error: ${res.errors[0].code}: ${res.errors[0].message}`;
  else if (!res.result) want = 'undefined';
  else {
    const raw = res.raw;
    const bindingsText = raw.slice(raw.indexOf('"bindings"'));
    const start = bindingsText.indexOf('"x":') + 4;
    // Extract the value text of x by bracket matching.
    let depth = 0;
    let i = start;
    let inStr = false;
    for (; i < bindingsText.length; i++) {
      const c = bindingsText[i];
      if (inStr) {
        if (c === '\\') i++;
        else if (c === '"') inStr = false;
        continue;
      }
      if (c === '"') inStr = true;
      else if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) break;
    }
    want = compact(bindingsText.slice(start, i));
  }
  console.log(`  [${JSON.stringify(call)}, ${JSON.stringify(want)}],`);
}

function splitArgs(s) {
  const out = [];
  let depth = 0;
  let cur = '';
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      cur += c;
      if (c === '\\') cur += s[++i];
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
