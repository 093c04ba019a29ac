/**
 * Go's `filepath.Match` for a single name (opa's `--ignore` patterns): `*` any run of
 * characters, `?` one character, `[a-z]` / `[^a-z]` classes, `\` escapes the next character.
 * A malformed pattern matches nothing, as Go returns ErrBadPattern.
 */
export function nameGlob(pattern: string): (name: string) => boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      if (i + 1 >= pattern.length) return () => false;
      re += escape(pattern[++i]!);
    } else if (c === '[') {
      let j = i + 1;
      let cls = '';
      if (pattern[j] === '^') {
        cls += '^';
        j++;
      }
      let closed = false;
      let first = true;
      for (; j < pattern.length; j++) {
        const d = pattern[j]!;
        if (d === ']' && !first) {
          closed = true;
          break;
        }
        first = false;
        if (d === '\\') {
          if (j + 1 >= pattern.length) return () => false;
          cls += escape(pattern[++j]!);
        } else if (d === '-') cls += '-';
        else cls += escape(d);
      }
      if (!closed) return () => false;
      re += `[${cls}]`;
      i = j;
    } else re += escape(c);
  }
  let compiled: RegExp;
  try {
    compiled = new RegExp(`^${re}$`, 'su');
  } catch {
    return () => false;
  }
  return (name) => compiled.test(name);
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
