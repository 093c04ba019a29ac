// Gatekeeper-library workloads (S7, S9) and the seed (examples/medstack): loads templates,
// constraints and review objects the way `gator bench` splits its inputs, builds rego-ts
// clients, and derives a plain-OPA wrapper policy per template for `opa bench` / opa-wasm.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  Client,
  GATOR_EP,
  decodeConstraintTemplate,
  extractRegoSource,
  isConstraintObject,
  isConstraintTemplateObject,
  normalizeTemplate,
  reviewFromObject,
  reviewMatches,
} from '@rego-ts/gatekeeper-model';
import { loadPaths } from '@rego-ts/gatekeeper-model/node';

export function findLibrary() {
  const p = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'corpus', 'gatekeeper-library', 'library');
  return existsSync(p) ? p : undefined;
}

/** Every `general/*` template folder: its template.yaml and samples/ (the files gator gets). */
export function libraryTemplates(lib = findLibrary()) {
  const general = join(lib, 'general');
  return readdirSync(general)
    .sort()
    .filter((d) => existsSync(join(general, d, 'template.yaml')) && existsSync(join(general, d, 'samples')))
    .map((d) => ({ name: d, files: [join(general, d, 'template.yaml'), join(general, d, 'samples')] }));
}

export const SEED_DIR = join(import.meta.dirname, '..', '..', '..', 'examples', 'medstack');
export const seedFiles = () => [join(SEED_DIR, 'policy'), join(SEED_DIR, 'objects')];

/** Splits documents as gator bench does: templates, constraints, everything else. */
export function loadSet(files) {
  const set = { templates: [], constraints: [], objects: [] };
  for (const doc of loadPaths(files)) {
    const v = doc.value;
    if (v === null || typeof v !== 'object') continue;
    if (isConstraintTemplateObject(v)) set.templates.push(v);
    else if (isConstraintObject(v)) set.constraints.push(v);
    else set.objects.push(v);
  }
  return set;
}

/** Client with gator bench's setup: templates, constraints, review objects as data. */
export function makeClient(set, { data = true } = {}) {
  const client = new Client();
  for (const t of set.templates) client.addTemplate(t);
  for (const c of set.constraints) client.addConstraint(c);
  if (data) for (const o of set.objects) client.addData(o);
  return client;
}

/**
 * One review as gator bench does it: plain object (an AdmissionReview document too, which
 * `client.review` would unwrap), source Original, EP gator, no Namespace.
 */
export const reviewOnce = (client, obj) => client.reviewPrepared(reviewFromObject(obj, { source: 'Original', namespaceObject: null }), [GATOR_EP]);

export function violationsPerPass(client, objects) {
  let n = 0;
  for (const o of objects) n += reviewOnce(client, o).results.length;
  return n;
}

/**
 * Plain-OPA form of one template: its Rego (+ libs), data.inventory from the review objects,
 * and an input listing every matched (object, constraint) pair; `data.bench.results` evaluates
 * `violation` once per pair. Both OPA and rego-ts run this same policy.
 */
export function templateWrapper(name, set, client) {
  const t = set.templates[0];
  const target = normalizeTemplate(decodeConstraintTemplate(t)).targets[0];
  const src = extractRegoSource(target.code);
  const pkg = /^\s*package\s+([\w.]+)/m.exec(src.rego)?.[1];
  const cases = [];
  for (const obj of set.objects) {
    const review = reviewFromObject(obj, { source: 'Original', namespaceObject: null });
    for (const c of set.constraints) {
      let ok = false;
      try {
        ok = reviewMatches(c.spec?.match, review, () => undefined);
      } catch {
        ok = false;
      }
      if (ok) cases.push({ review: review.request, parameters: c.spec?.parameters ?? {} });
    }
  }
  const wrapper = `package bench\n\nresults = [count(v) | r := input.cases[_]; v := data.${pkg}.violation with input as r]\n`;
  const modules = [
    { file: 'template.rego', source: src.rego },
    ...src.libs.map((l, i) => ({ file: `lib${i}.rego`, source: l })),
    { file: 'bench.rego', source: wrapper },
  ];
  return {
    id: `S7 ${name} (Rego only)`,
    group: 'S7-rego',
    modules,
    regoVersion: src.version === 'v1' ? 'v1' : 'v0',
    data: { inventory: client.inventory?.root ?? {} },
    query: 'data.bench.results',
    input: { cases },
  };
}
