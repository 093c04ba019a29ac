/**
 * The characters and escapes go-yaml (gator's YAML reader) refuses, which the yaml package
 * would accept: control characters anywhere in the text, and escapes of UTF-16 surrogates in
 * double-quoted scalars (`"\ud800"`, even a pair). Kubernetes' JSON decoder (gator test's for
 * JSON documents) instead turns unpaired surrogate escapes into U+FFFD. Browser-safe.
 */

/** Characters outside go-yaml's allowed set (tab, LF, CR, printable ASCII, NEL, U+00A0 on, no U+FFFE/U+FFFF) and unpaired surrogates. */
const BAD_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A `\uD800`–`\uDFFF` (or `\U0000D800`…) escape after an even number of backslashes. */
const SURROGATE_ESCAPE = /(?<!\\)(?:\\\\)*\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}/;

/** go-yaml's reader error for the first refused character of `text`, with its offset. */
export function badCharacter(text: string): { offset: number; message: string } | undefined {
  const m = BAD_CHAR.exec(text);
  if (!m) return undefined;
  const c = m[0].charCodeAt(0);
  return { offset: m.index, message: c >= 0xd800 && c <= 0xdfff ? 'invalid Unicode character' : 'control characters are not allowed' };
}

/** Offsets (of the backslash) of surrogate escapes in `text[start, end)`, first only. */
export function surrogateEscape(text: string, start = 0, end = text.length): number | undefined {
  const m = SURROGATE_ESCAPE.exec(start === 0 && end === text.length ? text : text.slice(start, end));
  return m ? start + m.index + m[0].lastIndexOf('\\') : undefined;
}

/** go-yaml's message for a surrogate escape. */
export const SURROGATE_ESCAPE_MESSAGE = 'found invalid Unicode character escape code';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
const SURROGATE_ESCAPE_ANY = /\\u[dD][89a-fA-F]/;

/**
 * A JSON value with its unpaired surrogates (from `\ud800` escapes) replaced by U+FFFD, as
 * Go's encoding/json decodes them. `text` is the JSON it was parsed from: without surrogate
 * escapes there is nothing to replace and `value` is returned as is.
 */
export function goJSONStrings(value: unknown, text: string): unknown {
  if (!SURROGATE_ESCAPE_ANY.test(text)) return value;
  const fix = (s: string): string => s.replace(LONE_SURROGATES, '\uFFFD');
  // Iterative: the value may be nested far deeper than the JS stack allows.
  const root: { v: unknown } = { v: value };
  const stack: Array<[Record<string, unknown> | unknown[], string | number]> = [[root as Record<string, unknown>, 'v']];
  while (stack.length) {
    const [holder, key] = stack.pop()!;
    const v = (holder as Record<string | number, unknown>)[key];
    if (typeof v === 'string') (holder as Record<string | number, unknown>)[key] = fix(v);
    else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) stack.push([v, i]);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.some((k) => LONE_SURROGATE.test(k))) {
        // Rebuild with the fixed keys (in order); defineProperty keeps `__proto__` a plain key.
        const copy: Record<string, unknown> = {};
        for (const k of keys) Object.defineProperty(copy, fix(k), { value: o[k], enumerable: true, writable: true, configurable: true });
        (holder as Record<string | number, unknown>)[key] = copy;
        for (const k of Object.keys(copy)) stack.push([copy, k]);
      } else for (const k of keys) stack.push([o, k]);
    }
  }
  return root.v;
}
