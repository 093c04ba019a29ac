/**
 * JSON text as Go's encoding/json writes it with two-space indentation (what opa prints):
 * `<`, `>`, `&`, U+2028 and U+2029 escaped as \u00XX / \u20XX, other control characters as
 * \u00XX, lone surrogates replaced, and numbers that keep their literal spelling.
 */

/** A number printed with its literal text (`1.0e3` stays `1.0e3`). */
export class RawNumber {
  constructor(readonly text: string) {}
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

export function goQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) out += `\\u${hex4(c)}`;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + s[i + 1];
        i++;
      } else out += '\ufffd';
    } else if (c >= 0xdc00 && c <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return out + '"';
}

export function goJSON(value: unknown, indent = '  '): string {
  const write = (v: unknown, pad: string): string => {
    if (v instanceof RawNumber) return v.text;
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return goQuote(v);
    if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    if (typeof v === 'boolean') return String(v);
    const inner = pad + indent;
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[\n${v.map((x) => inner + write(x, inner)).join(',\n')}\n${pad}]`;
    }
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${inner}${goQuote(k)}: ${write(x, inner)}`).join(',\n')}\n${pad}}`;
  };
  return write(value, '');
}
