/**
 * A client shaped like Gatekeeper's constraint framework client with the admission target and
 * the Rego driver: templates, constraints, `data.inventory`, review and (via audit.ts) audit.
 * Each template is compiled once and its query prepared once; reviews only evaluate.
 */
import { audit, type AuditOptions, type ConstraintAuditStatus } from '../audit/audit.js';
import type { ProcessExcluder } from '../config/excluder.js';
import { gkError } from '../errors.js';
import { decodeConstraint, decodeConstraintTemplate } from '../model/decode.js';
import { isNamespaceObject, objectName, parseGroupVersion } from '../model/gvk.js';
import { isPlainRecord, type FieldPath } from '../model/shape.js';
import type { Constraint, ConstraintTemplate, JSONSchemaProps, KubeObject } from '../model/types.js';
import { defaultRegoEngine } from '../rego/default-engine.js';
import { compileRegoTemplate, evaluateRegoTemplate, extractRegoSource, REGO_ENGINE, type CompiledRegoTemplate } from '../rego/driver.js';
import type { RegoEngine } from '../rego/engine.js';
import type { RegoLimits } from '../rego/limits.js';
import { constraintSchema } from '../schema/constraint-schema.js';
import { MatchError, reviewMatches } from '../target/match.js';
import {
  isAdmissionRequest,
  isAdmissionReview,
  reviewFromAdmissionRequest,
  reviewFromAdmissionReview,
  reviewFromObject,
  type Review,
  type ReviewSource,
} from '../target/review.js';
import { normalizeTemplate, type NormalizedTemplate } from '../template/normalize.js';
import { locateError, parseFieldPath } from '../yaml/locate.js';
import { constraintIdentity, errorPath, validateAndDefaultConstraint } from './constraint-validation.js';
import { validateTemplate } from './template-validation.js';
import { actionsForPoints, ALL_EP, constraintActions, ENFORCEMENT_POINTS, WEBHOOK_EP, type ConstraintActions } from './enforcement.js';
import { Inventory } from './inventory.js';
import { TARGET_NAME, type ReviewResponse, type ReviewResult } from './result.js';

export interface ClientOptions {
  /** The Rego implementation (default: @rego-ts/rego-parser + @rego-ts/rego-eval). */
  engine?: RegoEngine;
  /** Enforcement points this client serves (default all). gator clients use `gator.gatekeeper.sh`. */
  enforcementPoints?: string[];
  /** `data` roots templates may read besides `data.lib` (default `['inventory']`). */
  externs?: string[];
  /** Builtins templates may not call (Gatekeeper's `--disable-opa-builtin`; gator disables none). */
  disabledBuiltins?: string[];
  /** Keep `print()` calls and collect their output in `ReviewResponse.prints`. */
  enablePrint?: boolean;
  /** Global exclusions (`Config`): requests excluded from `webhook` are allowed unreviewed. */
  excluder?: ProcessExcluder;
  /** Opt-in resource limits of templates and evaluations (rego/limits.ts). */
  limits?: RegoLimits;
}

export interface ReviewOptions {
  /** Enforcement point of this review (default `*`: every point of the client). */
  enforcementPoint?: string;
  /** Source for `spec.match.source` (default `Original`). */
  source?: ReviewSource;
  /**
   * Namespace object to attach (`input.review.namespaceObject`); gator never attaches one. When
   * absent at the webhook point, the request's Namespace is taken from the data added with
   * `addData` (the webhook fetches it from the API server).
   */
  namespaceObject?: KubeObject | null;
  /** Operation to put on a plain-object review (e.g. `DELETE`: the object becomes `oldObject`). */
  operation?: string;
  /** Namespace used for matching only (not shown to Rego), for `gator test`'s semantics. */
  matchNamespace?: KubeObject | null;
}

interface ConstraintEntry {
  constraint: Constraint;
  /** The constraint as results expose it (status removed). */
  exposed: Constraint;
  parameters: unknown;
  actions: ConstraintActions;
}

interface TemplateEntry {
  template: NormalizedTemplate;
  schema: JSONSchemaProps;
  compiled: CompiledRegoTemplate;
  specKey: string;
  constraints: Map<string, ConstraintEntry>;
}

export class Client {
  private readonly engine: RegoEngine;
  private readonly points: string[];
  private readonly opts: ClientOptions;
  private readonly templates = new Map<string, TemplateEntry>();
  private readonly inventory = new Inventory();
  /** Namespace objects added as data (`v1` only), for namespaceSelector matching. */
  private readonly namespaces = new Map<string, KubeObject>();

  constructor(opts: ClientOptions = {}) {
    this.opts = opts;
    this.engine = opts.engine ?? defaultRegoEngine();
    this.points = opts.enforcementPoints ?? [...ENFORCEMENT_POINTS];
  }

  // ---------------- templates ----------------

