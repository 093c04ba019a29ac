/** Gatekeeper's wildcard globs (`pkg/wildcard`): `*x*` contains, `*x` suffix, `x*` prefix, else exact. */
export function wildcardMatches(pattern: string, candidate: string): boolean {
  if (pattern.length > 1 && pattern.startsWith('*') && pattern.endsWith('*')) {
    return candidate.includes(pattern.slice(1, -1));
  }
  if (pattern.startsWith('*')) return candidate.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return candidate.startsWith(pattern.slice(0, -1));
  return pattern === candidate;
}

/**
 * `metadata.generateName` matching: only `x*` (prefix of the generated name's stem) and
 * `*x*` (contains) can match; `*x` never does, since the suffix is not yet known.
 */
export function generateNameMatches(pattern: string, generateName: string): boolean {
  if (!generateName) return false;
  if (pattern.length > 1 && pattern.startsWith('*') && pattern.endsWith('*')) {
    return generateName.includes(pattern.slice(1, -1));
  }
  if (pattern.endsWith('*') && !pattern.startsWith('*')) return generateName.startsWith(pattern.slice(0, -1));
  return false;
}
