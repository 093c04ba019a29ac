/** The default builtin set: every OPA builtin implemented here, by family. */
import { aggregateBuiltins } from './aggregates.js';
import type { BuiltinDef } from './contract.js';
import { jsonSchemaBuiltins } from './jsonschema.js';
import { globsMatchBuiltins } from './globsmatch.js';
import { awsBuiltins } from './aws.js';
import { x509Builtins } from './x509.js';
import { graphqlBuiltins } from './graphql.js';
import { uriBuiltins } from './uri.js';
import { runtimeBuiltins } from './runtime.js';
import { jwtBuiltins } from './jwt.js';
import { cryptoBuiltins } from './crypto.js';
import { netBuiltins } from './net.js';
import { uuidBuiltins } from './uuid.js';
import { semverBuiltins } from './semver.js';
import { bitsBuiltins } from './bits.js';
import { graphBuiltins } from './graph.js';
import { timeBuiltins } from './time.js';
import { debugBuiltins } from './debug.js';
import { deprecatedBuiltins } from './deprecated.js';
import { castBuiltins } from './casts.js';
import { encodingBuiltins } from './encoding.js';
import { jsonBuiltins } from './json.js';
import { objectBuiltins } from './objects.js';
import { setBuiltins } from './sets.js';
import { arrayBuiltins } from './arrays.js';
import { globBuiltins } from './glob.js';
import { numberBuiltins } from './numbers.js';
import { operatorBuiltins } from './operators.js';
import { regexBuiltins } from './regex.js';
import { unitBuiltins } from './units.js';
import { defineBuiltins } from './registry.js';
import { sprintfBuiltins } from './sprintf.js';
import { stringBuiltins } from './strings.js';
import { typeBuiltins } from './typefns.js';

let cached: Map<string, BuiltinDef> | undefined;

/** name → definition for all builtins (a fresh Map; the definitions are shared). */
export function defaultBuiltins(): Map<string, BuiltinDef> {
  return new Map(sharedDefaultBuiltins());
}

/** The same map, shared: callers must not change it. */
export function sharedDefaultBuiltins(): ReadonlyMap<string, BuiltinDef> {
  cached ??= defineBuiltins([
    operatorBuiltins,
    aggregateBuiltins,
    typeBuiltins,
    stringBuiltins,
    sprintfBuiltins,
    regexBuiltins,
    globBuiltins,
    numberBuiltins,
    unitBuiltins,
    timeBuiltins,
    jsonSchemaBuiltins,
    globsMatchBuiltins,
    awsBuiltins,
    x509Builtins,
    graphqlBuiltins,
    uriBuiltins,
    runtimeBuiltins,
    cryptoBuiltins,
    jwtBuiltins,
    graphBuiltins,
    bitsBuiltins,
    semverBuiltins,
    uuidBuiltins,
    netBuiltins,
    arrayBuiltins,
    setBuiltins,
    objectBuiltins,
    jsonBuiltins,
    encodingBuiltins,
    castBuiltins,
    deprecatedBuiltins,
    debugBuiltins,
  ]);
  return cached;
}
