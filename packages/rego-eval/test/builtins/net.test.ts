import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('net builtins', () => {
  pinned([
    ["net.cidr_merge([\"1.2.3.4\"])", "[\"1.2.3.4/8\"]"],
    ["net.cidr_merge([\"192.0.128.0/24\", \"192.0.129.0/24\"])", "[\"192.0.128.0/23\"]"],
    ["net.cidr_merge([\"10.0.0.0/24\", \"10.0.0.5\", \"10.0.1.0/24\", \"2001:db8::/33\", \"2001:db8:8000::/33\"])", "[\"10.0.0.0/8\",\"2001:db8::/32\"]"],
    ["net.cidr_merge([\"1.2.3.0/25\", \"1.2.3.128/26\", \"1.2.3.192/27\"])", "[\"1.2.3.0/25\",\"1.2.3.128/26\",\"1.2.3.192/27\"]"],
    ["net.cidr_merge([\"1.2.3.4/24\"])", "[\"1.2.3.0/24\"]"],
    ["net.cidr_merge([\"::1\"])", "error: eval_builtin_error: net.cidr_merge: IPv6 invalid: needs prefix length"],
    ["net.cidr_merge([])", "[]"],
    ["net.cidr_merge([\"10.0.0.1/32\", \"10.0.0.2/32\", \"10.0.0.3/32\"])", "[\"10.0.0.1/32\",\"10.0.0.2/31\"]"],
    ["net.cidr_merge([\"2001:0db8:0000::/48\", \"::ffff:1.2.3.4/128\"])", "[\"1.2.3.4/32\",\"2001:db8::/48\"]"],
    ["net.cidr_merge([\"0.0.0.0/1\", \"128.0.0.0/1\"])", "[\"0.0.0.0/0\"]"],
    ["net.cidr_merge([\"10.0.0.0/8\", \"x\"])", "error: eval_builtin_error: net.cidr_merge: invalid CIDR address: x"],
    ["net.cidr_merge([1])", "error: eval_builtin_error: net.cidr_merge: element must be string"],
    ["net.cidr_expand(\"10.0.0.0/30\")", "[\"10.0.0.0\",\"10.0.0.1\",\"10.0.0.2\",\"10.0.0.3\"]"],
    ["net.cidr_expand(\"2001:db8::ff/127\")", "[\"2001:db8::fe\",\"2001:db8::ff\"]"],
    ["net.cidr_expand(\"1.2.3.4/32\")", "[\"1.2.3.4\"]"],
    ["net.cidr_contains(\"10.0.0.0/8\", \"10.1.2.3\")", "true"],
    ["net.cidr_contains(\"10.0.0.0/8\", \"10.1.0.0/16\")", "true"],
    ["net.cidr_contains(\"10.0.0.0/8\", \"9.0.0.0/7\")", "false"],
    ["net.cidr_contains(\"10.0.0.0/8\", \"::ffff:10.1.2.3\")", "true"],
    ["net.cidr_contains(\"::ffff:10.0.0.0/104\", \"10.1.2.3\")", "true"],
    ["net.cidr_contains(\"10.0.0.0/8\", \"x\")", "error: eval_builtin_error: net.cidr_contains: not a valid textual representation of an IP address or CIDR: x"],
    ["net.cidr_contains(\"x\", \"10.0.0.1\")", "error: eval_builtin_error: net.cidr_contains: invalid CIDR address: x"],
    ["net.cidr_contains(\"2001:db8::/32\", \"2001:DB8:0:0:0:0:0:1\")", "true"],
    ["net.cidr_contains(\"2001:db8::/32\", \"10.0.0.1\")", "false"],
    ["net.cidr_overlap(\"10.0.0.0/8\", \"10.1.2.3\")", "true"],
    ["net.cidr_intersects(\"10.0.0.0/8\", \"10.1.0.0/16\")", "true"],
    ["net.cidr_intersects(\"10.0.0.0/16\", \"10.1.0.0/16\")", "false"],
    ["net.cidr_is_valid(\"10.0.0.0/33\")", "false"],
    ["net.cidr_is_valid(\"010.0.0.0/8\")", "false"],
    ["net.cidr_is_valid(\"::/0\")", "true"],
    ["net.cidr_is_valid(\"1.2.3.4\")", "false"],
    ["net.cidr_contains_matches([\"10.0.0.0/8\", [\"192.168.0.0/16\", \"x\"]], {\"a\": \"10.1.1.1\", \"b\": [\"192.168.1.1\"]})", "[[0,\"a\"],[1,\"b\"]]"],
    ["net.cidr_contains_matches(\"1.0.0.0/8\", \"1.1.1.1\")", "[[\"1.0.0.0/8\",\"1.1.1.1\"]]"],
    ["net.cidr_contains_matches({\"1.0.0.0/8\"}, {\"x\": \"1.1.1.1\", \"y\": \"2.2.2.2\"})", "[[\"1.0.0.0/8\",\"x\"]]"],
    ["net.cidr_contains_matches([[]], \"1.1.1.1\")", "error: eval_builtin_error: net.cidr_contains_matches: operand 1: element must be string or non-empty array"],
  ]);
});
