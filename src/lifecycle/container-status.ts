/**
 * Container statuses as the kubelet reports them (kubernetes/kubernetes pkg/kubelet/kubelet_pods.go
 * convertToAPIContainerStatuses; pkg/kubelet/prober/prober_manager.go UpdatePodStatus for
 * `ready`/`started`), in a compact form the phase and conditions are computed from, and in the
 * Kubernetes shape for PodStatus.
 */
import type { ContainerModel } from './pod-model.js';
import type { ContainerRuntime, EngineState, Termination } from './state.js';
import type { ContainerState, ContainerStatus } from './status.js';

export interface ContainerView {
  readonly model: ContainerModel;
  readonly state: 'waiting' | 'running' | 'terminated';
  readonly waitingReason: string | null;
  /** Exit code of the current termination (state terminated). */
  readonly exitCode: number | null;
  /** Exit code of lastState.terminated, null when there is none. */
  readonly lastExitCode: number | null;
  readonly ready: boolean;
  readonly started: boolean;
  /**
   * Some instance of it has run. False for a container that only has the status TerminatePod
   * gives to never-created containers (ContainerStatusUnknown): the runtime has no record of it.
   */
  readonly everRan: boolean;
}

/**
 * "Started": running, its postStart hook done and its startup probe passed (or none). This is
 * what frees the next init container after a sidecar (KEP-753; kuberuntime_container.go
 * computeInitContainerActions) and what `status.started` shows.
 */
export function isStarted(c: ContainerRuntime): boolean {
  return c.phase === 'running' && c.postStart === 'done' && c.startupPassed;
}

/**
 * Readiness: a regular init container is ready once it exited 0; others when started and their
 * readiness probe says Success, or they have none (prober_manager.go UpdatePodStatus).
 */
export function isReady(m: ContainerModel, c: ContainerRuntime): boolean {
  if (m.kind === 'init') return c.phase === 'exited' && c.current?.exitCode === 0;
  if (!isStarted(c)) return false;
  if (m.readinessProbe === null) return true;
  return c.probes.readiness?.result === 'Success';
}

function waitingReason(s: EngineState, c: ContainerRuntime): string | null {
  // A recorded start failure (ErrImagePull, ImagePullBackOff) is what a waiting container shows.
  if (c.pullError !== null && c.phase !== 'running' && c.phase !== 'starting') return c.pullError;
  if (c.phase === 'exited')
    return c.restartAt !== null && c.restartAt > s.now ? 'CrashLoopBackOff' : null;
  if (c.phase === 'starting') return 'ContainerCreating';
  // Never created: PodInitializing when the pod has init containers, else ContainerCreating.
  return s.model.initCount > 0 ? 'PodInitializing' : 'ContainerCreating';
}

/**
 * Views already computed, by container: a step shares the containers it does not change with the
 * state before (state.ts cloneState), and a container is never changed once its step is over, so
 * its view holds as long as it does not depend on the time (see `timeless`). This keeps a step's
 * cost to the containers that changed. A cache only: the engine's results do not depend on it.
 */
const viewCache = new WeakMap<ContainerRuntime, ContainerView>();

/** The view of a container does not depend on `now` (only a crash-loop back-off's end does). */
function timeless(c: ContainerRuntime): boolean {
  return !(
    c.phase === 'exited' &&
    c.restartPending &&
    c.pullError === null &&
    c.restartAt !== null
  );
}

function viewOf(s: EngineState, m: ContainerModel, c: ContainerRuntime): ContainerView {
  const showsRestart = c.phase === 'exited' && c.restartPending;
  const terminated = c.phase === 'exited' && !showsRestart;
  // Restarting (exited, or asked to start again): the previous exit is the last state.
  const last = c.phase === 'running' || terminated ? c.last : (c.current ?? c.last);
  return {
    model: m,
    state: c.phase === 'running' ? 'running' : terminated ? 'terminated' : 'waiting',
    waitingReason: c.phase === 'running' || terminated ? null : waitingReason(s, c),
    exitCode: terminated ? (c.current?.exitCode ?? null) : null,
    lastExitCode: last?.exitCode ?? null,
    ready: isReady(m, c),
    started: isStarted(c),
    everRan: c.phase === 'running' || c.last !== null || (c.current?.startedAt ?? null) !== null,
  };
}

