import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('json builtins', () => {
  pinned([
    ["json.filter({\"a\": {\"b\": 1, \"c\": 2}, \"d\": [1, 2, 3]}, [\"a/b\", \"d/1\"])", "{\"a\":{\"b\":1},\"d\":[2]}"],
    ["json.filter({\"a\": {\"b\": 1, \"c\": 2}}, {[\"a\", \"c\"]})", "{\"a\":{\"c\":2}}"],
    ["json.filter({\"a\": 1}, \"a\")", "error: eval_type_error: json.filter: operand 2 must be one of {set, array} but got string"],
    ["json.filter({\"a\": 1}, [1])", "error: eval_type_error: json.filter: operand 2 must be one of {set, array} containing string paths or array of path segments but got number"],
    ["json.remove({\"a\": {\"b\": 1, \"c\": 2}, \"d\": [1, 2, 3]}, [\"a/b\", \"d/0\"])", "{\"a\":{\"c\":2},\"d\":[2,3]}"],
    ["json.remove({\"a\": {\"b\": 1}}, [\"a\"])", "{}"],
    ["json.remove({\"a/b\": 1, \"c\": 2}, [\"a~1b\"])", "{\"c\":2}"],
    ["json.patch({\"a\": 1}, [{\"op\": \"add\", \"path\": \"/b\", \"value\": 2}])", "{\"a\":1,\"b\":2}"],
    ["json.patch({\"a\": [1, 2]}, [{\"op\": \"add\", \"path\": \"/a/-\", \"value\": 3}, {\"op\": \"add\", \"path\": \"/a/0\", \"value\": 0}])", "{\"a\":[0,1,2,3]}"],
    ["json.patch({\"a\": 1, \"b\": 2}, [{\"op\": \"remove\", \"path\": \"/a\"}])", "{\"b\":2}"],
    ["json.patch({\"a\": 1}, [{\"op\": \"replace\", \"path\": \"/a\", \"value\": 5}])", "{\"a\":5}"],
    ["json.patch({\"a\": {\"x\": 1}}, [{\"op\": \"move\", \"from\": \"/a/x\", \"path\": \"/b\"}])", "{\"a\":{},\"b\":1}"],
    ["json.patch({\"a\": {\"x\": 1}}, [{\"op\": \"copy\", \"from\": \"/a\", \"path\": \"/b\"}])", "{\"a\":{\"x\":1},\"b\":{\"x\":1}}"],
    ["json.patch({\"a\": 1}, [{\"op\": \"test\", \"path\": \"/a\", \"value\": 1}])", "{\"a\":1}"],
    ["json.patch({\"a\": 1}, [{\"op\": \"test\", \"path\": \"/a\", \"value\": 2}])", "error: eval_builtin_error: json.patch: value from EditTree != patch value.\n\nExpected: 2\n\nFound: 1"],
    ["json.patch({\"a\": 1}, [{\"op\": \"remove\", \"path\": \"/x\"}])", "error: eval_builtin_error: json.patch: cannot delete child key \"x\" that does not exist"],
    ["json.patch({\"a\": 1}, [{\"op\": \"bogus\", \"path\": \"/x\"}])", "error: eval_builtin_error: json.patch: unrecognized op: 'bogus'"],
    ["json.patch({\"a\": [1]}, [{\"op\": \"add\", \"path\": \"/a/5\", \"value\": 1}])", "error: eval_builtin_error: json.patch: index for array insertion out of bounds"],
    ["json.patch({\"a\": [1]}, [{\"op\": \"add\", \"path\": \"/a/01\", \"value\": 1}])", "error: eval_builtin_error: json.patch: leading zeros are not allowed in JSON paths"],
    ["json.patch({\"a\": {1}}, [{\"op\": \"add\", \"path\": [\"a\", 2], \"value\": 2}])", "{\"a\":[1,2]}"],
    ["json.patch({\"a\": 1}, [{\"op\": \"add\", \"path\": \"\", \"value\": 2}])", "2"],
    ["json.patch({\"a\": 1}, [1])", "error: eval_builtin_error: json.patch: must be an array of JSON-Patch objects, but at least one element is not an object"],
    ["json.patch({\"a\": 1}, [{\"path\": \"/a\"}])", "error: eval_builtin_error: json.patch: missing required attribute 'op'"],
  ]);
});
