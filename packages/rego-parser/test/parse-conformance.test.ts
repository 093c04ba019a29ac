/**
 * Parse conformance: every module, query and input term of OPA's YAML suite must be accepted
 * unless the case expects a rego_parse_error; every Rego text of gatekeeper-library must parse
 * as v0.
 */
import { describe, expect, it } from 'vitest';
import { parseModule, parseQuery, parseTerm } from '../src/index.js';
import { findSuite, findGatekeeperLibrary, SKIP_NO_SUITE, SKIP_NO_CORPUS } from '../../../test-support/peers.js';
import { loadSuiteCases, loadTemplateRego } from './suite-cases.js';

const suite = findSuite();
const library = findGatekeeperLibrary();

describe('OPA conformance suite: parsing', () => {
  it.skipIf(!suite)(`accepts every module and query OPA accepts${suite ? '' : ` (${SKIP_NO_SUITE})`}`, () => {
    const cases = loadSuiteCases(suite!);
    const failures: string[] = [];
    let modules = 0;
    let queries = 0;
    let terms = 0;
    let expectedRejected = 0;
    let expectedParseErrors = 0;
    for (const c of cases) {
      const errs: string[] = [];
      for (const [i, m] of c.modules.entries()) {
        modules++;
        const r = parseModule(m, { file: `module${i}.rego`, regoVersion: c.version });
        if (!r.module) errs.push(...r.errors.map((e) => `module ${i}: ${e.format()}`));
      }
      if (c.query !== undefined) {
        queries++;
        const r = parseQuery(c.query, { regoVersion: 'v1' });
        if (!r.body) errs.push(...r.errors.map((e) => `query: ${e.format()}`));
      }
      if (c.inputTerm !== undefined) {
        terms++;
        const r = parseTerm(c.inputTerm);
        if (!r.term) errs.push(...r.errors.map((e) => `input_term: ${e.format()}`));
      }
      if (c.wantsParseError) {
        expectedParseErrors++;
        if (errs.length > 0) expectedRejected++;
      } else if (errs.length > 0) failures.push(`${c.file} [${c.note}]\n  ${errs.join('\n  ')}`);
    }
    console.log(
      `suite: ${cases.length} cases, ${modules} modules, ${queries} queries, ${terms} input terms; ` +
        `${failures.length} wrongly rejected; ${expectedParseErrors} cases expect a rego_parse_error (${expectedRejected} rejected at parse time; the rest raise it from rego.parse_module during evaluation)`,
    );
    expect(failures).toEqual([]);
  });
});

describe('gatekeeper-library: parsing', () => {
  it.skipIf(!library)(`parses every template's Rego as v0${library ? '' : ` (${SKIP_NO_CORPUS})`}`, () => {
    const texts = loadTemplateRego(library!);
    const failures: string[] = [];
    for (const t of texts) {
      const r = parseModule(t.rego, { file: `${t.file}#${t.what}`, regoVersion: 'v0' });
      if (!r.module) failures.push(r.errors.map((e) => e.format()).join('\n'));
    }
    console.log(`gatekeeper-library: ${texts.length} Rego texts parsed, ${failures.length} failures`);
    expect(texts.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});
