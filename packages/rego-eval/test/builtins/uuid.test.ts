import { describe } from 'vitest';
import { pinned } from './harness.js';

// Expected outputs pinned from `opa eval --strict-builtin-errors` v1.17.1
// (scripts/pin-builtin-cases.mjs).
describe('uuid builtins', () => {
  pinned([
    ["uuid.parse(\"4d6e3a2a-1f52-11ee-be56-0242ac120002\")", "{\"clocksequence\":15958,\"macvariables\":\"local:unicast\",\"nodeid\":\"02-42-ac-12-00-02\",\"time\":1689014884191287400,\"variant\":\"RFC4122\",\"version\":1}"],
    ["uuid.parse(\"{4D6E3A2A-1F52-11EE-BE56-0242AC120002}\")", "{\"clocksequence\":15958,\"macvariables\":\"local:unicast\",\"nodeid\":\"02-42-ac-12-00-02\",\"time\":1689014884191287400,\"variant\":\"RFC4122\",\"version\":1}"],
    ["uuid.parse(\"urn:uuid:000003e8-1f52-21ee-be00-0242ac120002\")", "{\"clocksequence\":15872,\"domain\":\"Person\",\"id\":1000,\"macvariables\":\"local:unicast\",\"nodeid\":\"02-42-ac-12-00-02\",\"time\":1689014754284439200,\"variant\":\"RFC4122\",\"version\":2}"],
    ["uuid.parse(\"4d6e3a2a1f5211eebe560242ac120002\")", "{\"clocksequence\":15958,\"macvariables\":\"local:unicast\",\"nodeid\":\"02-42-ac-12-00-02\",\"time\":1689014884191287400,\"variant\":\"RFC4122\",\"version\":1}"],
    ["uuid.parse(\"f47ac10b-58cc-4372-a567-0e02b2c3d479\")", "{\"variant\":\"RFC4122\",\"version\":4}"],
    ["uuid.parse(\"not-a-uuid\")", "undefined"],
  ]);
});
