/**
 * Stopping containers: the kubelet's kill path (kubernetes/kubernetes pkg/kubelet/kuberuntime
 * kuberuntime_container.go killContainersWithSyncResult, killContainer, executePreStopHook,
 * setTerminationGracePeriod; kuberuntime_termination_order.go newTerminationOrdering, waitForTurn).
 *
 * Per container, all concurrently, from one start t0 and one grace period G:
 * 1. preStop (if any and G > 0) runs at t0, waited for at most G; the whole seconds it took are
 *    taken from G;
 * 2. ordering wait (1.29+, VersionInfo.terminationOrdering, pods with a sidecar, G still > 0): a
 *    sidecar waits, at most the rest of G, for every regular container that was running at t0 and
 *    for the next later-declared sidecar (if that one was running at t0); the whole seconds waited
 *    are taken from G. This makes sidecars stop last, in reverse order;
 * 3. SIGTERM with what is left of G, but never less than 2 s (minimumGracePeriodInSeconds);
 * 4. SIGKILL when that runs out (exit 137).
 * `ContainerKilling` is emitted when a signal is sent, not when the stop begins.
 */
import { emit, own, type StepContext } from './context.js';
import type { ContainerRuntime, StopState } from './state.js';

export const MINIMUM_GRACE_MS = 2000;

function isAlive(c: ContainerRuntime): boolean {
  return c.phase === 'running' || c.phase === 'starting';
}

/** Whether any of the containers at `indexes` runs (a loop: driveStop runs every step). */
function anyAlive(containers: readonly ContainerRuntime[], indexes: readonly number[]): boolean {
  for (const i of indexes) if (isAlive(containers[i]!)) return true;
  return false;
}

