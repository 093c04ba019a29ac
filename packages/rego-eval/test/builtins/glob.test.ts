import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('glob builtins', () => {
  pinned([
    ["glob.match(\"*.example.com\", [\".\"], \"api.example.com\")", "true"],
    ["glob.match(\"*.example.com\", [\".\"], \"a.b.example.com\")", "false"],
    ["glob.match(\"**.example.com\", [\".\"], \"a.b.example.com\")", "true"],
    ["glob.match(\"*\", null, \"a.b/c\")", "true"],
    ["glob.match(\"*\", [], \"a.b\")", "false"],
    ["glob.match(\"a?c\", [], \"abc\")", "true"],
    ["glob.match(\"a?c\", [\"b\"], \"abc\")", "false"],
    ["glob.match(\"[a-c]x\", [], \"bx\")", "true"],
    ["glob.match(\"[!a-c]x\", [], \"dx\")", "true"],
    ["glob.match(\"[!a-c]x\", [], \"ax\")", "false"],
    ["glob.match(\"[abc]x\", [], \"cx\")", "true"],
    ["glob.match(\"[!abc]x\", [], \".x\")", "true"],
    ["glob.match(\"{a,b}*\", [], \"bzz\")", "true"],
    ["glob.match(\"{a,b{c,d}}\", [], \"bd\")", "true"],
    ["glob.match(\"{a,b\", [], \"a\")", "true"],
    ["glob.match(\"[a\", [], \"a\")", "error: eval_builtin_error: glob.match: unexpected end of input"],
    ["glob.match(\"[]\", [], \"a\")", "error: eval_builtin_error: glob.match: could not parse range"],
    ["glob.match(\"[z-a]\", [], \"a\")", "error: eval_builtin_error: glob.match: hi character 'a' should be greater than lo 'z'"],
    ["glob.match(\"a\\\\*b\", [], \"a*b\")", "true"],
    ["glob.match(\"a\\\\*b\", [], \"axb\")", "false"],
    ["glob.match(\"a,b}\", [], \"a,b}\")", "true"],
    ["glob.match(\"*/b\", [\"/\"], \"a/b\")", "true"],
    ["glob.match(\"*\", [\"ab\"], \"x\")", "error: eval_type_error: glob.match: operand 2 must be array of runes but got array containing string"],
    ["glob.match(\"*\", \"x\", \"x\")", "error: eval_type_error: glob.match: operand 2 must be one of {array, null} but got string"],
    ["glob.match(\"*\", [1], \"x\")", "error: eval_type_error: glob.match: operand 2 must be array of strings but got array containing number"],
    ["glob.match(\"é*\", [\".\"], \"éa\")", "true"],
    ["glob.match(\"?\", [], \"😀\")", "true"],
    ["glob.match(\"*.*\", [\".\", \"/\"], \"a.b\")", "true"],
    ["glob.quote_meta(\"*.a?[b]{c}\\\\\")", "\"\\\\*.a\\\\?\\\\[b\\\\]\\\\{c\\\\}\\\\\\\\\""],
  ]);
});
