/** Helpers over the Rego AST (the walker itself is the parser's `walkModule`). */
import type { Term } from '@rego-ts/rego-parser';

/** `data.a.b["c d"][x]` — the textual form of a ref (for messages). */
export function refText(terms: Term[]): string {
  let out = '';
  terms.forEach((t, i) => {
    if (i === 0) out += t.type === 'var' ? t.value : `<${t.type}>`;
    else if (t.type === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.value)) out += `.${t.value}`;
    else if (t.type === 'string') out += `[${JSON.stringify(t.value)}]`;
    else if (t.type === 'var') out += `[${t.value}]`;
    else if (t.type === 'number') out += `[${t.value}]`;
    else out += `[<${t.type}>]`;
  });
  return out;
}
