/**
 * `--max-input-nodes` before parsing: the values of a JSON text (the document, every element
 * and object value) counted from its punctuation, so an oversized input is refused without
 * building it. For JSON, values = 1 + commas + non-empty containers, outside strings.
 */

/**
 * Whether the JSON `text` holds more than `max` values. Undefined when the text is not plain
 * JSON as far as the scan can tell (YAML input: comments, single quotes, no leading bracket);
 * the evaluator's own count applies to those after parsing.
 */
export function jsonValuesExceed(text: string, max: number): boolean | undefined {
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  const first = text[i];
  if (first !== '{' && first !== '[') return undefined;
  let count = 1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x2c /* , */) count++;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      let j = i + 1;
      while (j < text.length && isSpace(text.charCodeAt(j))) j++;
      const e = text.charCodeAt(j);
      if (e !== 0x5d /* ] */ && e !== 0x7d /* } */) count++;
    } else if (c === 0x23 /* # */ || c === 0x27 /* ' */) return undefined;
  }
  // Decided only after the whole scan: a YAML comment or quote later on makes the count moot.
  return count > max;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
