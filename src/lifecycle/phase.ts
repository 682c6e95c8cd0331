/**
 * The pod phase from container statuses: kubernetes/kubernetes pkg/kubelet/kubelet_pods.go getPhase
 * (read at about v1.30), with the 1.32 change of #126653 (VersionInfo.getPhaseSplitPending):
 * pending regular init containers always mean Pending; the "a regular container has started"
 * exemption only covers pending sidecars.
 *
 * Sidecar exit codes never decide the phase: terminated sidecars, and waiting ones with a last
 * termination, are not counted at all.
 */
import type { PodPhase } from './events.js';
import type { ContainerView } from './container-status.js';
import type { RestartPolicy } from './pod-model.js';
import type { VersionInfo } from '../model/versions.js';

/**
 * kubecontainer.HasAnyRegularContainerStarted: a regular container is Running or Terminated.
 */
export function hasAnyRegularContainerStarted(views: readonly ContainerView[]): boolean {
  // The kubelet asks this of the runtime's statuses (generateAPIPodStatus), where a container
  // that was never created has none: the ContainerStatusUnknown that TerminatePod writes into
  // the API status for it does not make it "started" (a pod deleted during init stays
  // Initialized=False).
  return views.some(
    (v) =>
      v.model.kind === 'regular' &&
      v.everRan &&
      (v.state === 'running' || v.state === 'terminated'),
  );
}

/**
 * getPhase.
 * @param podIsTerminal the pod is being deleted or was killed for good: containers will not be
 *   restarted whatever the restart policy
 */
export function getPhase(
  views: readonly ContainerView[],
  restartPolicy: RestartPolicy,
  version: Pick<VersionInfo, 'getPhaseSplitPending'>,
  podIsTerminal: boolean,
): PodPhase {
  let pendingRegularInit = 0;
  let pendingSidecar = 0;
  let failedInit = 0;
  // Every container always has a status here (the engine knows them all), so none is unknown.
  const unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const v of views) {
    switch (v.model.kind) {
      case 'init':
        if (v.state === 'running') pendingRegularInit++;
        else if (v.state === 'terminated') {
          if (v.exitCode !== 0) failedInit++;
        } else if (v.lastExitCode !== null) {
          if (v.lastExitCode !== 0) failedInit++;
        } else pendingRegularInit++;
        break;
      case 'sidecar':
        if (v.state === 'running') {
          if (!v.started) pendingSidecar++;
          running++;
        } else if (v.state === 'waiting' && v.lastExitCode === null) {
          pendingSidecar++;
          waiting++;
        }
        break;
      case 'regular':
        if (v.state === 'running') running++;
        else if (v.state === 'terminated') {
          stopped++;
          if (v.exitCode === 0) succeeded++;
        } else if (v.lastExitCode !== null) stopped++;
        else waiting++;
        break;
    }
  }
  if (failedInit > 0 && restartPolicy === 'Never') return 'Failed';
  const started = hasAnyRegularContainerStarted(views);
  const pendingInit = version.getPhaseSplitPending
    ? pendingRegularInit > 0 || (pendingSidecar > 0 && !started)
    : pendingRegularInit + pendingSidecar > 0 && !started;
  if (pendingInit || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
