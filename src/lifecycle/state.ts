/**
 * The engine's memory between two steps: what the kubelet keeps in its runtime cache, its probe
 * workers and its back-off table. Plain data (JSON-serialisable), owned by the caller: `step`
 * never changes the state it is given, it returns a new one.
 *
 * All times are integer milliseconds since the pod was created.
 */
import type { PodModel } from './pod-model.js';
import type { VersionInfo } from '../model/versions.js';

/** Where a container is in the runtime. */
export type RuntimePhase = 'waiting' | 'starting' | 'running' | 'exited';

export interface Termination {
  readonly exitCode: number;
  readonly reason: string;
  readonly message?: string;
  readonly startedAt: number | null;
  readonly finishedAt: number;
}

/** One probe worker of the current container instance (prober/worker.go). */
export interface ProbeState {
  /** When the next run is due; null: not scheduled (stopped, or waiting for startup). */
  nextAt: number | null;
  /** A run was asked for and its result has not arrived. */
  inflight: boolean;
  /** Consecutive results equal to `last` (worker.resultRun). */
  run: number;
  /** Last raw result of this instance, null before the first. */
  last: 'Success' | 'Failure' | null;
  /** The result after thresholds (what the results manager holds). */
  result: 'Success' | 'Failure' | null;
}

/** The stop of one container (kuberuntime_container.go killContainer), shared budget from t0. */
export interface StopState {
  /** Why: PodDeleted, PodCompleted, InitFailed, DeadlineExceeded, LivenessProbe, StartupProbe, FailedPostStartHook. */
  readonly reason: string;
  readonly t0: number;
  /** Grace period in ms (whole seconds, as the API has them). */
  readonly grace: number;
  /** Indexes of containers this one waits for before SIGTERM (termination ordering, 1.29+). */
  readonly prereqs: readonly number[];
  /** Part of a pod-level kill (as opposed to a probe kill of one container). */
  readonly podKill: boolean;
  preStop: 'pending' | 'running' | 'done' | 'timedout' | 'skipped';
  /** When the preStop phase ended. */
  preStopEnd: number | null;
  termSentAt: number | null;
  /** When SIGKILL is due once SIGTERM was sent. */
  killAt: number | null;
  killSent: boolean;
}

export interface ContainerRuntime {
  phase: RuntimePhase;
  /** Number of starts asked for so far; the current instance's id. */
  instance: number;
  restartCount: number;
  startedAt: number | null;
  /** Termination of the current instance when phase is 'exited'. */
  current: Termination | null;
  /** Termination of the instance before (status lastState). */
  last: Termination | null;
  postStart: 'none' | 'running' | 'done' | 'failed';
  /** The startup probe succeeded for this instance (or there is none). */
  startupPassed: boolean;
  /** Reached "started" at least once (sidecar: frees the next init container for good). */
  everStarted: boolean;
  probes: { startup: ProbeState | null; readiness: ProbeState | null; liveness: ProbeState | null };
  /** The kubelet will start this exited container again. */
  restartPending: boolean;
  /** When the restart may happen (back-off end); null until decided. */
  restartAt: number | null;
  /** Back-off entry (client-go flowcontrol.Backoff): current delay (0: no entry) and last update. */
  backoffDelay: number;
  backoffLast: number;
  /** Reason of the kill that ended (or is ending) this instance, for the restart decision. */
  killReason: string | null;
  stop: StopState | null;
  /** Last reported readiness (for ContainerReady events). */
  readyReported: boolean;
  /** The image the spec gives now (pod updates may change it, SetImage). */
  specImage: string;
  /** The image of the latest instance asked for; null before the first start. */
  image: string | null;
  /** Starts whose image could not be pulled: instances that never ran (not restarts). */
  skipped: number;
  /** Why the container waits for its image (status waiting reason), null when it does not. */
  pullError: 'ErrImagePull' | 'ImagePullBackOff' | null;
  /** When this container's last pull failed; null when its last start did not fail to pull. */
  pullFailedAt: number | null;
}

/** Image pull back-off entry of one image (client-go flowcontrol.Backoff): delay and last update. */
export interface ImageBackoff {
  readonly delay: number;
  readonly last: number;
}

export interface PodKill {
  readonly reason: string;
  readonly t0: number;
  readonly grace: number;
  /** True when the pod was deleted (as opposed to a kill the kubelet decided). */
  readonly deleted: boolean;
}