/**
 * The compact status of every container, in PodModel order. Call it only on a state no step is
 * still changing (the end of a step, or a returned state): views are cached by container.
 */
export function containerViews(s: EngineState): ContainerView[] {
  const n = s.containers.length;
  const views = new Array<ContainerView>(n);
  for (let i = 0; i < n; i++) {
    const c = s.containers[i]!;
    let v = viewCache.get(c);
    if (v === undefined) {
      v = viewOf(s, s.model.containers[i]!, c);
      if (timeless(c)) viewCache.set(c, v);
    }
    views[i] = v;
  }
  return views;
}

const timeCache = new Map<number, string>();

/** RFC 3339 time of `ms` after the pod's creation (second precision, as metav1.Time stores it). */
export function timeAt(createdAtMs: number, ms: number): string {
  const at = createdAtMs + ms;
  let text = timeCache.get(at);
  if (text === undefined) {
    text = `${new Date(at).toISOString().slice(0, 19)}Z`;
    if (timeCache.size > 4096) timeCache.clear();
    timeCache.set(at, text);
  }
  return text;
}

function terminatedState(t: Termination, created: number): ContainerState {
  return {
    terminated: {
      exitCode: t.exitCode,
      ...(t.exitCode === 137 ? { signal: 9 } : {}),
      reason: t.reason,
      ...(t.message !== undefined ? { message: t.message } : {}),
      ...(t.startedAt !== null ? { startedAt: timeAt(created, t.startedAt) } : {}),
      finishedAt: timeAt(created, t.finishedAt),
    },
  };
}

/** Kubernetes ContainerStatus of one container. */
export function containerStatus(s: EngineState, index: number, created: number): ContainerStatus {
  const m = s.model.containers[index]!;
  const c = s.containers[index]!;
  const showsRestart = c.phase === 'exited' && c.restartPending;
  const terminated = c.phase === 'exited' && !showsRestart;
  const last = c.phase === 'running' || terminated ? c.last : (c.current ?? c.last);
  let state: ContainerState;
  if (c.phase === 'running') state = { running: { startedAt: timeAt(created, c.startedAt ?? 0) } };
  else if (terminated && c.current !== null) state = terminatedState(c.current, created);
  else {
    const reason = waitingReason(s, c);
    const message =
      reason === 'CrashLoopBackOff'
        ? `back-off ${String(c.backoffDelay / 1000)}s restarting failed container=${m.name} pod=${podRef(s.model.name)}`
        : reason === 'ImagePullBackOff'
          ? `Back-off pulling image ${JSON.stringify(c.specImage)}`
          : reason === 'ErrImagePull'
            ? `Failed to pull image ${JSON.stringify(c.image ?? c.specImage)}`
            : undefined;
    state = {
      waiting: {
        ...(reason !== null ? { reason } : {}),
        ...(message !== undefined ? { message } : {}),
      },
    };
  }
  return {
    name: m.name,
    state,
    lastState: last !== null ? terminatedState(last, created) : {},
    ready: isReady(m, c),
    restartCount: c.restartCount,
    // The image of the latest instance (a completed init container keeps its old one), else the spec's.
    image: c.image ?? c.specImage,
    imageID: '',
    started: isStarted(c),
  };
}

/** `name_namespace`, as the kubelet names a pod in back-off messages. */
function podRef(qualified: string): string {
  const slash = qualified.indexOf('/');
  return slash < 0 ? qualified : `${qualified.slice(slash + 1)}_${qualified.slice(0, slash)}`;
}
