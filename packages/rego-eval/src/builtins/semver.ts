/** semver.compare / semver.is_valid (OPA's internal/semver: optional "v", pre-release, metadata). */
import { goQuote } from '../value/quote.js';
import { str } from './args.js';
import { fail } from './errors.js';
import type { BuiltinTable } from './registry.js';

interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
}

const IDENT = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;
const INT64 = /^[+-]?\d+$/;

function parse(v: string): Version | undefined {
  if (v.startsWith('v')) v = v.slice(1);
  const plus = v.indexOf('+');
  if (plus >= 0) {
    if (!IDENT.test(v.slice(plus + 1)) && v.slice(plus + 1) !== '') return undefined;
    v = v.slice(0, plus);
  }
  const dash = v.indexOf('-');
  let pre = '';
  if (dash >= 0) {
    pre = v.slice(dash + 1);
    if (pre !== '' && !IDENT.test(pre)) return undefined;
    v = v.slice(0, dash);
  }
  const parts = v.split('.');
  if (parts.length !== 3 || !parts.every((p) => INT64.test(p))) return undefined;
  const [major, minor, patch] = parts.map((p) => BigInt(p)) as [bigint, bigint, bigint];
  const lim = 1n << 63n;
  if ([major, minor, patch].some((x) => x >= lim || x < -lim)) return undefined;
  return { major, minor, patch, pre };
}

const cmp = (a: bigint, b: bigint) => (a > b ? 1 : a < b ? -1 : 0);

function compareVersions(a: Version, b: Version): number {
  const c = cmp(a.major, b.major) || cmp(a.minor, b.minor) || cmp(a.patch, b.patch);
  if (c !== 0) return c;
  if (a.pre === b.pre) return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  const xs = a.pre.split('.');
  const ys = b.pre.split('.');
  for (let i = 0; ; i++) {
    const x = xs[i];
    const y = ys[i];
    if (x === undefined && y === undefined) return 0;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xi = /^\d+$/.test(x);
    const yi = /^\d+$/.test(y);
    if (xi && !yi) return -1;
    if (!xi && yi) return 1;
    const d = xi ? cmp(BigInt(x), BigInt(y)) : x > y ? 1 : x < y ? -1 : 0;
    if (d !== 0) return d;
  }
}

export const semverBuiltins: BuiltinTable = {
  'semver.compare'(args) {
    const a = str(args, 0);
    const b = str(args, 1);
    const va = parse(a);
    if (!va) throw fail(`operand 1: string ${goQuote(a)} is not a valid SemVer`);
    const vb = parse(b);
    if (!vb) throw fail(`operand 2: string ${goQuote(b)} is not a valid SemVer`);
    return compareVersions(va, vb);
  },
  'semver.is_valid': (args) => typeof args[0] === 'string' && parse(args[0]) !== undefined,
};
