/**
 * @rego-ts/gatekeeper-model — the OPA Gatekeeper policy model on rego-ts: ConstraintTemplates,
 * Constraints, reviews, audit and gator's verify/test semantics. Browser-safe; file loaders
 * and the gator runners live under the `./node` subpath.
 */
export type * from './model/types.js';
export type { FieldPath, FieldError } from './model/shape.js';
export { formatPath } from './model/shape.js';
export {
  decodeConstraintTemplate,
  decodeConstraint,
  decodeAdmissionReview,
  decodeSuite,
  isConstraintTemplateObject,
  isConstraintObject,
  isAdmissionReviewObject,
  TEMPLATE_GROUP,
  CONSTRAINT_GROUP,
  SUITE_GROUP,
} from './model/decode.js';
export { parseGroupVersion, objectGVK, formatGVK, objectName, objectNamespace, isNamespaceObject } from './model/gvk.js';
export { parseDocuments, SourceDocument, memoryDocument } from './yaml/documents.js';
export type { ParseOptions, YamlVersion } from './yaml/documents.js';
export { gkError, isGkError, errorText } from './errors.js';
export type { GatekeeperErrorCode } from './errors.js';

export { normalizeTemplate } from './template/normalize.js';
export type { NormalizedTemplate, NormalizedTarget } from './template/normalize.js';
export { constraintSchema, MATCH_SCHEMA } from './schema/constraint-schema.js';
export { validateValue, applyDefaults, unknownFields, structuralErrors } from './schema/openapi.js';

export type { RegoEngine, EngineProgram, EngineQuery, EngineResult, EngineEvaluateOptions, EngineEvaluationLimits, RegoVersion } from './rego/engine.js';
export type { RegoLimits } from './rego/limits.js';
export { defaultRegoEngine } from './rego/default-engine.js';
export { extractRegoSource, compileRegoTemplate } from './rego/driver.js';

export { wildcardMatches } from './target/wildcard.js';
export { selectorMatches } from './target/label-selector.js';
export { reviewMatches, objectMatches, MatchError } from './target/match.js';
export { reviewFromObject, reviewFromAdmissionRequest, reviewFromAdmissionReview } from './target/review.js';
export type { Review, ReviewSource, ObjectReviewOptions } from './target/review.js';

export { Client } from './client/client.js';
export type { ClientOptions, ReviewOptions } from './client/client.js';
export { flatResults, isDenyResult, TARGET_NAME } from './client/result.js';
export type { ReviewResult, ReviewResponse } from './client/result.js';
export { WEBHOOK_EP, AUDIT_EP, GATOR_EP, VAP_EP, ALL_EP } from './client/enforcement.js';
export { audit, truncateMessage } from './audit/audit.js';
export type { AuditViolation, ConstraintAuditStatus, AuditOptions } from './audit/audit.js';
export { checkAssertion, compileRunFilter, normalizeSuite, isSuiteObject } from './gator/suite.js';
export type { RunFilter } from './gator/suite.js';
export { compileGoRegexp } from './gator/regex.js';
export type { GoRegexp } from './gator/regex.js';
export { runGatorTest, formatGatorTest, formatGatorTestChunks } from './gator/test-runner.js';
export type { GatorTestOptions, GatorTestReport, GatorTestResult, GatorTestFormat } from './gator/test-runner.js';
export { goJSON } from './gator/go-json.js';
export { runGatorAudit, formatGatorAudit, auditStatusObjects } from './gator/audit-runner.js';
export type { GatorAuditOptions } from './gator/audit-runner.js';
export { admissionDecision } from './client/admission.js';
export type { AdmissionDecision } from './client/admission.js';
export { Expander, decodeExpansionTemplate, isExpansionTemplateObject, impliedResults } from './expansion/expansion.js';
export type { ExpansionTemplate, Resultant } from './expansion/expansion.js';
export { ProcessExcluder, isConfigObject } from './config/excluder.js';
export type { GatekeeperProcess } from './config/excluder.js';
export { formatVerifyReport, testPassed } from './gator/verify-report.js';
export type { VerifyReport, VerifySuiteResult, VerifyTestResult, VerifyCaseResult } from './gator/verify-report.js';
