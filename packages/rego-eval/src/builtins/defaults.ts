/** The default builtin set: every OPA builtin implemented here, by family. */
import { aggregateBuiltins } from './aggregates.js';
import type { BuiltinDef } from './contract.js';
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
  ]);
  return new Map(cached);
}
