import { describe, expect, it } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('graph builtins', () => {
  pinned([
    ["graph.reachable({\"a\": [\"b\"], \"b\": [\"c\"], \"c\": [], \"d\": [\"a\"]}, [\"a\"])", "[\"a\",\"b\",\"c\"]"],
    ["graph.reachable({\"a\": {\"b\"}, \"b\": {\"a\"}}, {\"a\"})", "[\"a\",\"b\"]"],
    ["graph.reachable({\"a\": [\"b\"]}, \"a\")", "error: eval_type_error: graph.reachable: operand 2 must be {array, set} but got string"],
    ["graph.reachable_paths({\"a\": [\"b\", \"c\"], \"b\": [\"c\"], \"c\": []}, [\"a\"])", "[[\"a\",\"b\",\"c\"],[\"a\",\"c\"]]"],
    ["graph.reachable_paths({\"a\": [\"b\"], \"b\": [\"a\"]}, [\"a\"])", "[[\"a\",\"b\"]]"],
    ["graph.reachable_paths({\"a\": [\"x\"]}, [\"a\"])", "[[\"a\"]]"],
  ]);
});

describe('walk', () => {
  it('yields every [path, value] pair, root first, in Rego order', async () => {
    const { evalCall } = await import('./harness.js');
    // opa eval 'x := [[p, v] | walk({"a": [1, {"b": 2}], "c": {3}}, [p, v])]'
    expect(evalCall('walk({"a": [1, {"b": 2}], "c": {3}})')).toBe(
      '[[[],{"a":[1,{"b":2}],"c":[3]}],[["a"],[1,{"b":2}]],[["a",0],1],[["a",1],{"b":2}],[["a",1,"b"],2],[["c"],[3]],[["c",3],3]]',
    );
  });
});
