// Core packages must run in browsers: no `node:` (or bare Node builtin) imports outside
// `src/node/`, and no dynamic code evaluation anywhere in shipped sources.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const core = ['rego-parser', 'rego-eval', 'gatekeeper-model'];
const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'url', 'util', 'crypto', 'stream', 'process', 'buffer', 'worker_threads'];

function* tsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* tsFiles(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

const importRe = /(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;

describe('core packages are browser-safe', () => {
  for (const pkg of core) {
    it(`${pkg} imports nothing from Node outside src/node/`, () => {
      const src = join(root, 'packages', pkg, 'src');
      const offenders: string[] = [];
      for (const file of tsFiles(src)) {
        const rel = relative(src, file);
        if (rel.split(sep)[0] === 'node') continue;
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(importRe)) {
          const spec = m[1]!;
          if (spec.startsWith('node:') || nodeBuiltins.includes(spec)) offenders.push(`${rel}: ${spec}`);
        }
      }
      expect(offenders).toEqual([]);
    });
  }

  it('no eval or new Function in any package source', () => {
    const offenders: string[] = [];
    for (const pkg of [...core, 'cli']) {
      for (const file of tsFiles(join(root, 'packages', pkg, 'src'))) {
        const text = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
        if (/\beval\s*\(|new\s+Function\s*\(/.test(text)) offenders.push(relative(root, file));
      }
    }
    expect(offenders).toEqual([]);
  });
});
