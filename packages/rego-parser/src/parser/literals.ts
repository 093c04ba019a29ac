/** Decoding and validation of number, string and template-string literals (as OPA does). */

/**
 * OPA rejects numbers whose binary exponent exceeds ±1e5 (`number too big`); that is a
 * decimal magnitude of about ±30103. Returns false for such literals.
 */
export function numberWithinLimits(text: string): boolean {
  let s = text;
  if (s.startsWith('-')) s = s.slice(1);
  let exp = 0;
  const e = s.search(/[eE]/);
  if (e >= 0) {
    const expText = s.slice(e + 1);
    // Huge exponents: compare digit counts before converting.
    const digits = expText.replace(/^[+-]/, '').replace(/^0+/, '');
    if (digits.length > 7) return /^0*$/.test(s.slice(0, e).replace('.', ''));
    exp = Number(expText);
    s = s.slice(0, e);
  }
  const dot = s.indexOf('.');
  const intPart = dot >= 0 ? s.slice(0, dot) : s;
  const fracPart = dot >= 0 ? s.slice(dot + 1) : '';
  const intSig = intPart.replace(/^0+/, '');
  let mag: number;
  if (intSig.length > 0) mag = intSig.length;
  else {
    const lead = fracPart.match(/^0*/)![0].length;
    if (lead === fracPart.length) return true; // zero
    mag = -lead;
  }
  const bin = (mag + exp) * Math.log2(10);
  return Math.abs(bin) <= 1e5;
}

/** Unpaired surrogates (only `\uD800`-style escapes can produce them in source text). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Go decodes an unpaired surrogate escape as U+FFFD (a pair as the one character it encodes). */
function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/** Unescapes a double-quoted literal (with its quotes) by JSON rules; undefined if invalid. */
export function unquoteString(lit: string): string | undefined {
  const inner = lit.slice(1, -1);
  if (!inner.includes('\\')) return inner;
  try {
    const v: unknown = JSON.parse(lit);
    return typeof v === 'string' ? wellFormed(v) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The text of a template-string part literal (`"ab{`, `}cd"`, raw `` `ab{ ``): delimiters
 * stripped, `\{` unescaped, and for the quoted form JSON escapes decoded.
 */
export function templatePartText(lit: string, raw: boolean): string | undefined {
  let inner = lit.slice(1, -1);
  if (raw) return inner.replace(/\\\{/g, '{');
  if (!inner.includes('\\')) return inner;
  // Remove the backslash of `\{` (the scanner's removeEscapes), keeping `\\{` intact.
  inner = inner.replace(/\\(.)/gs, (m, c: string) => (c === '{' ? '{' : m));
  try {
    const v: unknown = JSON.parse(`"${inner}"`);
    return typeof v === 'string' ? wellFormed(v) : undefined;
  } catch {
    return undefined;
  }
}
