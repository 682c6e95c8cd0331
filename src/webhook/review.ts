/**
 * AdmissionReview v1 (`admission.k8s.io/v1`) around the one admission function: read a review,
 * admit its object, answer a review. No state and no I/O: the server (server.ts) gives the bytes
 * and sends the answer. Shapes: k8s.io/api/admission/v1/types.go (AdmissionRequest,
 * AdmissionResponse); the response echoes the request's `uid`, keeps `apiVersion` and `kind`
 * (vault-k8s GH-296), and a mutation is a base64 RFC 6902 `JSONPatch`, the only patch type the
 * API server accepts.
 *
 * `dryRun: true` is answered as the same review for real: the webhook has no side effects
 * (`sideEffects: None`), so there is nothing to hold back; it is counted in `/metrics` like any
 * review (metrics describe the webhook's work, not the cluster's objects).
 */
import type { AdmissionOptions, AdmissionResult } from '../admission/types.js';
import { loadCatalog } from '../catalog/load.js';
import { parseStatus, STATUS_ANNOTATION } from '../inject/status.js';
import { lintLines } from './findings.js';
import { isRecord } from '../model/record.js';

/** The admission function as the webhook calls it (src/admission/admit.ts). */
export type AdmitFunction = (
  object: Readonly<Record<string, unknown>>,
  options: AdmissionOptions,
) => AdmissionResult;

export type ReviewEndpoint = 'mutate' | 'validate';

export interface ReviewSettings {
  readonly admit: AdmitFunction;
  /** Everything of AdmissionOptions but what each review says (operation, objects, namespace). */
  readonly base: Omit<AdmissionOptions, 'operation' | 'oldObject' | 'namespace' | 'inject'>;
  /** `--validate`: refuse (deny), let through with warnings (warn), or not at all (off). */
  readonly validate: 'deny' | 'warn' | 'off';
}

/** What a review came to: the HTTP status, the body, and labels for metrics and logs. */
export interface ReviewOutcome {
  readonly httpStatus: number;
  readonly body: Record<string, unknown>;
  /** `patched`, `unchanged`, `denied`, `warned`, `allowed`, `skipped`, `malformed`, `error` */
  readonly outcome: string;
  /** The review's uid, kind, namespace and name, for the log line (never the object). */
  readonly subject?: Readonly<Record<string, string>>;
  /** The catalog entries this review injected (from the status annotation). */
  readonly entries?: readonly string[];
}

/** The entries an admitted pod (or template) records in its inject-status annotation. */
function injectedEntries(object: Readonly<Record<string, unknown>>): string[] {
  const spec = isRecord(object['spec']) ? object['spec'] : {};
  const template = isRecord(spec['template']) ? spec['template'] : object;
  const md = isRecord(template['metadata']) ? template['metadata'] : {};
  const ann = isRecord(md['annotations']) ? md['annotations'] : {};
  const v = ann[STATUS_ANNOTATION];
  return parseStatus(typeof v === 'string' ? v : undefined)?.entries ?? [];
}

const KINDS_ADMITTED = new Set([
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
]);

/** A 400 for a body that is not an AdmissionReview v1 (the API server never sends one). */
function malformed(message: string): ReviewOutcome {
  return {
    httpStatus: 400,
    outcome: 'malformed',
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
      message,
    },
  };
}

function response(uid: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    response: { uid, ...fields },
  };
}

interface ReadRequest {
  readonly uid: string;
  readonly operation: string;
  readonly object: Readonly<Record<string, unknown>>;
  readonly oldObject?: Readonly<Record<string, unknown>>;
  readonly namespace?: string;
  readonly kind: string;
}

/** The request of a review, or why it is not one. */
function readRequest(review: unknown): ReadRequest | string {
  if (!isRecord(review)) return 'the body is not a JSON object';
  if (review['apiVersion'] !== 'admission.k8s.io/v1' || review['kind'] !== 'AdmissionReview')
    return 'expected apiVersion admission.k8s.io/v1, kind AdmissionReview';
  const req = review['request'];
  if (!isRecord(req)) return 'the review has no request';
  if (typeof req['uid'] !== 'string' || req['uid'] === '') return 'request.uid is missing';
  const operation = typeof req['operation'] === 'string' ? req['operation'] : '';
  const object = req['object'];
  if (!isRecord(object) && operation !== 'DELETE') return 'request.object is not an object';
  const kindOf = isRecord(req['kind']) ? req['kind']['kind'] : undefined;
  return {
    uid: req['uid'],
    operation,
    object: isRecord(object) ? object : {},
    ...(isRecord(req['oldObject']) ? { oldObject: req['oldObject'] } : {}),
    ...(typeof req['namespace'] === 'string' ? { namespace: req['namespace'] } : {}),
    kind: typeof kindOf === 'string' ? kindOf : String(isRecord(object) ? object['kind'] : ''),
  };
}

