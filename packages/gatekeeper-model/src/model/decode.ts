/**
 * Runtime validation of decoded documents into the typed model. Errors are located
 * (file, document index, line/column, field path) when the input came from text.
 */
import { SourceDocument, memoryDocument } from '../yaml/documents.js';
import { checkShape, isPlainRecord, type Shape } from './shape.js';
import { constraintShape, constraintTemplateShape, admissionReviewShape, suiteShape } from './shapes.js';
import { parseGroupVersion } from './gvk.js';
import type { AdmissionReview, Constraint, ConstraintTemplate, Suite } from './types.js';

export const TEMPLATE_GROUP = 'templates.gatekeeper.sh';
export const TEMPLATE_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'] as const;
export const CONSTRAINT_GROUP = 'constraints.gatekeeper.sh';
export const SUITE_GROUP = 'test.gatekeeper.sh';
export const ADMISSION_GROUP = 'admission.k8s.io';

function asDoc(input: unknown): SourceDocument {
  return input instanceof SourceDocument ? input : memoryDocument(input);
}

function requireObject(doc: SourceDocument, what: string): Record<string, unknown> {
  if (!isPlainRecord(doc.value)) throw doc.error('gk_invalid_object', [], `${what} must be an object`);
  return doc.value;
}

/** `obj` once its fields have the shape's types (else the located field errors). */
function checked<T>(doc: SourceDocument, obj: Record<string, unknown>, shape: Shape): T {
  const errors = checkShape(obj, shape);
  if (errors.length) throw doc.fieldErrors('gk_invalid_object', errors);
  return obj as unknown as T;
}

function decodeShaped<T>(input: unknown, what: string, shape: Shape): T {
  const doc = asDoc(input);
  return checked<T>(doc, requireObject(doc, what), shape);
}

export function isConstraintTemplateObject(obj: unknown): boolean {
  if (!isPlainRecord(obj) || obj.kind !== 'ConstraintTemplate' || typeof obj.apiVersion !== 'string') return false;
  return parseGroupVersion(obj.apiVersion)?.group === TEMPLATE_GROUP;
}

export function isConstraintObject(obj: unknown): boolean {
  if (!isPlainRecord(obj) || typeof obj.apiVersion !== 'string') return false;
  return parseGroupVersion(obj.apiVersion)?.group === CONSTRAINT_GROUP;
}

export function isAdmissionReviewObject(obj: unknown): boolean {
  if (!isPlainRecord(obj) || obj.kind !== 'AdmissionReview' || typeof obj.apiVersion !== 'string') return false;
  return parseGroupVersion(obj.apiVersion)?.group === ADMISSION_GROUP;
}

/** Validates a ConstraintTemplate (v1, v1beta1, v1alpha1). Unknown fields are ignored, as upstream. */
export function decodeConstraintTemplate(input: unknown): ConstraintTemplate {
  const doc = asDoc(input);
  const obj = requireObject(doc, 'ConstraintTemplate');
  const gv = typeof obj.apiVersion === 'string' ? parseGroupVersion(obj.apiVersion) : undefined;
  if (
    obj.kind !== 'ConstraintTemplate' ||
    gv?.group !== TEMPLATE_GROUP ||
    !(TEMPLATE_VERSIONS as readonly string[]).includes(gv.version)
  ) {
    throw doc.error(
      'gk_invalid_object',
      [],
      `no kind "${String(obj.kind ?? '')}" is registered for version "${String(obj.apiVersion ?? '')}": not a ConstraintTemplate (want ${TEMPLATE_GROUP}/{v1,v1beta1,v1alpha1})`,
    );
  }
  return checked<ConstraintTemplate>(doc, obj, constraintTemplateShape);
}

/** Validates the shape of a Constraint; group/version rules are applied by the client. */
export function decodeConstraint(input: unknown): Constraint {
  return decodeShaped<Constraint>(input, 'Constraint', constraintShape);
}

export function decodeAdmissionReview(input: unknown): AdmissionReview {
  return decodeShaped<AdmissionReview>(input, 'AdmissionReview', admissionReviewShape);
}

/** A gator Suite; keys are matched case-insensitively (Go JSON decoding). */
export function decodeSuite(input: unknown): Suite {
  return decodeShaped<Suite>(input, 'Suite', suiteShape);
}

