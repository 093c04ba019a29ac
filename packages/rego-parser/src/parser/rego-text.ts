/** Rego text of terms and bodies as OPA prints them in error messages (`data.a["if"]`, `_`). */
import type { Term } from '../ast/terms.js';
import type { Body } from '../ast/expr.js';
import { KEYWORDS_V1 } from '../lexer/tokens.js';

/** A term as OPA's `Term.String()` prints it (also used for messages of the compiler). */
export function termString(t: Term): string {
  switch (t.type) {
    case 'var':
      return t.value.startsWith('$') ? '_' : t.value; // OPA prints wildcards as `_`
    case 'string':
      return JSON.stringify(t.value);
    case 'number':
      return t.value;
    case 'boolean':
      return String(t.value);
    case 'null':
      return 'null';
    case 'ref': {
      let out = '';
      t.value.forEach((p, i) => {
        if (i === 0) out = termString(p);
        else if (p.type === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.value) && !KEYWORDS_V1.has(p.value)) {
          out += '.' + p.value;
        } else out += `[${termString(p)}]`;
      });
      return out;
    }
    case 'call':
      return `${termString(t.value[0]!)}(${t.value.slice(1).map(termString).join(', ')})`;
    case 'array':
      return `[${t.value.map(termString).join(', ')}]`;
    case 'set':
      return t.value.length === 0 ? 'set()' : `{${t.value.map(termString).join(', ')}}`;
    case 'object':
      return `{${t.value.map(([k, v]) => `${termString(k)}: ${termString(v)}`).join(', ')}}`;
    case 'arraycomprehension':
      return `[${termString(t.value.term)} | ${bodyString(t.value.body)}]`;
    case 'setcomprehension':
      return `{${termString(t.value.term)} | ${bodyString(t.value.body)}}`;
    case 'objectcomprehension':
      return `{${termString(t.value.key)}: ${termString(t.value.value)} | ${bodyString(t.value.body)}}`;
    case 'templatestring':
      return `$"${t.value.parts.map((p) => (p.type === 'string' ? p.value : `{${termString(p.term)}}`)).join('')}"`;
  }
}

function bodyString(b: Body): string {
  return b
    .map((e) => {
      const t = e.terms;
      let out: string;
      switch (t.type) {
        case 'term':
          out = termString(t.term);
          break;
        case 'call':
          out = `${termString(t.operator)}(${t.args.map(termString).join(', ')})`;
          break;
        case 'some':
          out = `some ${t.symbols.map(termString).join(', ')}`;
          break;
        case 'every':
          out = `every ${t.key ? `${termString(t.key)}, ` : ''}${termString(t.value)} in ${termString(t.domain)} { ${bodyString(t.body)} }`;
          break;
        case 'not':
          out = `not { ${bodyString(t.body)} }`;
          break;
      }
      if (e.negated) out = `not ${out}`;
      for (const w of e.with) out += ` with ${termString(w.target)} as ${termString(w.value)}`;
      return out;
    })
    .join('; ');
}
