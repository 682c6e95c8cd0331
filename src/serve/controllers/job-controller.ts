/**
 * The Job controller of `sidecarctl serve` (pkg/controller/job): watches batch/v1 Jobs and their
 * pods in the store, creates pods from the template, counts finished ones through the
 * `batch.kubernetes.io/job-tracking` finalizer, and writes the Job's status and conditions as
 * the job controller of the version does (job-sync.ts). It also does for Jobs what other parts of
 * a cluster do: the registry's generated selector and labels on a new Job (job-spec.ts), the
 * ttl-after-finished controller, and the garbage collector's deletion of a deleted Job's pods.
 *
 * Pod creation after failures backs off as the controller does (10 s doubling up to 6 min from
 * the failures since the last success, job_controller.go DefaultJobPodFailureBackOff), measured
 * from when this controller saw the failure rather than from the pods' finish times.
 */
import { resolveVersion, type VersionInfo } from '../../model/versions.js';
import type { KubeObject, ObjectStore, WatchEvent } from '../store/types.js';
import { REAL_CLOCK, type ControllerClock } from './clock.js';
import { conditionsOf, isFinished } from './job-conditions.js';
import { hasTrackingFinalizer, isTerminal, ownedBy, phaseOf, podFor } from './job-pods.js';
import { jobSpecOf, withRegistryDefaults } from './job-spec.js';
import { planSync, type SyncPlan } from './job-sync.js';
import { jobBehaviour, type JobBehaviour } from './job-versions.js';
import {
  deletePod,
  ignoringNotFound,
  removeTrackingFinalizer,
  writeJobStatus,
} from './job-writes.js';

export interface JobControllerOptions {
  readonly store: ObjectStore;
  /** @default 1.33 */
  readonly version?: VersionInfo;
  /** @default the real clock */
  readonly clock?: ControllerClock;
  /** Pod-creation back-off after `failures` failures since the last success, ms. */
  readonly podFailureBackoffMs?: (failures: number) => number;
  /** Where sync errors go (one line each). @default nowhere */
  readonly onError?: (message: string) => void;
}

/** DefaultJobPodFailureBackOff 10 s, doubling, MaxJobPodFailureBackOff 6 min. */
export function defaultPodFailureBackoffMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(10_000 * 2 ** (failures - 1), 360_000);
}

/** What the controller remembers of a Job between syncs. */
interface JobMemory {
  uid: string;
  vanished: { succeeded: number; failed: number };
  failures: number;
  lastFailureMs: number;
  cancelWake?: () => void;
  cancelTtl?: () => void;
}

const keyOf = (ns: string | undefined, name: string): string => `${ns ?? 'default'}/${name}`;

export class JobController {
  private readonly store: ObjectStore;
  private readonly behaviour: JobBehaviour;
  private readonly clock: ControllerClock;
  private readonly backoff: (failures: number) => number;
  private readonly onError: (message: string) => void;
  private readonly queue = new Set<string>();
  private readonly memory = new Map<string, JobMemory>();
  private readonly stops: (() => void)[] = [];
  private flushing: Promise<void> | null = null;

  constructor(options: JobControllerOptions) {
    this.store = options.store;
    this.behaviour = jobBehaviour((options.version ?? resolveVersion('1.33')).version);
    this.clock = options.clock ?? REAL_CLOCK;
    this.backoff = options.podFailureBackoffMs ?? defaultPodFailureBackoffMs;
    this.onError = options.onError ?? (() => undefined);
  }

  /** Starts watching Jobs and pods (every Job already stored is synced). */
  start(): void {
    this.stops.push(this.store.watch('jobs', {}, (e) => this.onJob(e)));
    this.stops.push(this.store.watch('pods', {}, (e) => this.onPod(e)));
  }

  /** Stops the watches and every timer. */
  stop(): void {
    for (const s of this.stops.splice(0)) s();
    for (const m of this.memory.values()) this.cancelTimers(m);
    this.queue.clear();
  }

  /** Resolves once every queued sync has run (for tests and orderly shutdown). */
  async settled(): Promise<void> {
    while (this.flushing !== null) await this.flushing;
  }

  private onJob(e: WatchEvent): void {
    const key = keyOf(e.object.metadata.namespace, e.object.metadata.name);
    if (e.type === 'DELETED') {
      this.forget(key);
      this.collectGarbage(e.object);
      return;
    }
    this.enqueue(key);
  }

  private onPod(e: WatchEvent): void {
    const ref = (e.object.metadata.ownerReferences ?? []).find(
      (r) => r['controller'] === true && r['kind'] === 'Job' && r['apiVersion'] === 'batch/v1',
    );
    if (ref === undefined || typeof ref['name'] !== 'string') return;
    const key = keyOf(e.object.metadata.namespace, ref['name']);
    // A pod removed before its finish was counted (job_controller.go deletePod): a failure
    // unless it succeeded.
    if (e.type === 'DELETED' && hasTrackingFinalizer(e.object)) {
      const m = this.memory.get(key);
      if (m !== undefined && m.uid === ref['uid']) {
        if (phaseOf(e.object) === 'Succeeded') m.vanished.succeeded++;
        else m.vanished.failed++;
      }
    }
    this.enqueue(key);
  }

  private enqueue(key: string): void {
    this.queue.add(key);
    if (this.flushing !== null) return;
    this.flushing = new Promise<void>((resolve) => {
      setImmediate(() => {
        this.flush();
        this.flushing = null;
        resolve();
      });
    });
  }

