/** Import ordering, grouping and the keyword imports opa fmt adds or drops per output version. */
import type { Import, Location, RefTerm } from '../ast/index.js';
import { compareTerms } from './terms.js';

function pathNames(imp: Import): string[] {
  return imp.path.value.map((t) => (t.type === 'var' || t.type === 'string' ? t.value : '\u0000'));
}

export function isRegoV1Import(imp: Import): boolean {
  const p = pathNames(imp);
  return p.length === 2 && p[0] === 'rego' && p[1] === 'v1';
}

export function isFutureImport(imp: Import): boolean {
  return pathNames(imp)[0] === 'future';
}

/** `import future.keywords` (all keywords). */
export function isAllFutureKeywords(imp: Import): boolean {
  const p = pathNames(imp);
  return p.length === 2 && p[0] === 'future' && p[1] === 'keywords';
}

/** `kw` for `import future.keywords.kw`. */
export function futureKeyword(imp: Import): string | undefined {
  const p = pathNames(imp);
  const last = imp.path.value[2];
  return p.length === 3 && p[0] === 'future' && p[1] === 'keywords' && last?.type === 'string' ? last.value : undefined;
}

export function compareImports(a: Import, b: Import): number {
  const c = compareTerms(a.path, b.path);
  if (c !== 0) return c;
  const x = a.alias ?? '';
  const y = b.alias ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Consecutive imports separated by at most one row form a group. */
export function groupImports(imports: Import[]): Import[][] {
  const groups: Import[][] = [];
  let group: Import[] = [];
  for (const imp of imports) {
    const last = group[group.length - 1];
    if (last && imp.location.row - last.location.row > 1) {
      groups.push(group);
      group = [];
    }
    group.push(imp);
  }
  if (group.length) groups.push(group);
  return groups;
}

function syntheticImport(names: string[], imports: Import[], file: string): Import {
  let maxRow = 0;
  for (const imp of imports) {
    if (isFutureImport(imp) || isRegoV1Import(imp)) maxRow = Math.max(maxRow, imp.location.row);
  }
  const loc: Location = { file, row: maxRow === 0 ? 1 : maxRow + 1, col: 1, offset: -1, end: -1 };
  const path: RefTerm = {
    type: 'ref',
    value: names.map((n, i) => (i === 0 ? { type: 'var', value: n, location: loc } : { type: 'string', value: n, location: loc })),
    location: loc,
  };
  return { type: 'import', path, location: loc };
}

/** Add `import future.keywords.<kw>` unless that keyword is already available. */
export function ensureFutureKeywordImport(imports: Import[], kw: string, file: string): Import[] {
  for (const imp of imports) {
    const k = futureKeyword(imp);
    if (isAllFutureKeywords(imp) || k === kw || (k === 'every' && kw === 'in')) return imports;
  }
  return [...imports, syntheticImport(['future', 'keywords', kw], imports, file)];
}

export function ensureRegoV1Import(imports: Import[], file: string): Import[] {
  if (imports.some(isRegoV1Import)) return imports;
  return [...imports, syntheticImport(['rego', 'v1'], imports, file)];
}