function wholeSecondsMs(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

function newStop(
  reason: string,
  t0: number,
  grace: number,
  prereqs: readonly number[],
  podKill: boolean,
): StopState {
  return {
    reason,
    t0,
    grace,
    prereqs,
    podKill,
    preStop: 'pending',
    preStopEnd: null,
    termSentAt: null,
    killAt: null,
    killSent: false,
  };
}

/**
 * Starts the kill of the whole pod (deletion, Job completion, init failure under Never, active
 * deadline, a liveness/startup failure that leaves nothing to keep or start). Nothing is restarted
 * from now on. Every running container gets the same grace period: killPodWithSyncResult calls
 * killContainer with no kill reason, so setTerminationGracePeriod never picks a probe's
 * terminationGracePeriodSeconds here. `reasons`: the ContainerKilling reason of some containers
 * (those whose probe failure caused the kill), others get `reason`.
 */
export function beginPodKill(
  ctx: StepContext,
  reason: string,
  graceSeconds: number,
  deleted: boolean,
  reasons: ReadonlyMap<number, string> = new Map(),
): void {
  const s = ctx.s;
  if (s.kill !== null) return;
  const grace = Math.max(0, graceSeconds) * 1000;
  s.kill = { reason, t0: s.now, grace, deleted };
  const running = s.containers.map(isAlive);
  // newTerminationOrdering: only when the pod has a restartable init container.
  const ordering = s.version.terminationOrdering && s.model.hasSidecars;
  const regularRunning = s.model.containers
    .filter((m) => m.kind === 'regular' && running[m.index])
    .map((m) => m.index);
  let laterSidecar: number | null = null;
  const prereqs = new Map<number, number[]>();
  for (let i = s.model.initCount - 1; i >= 0; i--) {
    const m = s.model.containers[i]!;
    if (m.kind !== 'sidecar') continue;
    const list = [...regularRunning];
    // The next later-declared sidecar, whether or not it runs: one that was not running counts as
    // already terminated (its channel is pre-closed), so the chain stops there.
    if (laterSidecar !== null && running[laterSidecar]) list.push(laterSidecar);
    prereqs.set(i, list);
    laterSidecar = i;
  }
  s.containers.forEach((shared, i) => {
    const stops = running[i] === true && shared.stop === null;
    if (!stops && !shared.restartPending && shared.restartAt === null) return;
    const c = own(ctx, i);
    c.restartPending = false;
    c.restartAt = null;
    if (!stops) return;
    const why = reasons.get(i) ?? reason;
    c.stop = newStop(why, s.now, grace, ordering ? (prereqs.get(i) ?? []) : [], true);
    c.killReason = why;
  });
}

/**
 * Starts the kill of one container (SyncPod's ContainersToKill: a probe failure while the pod goes
 * on, a failed postStart), to be restarted by policy. The grace period is the caller's: a probe's
 * own terminationGracePeriodSeconds applies only on this path (setTerminationGracePeriod).
 */
export function beginContainerKill(
  ctx: StepContext,
  index: number,
  reason: string,
  graceSeconds: number,
): void {
  const shared = ctx.s.containers[index]!;
  if (!isAlive(shared) || shared.stop !== null) return;
  const c = own(ctx, index);
  c.stop = newStop(reason, ctx.s.now, Math.max(0, graceSeconds) * 1000, [], false);
  c.killReason = reason;
}

/** Sends a signal: the ContainerKilling event marks the sending, not the start of the stop. */
function sendSignal(
  ctx: StepContext,
  index: number,
  signal: 'SIGTERM' | 'SIGKILL',
  reason: string,
): void {
  const name = ctx.s.model.containers[index]!.name;
  emit(ctx, { type: 'ContainerKilling', container: name, signal, reason });
  ctx.actions.push({
    type: 'Signal',
    container: name,
    instance: ctx.s.containers[index]!.instance,
    signal,
  });
}

/** The stop of container `index` in the new state, ready to be changed. */
function ownStop(ctx: StepContext, index: number): StopState {
  return own(ctx, index).stop!;
}

/** Moves one container's stop forward; returns when it next needs attention (or null). */
export function driveStop(ctx: StepContext, index: number): number | null {
  const s = ctx.s;
  const m = s.model.containers[index]!;
  const c = s.containers[index]!;
  if (c.stop === null || c.phase !== 'running') return null;
  // Read from the shared container; copied (`ownStop`) only before the first change.
  let st: StopState = c.stop;
  const now = s.now;
  if (st.preStop === 'pending') {
    if (m.preStop !== null && st.grace > 0) {
      st = ownStop(ctx, index);
      st.preStop = 'running';
      emit(ctx, { type: 'HookStarted', container: m.name, hook: 'preStop' });
      ctx.actions.push({
        type: 'RunHook',
        container: m.name,
        instance: c.instance,
        hook: 'preStop',
        timeoutSeconds: st.grace / 1000,
      });
    } else {
      st = ownStop(ctx, index);
      st.preStop = 'skipped';
      st.preStopEnd = now;
    }
  }
  if (st.preStop === 'running') {
    if (now < st.t0 + st.grace) return st.t0 + st.grace;
    // executePreStopHook gives up after G; the hook goes on until the container dies.
    st = ownStop(ctx, index);
    st.preStop = 'timedout';
    st.preStopEnd = now;
  }
  if (st.termSentAt === null) {
    const preEnd = st.preStopEnd ?? now;
    const g1 = st.grace - wholeSecondsMs(preEnd - st.t0);
    let g2 = g1;
    if (st.prereqs.length > 0 && g1 > 0) {
      const waiting = anyAlive(s.containers, st.prereqs);
      if (waiting && now < preEnd + g1) return preEnd + g1;
      g2 = g1 - wholeSecondsMs(now - preEnd);
    }
    st = ownStop(ctx, index);
    st.termSentAt = now;
    st.killAt = now + Math.max(g2, MINIMUM_GRACE_MS);
    sendSignal(ctx, index, 'SIGTERM', st.reason);
  }
  if (!st.killSent && st.killAt !== null) {
    if (now < st.killAt) return st.killAt;
    st = ownStop(ctx, index);
    st.killSent = true;
    sendSignal(ctx, index, 'SIGKILL', 'GracePeriodExpired');
  }
  return null;
}

/**
 * A forced deletion: the pod object is removed from the API at once (the API server's
 * `--grace-period=0 --force`), and sidecarctl kills what still runs without waiting, as kubectl
 * warns ("Immediate deletion does not wait for confirmation that the running resource has been
 * terminated"). Every container still running or starting gets SIGKILL now, reason PodDeleted (the
 * kill is the deletion's: pkg/kubelet/kubelet.go HandlePodRemoves → pod worker SyncPodKill →
 * killPod); its stop, if any, is over: no preStop, no SIGTERM, no ordering wait. A container
 * already sent SIGKILL is not sent another.
 */
export function forceKill(ctx: StepContext): void {
  const s = ctx.s;
  for (let i = 0; i < s.containers.length; i++) {
    const shared = s.containers[i]!;
    if (!isAlive(shared) || shared.stop?.killSent === true) continue;
    const c = own(ctx, i);
    const st = c.stop ?? newStop(FORCE_REASON, s.now, 0, [], true);
    c.stop = {
      ...st,
      preStop: st.preStop === 'pending' ? 'skipped' : st.preStop,
      preStopEnd: st.preStopEnd ?? s.now,
      termSentAt: st.termSentAt ?? s.now,
      killAt: s.now,
      killSent: true,
    };
    c.killReason ??= FORCE_REASON;
    sendSignal(ctx, i, 'SIGKILL', FORCE_REASON);
  }
}

const FORCE_REASON = 'PodDeleted';
