/** Go (RE2) regular expressions, as gator uses for `message` assertions and `--run` filters. */
import { RE2JS } from 're2js';
import { gkError } from '../errors.js';

export interface GoRegexp {
  /** Unanchored search (Go's `MatchString`). */
  test(s: string): boolean;
}

/** Compiles `pattern` with RE2 syntax; throws a `gk_usage_error` with the parser's message. */
export function compileGoRegexp(pattern: string): GoRegexp {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    throw gkError('gk_usage_error', e instanceof Error ? e.message : String(e));
  }
  return { test: (s) => re.matcher(s).find() };
}
