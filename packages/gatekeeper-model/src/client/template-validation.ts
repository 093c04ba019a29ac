/**
 * AddTemplate's checks before the engine sees the template (upstream client.go AddTemplate,
 * getTargetName, validateTemplateMetadata, createCRD, driverForTemplate; spec §1.5 steps 1–8).
 * Only the first failing check is reported, as upstream.
 */
import { gkError } from '../errors.js';
import type { FieldPath } from '../model/shape.js';
import { REGO_ENGINE } from '../rego/driver.js';
import { constraintCRDErrors } from '../schema/constraint-schema.js';
import { aggregate } from '../schema/openapi.js';
import type { NormalizedTemplate } from '../template/normalize.js';
import { locateError, parseFieldPath } from '../yaml/locate.js';
import { TARGET_NAME } from './result.js';

/**
 * Throws the first problem of `t` (normalised from `input`). `replacing` is the template being
 * replaced when it has constraints (they pin its target).
 */
export function validateTemplate(input: unknown, t: NormalizedTemplate, replacing?: NormalizedTemplate): void {
  if (t.targets.length !== 1) throw gkError('gk_invalid_template', 'invalid ConstraintTemplate: must declare exactly one target');
  const target = t.targets[0]!;
  if (!target.target) throw gkError('gk_invalid_template', 'invalid ConstraintTemplate: target name must not be empty');
  const oldTarget = replacing?.targets[0]?.target;
  if (replacing && oldTarget !== target.target) {
    throw gkError(
      'gk_invalid_template',
      `ConstraintTemplates with Constraints may not change targets: old targets [${oldTarget}], new targets [${target.target}]`,
    );
  }
  if (!t.kind) throw gkError('gk_invalid_template', `invalid ConstraintTemplate: ConstraintTemplate "${t.name}" does not specify CRD Kind`);
  if (t.name.toLowerCase() !== t.kind.toLowerCase()) {
    throw gkError(
      'gk_invalid_template',
      `invalid ConstraintTemplate: the ConstraintTemplate's name "${t.name}" is not equal to the lowercase of CRD's Kind: "${t.kind.toLowerCase()}"`,
    );
  }
  if (target.target !== TARGET_NAME) {
    throw gkError('gk_invalid_template', `invalid ConstraintTemplate: target "${target.target}" not recognized, known targets [${TARGET_NAME}]`);
  }
  const crdErrors = constraintCRDErrors(t);
  if (crdErrors.length) {
    const err = gkError('gk_invalid_template', `invalid ConstraintTemplate: ${aggregate(crdErrors)}`);
    throw locateError(err, input, crdPathInTemplate(crdErrors[0]!.path));
  }
  if (!target.code.some((c) => c.engine === REGO_ENGINE)) {
    const engines = target.code.map((c) => c.engine);
    const unsupported = engines.length ? ` (engine not supported: ${engines.join(', ')}; rego-ts runs only Rego)` : '';
    throw gkError(
      'gk_no_driver',
      `no language driver is installed that handles this constraint template: available drivers: map[${REGO_ENGINE}:1], wanted ""${unsupported}`,
    );
  }
}

/** `spec.validation.openAPIV3Schema.properties[spec].properties[parameters].properties[a]` → template path. */
function crdPathInTemplate(path: string): FieldPath {
  const prefix = 'spec.validation.openAPIV3Schema.properties[spec].properties[parameters]';
  const base: FieldPath = ['spec', 'crd', 'spec', 'validation', 'openAPIV3Schema'];
  if (!path.startsWith(prefix)) return ['spec', 'crd', 'spec', 'names', 'kind'];
  const rest = path.slice(prefix.length).replace(/\.properties\[([^\]]*)\]/g, '.properties.$1');
  return [...base, ...parseFieldPath(rest)];
}
