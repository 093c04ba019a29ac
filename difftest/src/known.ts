/**
 * Known classes of disagreement: rego-ts bugs already reported (each with a failing
 * regression test under test/difftest/) that would otherwise drown new findings. A case in a
 * known class is counted and listed, but does not fail the run. Remove a class once fixed.
 */
import type { Outcome } from './outcome.js';

export interface KnownIssue {
  id: string;
  summary: string;
  /** `source` is the module text, when the disagreement comes from one. */
  matches(opa: Outcome, regoTs: Outcome, source?: string): boolean;
}

export const KNOWN_ISSUES: KnownIssue[] = [
  {
    id: 'opa-version-bigint',
    summary:
      'a difference of OPA versions: opa v1.17.1 rounds integer arithmetic above 2^64 to a 64-bit mantissa, ' +
      'rego-ts computes exactly as OPA >= 1.19 does (spec §3.15); the results differ only in such numbers',
    matches: (opa, ts) => opa.kind === 'value' && ts.kind === 'value' && differOnlyInBigNumbers(opa.json, ts.json),
  },
];

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g;

/** Significant digits of a number's text. */
function digits(n: string): number {
  return n.replace(/[eE].*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').length;
}

/** Same JSON apart from numbers, and every differing pair has a number of 20+ digits. */
function differOnlyInBigNumbers(a: string, b: string): boolean {
  // Strings may contain digits too: compare the texts with numbers blanked out first.
  if (a.replace(NUMBER, '#') !== b.replace(NUMBER, '#')) return false;
  const na = a.match(NUMBER) ?? [];
  const nb = b.match(NUMBER) ?? [];
  let differs = false;
  for (let i = 0; i < na.length; i++) {
    if (na[i] === nb[i]) continue;
    if (digits(na[i]!) < 20 && digits(nb[i]!) < 20) return false;
    differs = true;
  }
  return differs;
}

export function knownIssue(opa: Outcome, regoTs: Outcome, source?: string): KnownIssue | undefined {
  return KNOWN_ISSUES.find((k) => k.matches(opa, regoTs, source));
}
