/**
 * One sync of a Job, as a pure plan (pkg/controller/job job_controller.go syncJob, manageJob,
 * trackJobStatusAndRemoveFinalizers, enactJobFinished): which pods to create and delete, which
 * finished pods are now counted (their tracking finalizer goes), and the new status.
 *
 * Simplified: pods are counted in the same status write that removes their finalizer (no
 * uncountedTerminatedPods step); an interim condition (SuccessCriteriaMet, FailureTarget) and
 * the terminal one it leads to are written by two consecutive syncs rather than one; suspend
 * only stops pod creation (no Suspended condition, active pods are kept); backoffLimitPerIndex,
 * maxFailedIndexes and successPolicy are not modelled.
 */
import type { KubeObject } from '../store/types.js';
import { formatIndexes, parseIndexes } from './completed-indexes.js';
import {
  BACKOFF_LIMIT,
  COMPLETIONS_REACHED,
  conditionsOf,
  DEADLINE,
  newCondition,
  POD_FAILURE_POLICY,
  terminalFor,
  trueCondition,
  type JobCondition,
} from './job-conditions.js';
import {
  hasTrackingFinalizer,
  indexOf,
  isActive,
  isReady,
  isTerminal,
  isTerminating,
  phaseOf,
} from './job-pods.js';
import type { JobSpec } from './job-spec.js';
import type { JobBehaviour } from './job-versions.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

type Obj = Record<string, unknown>;

export interface SyncInput {
  readonly job: KubeObject;
  readonly spec: JobSpec;
  readonly behaviour: JobBehaviour;
  /** The pods the Job controls. */
  readonly pods: readonly KubeObject[];
  readonly nowMs: number;
  /** Pods removed while still carrying the finalizer, not yet counted (succeeded, failed). */
  readonly vanished: { readonly succeeded: number; readonly failed: number };
  /** Pod-creation back-off still to wait, given the failures and successes this sync counts. */
  readonly backoffRemainingMs: (newFailures: number, newSuccesses: number) => number;
}

export interface SyncPlan {
  readonly status: Obj;
  /** One entry per pod to create: its completion index (Indexed) or null. */
  readonly create: readonly (number | null)[];
  /** Names of active pods to delete. */
  readonly deletePods: readonly string[];
  /** Names of finished pods counted by this sync (their finalizer goes). */
  readonly counted: readonly string[];
  /** Failures counted by this sync (for the creation back-off). */
  readonly newFailures: number;
  readonly newSuccesses: number;
  /** When to sync again without an event (deadline, back-off), ms. */
  readonly wakeAtMs: number | null;
}

type Planned = SyncInput & { readonly backoffMs: number };

interface Counts {
  succeeded: number;
  failed: number;
  completed: Set<number>;
  counted: string[];
  newFailures: number;
  newSuccesses: number;
}

function rec(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}

