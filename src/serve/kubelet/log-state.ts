/**
 * Which log a `GET pods/NAME/log` may read, from the container's status, and the kubelet's error
 * when there is none: pkg/kubelet/kubelet_pods.go validateContainerLogStatus. The checks run in
 * its order: previous, running, terminated, last termination, waiting.
 */
import { isRecord } from '../../manifest/objects.js';
import type { KubeObject } from '../store/types.js';
import { badRequest } from './api-errors.js';

/** The container's status in the stored pod (regular, init or ephemeral), if any. */
export function containerStatusOf(
  pod: KubeObject,
  container: string,
): Record<string, unknown> | undefined {
  const status = isRecord(pod['status']) ? pod['status'] : {};
  for (const list of ['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']) {
    const items = status[list];
    if (!Array.isArray(items)) continue;
    for (const s of items) if (isRecord(s) && s['name'] === container) return s;
  }
  return undefined;
}

function stateOf(v: unknown, key: string): Record<string, unknown> | undefined {
  const st = isRecord(v) ? v[key] : undefined;
  return isRecord(st) ? st : undefined;
}

/**
 * Checks that the container has the log asked for.
 * @param idle the waiting reason of a container the kubelet has not reported yet (a pod just
 *   created): `PodInitializing`, or `ContainerCreating` for a pod without init containers, as
 *   the kubelet's first status shows
 * @throws ApiError BadRequest worded as the kubelet words it
 */
export function checkLogState(
  status: Record<string, unknown> | undefined,
  container: string,
  pod: string,
  previous: boolean,
  idle: string,
): void {
  const c = JSON.stringify(container);
  const p = JSON.stringify(pod);
  if (status === undefined) {
    if (previous) throw badRequest(`previous terminated container ${c} in pod ${p} not found`);
    throw badRequest(`container ${c} in pod ${p} is waiting to start: ${idle}`);
  }
  const lastTerminated = stateOf(status['lastState'], 'terminated');
  if (previous) {
    if (lastTerminated === undefined)
      throw badRequest(`previous terminated container ${c} in pod ${p} not found`);
    return;
  }
  if (stateOf(status['state'], 'running') !== undefined) return;
  if (stateOf(status['state'], 'terminated') !== undefined) return;
  if (lastTerminated !== undefined) return;
  const waiting = stateOf(status['state'], 'waiting');
  if (waiting !== undefined) {
    const reason = typeof waiting['reason'] === 'string' ? waiting['reason'] : '';
    // the kubelet's words for the two image errors (images.ErrImagePull, ErrImagePullBackOff)
    if (reason === 'ErrImagePull')
      throw badRequest(`container ${c} in pod ${p} is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff')
      throw badRequest(
        `container ${c} in pod ${p} is waiting to start: trying and failing to pull image`,
      );
    throw badRequest(`container ${c} in pod ${p} is waiting to start: ${reason}`);
  }
  throw badRequest(`container ${c} in pod ${p} is waiting to start - no logs yet`);
}