export interface EngineState {
  readonly model: PodModel;
  readonly version: VersionInfo;
  readonly options: EngineOptions;
  now: number;
  sandbox: 'none' | 'requested' | 'ready' | 'gone';
  initDone: boolean;
  containers: ContainerRuntime[];
  kill: PodKill | null;
  /** Set once the pod reached a terminal phase (the kubelet never leaves it). */
  terminalPhase: 'Succeeded' | 'Failed' | null;
  /** status.reason / status.message of the pod (DeadlineExceeded). */
  reason: string | null;
  message: string | null;
  /** Every container has stopped after a pod kill: nothing more will happen. */
  finished: boolean;
  /** Last reported phase and condition statuses, with their transition times. */
  phase: string | null;
  /**
   * Status and transition time of each kubelet-owned condition (messages are rebuilt by podStatus).
   * Entries are replaced, never mutated, so a step's copy may share them.
   */
  conditions: Record<string, { readonly status: 'True' | 'False'; readonly since: number }>;
  /**
   * Image pull back-off by image (the kubelet's key is pod UID + image). Copy-on-write: replaced,
   * never mutated, so a step's clone may share it.
   */
  imageBackoff: Readonly<Record<string, ImageBackoff>>;
}

export interface EngineOptions {
  /** Emit a ProbeResult event for every probe run, not only for failures and changes. */
  readonly allProbeResults?: boolean;
}

function cloneProbe(p: ProbeState | null): ProbeState | null {
  return p === null
    ? null
    : { nextAt: p.nextAt, inflight: p.inflight, run: p.run, last: p.last, result: p.result };
}

/**
 * A copy of one container deep enough that mutating it leaves the original untouched (Termination
 * records are immutable). Field by field rather than with spreads: simulations run millions of
 * steps (spread copies are several times slower in V8).
 */
export function cloneContainer(c: ContainerRuntime): ContainerRuntime {
  return {
    phase: c.phase,
    instance: c.instance,
    restartCount: c.restartCount,
    startedAt: c.startedAt,
    current: c.current,
    last: c.last,
    postStart: c.postStart,
    startupPassed: c.startupPassed,
    everStarted: c.everStarted,
    probes: {
      startup: cloneProbe(c.probes.startup),
      readiness: cloneProbe(c.probes.readiness),
      liveness: cloneProbe(c.probes.liveness),
    },
    restartPending: c.restartPending,
    restartAt: c.restartAt,
    backoffDelay: c.backoffDelay,
    backoffLast: c.backoffLast,
    killReason: c.killReason,
    stop: c.stop === null ? null : { ...c.stop },
    readyReported: c.readyReported,
    specImage: c.specImage,
    image: c.image,
    skipped: c.skipped,
    pullError: c.pullError,
    pullFailedAt: c.pullFailedAt,
  };
}

/**
 * The next step's state, sharing every container with `s`: a step copies a container only when it
 * changes it (context.ts `own`), so its cost follows what happens, not the pod's size. The
 * containers array and the conditions record are copied (the step replaces their entries).
 */
export function cloneState(s: EngineState): EngineState {
  const conditions: EngineState['conditions'] = {};
  for (const k in s.conditions) conditions[k] = s.conditions[k]!;
  return {
    model: s.model,
    version: s.version,
    options: s.options,
    now: s.now,
    sandbox: s.sandbox,
    initDone: s.initDone,
    containers: s.containers.slice(),
    kill: s.kill,
    terminalPhase: s.terminalPhase,
    reason: s.reason,
    message: s.message,
    finished: s.finished,
    phase: s.phase,
    conditions,
    imageBackoff: s.imageBackoff,
  };
}

export function newContainerRuntime(specImage = ''): ContainerRuntime {
  return {
    phase: 'waiting',
    instance: 0,
    restartCount: 0,
    startedAt: null,
    current: null,
    last: null,
    postStart: 'none',
    startupPassed: false,
    everStarted: false,
    probes: { startup: null, readiness: null, liveness: null },
    restartPending: false,
    restartAt: null,
    backoffDelay: 0,
    backoffLast: 0,
    killReason: null,
    stop: null,
    readyReported: false,
    specImage,
    image: null,
    skipped: 0,
    pullError: null,
    pullFailedAt: null,
  };
}
