import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('objects builtins', () => {
  pinned([
    ["object.get({\"a\": {\"b\": [1, {\"c\": null}]}}, [\"a\", \"b\", 1, \"c\"], \"d\")", "null"],
    ["object.get({\"a\": 1}, \"b\", 0)", "0"],
    ["object.get({\"a\": 1}, [], 0)", "{\"a\":1}"],
    ["object.get({\"a\": [1]}, [\"a\", \"0\"], \"d\")", "\"d\""],
    ["object.get({\"a\": {1, 2}}, [\"a\", 2], \"d\")", "2"],
    ["object.get({[1, 2]: \"x\"}, [[1, 2]], \"d\")", "\"x\""],
    ["object.get({1: \"x\"}, 1.0, \"d\")", "\"x\""],
    ["object.get(\"x\", \"a\", 0)", "error: eval_type_error: object.get: operand 1 must be object but got string"],
    ["object.get({\"a\": false}, \"a\", 0)", "false"],
    ["object.keys({\"a\": 1, 2: 3})", "[2,\"a\"]"],
    ["object.remove({\"a\": 1, \"b\": 2, \"c\": 3}, [\"a\", \"x\"])", "{\"b\":2,\"c\":3}"],
    ["object.remove({\"a\": 1, \"b\": 2}, {\"b\"})", "{\"a\":1}"],
    ["object.remove({\"a\": 1, \"b\": 2}, {\"b\": 0})", "{\"a\":1}"],
    ["object.remove({\"a\": 1}, \"a\")", "error: eval_type_error: object.remove: operand 2 must be one of {object, set, array} but got string"],
    ["object.filter({\"a\": 1, \"b\": 2, \"c\": 3}, [\"a\", \"c\"])", "{\"a\":1,\"c\":3}"],
    ["object.union({\"a\": {\"b\": 1, \"c\": 2}, \"d\": 1}, {\"a\": {\"b\": 3}, \"d\": {\"x\": 1}})", "{\"a\":{\"b\":3,\"c\":2},\"d\":{\"x\":1}}"],
    ["object.union({}, {\"a\": 1})", "{\"a\":1}"],
    ["object.union_n([{\"a\": {\"b\": 1}}, {\"a\": {\"c\": 2}}, {\"a\": 3}])", "{\"a\":3}"],
    ["object.union_n([{\"a\": 1}, 2])", "error: eval_type_error: object.union_n: operand 1 must be array of objects but got array containing number"],
    ["object.union_n([])", "{}"],
    ["object.subset({\"a\": {\"b\": [1, 2, 3]}, \"c\": 1}, {\"a\": {\"b\": [2, 3]}})", "true"],
    ["object.subset([1, 2, 3, 4], [2, 4])", "false"],
    ["object.subset([1, 2, 3, 4], [2, 3])", "true"],
    ["object.subset([1, 2, 3], {3, 1})", "true"],
    ["object.subset([1], set())", "true"],
    ["object.subset([], set())", "false"],
    ["object.subset({1, 2}, {1})", "true"],
    ["object.subset({\"a\": 1}, [1])", "error: eval_type_error: object.subset: both arguments object.subset must be of the same type or array and set"],
  ]);
});
