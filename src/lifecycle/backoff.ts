/**
 * Crash-loop back-off, as the kubelet does it (kubernetes/kubernetes pkg/kubelet/kuberuntime
 * kuberuntime_container.go doBackOff, on client-go util/flowcontrol Backoff; constants in
 * pkg/kubelet/kubelet.go: backOffPeriod 10 s, MaxContainerBackOff 300 s).
 *
 * doBackOff asks `IsInBackOffSince(key, finishedAt)`: with no entry the container restarts at
 * once; otherwise it waits until finishedAt + the entry's delay. When it does restart, `Next`
 * creates the entry at 10 s or doubles it up to 300 s. An entry whose last update is more than
 * 2 x 300 s old has expired (hasExpired, and the kubelet's periodic GC removes it): this is the
 * documented "reset after 10 minutes of running".
 */
import type { ContainerRuntime } from './state.js';

export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
const EXPIRY_MS = 2 * BACKOFF_MAX_MS;

function expired(c: ContainerRuntime, finishedAt: number): boolean {
  return c.backoffDelay === 0 || finishedAt - c.backoffLast > EXPIRY_MS;
}

/**
 * When the exited container may start again: `finishedAt` when it is not in back-off, else the
 * end of the back-off window.
 */
export function restartNotBefore(c: ContainerRuntime, finishedAt: number): number {
  if (expired(c, finishedAt)) return finishedAt;
  return finishedAt + c.backoffDelay;
}

/** Records a restart (flowcontrol.Backoff.Next with the finish time of the instance before). */
export function recordRestart(c: ContainerRuntime, finishedAt: number): void {
  c.backoffDelay = expired(c, finishedAt)
    ? BACKOFF_INITIAL_MS
    : Math.min(2 * c.backoffDelay, BACKOFF_MAX_MS);
  c.backoffLast = finishedAt;
}