  private flush(): void {
    // Syncs write to the store, whose events may queue the same Job again: keep going.
    for (let rounds = 0; this.queue.size > 0 && rounds < 1000; rounds++) {
      const key = this.queue.values().next().value as string;
      this.queue.delete(key);
      try {
        this.sync(key);
      } catch (e) {
        this.onError(`job ${key}: ${e instanceof Error ? e.message : String(e)}`);
        this.clock.setTimer(1000, () => this.enqueue(key));
      }
    }
  }

  private sync(key: string): void {
    const slash = key.indexOf('/');
    const job = this.store.get('jobs', key.slice(0, slash), key.slice(slash + 1));
    if (job === undefined) return;
    const memory = this.memoryOf(key, job);
    const registered = withRegistryDefaults(job, this.behaviour);
    if (registered !== null) {
      ignoringNotFound(() => this.store.update('jobs', registered));
      return;
    }
    const ns = job.metadata.namespace ?? 'default';
    const pods = this.store.list('pods', { namespace: ns }).items.filter((p) => ownedBy(p, job));
    if (isFinished(conditionsOf(statusOf(job)))) {
      this.finished(job, pods, memory);
      return;
    }
    const spec = jobSpecOf(job);
    const now = this.clock.now();
    const plan = planSync({
      job,
      spec,
      behaviour: this.behaviour,
      pods,
      nowMs: now,
      vanished: memory.vanished,
      backoffRemainingMs: (failed, succeeded) => {
        const failures = (succeeded > 0 ? 0 : memory.failures) + failed;
        const last = failed > 0 ? now : memory.lastFailureMs;
        return failures > 0 ? Math.max(0, last + this.backoff(failures) - now) : 0;
      },
    });
    this.apply(job, plan, memory);
  }

  private apply(job: KubeObject, plan: SyncPlan, memory: JobMemory): void {
    const ns = job.metadata.namespace ?? 'default';
    memory.vanished = { succeeded: 0, failed: 0 };
    if (plan.newSuccesses > 0) memory.failures = 0;
    if (plan.newFailures > 0) {
      memory.failures += plan.newFailures;
      memory.lastFailureMs = this.clock.now();
    }
    writeJobStatus(this.store, job, plan.status);
    for (const name of plan.counted) removeTrackingFinalizer(this.store, ns, name);
    for (const name of plan.deletePods) deletePod(this.store, ns, name);
    const spec = jobSpecOf(job);
    for (const index of plan.create)
      this.store.create('pods', podFor(job, spec, this.behaviour, index));
    memory.cancelWake?.();
    delete memory.cancelWake;
    const key = keyOf(ns, job.metadata.name);
    if (plan.wakeAtMs !== null)
      memory.cancelWake = this.clock.setTimer(plan.wakeAtMs - this.clock.now(), () =>
        this.enqueue(key),
      );
    if (isFinished(conditionsOf(plan.status))) this.enqueue(key);
  }

  /**
   * A finished Job: the finalizers of its finished or deleted pods go, and with
   * ttlSecondsAfterFinished the Job is deleted that long after it finished (pkg/controller/
   * ttlafterfinished: from completionTime, or the Failed condition's lastTransitionTime).
   */
  private finished(job: KubeObject, pods: readonly KubeObject[], memory: JobMemory): void {
    const ns = job.metadata.namespace ?? 'default';
    for (const p of pods)
      if (hasTrackingFinalizer(p) && (isTerminal(p) || p.metadata.deletionTimestamp !== undefined))
        removeTrackingFinalizer(this.store, ns, p.metadata.name);
    const ttl = jobSpecOf(job).ttlSecondsAfterFinished;
    if (ttl === null || memory.cancelTtl !== undefined) return;
    const finishedAt = finishTime(job);
    if (finishedAt === null) return;
    const name = job.metadata.name;
    memory.cancelTtl = this.clock.setTimer(finishedAt + ttl * 1000 - this.clock.now(), () => {
      const current = this.store.get('jobs', ns, name);
      if (current?.metadata.uid === job.metadata.uid)
        ignoringNotFound(() => this.store.delete('jobs', ns, name));
    });
  }

  /** The garbage collector's part: a deleted Job's pods go too (background propagation). */
  private collectGarbage(job: KubeObject): void {
    const ns = job.metadata.namespace ?? 'default';
    for (const p of this.store.list('pods', { namespace: ns }).items) {
      if (!ownedBy(p, job)) continue;
      removeTrackingFinalizer(this.store, ns, p.metadata.name);
      if (p.metadata.deletionTimestamp === undefined) deletePod(this.store, ns, p.metadata.name);
    }
  }

  private memoryOf(key: string, job: KubeObject): JobMemory {
    let m = this.memory.get(key);
    if (m === undefined || m.uid !== job.metadata.uid) {
      if (m !== undefined) this.cancelTimers(m);
      m = {
        uid: job.metadata.uid,
        vanished: { succeeded: 0, failed: 0 },
        failures: 0,
        lastFailureMs: 0,
      };
      this.memory.set(key, m);
    }
    return m;
  }

  private forget(key: string): void {
    const m = this.memory.get(key);
    if (m !== undefined) this.cancelTimers(m);
    this.memory.delete(key);
  }

  private cancelTimers(m: JobMemory): void {
    m.cancelWake?.();
    m.cancelTtl?.();
    delete m.cancelWake;
    delete m.cancelTtl;
  }
}

function statusOf(job: KubeObject): Record<string, unknown> {
  const s = job['status'];
  return typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : {};
}

/** When a finished Job finished: completionTime, else its Failed condition's time. */
function finishTime(job: KubeObject): number | null {
  const status = statusOf(job);
  const at =
    typeof status['completionTime'] === 'string'
      ? status['completionTime']
      : conditionsOf(status).find((c) => c.type === 'Failed')?.lastTransitionTime;
  const ms = at === undefined ? NaN : Date.parse(at);
  return Number.isNaN(ms) ? null : ms;
}