function subjectOf(r: ReadRequest): Record<string, string> {
  const meta = isRecord(r.object['metadata']) ? r.object['metadata'] : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : String(meta['generateName'] ?? '');
  return { uid: r.uid, kind: r.kind, namespace: r.namespace ?? '', name, operation: r.operation };
}

/**
 * Answers one review at one endpoint.
 * @param review - the parsed JSON body
 */
export function answerReview(
  endpoint: ReviewEndpoint,
  review: unknown,
  s: ReviewSettings,
): ReviewOutcome {
  const r = readRequest(review);
  if (typeof r === 'string') return malformed(r);
  const subject = subjectOf(r);
  // Allowed untouched; why goes to the audit log (users see warnings, and this is not theirs).
  const skip = (why: string): ReviewOutcome => ({
    httpStatus: 200,
    outcome: 'skipped',
    subject,
    body: response(r.uid, { allowed: true, auditAnnotations: { 'sidecarctl.io/skipped': why } }),
  });
  if (!KINDS_ADMITTED.has(r.kind))
    return skip(`sidecarctl admits pods and workloads, not ${r.kind || 'this object'}`);
  if (r.operation !== 'CREATE' && r.operation !== 'UPDATE')
    return skip(`nothing to do on ${r.operation || 'an unnamed operation'}`);
  if (endpoint === 'mutate' && r.operation !== 'CREATE')
    return skip('sidecars are injected on CREATE only');
  if (endpoint === 'validate' && s.validate === 'off') return skip('validation is off');
  const result = s.admit(r.object, {
    ...s.base,
    operation: r.operation,
    ...(r.oldObject !== undefined ? { oldObject: r.oldObject } : {}),
    ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
    inject: endpoint === 'mutate',
    ...(endpoint === 'validate' ? { migrate: false } : {}),
  });
  return endpoint === 'mutate' ? mutation(r, result, subject) : validation(r, result, s, subject);
}

function mutation(
  r: ReadRequest,
  result: AdmissionResult,
  subject: Record<string, string>,
): ReviewOutcome {
  // The mutating webhook adds; refusing is the validating webhook's job (it sees the final
  // object, after every mutation), so a mutation that would be invalid is still allowed here.
  if (result.patch.length === 0 || !result.allowed)
    return {
      httpStatus: 200,
      outcome: 'unchanged',
      subject,
      body: response(r.uid, { allowed: true, warnings: [...result.warnings] }),
    };
  return {
    httpStatus: 200,
    outcome: 'patched',
    subject,
    entries: injectedEntries(result.object),
    body: response(r.uid, {
      allowed: true,
      patchType: 'JSONPatch',
      patch: Buffer.from(JSON.stringify(result.patch)).toString('base64'),
      warnings: [...result.warnings],
    }),
  };
}

function validation(
  r: ReadRequest,
  result: AdmissionResult,
  s: ReviewSettings,
  subject: Record<string, string>,
): ReviewOutcome {
  const answer = (outcome: string, fields: Record<string, unknown>): ReviewOutcome => ({
    httpStatus: 200,
    outcome,
    subject,
    body: response(r.uid, fields),
  });
  const lint = result.allowed
    ? lintLines(
        result.object,
        s.base.version,
        s.base.catalog ?? loadCatalog(s.base.catalogPaths ?? []),
      )
    : { errors: [], warnings: [] };
  const warnings = [...result.warnings, ...lint.warnings];
  const refusals = result.allowed
    ? lint.errors
    : [result.status?.message ?? 'refused by sidecarctl'];
  if (refusals.length === 0) return answer('allowed', { allowed: true, warnings });
  if (s.validate === 'warn')
    return answer('warned', { allowed: true, warnings: [...warnings, ...refusals] });
  const status = result.status;
  return answer('denied', {
    allowed: false,
    warnings,
    status: {
      code: status?.code ?? 422,
      reason: status?.reason ?? 'Invalid',
      message: refusals.join('; '),
      ...(status?.details !== undefined ? { details: status.details } : {}),
    },
  });
}
