/**
 * Images that cannot be pulled, as the kubelet handles them (kubernetes/kubernetes
 * pkg/kubelet/images/image_manager.go EnsureImageExists; pkg/kubelet/kubelet.go NewMainKubelet
 * `imageBackOff := flowcontrol.NewBackOff(backOffPeriod, MaxContainerBackOff)`: 10 s doubling to
 * 300 s; pkg/kubelet/pod_workers.go completeWork).
 *
 * - A failed pull creates no container: the start does not count as a restart and the container
 *   never counts as started. Its status is Waiting `ErrImagePull`, and the image gets a back-off
 *   entry keyed by pod and image (`podUID_image`, so containers with the same image share it):
 *   `backOff.Next` gives 10 s, then doubles up to 300 s; an entry older than 2 x 300 s has expired.
 * - The failed sync is retried by the pod worker after backOffPeriod (10 s; its 0.5 jitter is left
 *   out). A sync that finds the image in back-off (`IsInBackOffSinceUpdate`: less than the delay
 *   since the last failed pull) does not pull: the status turns Waiting `ImagePullBackOff`
 *   (ErrImagePullBackOff, "Back-off pulling image"). The first sync after the back-off pulls again.
 *   Pulls within one sync are sequential, so of several containers with the same failing image
 *   started together, only the first pulls; the others find the image in back-off.
 * - Nothing else changes: a regular init container or a sidecar that never started keeps the next
 *   init containers from starting, so the pod stays Pending (e2e B6, D5, D14); under
 *   restartPolicy Never this is no failure (only an exited init container fails the pod).
 */
import { BACKOFF_INITIAL_MS, BACKOFF_MAX_MS } from './backoff.js';
import { emit, own, seconds, type StepContext } from './context.js';

/** pod_workers.go: a failed sync is requeued after the kubelet's backOffPeriod (jitter left out). */
export const POD_WORKER_BACKOFF_MS = 10_000;
const EXPIRY_MS = 2 * BACKOFF_MAX_MS;

/** Applies an ImagePullFailed observation to container `i` (its current instance was never created). */
export function recordPullFailure(ctx: StepContext, i: number): void {
  const s = ctx.s;
  if (s.containers[i]!.phase !== 'starting') return;
  const c = own(ctx, i);
  const image = c.image ?? c.specImage;
  const old = s.imageBackoff[image];
  // SyncPod pulls one container after the other: a container asked to start in the same sync as
  // one whose pull of this image just failed finds the image in back-off and does not pull.
  const inBackoff = old !== undefined && s.now - old.last < old.delay;
  let delay = old?.delay ?? 0;
  if (!inBackoff) {
    // flowcontrol.Backoff.Next: a new or expired entry starts at the initial delay, else doubles.
    delay =
      old === undefined || s.now - old.last > EXPIRY_MS
        ? BACKOFF_INITIAL_MS
        : Math.min(2 * old.delay, BACKOFF_MAX_MS);
    s.imageBackoff = { ...s.imageBackoff, [image]: { delay, last: s.now } };
  }
  const reason = inBackoff ? 'ImagePullBackOff' : 'ErrImagePull';
  const retryAt = (inBackoff ? old.last : s.now) + delay;
  c.skipped++;
  c.pullError = reason;
  c.pullFailedAt = s.now;
  c.postStart = 'none';
  if (c.current !== null) {
    // A restart that could not pull: back to "exited, to be restarted"; the crash-loop back-off
    // was already charged for this attempt (doBackOff runs before startContainer).
    c.phase = 'exited';
    c.restartPending = true;
    c.restartAt = s.now;
  } else c.phase = 'waiting';
  emit(ctx, {
    type: 'ImagePullFailed',
    container: s.model.containers[i]!.name,
    image,
    reason,
    retryAfterSeconds: seconds(retryAt - s.now),
  });
}

/**
 * Whether container `i` may be started now as far as its image goes: null when it may (no
 * back-off for its image, so the driver pulls it), else the time to look again. A sync that finds
 * the image in back-off turns the status to ImagePullBackOff.
 */
export function imageGate(ctx: StepContext, i: number): number | null {
  const s = ctx.s;
  const c = s.containers[i]!;
  const b = s.imageBackoff[c.specImage];
  if (b === undefined || s.now - b.last >= b.delay) return null;
  const retry = b.last + b.delay;
  if (c.pullError === 'ImagePullBackOff') return retry;
  // The pod worker's retry of the failed sync; another container's failure: this sync.
  const resync = c.pullFailedAt === null ? s.now : c.pullFailedAt + POD_WORKER_BACKOFF_MS;
  if (s.now < resync) return Math.min(resync, retry);
  own(ctx, i).pullError = 'ImagePullBackOff';
  emit(ctx, {
    type: 'ImagePullFailed',
    container: s.model.containers[i]!.name,
    image: c.specImage,
    reason: 'ImagePullBackOff',
    retryAfterSeconds: seconds(retry - s.now),
  });
  return retry;
}
