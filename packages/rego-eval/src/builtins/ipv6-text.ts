/**
 * Text of an IPv6 address from its eight 16-bit groups, as Go's net.IP.String writes it:
 * lower-case hex without leading zeros, and the longest run of two or more zero groups
 * (the first such run on ties) written as "::" (RFC 5952).
 */
export function ipv6GroupsText(g: readonly number[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (xs: readonly number[]) => xs.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return hex(g.slice(0, best)) + '::' + hex(g.slice(best + bestLen));
}