  /** Validates, compiles and stores a template (replacing one of the same name). */
  addTemplate(input: ConstraintTemplate | unknown): void {
    const ct = decodeConstraintTemplate(input);
    const t = normalizeTemplate(ct);
    const specKey = JSON.stringify([ct.spec, t.labels]);
    const old = this.templates.get(t.name);
    if (old && old.specKey === specKey) return; // re-adding an identical template is a no-op
    validateTemplate(input, t, old && old.constraints.size > 0 ? old.template : undefined);
    let compiled: CompiledRegoTemplate;
    try {
      compiled = compileRegoTemplate(this.engine, extractRegoSource(t.targets[0]!.code), {
        externs: this.opts.externs ?? ['inventory'],
        disabledBuiltins: this.opts.disabledBuiltins ?? [],
        enablePrint: this.opts.enablePrint ?? false,
        ...(this.opts.limits?.maxPolicyBytes !== undefined ? { maxPolicyBytes: this.opts.limits.maxPolicyBytes } : {}),
      });
    } catch (e) {
      throw locateError(e, input, regoSourcePath(ct));
    }
    this.templates.set(t.name, {
      template: t,
      schema: constraintSchema(t),
      compiled,
      specKey,
      constraints: old?.constraints ?? new Map(),
    });
  }

  /** Removes a template and its constraints; false if it was not there. */
  removeTemplate(name: string): boolean {
    return this.templates.delete(name);
  }

  templateNames(): string[] {
    return [...this.templates.keys()].sort();
  }

  // ---------------- constraints ----------------

  /** Validates (schema, unknown fields, selectors, actions), defaults and stores a constraint. */
  addConstraint(input: Constraint | unknown): Constraint {
    const c = decodeConstraint(input);
    const { name, templateName } = constraintIdentity(c);
    const entry = this.templates.get(templateName);
    if (!entry) throw gkError('gk_missing_template', `missing ConstraintTemplate: template "${templateName}" not found`);
    let defaulted: Constraint;
    try {
      defaulted = validateAndDefaultConstraint(c, { kind: entry.template.kind, schema: entry.schema });
    } catch (e) {
      const path = errorPath(e);
      throw path === undefined ? e : locateError(e, input, parseFieldPath(path));
    }
    const actions = constraintActions(defaulted);
    const exposed = structuredClone(defaulted);
    delete exposed.status;
    const params = isPlainRecord(defaulted.spec) ? defaulted.spec.parameters : undefined;
    entry.constraints.set(name, {
      constraint: defaulted,
      exposed,
      parameters: params === undefined || params === null ? {} : params,
      actions,
    });
    return defaulted;
  }

  removeConstraint(kind: string, name: string): boolean {
    return this.templates.get(kind.toLowerCase())?.constraints.delete(name) ?? false;
  }

  /** All constraints, ordered by kind then name. */
  constraints(): Constraint[] {
    const out: Constraint[] = [];
    for (const e of this.sortedTemplates()) for (const k of [...e.constraints.keys()].sort()) out.push(e.constraints.get(k)!.constraint);
    return out;
  }

  // ---------------- data ----------------

  /** Puts an object into `data.inventory` (Namespaces also feed namespaceSelector matching). */
  addData(obj: KubeObject): void {
    this.inventory.add(obj);
    const gv = parseGroupVersion(obj.apiVersion);
    if (isNamespaceObject(obj) && gv?.version === 'v1') this.namespaces.set(objectName(obj), obj);
  }

  removeData(obj: KubeObject): boolean {
    if (isNamespaceObject(obj) && parseGroupVersion(obj.apiVersion)?.version === 'v1') this.namespaces.delete(objectName(obj));
    return this.inventory.remove(obj);
  }

  /** Empties `data.inventory` and the Namespace cache (templates and constraints stay). */
  clearData(): void {
    this.inventory.clear();
    this.namespaces.clear();
  }

  /** The current `data.inventory` document. */
  inventoryData(): Record<string, unknown> {
    return this.inventory.root;
  }

  /** A Namespace added as data, by name. */
  namespace(name: string): KubeObject | undefined {
    return this.namespaces.get(name);
  }

  // ---------------- review ----------------

  /**
   * Reviews a plain object, an AdmissionRequest or an AdmissionReview. Matcher errors become
   * "autoreject" results; evaluation errors become one result per constraint of the template.
   * To review a document as the object it is, even an AdmissionReview (as `gator test` and
   * `gator bench` do), pass `reviewFromObject(doc)` to `reviewPrepared`.
   */
  review(input: unknown, opts: ReviewOptions = {}): ReviewResponse {
    const ep = opts.enforcementPoint ?? ALL_EP;
    const points = ep === ALL_EP ? this.points : this.points.includes(ep) || this.points.includes(ALL_EP) ? [ep] : [];
    if (points.length === 0) throw gkError('gk_review_error', 'enforcement point not supported by client');
    let review = this.buildReview(input, opts);
    if (ep === WEBHOOK_EP && opts.namespaceObject === undefined) review = this.withCachedNamespace(review);
    if (ep === WEBHOOK_EP && this.opts.excluder) {
      const reqNs = typeof review.request.namespace === 'string' ? review.request.namespace : '';
      if (this.opts.excluder.isExcluded('webhook', review.object ?? review.oldObject, reqNs)) return { target: TARGET_NAME, results: [], prints: [] };
    }
    return this.reviewPrepared(review, points);
  }

