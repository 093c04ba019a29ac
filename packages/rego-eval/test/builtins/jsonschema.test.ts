import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('json schema builtins', () => {
  pinned([
    ["json.match_schema({\"id\": \"x\", \"extra\": 1, \"n\": 1.5, \"tags\": [\"a\", \"a\"]}, {\"type\": \"object\", \"required\": [\"id\", \"name\"], \"additionalProperties\": false, \"properties\": {\"id\": {\"type\": \"integer\"}, \"n\": {\"type\": \"integer\", \"minimum\": 2}, \"tags\": {\"type\": \"array\", \"uniqueItems\": true, \"maxItems\": 1}}})", "[false,[{\"desc\":\"name is required\",\"error\":\"(Root): name is required\",\"field\":\"(Root)\",\"type\":\"required\"},{\"desc\":\"Additional property extra is not allowed\",\"error\":\"(Root): Additional property extra is not allowed\",\"field\":\"(Root)\",\"type\":\"additional_property_not_allowed\"},{\"desc\":\"Invalid type. Expected: integer, given: string\",\"error\":\"id: Invalid type. Expected: integer, given: string\",\"field\":\"id\",\"type\":\"invalid_type\"},{\"desc\":\"Invalid type. Expected: integer, given: number\",\"error\":\"n: Invalid type. Expected: integer, given: number\",\"field\":\"n\",\"type\":\"invalid_type\"},{\"desc\":\"Array must have at most 1 items\",\"error\":\"tags: Array must have at most 1 items\",\"field\":\"tags\",\"type\":\"array_max_items\"},{\"desc\":\"array items[0,1] must be unique\",\"error\":\"tags: array items[0,1] must be unique\",\"field\":\"tags\",\"type\":\"unique\"}]]"],
    ["json.match_schema(\"{\\\"a\\\": \\\"toolong\\\"}\", \"{\\\"properties\\\": {\\\"a\\\": {\\\"type\\\": \\\"string\\\", \\\"maxLength\\\": 3, \\\"pattern\\\": \\\"^x\\\"}}}\")", "[false,[{\"desc\":\"String length must be less than or equal to 3\",\"error\":\"a: String length must be less than or equal to 3\",\"field\":\"a\",\"type\":\"string_lte\"},{\"desc\":\"Does not match pattern '^x'\",\"error\":\"a: Does not match pattern '^x'\",\"field\":\"a\",\"type\":\"pattern\"}]]"],
    ["json.match_schema(5, {\"enum\": [1, 2], \"maximum\": 3})", "error: eval_builtin_error: json.match_schema: wrong type, expected string or object"],
    ["json.match_schema([1, \"a\"], {\"items\": {\"type\": \"integer\"}})", "[false,[{\"desc\":\"Invalid type. Expected: integer, given: string\",\"error\":\"1: Invalid type. Expected: integer, given: string\",\"field\":\"1\",\"type\":\"invalid_type\"}]]"],
    ["json.match_schema({\"a\": 1}, {\"anyOf\": [{\"required\": [\"b\"]}, {\"required\": [\"c\"]}]})", "[false,[{\"desc\":\"Must validate at least one schema (anyOf)\",\"error\":\"(Root): Must validate at least one schema (anyOf)\",\"field\":\"(Root)\",\"type\":\"number_any_of\"},{\"desc\":\"b is required\",\"error\":\"(Root): b is required\",\"field\":\"(Root)\",\"type\":\"required\"}]]"],
    ["json.match_schema({\"a\": 1}, {\"not\": {\"required\": [\"a\"]}})", "[false,[{\"desc\":\"Must not validate the schema (not)\",\"error\":\"(Root): Must not validate the schema (not)\",\"field\":\"(Root)\",\"type\":\"number_not\"}]]"],
    ["json.match_schema(1, false)", "error: eval_builtin_error: json.match_schema: wrong type, expected string or object"],
    ["json.verify_schema(\"{\")", "[false,\"jsonschema: invalid JSON string\"]"],
    ["json.verify_schema({\"type\": [\"string\", \"bogus\"]})", "[false,\"jsonschema: has a primitive type that is NOT VALID -- given: /bogus/ Expected valid values are:[array boolean integer number null object string]\"]"],
    ["json.verify_schema(1)", "[false,\"jsonschema: wrong type, expected string or object\"]"],
  ]);
});
