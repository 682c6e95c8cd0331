/**
 * A Job as the controller reads it: the spec with the API defaults (pkg/apis/batch/v1
 * defaults.go SetDefaults_Job: completions and parallelism 1 when both unset, backoffLimit 6,
 * completionMode NonIndexed) and the labels the registry gives it (strategy.go generateSelector).
 */
import type { KubeObject } from '../store/types.js';
import type { JobBehaviour } from './job-versions.js';

export const LABEL_CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
export const LABEL_JOB_NAME = 'batch.kubernetes.io/job-name';
export const LEGACY_CONTROLLER_UID = 'controller-uid';
export const LEGACY_JOB_NAME = 'job-name';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
/** The pod finalizer (and, up to 1.26, Job annotation) of tracking with finalizers. */
export const JOB_TRACKING = 'batch.kubernetes.io/job-tracking';

type Obj = Record<string, unknown>;

export interface PodFailureRule {
  readonly action: string;
  readonly onExitCodes?: {
    readonly containerName?: string;
    readonly operator: string;
    readonly values: readonly number[];
  };
  readonly onPodConditions?: readonly { readonly type: string; readonly status?: string }[];
}

/** The spec fields the controller acts on, defaulted. */
export interface JobSpec {
  /** Null: any one success completes the Job (parallelism only). */
  readonly completions: number | null;
  readonly parallelism: number;
  readonly backoffLimit: number;
  readonly indexed: boolean;
  readonly suspend: boolean;
  readonly activeDeadlineSeconds: number | null;
  readonly ttlSecondsAfterFinished: number | null;
  readonly podFailureRules: readonly PodFailureRule[] | null;
  readonly template: Obj;
}

function rec(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

/** The defaulted spec of a Job. */
export function jobSpecOf(job: KubeObject): JobSpec {
  const spec = rec(job['spec']);
  const completions = num(spec['completions']);
  const parallelism = num(spec['parallelism']);
  const bothUnset = completions === null && parallelism === null;
  const pfp = rec(spec['podFailurePolicy'])['rules'];
  return {
    completions: bothUnset ? 1 : completions,
    parallelism: bothUnset ? 1 : (parallelism ?? 1),
    backoffLimit: num(spec['backoffLimit']) ?? 6,
    indexed: spec['completionMode'] === 'Indexed',
    suspend: spec['suspend'] === true,
    activeDeadlineSeconds: num(spec['activeDeadlineSeconds']),
    ttlSecondsAfterFinished: num(spec['ttlSecondsAfterFinished']),
    podFailureRules: Array.isArray(pfp) ? (pfp as PodFailureRule[]) : null,
    template: rec(spec['template']),
  };
}

/** The labels generateSelector puts on the template (and the selector's matchLabels). */
export function selectorLabels(
  job: KubeObject,
  b: JobBehaviour,
): { labels: Record<string, string>; match: Record<string, string> } {
  const uid = job.metadata.uid;
  const name = job.metadata.name;
  const legacy = { [LEGACY_CONTROLLER_UID]: uid, [LEGACY_JOB_NAME]: name };
  if (!b.prefixedLabels) return { labels: legacy, match: { [LEGACY_CONTROLLER_UID]: uid } };
  return {
    labels: { [LABEL_CONTROLLER_UID]: uid, [LABEL_JOB_NAME]: name, ...legacy },
    match: { [LABEL_CONTROLLER_UID]: uid },
  };
}

/**
 * The Job as the API server stores it on create: the spec defaults, the generated selector and
 * template labels (unless `manualSelector`), and up to 1.26 the tracking annotation. Null when
 * already so. (The HTTP layer may do this on create; here it catches up on what it left out.)
 */
export function withRegistryDefaults(job: KubeObject, b: JobBehaviour): KubeObject | null {
  const spec = rec(job['spec']);
  const wantAnnotation =
    b.trackingAnnotation && job.metadata.annotations?.[JOB_TRACKING] === undefined;
  const wantSelector = spec['manualSelector'] !== true && spec['selector'] === undefined;
  const defaults = specDefaults(spec, b);
  if (!wantAnnotation && !wantSelector && Object.keys(defaults).length === 0) return null;
  const out = structuredClone(job);
  out['spec'] = { ...rec(out['spec']), ...defaults };
  if (wantAnnotation)
    out.metadata.annotations = { ...(out.metadata.annotations ?? {}), [JOB_TRACKING]: '' };
  if (wantSelector) {
    const { labels, match } = selectorLabels(job, b);
    const outSpec = rec(out['spec']);
    const template = rec(outSpec['template']);
    const md = rec(template['metadata']);
    template['metadata'] = { ...md, labels: { ...rec(md['labels']), ...labels } };
    outSpec['template'] = template;
    outSpec['selector'] = { matchLabels: match };
    out['spec'] = outSpec;
  }
  return out;
}

/**
 * The fields SetDefaults_Job fills (pkg/apis/batch/v1/defaults.go): completions and parallelism
 * 1 when both are unset, else parallelism 1; backoffLimit 6; completionMode NonIndexed; suspend
 * false; from 1.29 (JobPodReplacementPolicy) podReplacementPolicy, Failed with a
 * podFailurePolicy, else TerminatingOrFailed. Only the missing ones are returned.
 */
function specDefaults(spec: Obj, b: JobBehaviour): Obj {
  const out: Obj = {};
  if (spec['completions'] === undefined && spec['parallelism'] === undefined) {
    out['completions'] = 1;
    out['parallelism'] = 1;
  } else if (spec['parallelism'] === undefined) out['parallelism'] = 1;
  if (spec['backoffLimit'] === undefined) out['backoffLimit'] = 6;
  if (spec['completionMode'] === undefined) out['completionMode'] = 'NonIndexed';
  if (spec['suspend'] === undefined) out['suspend'] = false;
  if (b.terminating && spec['podReplacementPolicy'] === undefined)
    out['podReplacementPolicy'] =
      spec['podFailurePolicy'] === undefined ? 'TerminatingOrFailed' : 'Failed';
  return out;
}