function int(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** getNewFinishedPods + nonIgnoredFailedPodsCount: finished pods still carrying the finalizer. */
function countFinished(input: SyncInput, status: Obj): Counts {
  const rules = input.behaviour.podFailurePolicy ? input.spec.podFailureRules : null;
  const c: Counts = {
    succeeded: int(status['succeeded']) + input.vanished.succeeded,
    failed: int(status['failed']) + input.vanished.failed,
    completed: parseIndexes(status['completedIndexes'] as string | undefined),
    counted: [],
    newFailures: input.vanished.failed,
    newSuccesses: input.vanished.succeeded,
  };
  for (const pod of input.pods) {
    if (!hasTrackingFinalizer(pod)) continue;
    const phase = phaseOf(pod);
    if (phase === 'Succeeded') {
      c.succeeded++;
      c.newSuccesses++;
      const i = indexOf(pod);
      if (i !== null) c.completed.add(i);
    } else if (phase === 'Failed') {
      const action = rules === null ? null : matchPodFailurePolicy(rules, pod)?.action;
      if (action !== 'Ignore') {
        c.failed++;
        c.newFailures++;
      }
    } else continue;
    c.counted.push(pod.metadata.name);
  }
  if (input.spec.indexed) c.succeeded = c.completed.size;
  return c;
}

/**
 * trackJobStatusAndRemoveFinalizers: once the Job is failing, every pod not finished yet counts
 * as failed and loses its finalizer at once (it is being deleted).
 */
function countUnfinishedAsFailed(pods: readonly KubeObject[], counts: Counts): void {
  for (const pod of pods) {
    if (!hasTrackingFinalizer(pod) || isTerminal(pod)) continue;
    counts.failed++;
    counts.counted.push(pod.metadata.name);
  }
}

/** getFailJobMessage: the FailJob rule matched by a failed pod, if any. */
function failJobMessage(input: SyncInput): string | null {
  const rules = input.spec.podFailureRules;
  if (!input.behaviour.podFailurePolicy || rules === null) return null;
  for (const pod of input.pods) {
    if (phaseOf(pod) !== 'Failed') continue;
    const m = matchPodFailurePolicy(rules, pod);
    if (m?.action === 'FailJob') return m.message;
  }
  return null;
}

/** pastBackoffLimitOnFailure: container restarts of running pods, for restartPolicy OnFailure. */
function pastBackoffLimitOnFailure(input: SyncInput): boolean {
  if (rec(input.spec.template['spec'])['restartPolicy'] !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of input.pods) {
    const phase = phaseOf(pod);
    if (phase !== 'Running' && phase !== 'Pending') continue;
    const status = rec(pod['status']);
    for (const key of ['initContainerStatuses', 'containerStatuses'])
      for (const s of Array.isArray(status[key]) ? (status[key] as unknown[]) : [])
        restarts += int(rec(s)['restartCount']);
  }
  return input.spec.backoffLimit === 0 ? restarts > 0 : restarts >= input.spec.backoffLimit;
}

/** The failure or success that ends the Job, before manageJob; null when it goes on. */
function finishingCondition(
  input: SyncInput,
  conditions: readonly JobCondition[],
  counts: Counts,
  now: string,
): JobCondition | null {
  const met = trueCondition(conditions, 'SuccessCriteriaMet');
  if (met !== undefined) return terminalFor(met, now);
  const target = trueCondition(conditions, 'FailureTarget');
  if (target !== undefined) return terminalFor(target, now);
  const failJob = failJobMessage(input);
  if (failJob !== null) return newCondition('FailureTarget', now, POD_FAILURE_POLICY, failJob);
  const failureType = input.behaviour.interimConditions ? 'FailureTarget' : 'Failed';
  if (counts.failed > input.spec.backoffLimit || pastBackoffLimitOnFailure(input))
    return newCondition(failureType, now, BACKOFF_LIMIT.reason, BACKOFF_LIMIT.message);
  const deadline = deadlineMs(input);
  if (deadline !== null && input.nowMs >= deadline)
    return newCondition(failureType, now, DEADLINE.reason, DEADLINE.message);
  return null;
}

/** When activeDeadlineSeconds runs out (from status.startTime), or null. */
function deadlineMs(input: SyncInput): number | null {
  const start = rec(input.job['status'])['startTime'];
  const ads = input.spec.activeDeadlineSeconds;
  if (ads === null || typeof start !== 'string' || input.spec.suspend) return null;
  return Date.parse(start) + ads * 1000;
}

/** newSuccessCondition: Complete, or from 1.31 SuccessCriteriaMet with CompletionsReached. */
function successCondition(b: JobBehaviour, now: string): JobCondition {
  if (!b.interimConditions) return newCondition('Complete', now);
  const { reason, message } = COMPLETIONS_REACHED;
  return newCondition('SuccessCriteriaMet', now, reason, message);
}

/** manageJob: the indexes (or nulls) of the pods to create, never past the remaining work. */
function podsToCreate(
  input: Planned,
  counts: Counts,
  active: readonly KubeObject[],
): (number | null)[] {
  const { spec } = input;
  if (spec.suspend || input.job.metadata.deletionTimestamp !== undefined) return [];
  let want: number;
  if (spec.completions === null) want = counts.succeeded > 0 ? active.length : spec.parallelism;
  else want = Math.max(0, Math.min(spec.completions - counts.succeeded, spec.parallelism));
  const diff = want - active.length;
  if (diff <= 0 || input.backoffMs > 0) return [];
  if (!spec.indexed) return Array.from({ length: diff }, () => null);
  const taken = new Set(active.map(indexOf));
  const out: number[] = [];
  for (let i = 0; i < (spec.completions ?? 0) && out.length < diff; i++)
    if (!counts.completed.has(i) && !taken.has(i)) out.push(i);
  return out;
}

/** Plans one sync of a Job that has not finished. */
export function planSync(input: SyncInput): SyncPlan {
  const now = new Date(input.nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const old = rec(input.job['status']);
  const conditions = conditionsOf(old);
  const status: Obj = { ...old };
  if (status['startTime'] === undefined && !input.spec.suspend) status['startTime'] = now;
  const counts = countFinished(input, old);
  const backoffMs = input.backoffRemainingMs(counts.newFailures, counts.newSuccesses);
  const withStart: Planned = { ...input, job: { ...input.job, status }, backoffMs };
  let active = input.pods.filter(isActive);
  let terminating = input.pods.filter(isTerminating).length;
  let finishing = finishingCondition(withStart, conditions, counts, now);
  let deletePods: string[] = [];
  let create: (number | null)[] = [];
  if (finishing !== null) {
    if (finishing.type === 'FailureTarget' || finishing.type === 'Failed')
      countUnfinishedAsFailed(input.pods, counts);
    deletePods = active.map((p) => p.metadata.name);
    terminating += active.length;
    active = [];
  } else {
    create = podsToCreate(withStart, counts, active);
    const activeAfter = active.length + create.length;
    const done =
      input.spec.completions === null
        ? counts.succeeded > 0 && activeAfter === 0
        : counts.succeeded >= input.spec.completions && activeAfter === 0;
    if (done) finishing = successCondition(input.behaviour, now);
  }
  const ready = active.filter(isReady).length;
  Object.assign(status, {
    active: active.length + create.length,
    ready,
    succeeded: counts.succeeded,
    failed: counts.failed,
    uncountedTerminatedPods: {},
  });
  if (input.behaviour.terminating) status['terminating'] = terminating;
  if (input.spec.indexed) status['completedIndexes'] = formatIndexes(counts.completed);
  status['conditions'] = enact(conditions, finishing, input.behaviour, terminating, status);
  return {
    status: omitZero(status),
    create,
    deletePods,
    counted: counts.counted,
    newFailures: counts.newFailures,
    newSuccesses: counts.newSuccesses,
    wakeAtMs:
      finishing === null ? earliest(deadlineMs(withStart), retryAt(withStart, create)) : null,
  };
}

/** When pod creation may go on after the back-off (null: no wait). */
function retryAt(input: Planned, create: readonly unknown[]): number | null {
  return create.length === 0 && input.backoffMs > 0 ? input.nowMs + input.backoffMs : null;
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}

/**
 * Adds the finishing condition: an interim one at once; a terminal one (enactJobFinished) only
 * when no pod is terminating where the version delays it, with completionTime for Complete.
 */
function enact(
  conditions: readonly JobCondition[],
  finishing: JobCondition | null,
  b: JobBehaviour,
  terminating: number,
  status: Obj,
): JobCondition[] {
  if (finishing === null) return [...conditions];
  if (conditions.some((c) => c.type === finishing.type)) return [...conditions];
  const interim = finishing.type === 'SuccessCriteriaMet' || finishing.type === 'FailureTarget';
  if (!interim && b.interimConditions && terminating > 0) return [...conditions];
  if (finishing.type === 'Complete') status['completionTime'] = finishing.lastTransitionTime;
  return [...conditions, finishing];
}

/** active, succeeded and failed are omitempty in batch/v1 JobStatus; so are empty conditions. */
function omitZero(status: Obj): Obj {
  const empty = (k: string, v: unknown): boolean =>
    (v === 0 && (k === 'active' || k === 'succeeded' || k === 'failed')) ||
    (k === 'conditions' && Array.isArray(v) && v.length === 0);
  return Object.fromEntries(Object.entries(status).filter(([k, v]) => !empty(k, v)));
}
