/**
 * The lifecycle engine: one pure, deterministic model of what the kubelet does with a pod, in the
 * spirit of kuberuntime_manager.go computePodActions. No I/O, no clock, no randomness, no timers.
 * How a driver uses it (the loop, each action, wakeAt, the ProbeOracle, deletion, images,
 * finished/settled) and its deliberate simplifications: docs/architecture.md, "The engine's
 * driver contract". It imports only src/model and src/lifecycle.
 */
import type { Action, Observation, ProbeOracle } from './actions.js';
import { recordTransitions } from './report.js';
import { kubeletConditions } from './conditions.js';
import { containerStatus, containerViews, timeAt } from './container-status.js';
import { emit, own, type StepContext } from './context.js';
import type { HookKind, PodEvent, PodPhase, ProbeKind } from './events.js';
import { recordPullFailure } from './image-pull.js';
import { applySetImage } from './image-update.js';
import { probeOf, type PodModel } from './pod-model.js';
import { applyProbeResult, runDueProbes, startProbes, stopProbes } from './probes.js';
import { nothingToKeepOrStart, POD_COMPLETED, shouldRestart, syncStarts } from './startup.js';
import { cloneState, newContainerRuntime, type EngineOptions, type EngineState } from './state.js';
import type { PodCondition, PodStatus } from './status.js';
import { beginContainerKill, beginPodKill, driveStop, forceKill } from './termination.js';
import type { VersionInfo } from '../model/versions.js';

export type { Action, Observation, ProbeOracle } from './actions.js';
export type { EngineOptions, EngineState } from './state.js';
export { buildPodModel, type PodModel, type ContainerModel } from './pod-model.js';

export interface StepResult {
  readonly state: EngineState;
  readonly actions: readonly Action[];
  readonly events: readonly PodEvent[];
  /** When to call `step` again if nothing is observed before; null: only on an observation. */
  readonly wakeAt: number | null;
  /** Every container has stopped after a pod kill; nothing more will happen. */
  readonly finished: boolean;
  /**
   * Nothing more will happen unless the driver reports something: the pod is finished, or it has
   * reached its terminal phase with no container running or starting, no restart due and no
   * wake-up asked for. A real-time driver ends its run here; only a deletion could still add
   * events (PodDeleting), which a run that nobody deletes never sees. A virtual-clock driver
   * with scripted observations still ahead keeps going until `finished` or its end of time.
   */
  readonly settled: boolean;
}

