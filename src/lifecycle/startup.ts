/**
 * What to start (or restart) next while the pod is not being killed: the kubelet's
 * computePodActions / computeInitContainerActions (kubernetes/kubernetes pkg/kubelet/kuberuntime
 * kuberuntime_manager.go, kuberuntime_container.go), restated in
 * reference/k8s-sidecar-semantics.md c.1 to c.3 and d.
 *
 * - Init containers in spec order. A regular init container must exit 0; a sidecar must be
 *   started (running, postStart done, startup probe passed) before the next one starts. A sidecar
 *   that was started once and then exits is restarted without holding the walk back.
 * - A regular init container that fails: restartPolicy Never kills the pod (it becomes Failed,
 *   sidecars are stopped); otherwise it is retried with back-off and the pod stays Pending.
 * - Then the regular containers, in order, one start at a time (each blocks on its postStart).
 * - Restarts: sidecars always; regular containers by the pod restartPolicy (Always; OnFailure on a
 *   non-zero exit; a liveness/startup kill restarts unless Never: shouldRestartOnFailure), with
 *   crash-loop back-off.
 * - Job-style completion: once initialized, when no regular container runs and none will be
 *   (re)started, the pod is killed; sidecars are stopped and not restarted. The same rule decides
 *   what a liveness/startup failure does (engine.ts applyProbeKills, nothingToKeepOrStart): a
 *   whole-pod kill with the pod's grace period, or the one container with its probe's.
 * - Images: a start waits while its image is in pull back-off (image-pull.ts); a container that
 *   cannot pull never starts, so it holds back what comes after it in the init order. Running
 *   containers whose image a pod update changed are restarted first (image-update.ts).
 */
import { recordRestart, restartNotBefore } from './backoff.js';
import { isStarted } from './container-status.js';
import { emit, own, type StepContext } from './context.js';
import { imageGate } from './image-pull.js';
import { killChangedContainers, SPEC_CHANGED } from './image-update.js';
import type { ContainerModel } from './pod-model.js';
import { beginPodKill } from './termination.js';
import type { ContainerRuntime } from './state.js';

/** Whether an exited container will be started again (the pod is not being killed). */
export function shouldRestart(ctx: StepContext, m: ContainerModel, c: ContainerRuntime): boolean {
  const policy = ctx.s.model.restartPolicy;
  const code = c.current?.exitCode ?? 0;
  switch (m.kind) {
    case 'sidecar':
      // Sidecars ignore the pod restartPolicy, even after a startup-probe failure under Never (#120234).
      return true;
    case 'init':
      return code !== 0 && policy !== 'Never';
    case 'regular':
      // computePodActions: a changed spec restarts the container whatever the policy (e2e A1).
      if (c.killReason === SPEC_CHANGED) return true;
      if (c.killReason === 'LivenessProbe' || c.killReason === 'StartupProbe')
        return policy !== 'Never';
      return policy === 'Always' || (policy === 'OnFailure' && code !== 0);
  }
}

/** Why the kubelet kills a pod that has nothing left to keep or start (computePodActions). */
export const POD_COMPLETED = 'PodCompleted';

/**
 * computePodActions, once the pod is initialized, for one regular container: it is kept running
 * (keepCount) or it will be (re)started (ContainersToStart). `failing`: its liveness or startup
 * probe failed in this sync, so it is in ContainersToKill and is started again only when
 * shouldRestartOnFailure (the pod's restartPolicy is not Never).
 */
function keptOrToStart(
  ctx: StepContext,
  m: ContainerModel,
  c: ContainerRuntime,
  failing: boolean,
): boolean {
  const policy = ctx.s.model.restartPolicy;
  // ShouldContainerBeRestarted for a container that is not running (or never ran).
  if (c.phase === 'exited') return c.restartPending || shouldRestart(ctx, m, c);
  if (failing) return policy !== 'Never';
  // A container still being killed by an earlier liveness/startup failure under Never is not kept
  // and will not be started again.
  const dying =
    c.stop !== null &&
    !c.stop.podKill &&
    (c.killReason === 'LivenessProbe' || c.killReason === 'StartupProbe');
  return !dying || policy !== 'Never';
}

/**
 * computePodActions' `keepCount == 0 && len(changes.ContainersToStart) == 0` → KillPod: no regular
 * container is kept or will be started, given the containers whose liveness/startup probe failed
 * in this sync (`failing`). Only meaningful once the pod is initialized.
 */
export function nothingToKeepOrStart(ctx: StepContext, failing: ReadonlySet<number>): boolean {
  const model = ctx.s.model;
  for (let i = model.initCount; i < model.containers.length; i++) {
    if (keptOrToStart(ctx, model.containers[i]!, ctx.s.containers[i]!, failing.has(i)))
      return false;
  }
  return true;
}

/** Asks the driver to start a container (a new instance) from the spec's current image. */
function start(ctx: StepContext, m: ContainerModel): void {
  const c = own(ctx, m.index);
  c.instance++;
  c.phase = 'starting';
  c.restartAt = null;
  c.restartPending = false;
  c.killReason = null;
  c.image = c.specImage;
  // Starts are serial; one whose postStart must finish first holds the others back.
  if (m.postStart !== null) ctx.startsBlocked = true;
  ctx.actions.push({
    type: 'StartContainer',
    container: m.name,
    instance: c.instance,
    image: c.image,
  });
}

