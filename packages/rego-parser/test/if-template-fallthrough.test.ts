/**
 * After `if`, OPA first tries one literal; when that fails it restores the state and skips the
 * token after `if` unconditionally (expecting `{`), then parses a body up to `}`. When that
 * token is a template-string part (`$"…{`), the abandoned template is never continued by OPA's
 * lazy scanner: the text after it is ordinary tokens. Outcomes below are opa v1.17.1's
 * (`opa parse --format json`).
 */
import { describe, expect, it } from 'vitest';
import { parseModule, toOpaJson } from '../src/index.js';
import { mod, showBody } from './helpers.js';

/** `row:col message` of each parse error. */
function errs(source: string): string[] {
  return parseModule(source, { regoVersion: 'v1', file: 't.rego' }).errors.map(
    (e) => `${e.location?.row}:${e.location?.col} ${e.message}`,
  );
}

const bodies = (source: string) => mod(source).rules.map((r) => showBody(r.body));

describe('a template-string part skipped after `if`', () => {
  it('is skipped, and the rest parses as a body (difftest seed 20261126)', () => {
    const src = 'package c1137\n\nr1 contains 0 if$" { some v1 in {{}, 0, 0}; v2 := 0 }\n\nr2 := 0 if { v3 := 0 }\n';
    const m = mod(src);
    expect(m.rules).toHaveLength(2);
    const body = toOpaJson(m).rules[0].body;
    expect(body).toHaveLength(2);
    expect(body[0].terms.symbols[0].value[0].value).toEqual([
      { type: 'var', value: 'internal' },
      { type: 'string', value: 'member_2' },
    ]);
    expect(bodies(src)[1]).toBe('assign(v3, 0)');
  });

  it('accepts what OPA accepts', () => {
    expect(bodies('package c\nr if $" { some x in [1]; x }\n')).toEqual(['some internal.member_2(x, [1]); x']);
    expect(bodies('package c\nr if $" { some x in [1]; x } # hi\n')).toEqual(['some internal.member_2(x, [1]); x']);
    expect(bodies('package c\nr if $"a{ x := 1 }\nq := "b"\n')).toEqual(['assign(x, 1)', 'true']);
    expect(bodies('package c\nr if $` {\n x := 1\n y := 2 }\nq := 1\n')).toEqual(['assign(x, 1); assign(y, 2)', 'true']);
    expect(bodies('package c\nr if $"{ x = 1 }\n')).toEqual(['eq(x, 1)']);
    expect(bodies('package c\nr if $"{ not x }\nx := 1\n')).toEqual(['not x', 'true']);
    expect(bodies('package c\nr if $"{ every x in [] { x } }\n')).toHaveLength(1);
    expect(bodies('package c\nr if $"{ x := "}" }\n')).toEqual(['assign(x, "}")']);
    expect(bodies('package c\nr if $"{ x := 1 } else := 2\n')).toEqual(['assign(x, 1)']);
    expect(bodies('package c\nf(x) if $"{ y := x }\n')).toEqual(['assign(y, x)']);
  });

  it('keeps comments after the abandoned template', () => {
    const m = mod('package c\nr if $"{ x := 1 # c1\n }\n# c2\n');
    expect(m.comments.map((c) => c.text)).toEqual([' c1', ' c2']);
  });

  it('rejects what OPA rejects, with the same errors', () => {
    expect(errs('package c\n\nr1 contains 0 if$"\n')).toEqual(['3:17 non-terminated string', '4:0 unexpected eof token']);
    // The `"` after the body starts an ordinary (unterminated) string.
    expect(errs('package c\n\nr if $" { some x in [1]; x } "\n')).toEqual(['3:30 non-terminated string']);
    expect(errs('package c\n\nr if $` { x := 1 }`\n')).toEqual(['3:19 non-terminated string']);
    expect(errs('package c\n\nr if $"{ x = 1 } "\n')).toEqual(['3:18 non-terminated string']);
    // Without the `if` backtrack the template error stands.
    expect(errs('package c\n\nr := $" { some x in [1] }\n')[0]).toBe("3:11 unexpected 'some' in template-string expression");
    expect(errs('package c\n\nr if { x := $" { some x in [1] } }\n')).toEqual([
      "3:18 unexpected 'some' in template-string expression",
    ]);
  });
});