/** The state of a pod just accepted by the kubelet (time 0, nothing created yet). */
export function createPodState(
  model: PodModel,
  version: VersionInfo,
  options: EngineOptions = {},
): EngineState {
  return {
    model,
    version,
    options,
    now: 0,
    sandbox: 'none',
    initDone: false,
    containers: model.containers.map((m) => newContainerRuntime(m.image)),
    kill: null,
    terminalPhase: null,
    reason: null,
    message: null,
    finished: false,
    phase: null,
    conditions: {},
    imageBackoff: {},
  };
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function indexOf(s: EngineState, name: string): number {
  return s.model.containers.findIndex((m) => m.name === name);
}

function probeReason(kind: ProbeKind): string {
  return kind === 'startup' ? 'StartupProbe' : 'LivenessProbe';
}

/**
 * The liveness/startup failures of this step, acted on as one pod sync does
 * (kuberuntime_manager.go computePodActions, then SyncPod):
 * - a failed container is put in ContainersToKill; it is started again unless it is a regular
 *   container and the pod's restartPolicy is Never (shouldRestartOnFailure); a sidecar always is
 *   (computeInitContainerActions);
 * - if then no regular container is kept and none is to be started, KillPod: SyncPod kills the
 *   whole pod (killPodWithSyncResult, no grace override): the pod's grace period for every
 *   container, the failed one included, and sidecars after the regular containers in termination
 *   order; ContainersToKill is not used;
 * - otherwise each failed container alone is killed (SyncPod's ContainersToKill → killContainer
 *   with the probe's reason), so setTerminationGracePeriod gives the probe's own
 *   terminationGracePeriodSeconds when set (e2e P18, P19), else the pod's.
 * Nothing is done once the pod is being killed: the kill is under way and no sync acts on it.
 */
function applyProbeKills(ctx: StepContext): void {
  const s = ctx.s;
  if (ctx.probeKills.length === 0) return;
  const kills = ctx.probeKills.splice(0);
  if (s.kill !== null) return;
  const regularFailing = new Set(
    kills.filter((k) => s.model.containers[k.index]!.kind === 'regular').map((k) => k.index),
  );
  if (regularFailing.size > 0 && s.initDone && nothingToKeepOrStart(ctx, regularFailing)) {
    const reasons = new Map(kills.map((k) => [k.index, probeReason(k.kind)] as const));
    beginPodKill(ctx, POD_COMPLETED, s.model.terminationGracePeriodSeconds, false, reasons);
    return;
  }
  for (const { index, kind } of kills) {
    const probe = probeOf(s.model.containers[index]!, kind);
    const grace = probe?.terminationGracePeriodSeconds ?? s.model.terminationGracePeriodSeconds;
    beginContainerKill(ctx, index, probeReason(kind), grace);
  }
}

/**
 * The grace period the kubelet uses for a deletion (pod_workers.go calculateEffectiveGracePeriod,
 * which the pod worker passes down as killPod's override): the pod's deletionGracePeriodSeconds
 * (DeleteOptions.gracePeriodSeconds, defaulted by the API server to the spec's); a 0 means "no
 * value" before 1.32 and the spec's terminationGracePeriodSeconds is used, while from 1.32 an
 * explicit 0 is kept (VersionInfo.zeroDeletionGraceIsOneSecond); never less than 1 s.
 */
function deletionGrace(s: EngineState, requested: number | undefined): number {
  const spec = s.model.terminationGracePeriodSeconds;
  let grace = requested ?? spec;
  if (grace === 0 && !s.version.zeroDeletionGraceIsOneSecond) grace = spec;
  return Math.max(grace, 1);
}

/** A hook of the current instance ended: a failed postStart kills the container. */
function hookFinished(ctx: StepContext, i: number, hook: HookKind, exitCode: number): void {
  const s = ctx.s;
  const m = s.model.containers[i]!;
  const shared = s.containers[i]!;
  if (shared.phase !== 'running') return;
  if (hook === 'postStart') {
    if (shared.postStart !== 'running') return;
    const c = own(ctx, i);
    emit(ctx, {
      type: 'HookFinished',
      container: m.name,
      hook: 'postStart',
      ...(exitCode !== 0 ? { exitCode } : {}),
    });
    if (exitCode === 0) c.postStart = 'done';
    else {
      // startContainer: a failed postStart kills the container (FailedPostStartHook) through
      // killContainer with that reason: setTerminationGracePeriod gives the pod's grace period
      // (no probe's applies, and starts never happen during a deletion).
      c.postStart = 'failed';
      beginContainerKill(ctx, i, 'FailedPostStartHook', s.model.terminationGracePeriodSeconds);
    }
    return;
  }
  if (
    shared.stop === null ||
    (shared.stop.preStop !== 'running' && shared.stop.preStop !== 'timedout')
  )
    return;
  const st = own(ctx, i).stop!;
  emit(ctx, {
    type: 'HookFinished',
    container: m.name,
    hook: 'preStop',
    ...(exitCode !== 0 ? { exitCode } : {}),
  });
  if (st.preStop === 'running') {
    st.preStop = 'done';
    st.preStopEnd = s.now;
  } else st.preStop = 'done';
}

/** Applies one observation to the new state. */
function observe(ctx: StepContext, o: Observation): void {
  const s = ctx.s;
  if (o.type === 'SandboxReady') {
    if (s.sandbox === 'requested' || s.sandbox === 'none') s.sandbox = 'ready';
    return;
  }
  if (o.type === 'DeletePod') {
    const requested = o.gracePeriodSeconds ?? s.model.terminationGracePeriodSeconds;
    emit(ctx, { type: 'PodDeleting', gracePeriodSeconds: requested });
    // SyncTerminatingPod → killPod with the effective grace as override (killContainer): the
    // deletion's grace wins over the spec's and over any probe's.
    if (!s.finished) beginPodKill(ctx, 'PodDeleted', deletionGrace(s, o.gracePeriodSeconds), true);
    if (o.force === true && !s.finished) forceKill(ctx);
    return;
  }
  const i = indexOf(s, o.container);
  if (i < 0) return;
  if (o.type === 'SetImage') {
    applySetImage(ctx, i, o.image);
    return;
  }
  const m = s.model.containers[i]!;
  const shared = s.containers[i]!;
  if (o.instance !== shared.instance) return;
  switch (o.type) {
    case 'ImagePullFailed':
      recordPullFailure(ctx, i);
      return;
    case 'ContainerStarted': {
      if (shared.phase !== 'starting') return;
      const c = own(ctx, i);
      c.phase = 'running';
      c.startedAt = s.now;
      // Starts whose image could not be pulled created no container: they are no restarts.
      c.restartCount = c.instance - 1 - c.skipped;
      c.pullError = null;
      c.pullFailedAt = null;
      if (c.current !== null) c.last = c.current;
      c.current = null;
      emit(ctx, { type: 'ContainerStarted', container: m.name, restartCount: c.restartCount });
      startProbes(m, c, s.now);
      if (m.postStart !== null && c.stop === null) {
        c.postStart = 'running';
        emit(ctx, { type: 'HookStarted', container: m.name, hook: 'postStart' });
        ctx.actions.push({
          type: 'RunHook',
          container: m.name,
          instance: c.instance,
          hook: 'postStart',
          timeoutSeconds: null,
        });
      } else c.postStart = 'done';
      return;
    }
    case 'HookFinished':
      hookFinished(ctx, i, o.hook, o.exitCode);
      return;
    case 'ProbeResult': {
      if (shared.phase !== 'running') return;
      if (applyProbeResult(ctx, i, o.probe, o.result) === 'kill')
        ctx.probeKills.push({ index: i, kind: o.probe });
      return;
    }
    case 'ContainerExited': {
      if (shared.phase !== 'running' && shared.phase !== 'starting') return;
      const c = own(ctx, i);
      // A hook still running dies with its container.
      if (c.postStart === 'running')
        emit(ctx, { type: 'HookFinished', container: m.name, hook: 'postStart', exitCode: 137 });
      if (c.stop !== null && (c.stop.preStop === 'running' || c.stop.preStop === 'timedout')) {
        emit(ctx, { type: 'HookFinished', container: m.name, hook: 'preStop', exitCode: 137 });
      }
      const reason = o.reason ?? (o.exitCode === 0 ? 'Completed' : 'Error');
      if (c.phase === 'starting' && c.current !== null) c.last = c.current;
      c.current = { exitCode: o.exitCode, reason, startedAt: c.startedAt, finishedAt: s.now };
      c.phase = 'exited';
      c.postStart = 'none';
      c.stop = null;
      stopProbes(c);
      emit(ctx, { type: 'ContainerExited', container: m.name, exitCode: o.exitCode, reason });
      c.restartPending =
        s.kill === null && s.initDone && m.kind !== 'init' ? shouldRestart(ctx, m, c) : false;
      return;
    }
  }
}

/** TerminatePod (pkg/kubelet/status/status_manager.go): containers that never ended are marked. */
function markUnknown(ctx: StepContext): void {
  const s = ctx.s;
  for (let i = 0; i < s.containers.length; i++) {
    const shared = s.containers[i]!;
    if (shared.phase === 'waiting' || (shared.phase === 'exited' && shared.restartPending)) {
      const c = own(ctx, i);
      if (c.phase === 'exited' && c.current !== null) c.last = c.current;
      c.current = {
        exitCode: 137,
        reason: 'ContainerStatusUnknown',
        message: 'The container could not be located when the pod was terminated',
        startedAt: null,
        finishedAt: s.now,
      };
      c.phase = 'exited';
      c.restartPending = false;
      c.pullError = null;
    }
  }
}

/**
 * One engine step at `now` (ms since pod creation) with the observations that arrived, and the
 * probe oracle of a driver that knows probe answers ahead of time (see ProbeOracle).
 * Pure: the given state is not changed; the result holds the next state.
 */
export function step(
  prev: EngineState,
  now: number,
  observations: readonly Observation[],
  oracle: ProbeOracle | null = null,
): StepResult {
  const s = cloneState(prev);
  s.now = Math.max(prev.now, Math.round(now));
  const ctx: StepContext = {
    s,
    actions: [],
    events: [],
    startsBlocked: false,
    oracle,
    probeKills: [],
    owned: [],
  };
  for (const o of observations) observe(ctx, o);
  let wake: number | null = null;
  if (!s.finished) {
    if (s.sandbox === 'none') {
      s.sandbox = 'requested';
      ctx.actions.push({ type: 'CreateSandbox' });
    }
    // activeDeadlineSeconds (pkg/kubelet/active_deadline.go): the pod fails, then is killed.
    const deadline = s.model.activeDeadlineSeconds;
    if (deadline !== null && s.kill === null && s.terminalPhase === null) {
      if (s.now >= deadline * 1000) {
        s.terminalPhase = 'Failed';
        s.reason = 'DeadlineExceeded';
        s.message = 'Pod was active on the node longer than the specified deadline';
        // No deletion: setTerminationGracePeriod gives the pod's grace period.
        beginPodKill(ctx, 'DeadlineExceeded', s.model.terminationGracePeriodSeconds, false);
      } else wake = deadline * 1000;
    }
    // Probes first: a startup probe passing now lets the next container start in this step.
    const kills: ProbeKind[] = [];
    for (let i = 0; i < s.containers.length; i++) {
      // Only a running container's probes run (the check saves a call per container per step).
      if (s.containers[i]!.phase !== 'running') continue;
      wake = earliest(wake, runDueProbes(ctx, i, kills));
      if (kills.length === 0) continue;
      for (const kind of kills) ctx.probeKills.push({ index: i, kind });
      kills.length = 0;
    }
    // kubelet.go syncLoopIteration: a liveness/startup Failure triggers a pod sync.
    applyProbeKills(ctx);
    ctx.startsBlocked = startsBlocked(s);
    if (s.kill === null && s.sandbox === 'ready') wake = earliest(wake, syncStarts(ctx));
    for (let i = 0; i < s.containers.length; i++) {
      if (s.containers[i]!.stop !== null) wake = earliest(wake, driveStop(ctx, i));
    }
    if (s.kill !== null && noneAlive(s)) {
      if (s.kill.deleted) markUnknown(ctx);
      s.finished = true;
      s.sandbox = 'gone';
      ctx.actions.push({ type: 'RemoveSandbox' });
      wake = null;
    }
  }
  recordTransitions(ctx);
  const wakeAt = s.finished ? null : wake;
  return {
    state: s,
    actions: ctx.actions,
    events: ctx.events,
    wakeAt,
    finished: s.finished,
    settled: s.finished || (wakeAt === null && quiet(s)),
  };
}

/** A postStart hook runs, or a container with one was asked to start (see StepContext). */
function startsBlocked(s: EngineState): boolean {
  for (let i = 0; i < s.containers.length; i++) {
    const c = s.containers[i]!;
    if (c.phase === 'starting' && s.model.containers[i]!.postStart !== null) return true;
    if (c.phase === 'running' && c.postStart === 'running') return true;
  }
  return false;
}

/** No container runs or is starting. */
function noneAlive(s: EngineState): boolean {
  for (const c of s.containers) if (c.phase === 'running' || c.phase === 'starting') return false;
  return true;
}

/** A terminal phase with no container running, starting or waiting for a restart. */
function quiet(s: EngineState): boolean {
  return (
    s.terminalPhase !== null &&
    s.containers.every((c) => c.phase !== 'running' && c.phase !== 'starting' && !c.restartPending)
  );
}

/** The PodStatus of a state, in the Kubernetes shape; times from `createdAtMs` (epoch ms). */
export function podStatus(s: EngineState, createdAtMs = 0): PodStatus {
  const views = containerViews(s);
  const phase = (s.phase ?? 'Pending') as PodPhase;
  const conditions: PodCondition[] = [];
  const computed = kubeletConditions(
    views,
    phase,
    s.version.sandboxCondition,
    s.sandbox === 'ready',
    s.model.readinessGates,
    true,
  );
  for (const [type, v] of computed) {
    conditions.push({
      type,
      status: v.status,
      ...(v.reason !== undefined ? { reason: v.reason } : {}),
      ...(v.message !== undefined ? { message: v.message } : {}),
      lastProbeTime: null,
      lastTransitionTime: timeAt(createdAtMs, s.conditions[type]?.since ?? s.now),
    });
  }
  conditions.push({
    type: 'PodScheduled',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: timeAt(createdAtMs, 0),
  });
  const statuses = s.model.containers.map((_, i) => containerStatus(s, i, createdAtMs));
  const init = statuses.slice(0, s.model.initCount);
  return {
    phase,
    conditions,
    ...(init.length > 0 ? { initContainerStatuses: init } : {}),
    containerStatuses: statuses.slice(s.model.initCount),
    ...(s.reason !== null ? { reason: s.reason } : {}),
    ...(s.message !== null ? { message: s.message } : {}),
    startTime: timeAt(createdAtMs, 0),
  };
}