/**
 * The first start of a container, unless starts are blocked or its image is in pull back-off;
 * returns when to look again for the image (or null).
 */
function firstStart(ctx: StepContext, m: ContainerModel): number | null {
  if (ctx.startsBlocked) return null;
  const wait = imageGate(ctx, m.index);
  if (wait !== null) return wait;
  start(ctx, m);
  return null;
}

/**
 * Restarts an exited container when its back-off allows; returns when to look again (or null).
 * The first look after an exit decides: start now, or wait (status CrashLoopBackOff, BackOff event).
 */
function restart(ctx: StepContext, m: ContainerModel): number | null {
  const c = ctx.s.containers[m.index]!;
  const finishedAt = c.current?.finishedAt ?? ctx.s.now;
  let restartAt = c.restartAt;
  if (restartAt === null) {
    restartAt = restartNotBefore(c, finishedAt);
    own(ctx, m.index).restartAt = restartAt;
    if (restartAt > ctx.s.now) {
      emit(ctx, { type: 'BackOff', container: m.name, delaySeconds: c.backoffDelay / 1000 });
    }
  }
  if (restartAt > ctx.s.now) return restartAt;
  if (ctx.startsBlocked) return null;
  const wait = imageGate(ctx, m.index);
  if (wait !== null) return wait;
  recordRestart(own(ctx, m.index), finishedAt);
  start(ctx, m);
  return null;
}

/** Marks an exited container as one the kubelet will start again. */
function markRestart(ctx: StepContext, i: number): void {
  if (!ctx.s.containers[i]!.restartPending) own(ctx, i).restartPending = true;
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** Decides the starts of one step; returns the next time something is due (back-off end). */
export function syncStarts(ctx: StepContext): number | null {
  const s = ctx.s;
  const model = s.model;
  let wake: number | null = null;
  killChangedContainers(ctx);

  if (!s.initDone) {
    let walked = true;
    for (let i = 0; i < model.initCount; i++) {
      const m = model.containers[i]!;
      const c = s.containers[i]!;
      if (m.kind === 'init') {
        if (c.phase === 'exited' && c.current?.exitCode === 0) continue;
        walked = false;
        if (c.phase === 'waiting') {
          wake = earliest(wake, firstStart(ctx, m));
        } else if (c.phase === 'exited') {
          if (model.restartPolicy === 'Never') {
            // Init failure under Never: computeInitContainerActions sets KillPod; SyncPod's
            // killPodWithSyncResult (no override) gives the pod's grace period. Failed (getPhase).
            beginPodKill(ctx, 'InitFailed', model.terminationGracePeriodSeconds, false);
            return null;
          }
          markRestart(ctx, i);
          wake = earliest(wake, restart(ctx, m));
        }
        break;
      }
      // Sidecar.
      if (isStarted(c)) {
        if (!c.everStarted) own(ctx, i).everStarted = true;
        continue;
      }
      if (c.phase === 'waiting') {
        // R4 (SyncPod): a sidecar that cannot start is skipped and the sync goes on, but one
        // that never started still holds back the next init container (below).
        wake = earliest(wake, firstStart(ctx, m));
      } else if (c.phase === 'exited') {
        markRestart(ctx, i);
        wake = earliest(wake, restart(ctx, m));
      }
      if (s.containers[i]!.everStarted) continue;
      walked = false;
      break;
    }
    if (!walked) return wake;
    s.initDone = true;
  }

  // computePodActions: once initialized, count the regular containers kept or to be started.
  // None: KillPod, and no sidecar is (re)started "to prevent the restartable init containers to
  // keep pod alive".
  let active = 0;
  for (let i = model.initCount; i < model.containers.length; i++) {
    const c = s.containers[i]!;
    if (!keptOrToStart(ctx, model.containers[i]!, c, false)) continue;
    if (c.phase === 'exited') markRestart(ctx, i);
    active++;
  }
  if (active === 0) {
    // SyncPod: KillPod → killPodWithSyncResult with no grace override; killContainer's reason is
    // unknown, so setTerminationGracePeriod gives the pod's grace period.
    beginPodKill(ctx, POD_COMPLETED, model.terminationGracePeriodSeconds, false);
    return null;
  }

  // Sidecars after initialization: always restarted (SyncPod starts init containers first).
  for (let i = 0; i < model.initCount; i++) {
    const m = model.containers[i]!;
    const c = s.containers[i]!;
    if (m.kind === 'sidecar' && c.phase === 'exited') {
      markRestart(ctx, i);
      wake = earliest(wake, restart(ctx, m));
    }
  }

  // Regular containers, in order.
  for (let i = model.initCount; i < model.containers.length; i++) {
    const m = model.containers[i]!;
    const c = s.containers[i]!;
    if (c.phase === 'waiting') {
      wake = earliest(wake, firstStart(ctx, m));
    } else if (c.phase === 'exited' && c.restartPending) {
      wake = earliest(wake, restart(ctx, m));
    }
  }
  return wake;
}
