/**
 * Pod updates of `spec.initContainers[*].image` / `spec.containers[*].image` (the only container
 * fields a pod update may change; reference/k8s-sidecar-semantics.md b.7), as the kubelet reacts to
 * them through the container spec hash (kubernetes/kubernetes pkg/kubelet/kuberuntime
 * kuberuntime_manager.go computePodActions `containerChanged`, kuberuntime_container.go
 * computeInitContainerActions):
 *
 * - a running regular container whose image changed is killed ("Container X definition changed")
 *   and started again, whatever the pod restartPolicy (e2e A1, A3, A4); one not created yet simply
 *   starts with the new image later (A2); an exited one is restarted only if the policy says so;
 * - a completed regular init container is never run again, and its status keeps the old image
 *   (C1-C3); a running regular init container is left to finish;
 * - a started sidecar whose image changed is killed and restarted ("Init container X definition
 *   changed", #126525) on versions with VersionInfo.sidecarRestartOnSpecChange (D2, D4, E2, E5);
 *   before, it keeps running the old image. A sidecar not yet started is not: the startup-probe
 *   check comes first in computeInitContainerActions;
 * - the crash-loop back-off key includes the spec hash (kuberuntime_utils.go getStableKey), so
 *   a changed container starts with a fresh back-off;
 * - nothing is restarted once the pod is being killed (A5, C3, F2): syncStarts is not run then.
 */
import { isStarted } from './container-status.js';
import { emit, own, type StepContext } from './context.js';
import { beginContainerKill } from './termination.js';

/** The kill reason of a container restarted for a changed spec (ContainerKilling.reason). */
export const SPEC_CHANGED = 'SpecChanged';

/** Applies a SetImage observation (a pod update) to container `i`. */
export function applySetImage(ctx: StepContext, i: number, image: string): void {
  const s = ctx.s;
  if (s.containers[i]!.specImage === image) return;
  const c = own(ctx, i);
  c.specImage = image;
  emit(ctx, { type: 'ImageChanged', container: s.model.containers[i]!.name, image });
  // getStableKey includes the spec hash: the new spec has no back-off entry yet.
  c.backoffDelay = 0;
  if (c.phase === 'exited' && c.restartAt !== null && c.restartAt > s.now) c.restartAt = null;
}

/** Kills the running containers whose spec image changed and that the kubelet restarts for it. */
export function killChangedContainers(ctx: StepContext): void {
  const s = ctx.s;
  for (let i = 0; i < s.containers.length; i++) {
    const c = s.containers[i]!;
    if (c.phase !== 'running' || c.stop !== null || c.image === null || c.image === c.specImage)
      continue;
    const kind = s.model.containers[i]!.kind;
    const restart =
      kind === 'regular' ||
      (kind === 'sidecar' && s.version.sidecarRestartOnSpecChange && isStarted(c));
    // ContainersToKill with no kill reason: setTerminationGracePeriod gives the pod's grace period.
    if (restart) beginContainerKill(ctx, i, SPEC_CHANGED, s.model.terminationGracePeriodSeconds);
  }
}