  /** The review with the Namespace of a namespaced request attached from the data cache. */
  private withCachedNamespace(review: Review): Review {
    const nsName = typeof review.request.namespace === 'string' ? review.request.namespace : '';
    const ns = nsName ? this.namespaces.get(nsName) : undefined;
    if (!ns || review.namespaceObject) return review;
    return { ...review, request: { ...review.request, namespaceObject: ns }, namespaceObject: ns, matchNamespace: ns };
  }

  private buildReview(input: unknown, opts: ReviewOptions): Review {
    if (isAdmissionReview(input)) return reviewFromAdmissionReview(input);
    if (isAdmissionRequest(input)) {
      const review = reviewFromAdmissionRequest(input as Record<string, unknown>, {
        source: opts.source ?? 'Original',
        namespaceObject: opts.namespaceObject ?? null,
      });
      // The webhook blanks the namespace of Namespace requests (server-side apply sets it to the
      // namespace's own name).
      const kind = review.request.kind as { group?: string; kind?: string };
      if (opts.enforcementPoint === WEBHOOK_EP && kind.group === '' && kind.kind === 'Namespace') delete review.request.namespace;
      return review;
    }
    if (!isPlainRecord(input)) throw gkError('gk_review_error', 'invalid request object: not an object');
    const o: Parameters<typeof reviewFromObject>[1] = { source: opts.source ?? 'Original', namespaceObject: opts.namespaceObject ?? null };
    if (opts.operation !== undefined) o.operation = opts.operation;
    if (opts.matchNamespace !== undefined) o.matchNamespace = opts.matchNamespace;
    return reviewFromObject(input as KubeObject, o);
  }

  /** Reviews an already-built review for the given enforcement points. */
  reviewPrepared(review: Review, points: readonly string[]): ReviewResponse {
    const results: ReviewResult[] = [];
    const prints: string[] = [];
    const print = this.opts.enablePrint ? (m: string) => prints.push(m) : undefined;
    const lookup = (n: string) => this.namespaces.get(n);
    for (const entry of this.sortedTemplates()) {
      const ops = entry.template.targets[0]?.operations;
      if (points.includes(WEBHOOK_EP) && points.length === 1 && review.fromAdmission && ops && ops.length > 0) {
        if (!ops.includes('*') && !ops.includes(review.operation)) continue;
      }
      const matched: Array<{ name: string; c: ConstraintEntry; scoped: string[] }> = [];
      const autoreject: ReviewResult[] = [];
      for (const name of [...entry.constraints.keys()].sort()) {
        const c = entry.constraints.get(name)!;
        const scoped = actionsForPoints(c.actions, points);
        if (scoped !== undefined && scoped.length === 0) continue;
        try {
          if (reviewMatches(c.constraint.spec?.match, review, lookup)) matched.push({ name, c, scoped: scoped ?? [] });
        } catch (e) {
          if (!(e instanceof MatchError)) throw e;
          autoreject.push({
            target: TARGET_NAME,
            msg: `unable to match constraints: ${e.message}`,
            constraint: c.exposed,
            enforcementAction: c.actions.action,
            scopedActions: scoped ?? [],
          });
        }
      }
      if (matched.length) {
        const raw = evaluateRegoTemplate(
          entry.compiled,
          review.request,
          matched.map((m) => ({ key: m.name, parameters: m.c.parameters })),
          { inventory: this.inventory.root },
          print,
          this.opts.limits,
        );
        for (const m of matched) {
          for (const v of raw.get(m.name) ?? []) {
            results.push({
              target: TARGET_NAME,
              msg: v.msg,
              metadata: { details: v.details },
              constraint: m.c.exposed,
              enforcementAction: m.c.actions.action,
              scopedActions: m.scoped,
            });
          }
        }
      }
      results.push(...autoreject);
    }
    results.sort((a, b) => cmp(a.constraint.kind, b.constraint.kind) || cmp(objectName(a.constraint), objectName(b.constraint)));
    return { target: TARGET_NAME, results, prints };
  }

  /** Audits `objects` (see `audit()`): per constraint, the status Gatekeeper's audit writes. */
  audit(objects: readonly KubeObject[], opts: AuditOptions = {}): ConstraintAuditStatus[] {
    return audit(this, objects, opts);
  }

  private sortedTemplates(): TemplateEntry[] {
    return [...this.templates.keys()].sort().map((k) => this.templates.get(k)!);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where the Rego text of a template lives (legacy `rego`, or the first Rego `code` entry). */
function regoSourcePath(ct: ConstraintTemplate): FieldPath {
  const t = ct.spec?.targets?.[0];
  if (t?.rego) return ['spec', 'targets', 0, 'rego'];
  const i = (t?.code ?? []).findIndex((c) => c.engine === REGO_ENGINE);
  return i >= 0 ? ['spec', 'targets', 0, 'code', i, 'source', 'rego'] : ['spec', 'targets', 0];
}
